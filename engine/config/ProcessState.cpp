#include "catapult/ProcessState.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <cstdlib>

#include "catapult/WorkerVariables.h"

extern char** environ;

namespace catapult {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool parseInt(const std::string& text, long long& out) {
    const char* first = text.data();
    const char* last = text.data() + text.size();
    while (first < last && std::isspace(static_cast<unsigned char>(*first))) ++first;
    auto [ptr, ec] = std::from_chars(first, last, out);
    return ec == std::errc() && ptr == last;
}

bool truthy(const std::string& value) {
    const std::string v = lower(value);
    return v == "1" || v == "true" || v == "yes" || v == "on";
}

class EnvReader {
public:
    explicit EnvReader(const std::map<std::string, std::string>& env) : m_env(env) {}

    // Reads an integer variable into `out` if present; records an error otherwise.
    void integer(const char* name, int& out, long long min, long long max) {
        auto it = m_env.find(name);
        if (it == m_env.end() || it->second.empty()) return;
        long long v = 0;
        if (!parseInt(it->second, v) || v < min || v > max) {
            fail(std::string(name) + "='" + it->second + "' is not an integer in [" +
                 std::to_string(min) + ", " + std::to_string(max) + "].");
            return;
        }
        out = static_cast<int>(v);
    }
    // The first of `names` present (torchrun's name, then the MPI launchers'), read as integer() does.
    template <std::size_t N>
    void firstInteger(const char* name, const char* const (&others)[N], int& out, long long min, long long max) {
        integer(name, out, min, max);
        if (text(name)) return;
        for (const char* other : others)
            if (text(other)) return integer(other, out, min, max);
    }
    bool hasAny(std::initializer_list<const char*> names) const {
        return std::any_of(names.begin(), names.end(), [this](const char* n) { return text(n) != nullptr; });
    }
    void seconds(const char* name, std::chrono::milliseconds& out) {
        int s = -1;
        integer(name, s, 1, 7 * 24 * 3600);
        if (s > 0) out = std::chrono::seconds(s);
    }
    const std::string* text(const char* name) const {
        auto it = m_env.find(name);
        return it == m_env.end() ? nullptr : &it->second;
    }
    void fail(std::string message) {
        if (m_error.empty()) m_error = std::move(message);
    }
    const std::string& error() const { return m_error; }

private:
    const std::map<std::string, std::string>& m_env;
    std::string m_error;
};

// Rank, world and machine: torchrun's variables, else an MPI launcher's.
void readPlacement(EnvReader& r, ProcessState& s) {
    using namespace vars;
    r.firstInteger(kWorldSize, kMpiWorldSizes, s.worldSize, 1, 1 << 20);
    r.firstInteger(kRank, kMpiRanks, s.rank, 0, 1 << 20);
    s.localRank = s.rank;
    s.localWorldSize = s.worldSize;
    r.firstInteger(kLocalRank, kMpiLocalRanks, s.localRank, 0, 1 << 20);
    r.firstInteger(kLocalWorldSize, kMpiLocalWorldSizes, s.localWorldSize, 1, 1 << 20);
    // An MPI launcher places ranks on machines in blocks of the local world size and names no machine rank.
    if (!r.text(kGroupRank) && !r.text(kRank) && r.hasAny({kMpiRanks[0], kMpiRanks[1], kMpiRanks[2]}))
        s.groupRank = s.rank / s.localWorldSize;
    r.integer(kGroupRank, s.groupRank, 0, 1 << 20);
}

}  // namespace

Result<ProcessState> ProcessState::fromEnvironment(const std::map<std::string, std::string>& env) {
    using namespace vars;
    ProcessState s;
    EnvReader r(env);
    readPlacement(r, s);
    r.integer(kMasterPort, s.masterPort, 1, 65535);
    r.integer(kGradientAccumulationSteps, s.gradientAccumulationSteps, 1, 1 << 20);
    r.integer(kOmpNumThreads, s.ompNumThreads, 1, 4096);
    r.seconds(kRendezvousTimeoutS, s.rendezvousTimeout);
    r.seconds(kCollectiveTimeoutS, s.collectiveTimeout);
    if (auto* v = r.text(kMasterAddr); v && !v->empty()) s.masterAddr = *v;
    if (auto* v = r.text(kUseCpu)) s.useCpu = truthy(*v);
    if (auto* v = r.text(kUseFsdp)) s.useFsdp = truthy(*v);
    if (auto* v = r.text(kUseDeepSpeed)) s.useDeepSpeed = truthy(*v);
    if (auto* v = r.text(kRunDir)) s.runDir = *v;
    if (auto* v = r.text(kMixedPrecision)) {
        auto mp = parseMixedPrecision(*v);
        if (!mp.ok()) r.fail(std::string(kMixedPrecision) + ": " + mp.status().message());
        else s.mixedPrecision = mp.value();
    }
    if (auto fp8 = Fp8Settings::fromEnvironment(env); fp8.ok()) s.fp8 = fp8.value();
    else r.fail(fp8.status().message());
    if (auto sharding = ShardingSettings::fromEnvironment(env, s.worldSize, s.localWorldSize); sharding.ok())
        s.sharding = sharding.value();
    else r.fail(sharding.status().message());
    if (r.error().empty() && s.rank >= s.worldSize)
        r.fail(std::string(kRank) + "=" + std::to_string(s.rank) + " is not below " + kWorldSize + "=" +
               std::to_string(s.worldSize) + ".");
    if (r.error().empty() && s.localRank >= s.localWorldSize)
        r.fail(std::string(kLocalRank) + "=" + std::to_string(s.localRank) + " is not below " + kLocalWorldSize + "=" +
               std::to_string(s.localWorldSize) + ".");
    if (!r.error().empty()) return Status::error("Invalid worker environment: " + r.error());
    return s;
}

std::map<std::string, std::string> ProcessState::toEnvironment() const {
    using namespace vars;
    const ProcessState defaults;
    std::map<std::string, std::string> env = sharding.toEnvironment();
    env.merge(fp8.toEnvironment());
    const auto number = [&env](const char* name, long long value) { env[name] = std::to_string(value); };
    number(kRank, rank);
    number(kLocalRank, localRank);
    number(kWorldSize, worldSize);
    number(kLocalWorldSize, localWorldSize);
    number(kGroupRank, groupRank);
    env[kMasterAddr] = masterAddr;
    number(kMasterPort, masterPort);
    env[kUseCpu] = useCpu ? "True" : "False";  // as Accelerate writes it
    env[kMixedPrecision] = toString(mixedPrecision);
    env[kRunDir] = runDir;
    if (gradientAccumulationSteps != defaults.gradientAccumulationSteps)
        number(kGradientAccumulationSteps, gradientAccumulationSteps);
    if (ompNumThreads > 0) number(kOmpNumThreads, ompNumThreads);
    if (useFsdp) env[kUseFsdp] = "true";
    if (useDeepSpeed) env[kUseDeepSpeed] = "true";
    const auto wholeSeconds = [](std::chrono::milliseconds t) {
        return std::max<long long>(1, std::chrono::duration_cast<std::chrono::seconds>(t).count());
    };
    if (rendezvousTimeout != defaults.rendezvousTimeout) number(kRendezvousTimeoutS, wholeSeconds(rendezvousTimeout));
    if (collectiveTimeout != defaults.collectiveTimeout) number(kCollectiveTimeoutS, wholeSeconds(collectiveTimeout));
    return env;
}

Result<ProcessState> ProcessState::fromProcessEnvironment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        std::string kv(*e);
        auto eq = kv.find('=');
        if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return fromEnvironment(env);
}

}  // namespace catapult
