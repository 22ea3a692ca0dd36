#pragma once
// What config validation and defaults need to know about a machine (filled from the
// `catapult-worker probe` document). `known` false means "not probed": hardware checks are
// skipped.
//
// No Qt, no LibTorch. Thread safety: plain value.

#include <cstdint>
#include <string>
#include <vector>

namespace catapult {

struct HardwareFacts {
    bool known = false;
    int cpuCores = 0;
    int64_t ramBytes = 0;
    std::vector<std::string> gpuNames;
    std::vector<int> computeCapabilities;  // major * 10 + minor, one per GPU (e.g. 90 for H100)
    std::vector<int64_t> gpuMemoryBytes;
    int gpuCount() const { return static_cast<int>(gpuNames.size()); }
};

}  // namespace catapult
