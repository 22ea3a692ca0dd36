#pragma once
// Where the parts of a model go for big-model inference, as Accelerate's device_map does it: the
// parts in order (embeddings, each decoder layer whole, the final norm, the head) placed on the
// GPUs in order, then the CPU, then the disk, each device up to its budget (max_memory).
//   sequential  fills GPU 0, then GPU 1, ...
//   balanced    (and auto) gives each GPU an even share of the model (plus its largest part),
//               so every GPU is used before the CPU
//   cpu         everything on the CPU, then the disk
// A part tied to another (a head sharing the embeddings' weights) goes where that one is. When
// anything is left to the CPU or the disk, the device that runs those parts keeps room for the
// largest of them (it is brought in to run). The plan prints as a table. No LibTorch, no Qt.
//
// Errors: a --max_memory text that cannot be read names the entry; a model that fits nowhere
// (no disk) names the part and what is left.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "catapult/HfModelConfig.h"
#include "catapult/Status.h"

namespace catapult {

struct DeviceBudget {
    std::string device;  // "0", "1", ... (GPUs), "cpu", "disk"
    int64_t bytes = 0;   // for the model's weights
};

// "0=20GiB,1=20GiB,cpu=30GiB[,disk=...]" (sizes as ByteSize.h reads them), GPUs first.
Result<std::vector<DeviceBudget>> parseMaxMemory(const std::string& text);

struct ModelPart {
    std::string name;    // "model.embed_tokens", "model.layers.0", ..., "lm_head"
    int64_t bytes = 0;   // its weights
    std::string tiedTo;  // the part whose weights it shares, or empty
};

// The parts of a Hugging Face model with weights of `bytesPerParameter` bytes.
std::vector<ModelPart> modelParts(const HfModelConfig& config, int bytesPerParameter);

enum class DeviceMapMode { Auto, Balanced, Sequential, Cpu };
Result<DeviceMapMode> parseDeviceMapMode(const std::string& text);  // auto, balanced, sequential, cpu

struct DeviceMapPlan {
    std::vector<std::pair<std::string, std::string>> placement;  // part -> device, in the model's order
    std::map<std::string, int64_t> used;                         // bytes per device
    std::string deviceOf(const std::string& part) const;
    // "part  device  size" per part, then the total per device.
    std::string table() const;
};

// `budgets` without a "disk" entry: nothing may go to disk.
Result<DeviceMapPlan> planDeviceMap(const std::vector<ModelPart>& parts, const std::vector<DeviceBudget>& budgets,
                                    DeviceMapMode mode);

}  // namespace catapult
