#include "catapult/ShardingSettings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "catapult/WorkerVariables.h"

namespace catapult {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    return s;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool truthy(const std::string& value) {
    const std::string v = lower(trimmed(value));
    return v == "1" || v == "true" || v == "yes" || v == "on";
}

const std::string* find(const std::map<std::string, std::string>& env, const char* name) {
    auto it = env.find(name);
    return it == env.end() || trimmed(it->second).empty() ? nullptr : &it->second;
}

Result<OffloadDevice> parseDevice(const std::map<std::string, std::string>& env, const char* name) {
    const std::string* v = find(env, name);
    if (!v) return OffloadDevice::None;
    if (const auto d = offloadDeviceFromString(*v)) return *d;
    return Status::error(std::string(name) + "='" + *v + "' is not one of none, cpu, nvme.");
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = text.find(',', start);
        const std::string item = trimmed(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

Status readDeepSpeed(const std::map<std::string, std::string>& env, ShardingSettings& s) {
    using namespace vars;
    s.zeroStage = 2;  // DeepSpeed's plugin default
    if (const std::string* v = find(env, kDeepSpeedZeroStage)) {
        const std::string t = trimmed(*v);
        int stage = -1;
        auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), stage);
        if (ec != std::errc() || ptr != t.data() + t.size() || stage < 0 || stage > 3)
            return Status::error(std::string(kDeepSpeedZeroStage) + "='" + *v + "' is not a ZeRO stage 0, 1, 2 or 3.");
        s.zeroStage = stage;
    }
    auto optimizer = parseDevice(env, kDeepSpeedOffloadOptimizerDevice);
    if (!optimizer.ok()) return optimizer.status();
    auto params = parseDevice(env, kDeepSpeedOffloadParamDevice);
    if (!params.ok()) return params.status();
    s.offloadOptimizer = optimizer.value();
    s.offloadParams = params.value();
    if (const std::string* v = find(env, kDeepSpeedOffloadOptimizerNvmePath)) s.optimizerNvmePath = *v;
    if (const std::string* v = find(env, kDeepSpeedOffloadParamNvmePath)) s.paramNvmePath = *v;
    if (const std::string* v = find(env, kGradientClipping); v && lower(trimmed(*v)) != "auto") {
        char* end = nullptr;
        const double clip = std::strtod(v->c_str(), &end);
        if (end == v->c_str() || trimmed(end).size() || !(clip >= 0))
            return Status::error(std::string(kGradientClipping) + "='" + *v + "' is not a non-negative number or auto.");
        s.gradientClipping = clip;
    }
    if (find(env, kDeepSpeedConfigFile))
        return Status::error(std::string(kDeepSpeedConfigFile) + ": the engine does not read DeepSpeed JSON files in the "
                             "worker; `catapult launch` reads deepspeed_config_file and passes its zero_optimization "
                             "settings. Launch through catapult launch, or set zero_stage and the offload devices in "
                             "the config's deepspeed_config.");
    if (s.offloadOptimizer != OffloadDevice::None && s.zeroStage == 0)
        return Status::error("offload_optimizer_device " + std::string(toString(s.offloadOptimizer)) +
                             " needs ZeRO stage 1, 2 or 3 (" + kDeepSpeedZeroStage + " is 0).");
    if (s.offloadParams != OffloadDevice::None && s.zeroStage != 3)
        return Status::error("offload_param_device " + std::string(toString(s.offloadParams)) +
                             " needs ZeRO stage 3 (" + kDeepSpeedZeroStage + " is " + std::to_string(s.zeroStage) +
                             "): only stage 3 shards the parameters.");
    s.source = "DeepSpeed ZeRO stage " + std::to_string(s.zeroStage);
    return Status::success();
}

Status readFsdp(const std::map<std::string, std::string>& env, int worldSize, int localWorldSize, ShardingSettings& s) {
    using namespace vars;
    int version = 1;
    if (const std::string* v = find(env, kFsdpVersion)) {
        const std::string t = trimmed(*v);
        if (t != "1" && t != "2") return Status::error(std::string(kFsdpVersion) + "='" + *v + "' is not 1 or 2.");
        version = t == "2" ? 2 : 1;
    }
    if (version == 2) {
        s.zeroStage = 3;
        if (const std::string* v = find(env, kFsdpReshardAfterForward)) s.reshardAfterForward = truthy(*v);
        s.source = std::string("FSDP2 (reshard_after_forward ") + (s.reshardAfterForward ? "true" : "false") + ")";
    } else {
        std::string strategy = "FULL_SHARD";
        if (const std::string* v = find(env, kFsdpShardingStrategy)) strategy = fsdpStrategyName(trimmed(*v));
        const bool hybrid = strategy.rfind("HYBRID_SHARD", 0) == 0;
        if (const auto stage = fsdpStrategyStage(strategy)) s.zeroStage = *stage;
        else
            return Status::error(std::string(kFsdpShardingStrategy) + "='" + strategy +
                                 "' is not one of FULL_SHARD, SHARD_GRAD_OP, NO_SHARD, HYBRID_SHARD, HYBRID_SHARD_ZERO2.");
        if (hybrid && worldSize != localWorldSize)
            return Status::error(std::string(kFsdpShardingStrategy) + "=" + strategy +
                                 " shards within each machine and replicates across machines; the engine shards over "
                                 "all processes only. Use FULL_SHARD (or SHARD_GRAD_OP for " + strategy +
                                 "'s gradient-only sharding) across machines.");
        if (hybrid)
            s.notes.push_back(strategy + " on one machine is " + (s.zeroStage == 3 ? "FULL_SHARD" : "SHARD_GRAD_OP") +
                              ": the hybrid group is every process.");
        s.source = "FSDP " + strategy;
    }
    if (const std::string* v = find(env, kFsdpOffloadParams); v && truthy(*v)) {
        if (s.zeroStage == 0)
            return Status::error(std::string(kFsdpOffloadParams) +
                                 "=true with NO_SHARD: there are no shards to offload; use FULL_SHARD or SHARD_GRAD_OP.");
        s.offloadOptimizer = OffloadDevice::Cpu;
        if (s.zeroStage == 3) s.offloadParams = OffloadDevice::Cpu;
    }
    if (const std::string* v = find(env, kFsdpTransformerClsToWrap)) s.unitClasses = splitList(*v);
    if (const std::string* v = find(env, kFsdpAutoWrapPolicy); v && upper(trimmed(*v)) == "NO_WRAP")
        s.unitClasses = {"<none>"};
    if (const std::string* v = find(env, kFsdpActivationCheckpointing); v && truthy(*v)) s.activationCheckpointing = true;
    return Status::success();
}

using Env = std::map<std::string, std::string>;

void writeDeepSpeed(const ShardingSettings& s, Env& env) {
    using namespace vars;
    const ShardingSettings defaults;
    env[kUseDeepSpeed] = "true";
    env[kDeepSpeedZeroStage] = std::to_string(s.zeroStage);
    if (s.offloadOptimizer != OffloadDevice::None) env[kDeepSpeedOffloadOptimizerDevice] = toString(s.offloadOptimizer);
    if (s.offloadParams != OffloadDevice::None) env[kDeepSpeedOffloadParamDevice] = toString(s.offloadParams);
    if (s.optimizerNvmePath != defaults.optimizerNvmePath) env[kDeepSpeedOffloadOptimizerNvmePath] = s.optimizerNvmePath;
    if (s.paramNvmePath != defaults.paramNvmePath) env[kDeepSpeedOffloadParamNvmePath] = s.paramNvmePath;
    if (s.gradientClipping) {
        char text[64];
        const auto end = std::to_chars(text, text + sizeof text, *s.gradientClipping).ptr;  // shortest exact form
        env[kGradientClipping] = std::string(text, end);
    }
}

// version 1 or 2; `strategy` is FSDP1's (the source after "FSDP ").
void writeFsdp(const ShardingSettings& s, int version, const std::string& strategy, Env& env) {
    using namespace vars;
    env[kUseFsdp] = "true";
    env[kFsdpVersion] = std::to_string(version);
    if (version == 2) env[kFsdpReshardAfterForward] = s.reshardAfterForward ? "true" : "false";
    else env[kFsdpShardingStrategy] = strategy;
    if (s.offloadOptimizer == OffloadDevice::Cpu) env[kFsdpOffloadParams] = "true";
    if (s.unitClasses == std::vector<std::string>{"<none>"}) {
        env[kFsdpAutoWrapPolicy] = "NO_WRAP";
    } else if (!s.unitClasses.empty()) {
        std::string list;
        for (const std::string& c : s.unitClasses) list += (list.empty() ? "" : ",") + c;
        env[kFsdpTransformerClsToWrap] = list;
    }
    if (s.activationCheckpointing) env[kFsdpActivationCheckpointing] = "true";
}

}  // namespace

