#pragma once
// Writes a ClusterConfig the way Accelerate's own writer does (docs/config-schema.md), so
// Accelerate's loader accepts the file and reads the same meaning:
//   keys sorted, nulls and empty sections dropped, block style; 'NO', 'no' and every other
//   string YAML would read as another type are quoted, gpu_ids always; booleans as booleans;
//   only top-level keys of the schema (legacy keys are never written); fp8_config with the
//   runtime names (amax_history_len, amax_compute_algo, opt_level), backend upper case and
//   override_linear_precision as a list; FSDP1 with a non-FULL_SHARD strategy also writes
//   fsdp_sharding_strategy; FSDP2 omits the v1-only keys; a DeepSpeed json file omits
//   mixed_precision and the keys the json owns.
// A path ending in .json is written as JSON (indent 2, sorted keys), as Accelerate does.
//
// No Qt, no LibTorch: yaml-cpp emits the YAML, so this is part of the launcher's
// catapult_accelerate_config, not of the engine-only build.

#include <string>

#include "catapult/ClusterConfig.h"
#include "catapult/Status.h"

namespace catapult {

// The config as it will be written (the rules above applied).
ClusterConfig normalizedForWriting(const ClusterConfig& config);
std::string toYaml(const ClusterConfig& config);
std::string toJson(const ClusterConfig& config);
// Writes atomically (temporary file in the same folder, then rename), creating the folder.
Status writeConfigFile(const ClusterConfig& config, const std::string& path);

}  // namespace catapult
