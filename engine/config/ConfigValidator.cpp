#include "catapult/ConfigValidator.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "catapult/ConfigSchema.h"
#include "catapult/MixedPrecision.h"

namespace catapult {
namespace {

using Sev = ConfigIssue::Severity;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

bool typeMatches(ValueType type, const ConfigValue& v) {
    auto listOf = [&](ConfigValue::Kind kind) {
        return v.isList() && std::all_of(v.items().begin(), v.items().end(), [&](const ConfigValue& i) { return i.kind() == kind; });
    };
    switch (type) {
    case ValueType::Bool: return v.isBool();
    case ValueType::Int: return v.isInt();
    case ValueType::Float: return v.isNumber();
    case ValueType::String: return v.isString();
    case ValueType::BoolOrString: return v.isBool() || v.isString();
    case ValueType::IntOrString: return v.isInt() || v.isString();
    case ValueType::StringList: return listOf(ConfigValue::Kind::String);
    case ValueType::BoolList: return listOf(ConfigValue::Kind::Bool);
    case ValueType::Section: return false;
    }
    return false;
}

const char* expectedText(ValueType type) {
    switch (type) {
    case ValueType::Bool: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "true or false");
    case ValueType::Int: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a whole number");
    case ValueType::Float: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a number");
    case ValueType::String: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a string");
    case ValueType::BoolOrString: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "true, false or a string");
    case ValueType::IntOrString: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a whole number or a string");
    case ValueType::StringList: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a list of strings");
    case ValueType::BoolList: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a list of true/false values");
    case ValueType::Section: return CATAPULT_TRANSLATE_NOOP("ConfigIssue", "a mapping");
    }
    return "";
}

void checkValue(const KeySpec& spec, const std::string& name, const ConfigValue& v, std::vector<ConfigIssue>& out) {
    if (!typeMatches(spec.type, v)) {
        out.push_back({Sev::Error, name, CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 must be %2, not %3 (%4)."),
                       {name, expectedText(spec.type), v.toDisplay(), v.kindName()}});
        return;
    }
    if (spec.choices.empty()) return;
    const std::string text = v.toDisplay();
    const bool ok = std::any_of(spec.choices.begin(), spec.choices.end(), [&](const std::string& c) {
        return spec.caseInsensitive ? lower(c) == lower(text) : c == text;
    });
    if (!ok && !(spec.type == ValueType::IntOrString && v.isInt())) {
        out.push_back({Sev::Error, name, CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 is '%2'; allowed values: %3."),
                       {name, text, joined(spec.choices)}});
    }
}

std::vector<int> parseGpuIds(const std::string& text, bool& ok) {
    std::vector<int> ids;
    ok = true;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
        part.erase(std::remove_if(part.begin(), part.end(), ::isspace), part.end());
        if (part.empty() || !std::all_of(part.begin(), part.end(), ::isdigit)) {
            ok = false;
            return {};
        }
        ids.push_back(std::stoi(part));
    }
    ok = !ids.empty();
    return ids;
}

bool isGpuType(const std::string& dt) {
    return dt == "MULTI_GPU" || dt == "FSDP" || dt == "DEEPSPEED" || dt == "MEGATRON_LM";
}

// The job runs on CPUs: asked to, or a machine whose facts say it has no GPU.
bool runsOnCpu(const ClusterConfig& c, const HardwareFacts& hw) {
    return c.useCpu() || c.distributedType() == "MULTI_CPU" || (hw.known && hw.gpuCount() == 0);
}

// The first GPU whose compute capability (major * 10 + minor) is below `minimum`, or -1.
int firstGpuBelow(const HardwareFacts& hw, int minimum) {
    for (int i = 0; i < hw.gpuCount(); ++i) {
        const int cc = i < static_cast<int>(hw.computeCapabilities.size()) ? hw.computeCapabilities[i] : 0;
        if (cc < minimum) return i;
    }
    return -1;
}

// GPU i's index, name and compute capability as "%1 (%2) has %3.%4".
std::vector<std::string> gpuCapabilityArgs(const HardwareFacts& hw, int i) {
    const int cc = i < static_cast<int>(hw.computeCapabilities.size()) ? hw.computeCapabilities[i] : 0;
    return {std::to_string(i), hw.gpuNames[i], std::to_string(cc / 10), std::to_string(cc % 10)};
}

