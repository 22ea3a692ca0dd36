#pragma once
// The subset of an Accelerate config file (accelerate-contract.md §1) that launching needs,
// read with Accelerate's own rules: distributed_type is required, unknown top-level keys are
// refused (naming the file and keys), legacy `fp16: true` means mixed_precision fp16, and
// num_processes defaults to 1 for distributed_type NO.
//
// No Qt, no LibTorch. Thread safety: plain value.

#include <optional>
#include <string>

#include "catapult/Status.h"

namespace catapult {

struct AccelerateConfig {
    std::string path;
    std::string distributedType;  // NO, MULTI_CPU, MULTI_GPU, FSDP, DEEPSPEED, ...
    std::optional<int> numProcesses;
    int numMachines = 1;
    int machineRank = 0;
    bool useCpu = false;
    std::optional<std::string> mixedPrecision;
    std::optional<std::string> gpuIds;
    std::optional<std::string> mainProcessIp;
    std::optional<int> mainProcessPort;
    std::optional<int> gradientAccumulationSteps;  // deepspeed_config.gradient_accumulation_steps

    static Result<AccelerateConfig> load(const std::string& path);
    // $HF_HOME/accelerate/default_config.yaml, else ${XDG_CACHE_HOME:-~/.cache}/huggingface/accelerate/...
    static std::string defaultPath();
};

}  // namespace catapult
