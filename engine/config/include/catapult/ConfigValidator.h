#pragma once
// Checks a config against the schema and against the hardware it will run on, with messages
// that name the key and say what to do: wrong types and values, num_processes against
// num_machines, gpu_ids against the GPUs present, main_process_ip for several machines, the
// port range, fp16/bf16/fp8 against the device (fp8 needs compute capability 8.9 or newer;
// on CPU it is allowed and marked emulated), FSDP/DeepSpeed option rules, and settings the
// engine does not implement yet (notes: the file is still valid for Accelerate).
//
// Pure; no Qt, no LibTorch. Thread safety: plain functions.

#include <string>
#include <vector>

#include "catapult/ClusterConfig.h"
#include "catapult/ConfigIssue.h"
#include "catapult/HardwareFacts.h"

namespace catapult {

// What `hardware` is to the config: the machines it will run on (Target: what they cannot run
// is an error), or only the machine at hand while the config is meant for others (Reference:
// the same findings are warnings; the launch pre-flight checks the real hosts).
enum class HardwareRole { Target, Reference };

std::vector<ConfigIssue> validateConfig(const ClusterConfig& config, const HardwareFacts& hardware,
                                        HardwareRole role = HardwareRole::Target);

// Schema checks only (types, allowed values, unknown nested keys), for one key or the whole file.
std::vector<ConfigIssue> checkSchema(const ClusterConfig& config);

// What `accelerate config default` writes for this machine: MULTI_GPU over all GPUs when
// there are several, NO on one GPU, NO with use_cpu on none; debug and
// enable_cpu_affinity false; `mixedPrecision` as given ("no", "fp16", "bf16", "fp8").
ClusterConfig defaultConfigFor(const HardwareFacts& hardware, const std::string& mixedPrecision);

}  // namespace catapult