// mixed_precision against the devices: fp8 and bf16 need recent GPUs, fp16 is no use on CPU.
void checkPrecisionSupport(const ClusterConfig& c, const HardwareFacts& hw, bool onCpu, std::vector<ConfigIssue>& out) {
    const std::string mp = c.mixedPrecision();
    if (mp == "fp8") {
        if (onCpu) {
            out.push_back({Sev::Warning, "mixed_precision",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "fp8 on CPU is emulated (exact FP8 rounding, fp32 arithmetic) and "
                                                         "slow; use it to test numerics, not for speed."),
                           {}});
        } else if (const int i = hw.known ? firstGpuBelow(hw, minimumComputeCapability(MixedPrecision::Fp8)) : -1; i >= 0) {
            out.push_back({Sev::Error, "mixed_precision",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "fp8 needs FP8 tensor cores (compute capability 8.9 or "
                                                         "newer: Ada, Hopper); GPU %1 (%2) has %3.%4. Choose bf16."),
                           gpuCapabilityArgs(hw, i)});
        }
    } else if (mp == "bf16" && !onCpu && hw.known) {
        if (const int i = firstGpuBelow(hw, minimumComputeCapability(MixedPrecision::Bf16)); i >= 0)
            out.push_back({Sev::Error, "mixed_precision",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "bf16 needs compute capability 8.0 or newer (Ampere); GPU %1 "
                                                         "(%2) has %3.%4. Choose fp16."),
                           gpuCapabilityArgs(hw, i)});
    } else if (mp == "fp16" && onCpu) {
        out.push_back({Sev::Warning, "mixed_precision",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "fp16 on CPU is slow and gains nothing; bf16 is the CPU's "
                                                     "half-precision format."),
                       {}});
    }
}

// gpu_ids (a list, not "all"): well-formed, each GPU present and named once, one per process.
void checkGpuIds(const ClusterConfig& c, const HardwareFacts& hw, const std::string& ids, std::vector<ConfigIssue>& out) {
    bool ok = false;
    const auto list = parseGpuIds(ids, ok);
    if (!ok) {
        out.push_back({Sev::Error, "gpu_ids",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "gpu_ids '%1' is not 'all' or a comma-separated list of GPU "
                                                     "indices such as 0,1."),
                       {ids}});
        return;
    }
    std::set<int> seen;
    for (int id : list) {
        if (id >= hw.gpuCount()) {
            out.push_back({Sev::Error, "gpu_ids",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "gpu_ids names GPU %1, but this machine has %2 GPU(s) "
                                                         "(indices 0 to %3)."),
                           {std::to_string(id), std::to_string(hw.gpuCount()), std::to_string(hw.gpuCount() - 1)}});
        }
        if (!seen.insert(id).second)
            out.push_back({Sev::Error, "gpu_ids", CATAPULT_TRANSLATE_NOOP("ConfigIssue", "gpu_ids names GPU %1 twice."),
                           {std::to_string(id)}});
    }
    const int machines = std::max(1, c.numMachines());
    if (auto n = c.numProcesses(); n && *n / machines > static_cast<int>(list.size())) {
        out.push_back({Sev::Error, "gpu_ids",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 processes per machine but gpu_ids lists only %2 GPU(s); "
                                                     "each process needs its own GPU."),
                       {std::to_string(*n / machines), std::to_string(list.size())}});
    }
}

// One machine, all its GPUs: no more processes than GPUs.
void checkProcessesFitGpus(const ClusterConfig& c, const HardwareFacts& hw, std::vector<ConfigIssue>& out) {
    if (auto n = c.numProcesses(); n && *n > hw.gpuCount()) {
        out.push_back({Sev::Error, "num_processes",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "num_processes is %1, but this machine has %2 GPU(s); each "
                                                     "process needs its own GPU."),
                       {std::to_string(*n), std::to_string(hw.gpuCount())}});
    }
}

void checkDevices(const ClusterConfig& c, const HardwareFacts& hw, std::vector<ConfigIssue>& out) {
    const bool onCpu = runsOnCpu(c, hw);
    checkPrecisionSupport(c, hw, onCpu, out);
    if (!hw.known) return;
    const std::string dt = c.distributedType();
    const bool gpuJob = isGpuType(dt) && !c.useCpu();
    if (gpuJob && hw.gpuCount() == 0) {
        out.push_back({Sev::Error, "distributed_type",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "distributed_type %1 needs GPUs, and this machine has none. Choose "
                                                     "MULTI_CPU, or NO with use_cpu."),
                       {dt}});
    }
    if (auto ids = c.gpuIds(); ids && lower(*ids) != "all" && !onCpu) checkGpuIds(c, hw, *ids, out);
    else if (gpuJob && hw.gpuCount() > 0 && c.numMachines() <= 1) checkProcessesFitGpus(c, hw, out);
}

