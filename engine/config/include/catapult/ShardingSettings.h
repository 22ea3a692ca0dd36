#pragma once
// How the engine shards and offloads training state, from the variables `accelerate launch`
// (and `catapult launch`) give the workers for distributed_type DEEPSPEED and FSDP
// (docs/worker-environment.md). No LibTorch.
//
// DeepSpeed (ACCELERATE_USE_DEEPSPEED=true):
//   ACCELERATE_DEEPSPEED_ZERO_STAGE 0..3 (default 2, as DeepSpeed's plugin),
//   ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE / _PARAM_DEVICE none|cpu|nvme,
//   ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH / _PARAM_NVME_PATH (default /nvme),
//   ACCELERATE_GRADIENT_CLIPPING (a number, or "auto": the program's own clipping).
// FSDP (ACCELERATE_USE_FSDP=true):
//   FSDP_VERSION 1: FSDP_SHARDING_STRATEGY FULL_SHARD -> stage 3, SHARD_GRAD_OP -> stage 2,
//     NO_SHARD -> data parallel; HYBRID_SHARD / HYBRID_SHARD_ZERO2 -> stage 3 / 2 when every
//     process is on one machine (a hybrid group of one node is the full group), refused across
//     machines. FSDP_VERSION 2: stage 3; FSDP_RESHARD_AFTER_FORWARD false keeps the gathered
//     parameters of a unit from forward to backward.
//   FSDP_OFFLOAD_PARAMS true -> parameter shards, gradients and the optimizer step on the CPU.
//   FSDP_TRANSFORMER_CLS_TO_WRAP -> the module classes that are sharding units.
//   FSDP_ACTIVATION_CHECKPOINTING true: the recipe recomputes each decoder layer in backward.
//
// Stage 1 shards AdamW state; 2 also reduce-scatters gradients during backward; 3 also shards
// the parameters, gathered per unit (see UnitScope.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catapult/OffloadDevice.h"
#include "catapult/Status.h"

namespace catapult {


// The ZeRO stage of an FSDP1 sharding strategy: FULL_SHARD and HYBRID_SHARD 3, SHARD_GRAD_OP
// and HYBRID_SHARD_ZERO2 2, NO_SHARD 0; Accelerate's numbers 1-5 for them too (any case).
// Empty for anything else.
std::optional<int> fsdpStrategyStage(const std::string& strategy);
// The strategy's canonical name ("2" -> "SHARD_GRAD_OP"; upper case), or the text as given.
std::string fsdpStrategyName(const std::string& strategy);

struct ShardingSettings {
    int zeroStage = 0;  // 0: plain data parallel
    bool reshardAfterForward = true;  // stage 3
    OffloadDevice offloadOptimizer = OffloadDevice::None;
    OffloadDevice offloadParams = OffloadDevice::None;  // stage 3 only
    std::string optimizerNvmePath = "/nvme";
    std::string paramNvmePath = "/nvme";
    std::vector<std::string> unitClasses;  // empty: every UnitModule (TransformerBlock, a decoder layer)
    std::optional<double> gradientClipping;
    bool activationCheckpointing = false;  // FSDP_ACTIVATION_CHECKPOINTING: recompute each layer (Recompute.h)
    int64_t diskBlockElements = 1 << 20;  // nvme tier block (CATAPULT_OFFLOAD_BLOCK_ELEMENTS, multiple of 1024)
    std::string source;               // "DeepSpeed ZeRO stage 2", "FSDP FULL_SHARD", empty for data parallel
    std::vector<std::string> notes;   // settings read with a caveat, for the main process to print

    bool sharded() const { return zeroStage > 0; }
    // Reads the variables above; a bad value or an unsupported combination gives an error
    // naming the variable. worldSize / localWorldSize tell whether all ranks share a machine.
    static Result<ShardingSettings> fromEnvironment(const std::map<std::string, std::string>& env, int worldSize,
                                                    int localWorldSize);
    // The variables that give these settings back through fromEnvironment(): FSDP's when
    // `source` starts with "FSDP", else DeepSpeed's when sharded (the plugin's switch, the stage
    // or FSDP version, and each other setting that is not its default), none for data parallel;
    // CATAPULT_OFFLOAD_BLOCK_ELEMENTS when not the default. `source` and `notes` are not
    // written: reading makes them again.
    std::map<std::string, std::string> toEnvironment() const;
    // "ZeRO stage 3 (FSDP FULL_SHARD), optimizer offload cpu" / "data parallel".
    std::string describe() const;

    bool operator==(const ShardingSettings&) const = default;
};

}  // namespace catapult
