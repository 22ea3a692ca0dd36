#pragma once
// Reads Accelerate config files (YAML, or JSON as `accelerate config default` writes it)
// written by Accelerate 0.11 through 1.15, with Accelerate's own loading rules
// (docs/config-schema.md): distributed_type is required; unknown top-level keys are
// refused, naming the file and the keys; missing num_processes is 1 for NO; use_cpu, debug
// and enable_cpu_affinity default to false. Legacy forms are converted and reported as notes:
// `fp16: true`, a top-level dynamo_backend, an unquoted NO/no (YAML reads them as false), a
// numeric gpu_ids, the fp8 questionnaire key names, override_linear_precision written as a
// string, ipex_config. Unknown keys inside sections load (as in Accelerate) with a warning.
// Types are checked by validateConfig(), not here, so a file with a wrong value still opens.
//
// Part of catapult_accelerate_config (yaml-cpp). No Qt, no LibTorch.

#include <string>
#include <vector>

#include "catapult/ClusterConfig.h"
#include "catapult/ConfigIssue.h"
#include "catapult/Status.h"

namespace catapult {

struct LoadedConfig {
    ClusterConfig config;
    std::string path;
    std::vector<ConfigIssue> notes;  // conversions and unknown nested keys
};

Result<LoadedConfig> readConfigFile(const std::string& path);
// `sourceName` names the text in messages (a path, or "<text>").
Result<LoadedConfig> parseConfigText(const std::string& text, const std::string& sourceName);

// Accelerate's default location: $HF_HOME/accelerate/default_config.yaml, else
// ${XDG_CACHE_HOME:-~/.cache}/huggingface/accelerate/default_config.yaml.
std::string defaultConfigPath();

}  // namespace catapult