void checkTopology(const ClusterConfig& c, std::vector<ConfigIssue>& out) {
    const std::string dt = c.distributedType();
    const auto n = c.numProcesses();
    const int machines = c.numMachines();
    if (dt.empty()) {
        out.push_back({Sev::Error, "distributed_type",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "distributed_type is required (NO, MULTI_CPU, MULTI_GPU, FSDP, "
                                                     "DEEPSPEED, ...)."),
                       {}});
    }
    if (dt != "NO" && !dt.empty() && !n) {
        out.push_back({Sev::Error, "num_processes",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "num_processes must be set for distributed_type %1 (the total "
                                                     "number of processes over all machines)."),
                       {dt}});
    }
    if (n && *n < 1)
        out.push_back({Sev::Error, "num_processes", CATAPULT_TRANSLATE_NOOP("ConfigIssue", "num_processes must be at least 1."), {}});
    if (machines < 1) {
        out.push_back({Sev::Error, "num_machines", CATAPULT_TRANSLATE_NOOP("ConfigIssue", "num_machines must be at least 1."), {}});
        return;
    }
    if (n && *n >= 1 && (*n < machines || *n % machines != 0)) {
        out.push_back({Sev::Error, "num_processes",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "num_processes (%1) is the total over all machines and must be a "
                                                     "multiple of num_machines (%2): every machine runs the same number "
                                                     "of processes."),
                       {std::to_string(*n), std::to_string(machines)}});
    }
    if (c.machineRank() < 0 || c.machineRank() >= machines) {
        out.push_back({Sev::Error, "machine_rank",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "machine_rank %1 is outside 0 to %2 (num_machines - 1)."),
                       {std::to_string(c.machineRank()), std::to_string(machines - 1)}});
    }
    if (machines > 1 && !c.mainProcessIp()) {
        out.push_back({Sev::Error, "main_process_ip",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "main_process_ip is required with %1 machines: the address of "
                                                     "machine 0 as the other machines reach it."),
                       {std::to_string(machines)}});
    }
    if (machines > 1 && dt == "NO") {
        out.push_back({Sev::Error, "distributed_type",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "distributed_type NO runs one process; several machines need "
                                                     "MULTI_CPU, MULTI_GPU, FSDP or DEEPSPEED."),
                       {}});
    }
    if (dt == "NO" && n && *n > 1) {
        out.push_back({Sev::Error, "num_processes",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "distributed_type NO runs one process, but num_processes is %1. "
                                                     "Choose MULTI_CPU or MULTI_GPU."),
                       {std::to_string(*n)}});
    }
    if (auto port = c.value("main_process_port"); port && port->isInt()) {
        const long long p = port->asInt();
        if (p < 0 || p > 65535) {
            out.push_back({Sev::Error, "main_process_port",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "main_process_port %1 is not a port (0 to 65535; 0 picks a free "
                                                         "one)."),
                           {std::to_string(p)}});
        } else if (p > 0 && p < 1024) {
            out.push_back({Sev::Warning, "main_process_port",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "main_process_port %1 is a privileged port; ordinary users "
                                                         "cannot listen on it. Use 1024 or above (29500 is usual)."),
                           {std::to_string(p)}});
        }
    }
}

void checkStrategies(const ClusterConfig& c, std::vector<ConfigIssue>& out) {
    const std::string dt = c.distributedType();
    if (dt == "DEEPSPEED") {
        const long long stage = c.sectionIntOr("deepspeed_config", "zero_stage", 2);
        for (const char* key : {"offload_optimizer_device", "offload_param_device"}) {
            const std::string device = c.sectionStringOr("deepspeed_config", key, "none");
            const std::string pathKey = key == std::string("offload_optimizer_device") ? "offload_optimizer_nvme_path"
                                                                                       : "offload_param_nvme_path";
            if (device == "nvme" && !c.sectionValue("deepspeed_config", pathKey)) {
                out.push_back({Sev::Error, "deepspeed_config." + pathKey,
                               CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 is nvme, so %2 must name a folder on a fast disk."),
                               {key, pathKey}});
            }
        }
        if (c.sectionStringOr("deepspeed_config", "offload_param_device", "none") != "none" && stage != 3) {
            out.push_back({Sev::Error, "deepspeed_config.offload_param_device",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "Parameter offload needs ZeRO stage 3 (zero_stage is %1)."),
                           {std::to_string(stage)}});
        }
        if (c.sectionValue("deepspeed_config", "zero3_save_16bit_model") && stage != 3) {
            out.push_back({Sev::Warning, "deepspeed_config.zero3_save_16bit_model",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "zero3_save_16bit_model only matters with ZeRO stage 3."), {}});
        }
    } else if (!c.section("deepspeed_config").empty()) {
        out.push_back({Sev::Warning, "deepspeed_config",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "deepspeed_config is ignored because distributed_type is %1, not "
                                                     "DEEPSPEED (only gradient_accumulation_steps is read)."),
                       {dt}});
    }
    if (dt == "FSDP") {
        const long long version = c.sectionIntOr("fsdp_config", "fsdp_version", 1);
        if (version == 1 && c.sectionBoolOr("fsdp_config", "fsdp_cpu_ram_efficient_loading", false) &&
            !c.sectionBoolOr("fsdp_config", "fsdp_sync_module_states", true)) {
            out.push_back({Sev::Error, "fsdp_config.fsdp_sync_module_states",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "fsdp_cpu_ram_efficient_loading needs fsdp_sync_module_states "
                                                         "true (Accelerate refuses the launch otherwise)."),
                           {}});
        }
        if (c.sectionStringOr("fsdp_config", "fsdp_auto_wrap_policy", "") == "TRANSFORMER_BASED_WRAP" &&
            !c.sectionValue("fsdp_config", "fsdp_transformer_layer_cls_to_wrap")) {
            out.push_back({Sev::Note, "fsdp_config.fsdp_transformer_layer_cls_to_wrap",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "No fsdp_transformer_layer_cls_to_wrap: the model's "
                                                         "_no_split_modules decide the units (the built-in recipe wraps "
                                                         "each transformer block)."),
                           {}});
        }
    }
    if (!c.section("fp8_config").empty() && c.mixedPrecision() != "fp8") {
        out.push_back({Sev::Warning, "fp8_config",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "fp8_config is ignored because mixed_precision is %1, not fp8."),
                       {c.mixedPrecision()}});
    }
    const auto& p = c.section("parallelism_config");
    if (!p.empty()) {
        long long product = 1;
        for (const char* key : {"parallelism_config_dp_replicate_size", "parallelism_config_dp_shard_size",
                                "parallelism_config_tp_size", "parallelism_config_cp_size", "parallelism_config_sp_size"})
            product *= c.sectionIntOr("parallelism_config", key, 1);
        if (auto n = c.numProcesses(); n && product != *n) {
            out.push_back({Sev::Error, "parallelism_config",
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "The parallelism sizes multiply to %1, but num_processes is %2; "
                                                         "they must be equal."),
                           {std::to_string(product), std::to_string(*n)}});
        }
    }
}

