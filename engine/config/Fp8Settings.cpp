#include "catapult/Fp8Settings.h"

#include <algorithm>
#include <cctype>

#include "catapult/WorkerVariables.h"

namespace catapult {
namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

const std::string* find(const std::map<std::string, std::string>& env, const char* name) {
    auto it = env.find(name);
    return it == env.end() || it->second.empty() ? nullptr : &it->second;
}

bool toInt(const std::string& text, int& out, int min) {
    try {
        std::size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used != text.size() || v < min) return false;
        out = v;
        return true;
    } catch (...) {
        return false;
    }
}

}  // namespace

Result<Fp8Settings> Fp8Settings::fromEnvironment(const std::map<std::string, std::string>& env) {
    using namespace vars;
    Fp8Settings s;
    if (auto* v = find(env, kFp8Backend)) {
        s.backend = upper(*v);
        if (s.backend == "TE") s.scaling = Scaling::Delayed;
        else if (s.backend != "AO" && s.backend != "MSAMP" && s.backend != "NO")
            return Status::error(std::string(kFp8Backend) + "='" + *v + "': expected TE, AO or MSAMP.");
    }
    if (auto* v = find(env, kFp8Format)) {
        const std::string f = upper(*v);
        if (f == "HYBRID") s.format = Format::Hybrid;
        else if (f == "E4M3") s.format = Format::E4M3;
        else if (f == "E5M2")
            return Status::error(std::string(kFp8Format) + "=E5M2: training with e5m2 everywhere is not supported (as in "
                                 "Transformer Engine); use HYBRID (e4m3 forward, e5m2 gradients) or E4M3.");
        else return Status::error(std::string(kFp8Format) + "='" + *v + "': expected HYBRID or E4M3.");
    }
    if (auto* v = find(env, kFp8AmaxComputeAlgo)) {
        if (*v == "max") s.amaxAlgo = AmaxAlgo::Max;
        else if (*v == "most_recent") s.amaxAlgo = AmaxAlgo::MostRecent;
        else return Status::error(std::string(kFp8AmaxComputeAlgo) + "='" + *v + "': expected max or most_recent.");
    }
    // Whole-number settings: variable, target, smallest allowed value.
    const struct {
        const char* name;
        int* target;
        int min;
    } numbers[] = {{kFp8AmaxHistoryLen, &s.amaxHistoryLen, 1}, {kFp8Margin, &s.margin, 0}, {kFp8Interval, &s.interval, 1}};
    for (const auto& n : numbers)
        if (auto* v = find(env, n.name); v && !toInt(*v, *n.target, n.min))
            return Status::error(std::string(n.name) + "='" + *v + "': expected a whole number of at least " +
                                 std::to_string(n.min) + ".");
    if (auto* v = find(env, kFp8Recipe)) {
        if (*v == "current") s.scaling = Scaling::Current;
        else if (*v == "delayed") s.scaling = Scaling::Delayed;
        else return Status::error(std::string(kFp8Recipe) + "='" + *v + "': expected current or delayed.");
    }
    return s;
}

std::map<std::string, std::string> Fp8Settings::toEnvironment() const {
    using namespace vars;
    const Fp8Settings defaults;
    std::map<std::string, std::string> env;
    if (!backend.empty()) env[kFp8Backend] = backend;
    if (format != defaults.format) env[kFp8Format] = format == Format::E4M3 ? "E4M3" : "HYBRID";
    if (amaxAlgo != defaults.amaxAlgo) env[kFp8AmaxComputeAlgo] = amaxAlgo == AmaxAlgo::Max ? "max" : "most_recent";
    if (amaxHistoryLen != defaults.amaxHistoryLen) env[kFp8AmaxHistoryLen] = std::to_string(amaxHistoryLen);
    if (margin != defaults.margin) env[kFp8Margin] = std::to_string(margin);
    if (interval != defaults.interval) env[kFp8Interval] = std::to_string(interval);
    const Scaling backendScaling = upper(backend) == "TE" ? Scaling::Delayed : Scaling::Current;
    if (scaling != backendScaling) env[kFp8Recipe] = scaling == Scaling::Delayed ? "delayed" : "current";
    return env;
}

std::string Fp8Settings::describe() const {
    std::string out = scaling == Scaling::Current
                          ? "current scaling"
                          : "delayed scaling (history " + std::to_string(amaxHistoryLen) + ", " +
                                (amaxAlgo == AmaxAlgo::Max ? "max" : "most_recent") + ", margin " +
                                std::to_string(margin) + ", interval " + std::to_string(interval) + ")";
    out += format == Format::Hybrid ? ", HYBRID" : ", E4M3";
    if (!backend.empty()) out += ", backend " + backend;
    return out;
}

std::string fp8VariableValue(const std::string& name, const std::string& value) {
    return name == "fp8_backend" || name == "fp8_format" ? upper(value) : value;
}

}  // namespace catapult
