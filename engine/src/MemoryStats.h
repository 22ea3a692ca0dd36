#pragma once
// Process memory of this rank: resident set (current and peak, from /proc/self/status) and,
// on a CUDA device, the caching allocator's allocated / reserved / peak-allocated bytes.

#include <torch/types.h>

#include <cstdint>

namespace catapult {

struct MemorySample {
    int64_t rssBytes = 0;
    int64_t peakRssBytes = 0;
    int64_t cudaAllocatedBytes = -1;  // -1: not on a CUDA device
    int64_t cudaReservedBytes = -1;
    int64_t cudaPeakBytes = -1;
};

MemorySample sampleMemory(const torch::Device& device);

}  // namespace catapult