void checkEngineSupport(const ClusterConfig& c, std::vector<ConfigIssue>& out) {
    const std::string dt = c.distributedType();
    if (dt == "MEGATRON_LM" || dt == "XLA") {
        out.push_back({Sev::Note, "distributed_type",
                       CATAPULT_TRANSLATE_NOOP("ConfigIssue", "Catapult's engine does not implement %1 yet: the file is valid for "
                                                     "Accelerate, and the built-in recipe refuses it until the engine "
                                                     "supports it."),
                       {dt}});
    }
}

}  // namespace

std::vector<ConfigIssue> checkSchema(const ClusterConfig& c) {
    std::vector<ConfigIssue> out;
    for (const auto& [key, value] : c.values()) {
        const KeySpec* spec = findTopLevelKey(key);
        if (!spec) {
            out.push_back({Sev::Error, key,
                           CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 is not an Accelerate config key; Accelerate refuses a file "
                                                         "with it."),
                           {key}});
            continue;
        }
        checkValue(*spec, key, value, out);
    }
    for (const auto& [section, values] : c.sections()) {
        for (const auto& [key, value] : values) {
            const std::string name = section + "." + key;
            if (const KeySpec* spec = findSectionKey(section, key)) checkValue(*spec, name, value, out);
            else
                out.push_back({Sev::Warning, name,
                               CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1 is not a key Accelerate knows; it is kept, but check its "
                                                             "spelling."),
                               {name}});
        }
    }
    return out;
}

std::vector<ConfigIssue> validateConfig(const ClusterConfig& c, const HardwareFacts& hw, HardwareRole role) {
    std::vector<ConfigIssue> out = checkSchema(c);
    checkTopology(c, out);
    std::vector<ConfigIssue> devices;
    checkDevices(c, hw, devices);
    for (ConfigIssue& issue : devices) {
        if (role == HardwareRole::Reference && issue.severity == Sev::Error) issue.severity = Sev::Warning;
        out.push_back(std::move(issue));
    }
    checkStrategies(c, out);
    checkEngineSupport(c, out);
    std::stable_sort(out.begin(), out.end(),
                     [](const ConfigIssue& a, const ConfigIssue& b) { return a.severity < b.severity; });
    return out;
}

ClusterConfig defaultConfigFor(const HardwareFacts& hw, const std::string& mixedPrecision) {
    ClusterConfig c;
    c.setString("compute_environment", "LOCAL_MACHINE");
    c.setBool("debug", false);
    c.setBool("enable_cpu_affinity", false);
    c.setString("mixed_precision", lower(mixedPrecision.empty() ? "no" : mixedPrecision));
    const int gpus = hw.gpuCount();
    c.setString("distributed_type", gpus > 1 ? "MULTI_GPU" : "NO");
    c.setInt("num_processes", gpus > 1 ? gpus : 1);
    c.setBool("use_cpu", gpus == 0);
    return c;
}

}  // namespace catapult
