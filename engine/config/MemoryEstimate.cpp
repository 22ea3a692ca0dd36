#include "catapult/MemoryEstimate.h"

#include <algorithm>
#include <cstdio>

namespace catapult {
namespace {

constexpr int64_t kCpuRuntimeBytes = int64_t(30) << 20;

// Bytes per element of the training's tensors, and how the state divides over processes.
struct Sizes {
    int64_t psi, n;
    int stage;
    int64_t working, gradient, master;  // master: the optimizer's fp32 copy in mixed precision
    explicit Sizes(const MemoryEstimateInput& in)
        : psi(std::max<int64_t>(0, in.parameters)), n(std::max(1, in.worldSize)), stage(std::clamp(in.zeroStage, 0, 3)),
          working(in.precision != MixedPrecision::No ? 2 : 4), gradient(working), master(working == 2 ? 4 : 0) {}
};

// Weights, gradients and AdamW's state (m and v in fp32), sharded by stage, then moved by offload.
void addState(MemoryEstimate& e, const MemoryEstimateInput& in, const Sizes& z) {
    const int64_t weightBytes = z.working * z.psi / (z.stage >= 3 ? z.n : 1);
    const int64_t gradBytes = z.gradient * z.psi / (z.stage >= 2 ? z.n : 1);
    const int64_t optBytes = (8 + z.master) * z.psi / (z.stage >= 1 ? z.n : 1);
    e.parameterBytes = weightBytes + 4 * std::max<int64_t>(0, in.frozenParameters);
    e.gradientBytes = gradBytes;
    e.optimizerBytes = optBytes;
    if (in.offloadOptimizer == OffloadDevice::Cpu) {
        e.hostBytes += optBytes + gradBytes;  // gradients are moved to the CPU for the step
        e.optimizerBytes = 0;
    } else if (in.offloadOptimizer == OffloadDevice::Nvme) {
        e.diskBytes += optBytes;
        e.hostBytes += gradBytes + std::min<int64_t>(optBytes, 2 * 64 * 1024 * 1024);  // bounded window
        e.optimizerBytes = 0;
    }
    if (z.stage >= 3 && in.offloadParams == OffloadDevice::Cpu) {
        e.hostBytes += weightBytes;
        e.parameterBytes = 0;
    } else if (z.stage >= 3 && in.offloadParams == OffloadDevice::Nvme) {
        e.diskBytes += weightBytes;
        e.parameterBytes = 0;
    }
}

int64_t bufferBytes(const MemoryEstimateInput& in, const Sizes& z) {
    const int64_t block = 12 * in.width * in.width;  // a transformer block's weights
    int64_t bytes = 0;
    // Stage 1/2 reduce-scatter a unit's gradient as it completes; stage 3 also gathers a unit
    // and prefetches the next. Data parallel needs nothing more: the gradients are its buckets.
    if (z.n > 1 && z.stage >= 1) bytes += z.gradient * block;
    if (z.stage >= 3) bytes += 2 * z.working * block;
    // On the CPU every step's gradients (autograd's, then the flat input of the reduce-scatter)
    // and, at stage 3, both gathers of each unit (forward, backward) are fresh allocations that
    // glibc's heap keeps for reuse instead of returning to the system: twice the gradients, and
    // at stage 3 twice the working weights too (measured; docs/memory-estimate.md).
    if (z.stage >= 1 && !in.onGpu) bytes += 2 * (z.gradient + (z.stage >= 3 ? z.working : 0)) * z.psi;
    return bytes;
}

int64_t activationBytes(const MemoryEstimateInput& in, const Sizes& z) {
    const int64_t s = in.seqLen, b = in.microBatch, h = in.width;
    const int64_t elementScale = z.working == 2 ? 1 : 2;  // the formula counts 2-byte elements
    // Attention through fused kernels (SDPA's flash and memory-efficient paths, on the CPU too)
    // keeps no s x s scores, so only the 34·s·b·h term of a layer remains; backward holds the
    // temporaries of the layer it is in, about one layer's activations more.
    const int64_t perLayer = 34 * s * b * h * elementScale;
    const int64_t layers = in.activationCheckpointing ? in.layers * 2 * s * b * h * elementScale + 2 * perLayer
                                                      : (in.layers + 1) * perLayer;
    return layers + s * b * in.vocab * 8;  // logits and their gradient in fp32
}

}  // namespace

MemoryEstimate estimateMemory(const MemoryEstimateInput& in) {
    MemoryEstimate e;
    const Sizes z(in);
    addState(e, in, z);
    e.bufferBytes = bufferBytes(in, z);
    e.activationBytes = activationBytes(in, z);
    // What the first steps page in besides the tensors (LibTorch's kernels, the intra-op and
    // communication threads, the process group), measured on the CPU; a GPU's CUDA context is
    // not in its memory budget here.
    if (!in.onGpu) e.runtimeBytes = kCpuRuntimeBytes;

    if (in.deviceCapacityBytes > 0) e.deviceFits = e.deviceTotal() <= in.deviceCapacityBytes;
    if (in.hostCapacityBytes > 0) {
        int64_t hostNeed = e.hostBytes * std::max(1, in.processesPerMachine);
        if (!in.onGpu) hostNeed += e.deviceTotal() * std::max(1, in.processesPerMachine);
        e.hostFits = hostNeed <= in.hostCapacityBytes;
        if (!in.onGpu) e.deviceFits = e.hostFits;
    }
    return e;
}

std::string formatBytes(int64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char buffer[32];
    if (unit == 0) std::snprintf(buffer, sizeof buffer, "%lld B", static_cast<long long>(bytes));
    else std::snprintf(buffer, sizeof buffer, value >= 100 ? "%.0f %s" : "%.2f %s", value, units[unit]);
    return buffer;
}

}  // namespace catapult