std::string fsdpStrategyName(const std::string& strategy) {
    static const char* const kByNumber[] = {"FULL_SHARD", "SHARD_GRAD_OP", "NO_SHARD", "HYBRID_SHARD", "HYBRID_SHARD_ZERO2"};
    if (strategy.size() == 1 && strategy[0] >= '1' && strategy[0] <= '5') return kByNumber[strategy[0] - '1'];
    return upper(strategy);
}

std::optional<int> fsdpStrategyStage(const std::string& strategy) {
    const std::string name = fsdpStrategyName(strategy);
    if (name == "FULL_SHARD" || name == "HYBRID_SHARD") return 3;
    if (name == "SHARD_GRAD_OP" || name == "HYBRID_SHARD_ZERO2") return 2;
    if (name == "NO_SHARD") return 0;
    return std::nullopt;
}


Result<ShardingSettings> ShardingSettings::fromEnvironment(const std::map<std::string, std::string>& env, int worldSize,
                                                           int localWorldSize) {
    ShardingSettings s;
    using namespace vars;
    const std::string* ds = find(env, kUseDeepSpeed);
    const std::string* fsdp = find(env, kUseFsdp);
    const bool useDs = ds && truthy(*ds);
    const bool useFsdp = fsdp && truthy(*fsdp);
    if (useDs && useFsdp)
        return Status::error(std::string(kUseDeepSpeed) + " and " + kUseFsdp + " are both true; choose one.");
    if (const std::string* v = find(env, kOffloadBlockElements)) {
        const std::string t = trimmed(*v);
        long long n = 0;
        auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (ec != std::errc() || ptr != t.data() + t.size() || n < 1024 || n % 1024 != 0)
            return Status::error(std::string(kOffloadBlockElements) + "='" + *v + "' is not a positive multiple of 1024.");
        s.diskBlockElements = n;
    }
    Status st = useDs ? readDeepSpeed(env, s) : useFsdp ? readFsdp(env, worldSize, localWorldSize, s) : Status::success();
    if (!st.ok()) return st;
    return s;
}

std::map<std::string, std::string> ShardingSettings::toEnvironment() const {
    Env env;
    if (diskBlockElements != ShardingSettings().diskBlockElements)
        env[vars::kOffloadBlockElements] = std::to_string(diskBlockElements);
    if (source.rfind("FSDP2", 0) == 0) writeFsdp(*this, 2, {}, env);
    else if (source.rfind("FSDP ", 0) == 0) writeFsdp(*this, 1, source.substr(5), env);
    else if (source.rfind("DeepSpeed", 0) == 0 || zeroStage > 0) writeDeepSpeed(*this, env);
    return env;
}

std::string ShardingSettings::describe() const {
    std::string out = zeroStage == 0 ? "data parallel" : "ZeRO stage " + std::to_string(zeroStage);
    if (!source.empty()) out += " (" + source + ")";
    if (zeroStage == 3 && !reshardAfterForward) out += ", parameters kept gathered from forward to backward";
    if (offloadOptimizer != OffloadDevice::None) out += std::string(", optimizer offload ") + toString(offloadOptimizer);
    if (offloadParams != OffloadDevice::None) out += std::string(", parameter offload ") + toString(offloadParams);
    return out;
}

}  // namespace catapult
