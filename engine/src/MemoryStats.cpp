#include "MemoryStats.h"

#include <fstream>
#include <string>
#ifdef CATAPULT_HAVE_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace catapult {
namespace {

int64_t statusKilobytes(const std::string& field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0) return std::stoll(line.substr(field.size())) * 1024;
    }
    return 0;
}

}  // namespace

MemorySample sampleMemory(const torch::Device& device) {
    MemorySample m;
    m.rssBytes = statusKilobytes("VmRSS:");
    m.peakRssBytes = statusKilobytes("VmHWM:");
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index());
        m.cudaAllocatedBytes = stats.allocated_bytes[0].current;
        m.cudaReservedBytes = stats.reserved_bytes[0].current;
        m.cudaPeakBytes = stats.allocated_bytes[0].peak;
    }
#else
    (void)device;
#endif
    return m;
}

}  // namespace catapult
