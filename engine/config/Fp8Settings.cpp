#include "catapult/Fp8Settings.h"

#include <algorithm>
#include <cctype>

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
    Fp8Settings s;
    if (auto* v = find(env, "ACCELERATE_FP8_BACKEND")) {
        s.backend = upper(*v);
        if (s.backend == "TE") s.scaling = Scaling::Delayed;
        else if (s.backend != "AO" && s.backend != "MSAMP" && s.backend != "NO")
            return Status::error("ACCELERATE_FP8_BACKEND='" + *v + "': expected TE, AO or MSAMP.");
    }
    if (auto* v = find(env, "ACCELERATE_FP8_FORMAT")) {
        const std::string f = upper(*v);
        if (f == "HYBRID") s.format = Format::Hybrid;
        else if (f == "E4M3") s.format = Format::E4M3;
        else if (f == "E5M2")
            return Status::error("ACCELERATE_FP8_FORMAT=E5M2: training with e5m2 everywhere is not supported (as in "
                                 "Transformer Engine); use HYBRID (e4m3 forward, e5m2 gradients) or E4M3.");
        else return Status::error("ACCELERATE_FP8_FORMAT='" + *v + "': expected HYBRID or E4M3.");
    }
    if (auto* v = find(env, "ACCELERATE_FP8_AMAX_COMPUTE_ALGO")) {
        if (*v == "max") s.amaxAlgo = AmaxAlgo::Max;
        else if (*v == "most_recent") s.amaxAlgo = AmaxAlgo::MostRecent;
        else return Status::error("ACCELERATE_FP8_AMAX_COMPUTE_ALGO='" + *v + "': expected max or most_recent.");
    }
    // Whole-number settings: variable, target, smallest allowed value.
    const struct {
        const char* name;
        int* target;
        int min;
    } numbers[] = {{"ACCELERATE_FP8_AMAX_HISTORY_LEN", &s.amaxHistoryLen, 1},
                   {"ACCELERATE_FP8_MARGIN", &s.margin, 0},
                   {"ACCELERATE_FP8_INTERVAL", &s.interval, 1}};
    for (const auto& n : numbers)
        if (auto* v = find(env, n.name); v && !toInt(*v, *n.target, n.min))
            return Status::error(std::string(n.name) + "='" + *v + "': expected a whole number of at least " +
                                 std::to_string(n.min) + ".");
    if (auto* v = find(env, "CATAPULT_FP8_RECIPE")) {
        if (*v == "current") s.scaling = Scaling::Current;
        else if (*v == "delayed") s.scaling = Scaling::Delayed;
        else return Status::error("CATAPULT_FP8_RECIPE='" + *v + "': expected current or delayed.");
    }
    return s;
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

}  // namespace catapult
