#pragma once
// `catapult-worker gpu-check STEP [--corpus FILE] [--steps N]`: one check of a GPU path of the
// engine, run by bench/gpu_check.sh (`bench/run gpu-check`) as one rank or several (the worker
// environment comes from the script: RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT).
// Rank 0 prints one JSON line {"check": STEP, "device", "world_size", figures..., "summary",
// "pass"}; CUDA-only figures read "skipped" on the CPU. Every rank exits 0 when its part
// passed, 1 when it did not (or failed: "error" says why), 2 for a usage error.
//
// Steps:
//   nccl       a process group of its own (NCCL on a GPU, Gloo on the CPU) on the script's
//              rendezvous, even for one rank (the Accelerator needs none there): all-reduce,
//              all-gather, reduce-scatter and broadcast of known values, and the time and
//              bandwidth of one all-reduce of 256 MiB (8 MiB on the CPU).
//   dp         the test GPT (2 layers, width 64) trained N steps (default 5) by the Accelerator
//              on every rank; rank 0 trains the ReferenceTrainer on the same global batches on
//              the same device and compares losses and final parameters (tolerance in the
//              line: 1e-4 on CUDA, 1e-5 on the CPU, as the engine tests).
//   zero3      the same under DeepSpeed ZeRO stage 3 (ACCELERATE_USE_DEEPSPEED,
//              ACCELERATE_DEEPSPEED_ZERO_STAGE=3, set by the step itself).
//   offload    the same under ZeRO stage 2 with offload_optimizer_device cpu, plus the copy
//              rates between the GPU and pageable / page-locked (pinned) host memory, and how
//              much pinned memory the engine's offload holds (the CUDA host allocator's bytes).
//   offload3   the same under ZeRO stage 3 with optimizer and parameter offload cpu.
//   precision  one rank: bf16 autocast, and fp16 autocast with the dynamic loss scaler, held to
//              the fp32 reference (per-step losses, relative difference of the parameter update;
//              loss scale and skipped steps).
// --corpus FILE: the training text (default: the recipe's, /usr/share/common-licenses).

#include <string>
#include <vector>

namespace catapult {

int runGpuCheck(const std::vector<std::string>& args);

}  // namespace catapult
