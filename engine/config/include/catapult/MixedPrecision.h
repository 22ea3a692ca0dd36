#pragma once
// Accelerate's mixed_precision, as one type for the wizard, the launcher and the engine: its
// names ("no", "fp16", "bf16", "fp8") and the GPUs each needs are defined here only.
// No LibTorch, no Qt.

#include <array>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

enum class MixedPrecision { No, Fp16, Bf16, Fp8 };

inline constexpr std::array<MixedPrecision, 4> kMixedPrecisions = {MixedPrecision::No, MixedPrecision::Fp16,
                                                                   MixedPrecision::Bf16, MixedPrecision::Fp8};

// Parses "no", "fp16", "bf16", "fp8" (any case; empty is "no"). An error names the value.
Result<MixedPrecision> parseMixedPrecision(const std::string& text);
const char* toString(MixedPrecision precision);
std::vector<std::string> mixedPrecisionNames();  // in kMixedPrecisions order

// The compute capability (major * 10 + minor) its tensor cores need on NVIDIA GPUs: 89 for
// fp8 (Ada, Hopper), 80 for bf16 (Ampere), 0 for the others.
int minimumComputeCapability(MixedPrecision precision);

}  // namespace catapult
