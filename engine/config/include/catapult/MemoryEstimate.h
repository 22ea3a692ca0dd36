#pragma once
// Memory per device for training a transformer, before running it: parameters, gradients,
// optimizer state (AdamW), activations and buffers, for a precision, a ZeRO stage, offload
// and a world size (docs/memory-estimate.md). Used by the wizard's memory page and, later,
// `catapult estimate-memory`.
//
// Formulas (bytes; Ψ = parameter count, N = processes sharing the shards):
//   fp32:            weights 4Ψ, gradients 4Ψ, AdamW m+v 8Ψ
//   bf16/fp16/fp8:   working weights 2Ψ + fp32 master 4Ψ, gradients 2Ψ, AdamW 8Ψ
//   ZeRO stage 1 shards the optimizer state and master weights by N, stage 2 also the
//   gradients, stage 3 also the working weights. Offload moves optimizer state + master
//   weights (optimizer device) or the weight shards (param device) off the accelerator:
//   to CPU memory, or to disk (nvme) with a bounded CPU window.
//   Frozen parameters (LoRA's base) add 4 bytes each to the weights, whole on every process.
//   Activations per layer (Korthikanti et al.'s 34·s·b·h bytes at 2 bytes per element, doubled
//   for fp32; fused attention keeps no 5·a·s²·b scores), for every layer and one more (the
//   temporaries of backward); with activation checkpointing 2·s·b·h per layer is kept and one
//   layer is recomputed at a time. Plus logits: s·b·V·(4 + 4) (fp32 logits and grad).
//   Buffers: a unit's gradient for the reduce-scatter of ZeRO 1-3, two gathered blocks for
//   ZeRO-3, and on the CPU what the heap keeps of the fresh allocations of each step: 2·g·Ψ
//   for ZeRO 1-3 (autograd's gradients, the reduce-scatter's input), 2·w·Ψ more for ZeRO-3's
//   two gathers.
//   Runtime: on the CPU, 30 MiB a process for what the first steps page in besides tensors.
//   The CPU terms were measured with bench/run zero (docs/memory-estimate.md).
//
// Pure; no Qt, no LibTorch.

#include <cstdint>
#include <string>

#include "catapult/MixedPrecision.h"
#include "catapult/OffloadDevice.h"
#include <vector>

namespace catapult {

struct MemoryEstimateInput {
    int64_t parameters = 0;  // Ψ: the trained parameters (with LoRA, the adapters)
    int64_t frozenParameters = 0;  // LoRA's base: fp32 weights on every process, no gradient or optimizer state
    int64_t layers = 1;
    int64_t width = 1;   // h
    int64_t heads = 1;   // a
    int64_t seqLen = 1;  // s
    int64_t vocab = 256;
    int64_t microBatch = 1;  // b, per process
    MixedPrecision precision = MixedPrecision::No;
    int zeroStage = 0;             // 0 = plain data parallel
    OffloadDevice offloadOptimizer = OffloadDevice::None;
    OffloadDevice offloadParams = OffloadDevice::None;  // stage 3
    int worldSize = 1;
    bool activationCheckpointing = false;
    int64_t deviceCapacityBytes = 0;  // 0: unknown
    int64_t hostCapacityBytes = 0;    // 0: unknown; host RAM shared by the processes of one machine
    int processesPerMachine = 1;
    bool onGpu = false;
};

struct MemoryEstimate {
    int64_t parameterBytes = 0;   // on the training device
    int64_t gradientBytes = 0;
    int64_t optimizerBytes = 0;   // AdamW state + fp32 master weights kept on the device
    int64_t activationBytes = 0;
    int64_t bufferBytes = 0;      // communication buffers and what the allocator keeps of them
    int64_t runtimeBytes = 0;     // the framework's own memory besides tensors (CPU runs)
    int64_t hostBytes = 0;        // offloaded state in CPU memory, per process
    int64_t diskBytes = 0;        // offloaded state on disk, per process
    int64_t deviceTotal() const {
        return parameterBytes + gradientBytes + optimizerBytes + activationBytes + bufferBytes + runtimeBytes;
    }
    bool deviceFits = true;       // false only when the capacity is known and exceeded
    bool hostFits = true;
};

MemoryEstimate estimateMemory(const MemoryEstimateInput& input);

// "1.50 GiB", "820.0 MiB", "12.0 KiB", "512 B".
std::string formatBytes(int64_t bytes);

}  // namespace catapult
