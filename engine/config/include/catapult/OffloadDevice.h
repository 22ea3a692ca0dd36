#pragma once
// Where ZeRO and FSDP keep state that does not stay on the accelerator: Accelerate's
// offload_optimizer_device / offload_param_device values (docs/config-schema.md).

#include <optional>
#include <string>

namespace catapult {

enum class OffloadDevice { None, Cpu, Nvme };

// "none", "cpu", "nvme": the spelling of the config file and the worker variables.
const char* toString(OffloadDevice device);
// Those names in any case and with spaces around; empty for anything else.
std::optional<OffloadDevice> offloadDeviceFromString(const std::string& text);

}  // namespace catapult
