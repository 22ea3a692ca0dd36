#pragma once
// The worker variables for DeepSpeed ZeRO and FSDP, as `accelerate launch` exports them
// (docs/worker-environment.md), from the config's deepspeed_config / fsdp_config
// overlaid with the command line's flags (--use_deepspeed --zero_stage N ..., --use_fsdp
// --fsdp_sharding_strategy S ...). Differences from Accelerate, on purpose:
//  * the nvme paths are exported (ACCELERATE_DEEPSPEED_OFFLOAD_*_NVME_PATH), which
//    `accelerate launch` forgets, so offload to disk goes where the config says;
//  * a deepspeed_config_file (DeepSpeed JSON) is read here and its zero_optimization stage and
//    offload devices, gradient_clipping and gradient_accumulation_steps become the variables;
//  * an FSDP1 config whose strategy the questionnaire stored only in fsdp_reshard_after_forward
//    (e.g. SHARD_GRAD_OP) trains with that strategy, not with FULL_SHARD.
// Pure apart from reading the JSON file.

#include <QMap>
#include <QString>
#include <optional>

#include "catapult/ClusterConfig.h"
#include "catapult/Status.h"

namespace catapult {

struct ShardingFlags {
    bool useDeepSpeed = false;
    bool useFsdp = false;
    QMap<QString, QString> values;  // flag name without "--" -> value (zero_stage, fsdp_version, ...)
};

struct ShardingEnvironment {
    QMap<QString, QString> variables;
    std::optional<int> gradientAccumulationSteps;  // from a DeepSpeed JSON file
};

// The flag names (without "--") that ShardingFlags::values may hold.
const QStringList& shardingFlagNames();

Result<ShardingEnvironment> shardingEnvironment(const std::optional<ClusterConfig>& config, const ShardingFlags& flags);

}  // namespace catapult
