#include "catapult/MixedPrecision.h"

#include <algorithm>
#include <cctype>

namespace catapult {

Result<MixedPrecision> parseMixedPrecision(const std::string& text) {
    std::string v = text;
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (v.empty()) return MixedPrecision::No;
    for (MixedPrecision p : kMixedPrecisions)
        if (v == toString(p)) return p;
    return Status::error("Unknown mixed precision '" + text + "': expected no, fp16, bf16 or fp8.");
}

const char* toString(MixedPrecision precision) {
    switch (precision) {
        case MixedPrecision::No: return "no";
        case MixedPrecision::Fp16: return "fp16";
        case MixedPrecision::Bf16: return "bf16";
        case MixedPrecision::Fp8: return "fp8";
    }
    return "no";
}

std::vector<std::string> mixedPrecisionNames() {
    std::vector<std::string> names;
    for (MixedPrecision p : kMixedPrecisions) names.emplace_back(toString(p));
    return names;
}

int minimumComputeCapability(MixedPrecision precision) {
    switch (precision) {
        case MixedPrecision::Fp8: return 89;
        case MixedPrecision::Bf16: return 80;
        default: return 0;
    }
}

}  // namespace catapult
