#pragma once
// LoRA adapters on an HfCausalLM, as PEFT makes them: which projections (PEFT's target_modules,
// "all-linear", or PEFT's default for the architecture), the adapters added and initialised
// (or read from a PEFT adapter directory), the rest of the model frozen; the trained adapters
// written as a PEFT adapter directory, and the model with them merged in. Internal.
//
// Errors name the target that matches nothing (listing the projections there are), or the
// adapter file and the tensor that is missing or has another shape.

#include <torch/types.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "HfCausalLM.h"
#include "catapult/LoraOptions.h"
#include "catapult/Status.h"

namespace catapult {

using NamedTensorList = std::vector<std::pair<std::string, torch::Tensor>>;

// options with r, alpha, dropout and targets from options.initAdapter's adapter_config.json
// (flags that disagree are an error), and the targets resolved to projection names.
Result<LoraOptions> resolveLora(const HfCausalLM& model, LoraOptions options);
// Adds the adapters (A Kaiming-uniform from `seed`, B zero, or the initial adapter's values)
// and freezes every other parameter. Returns the adapters' parameter count.
Result<int64_t> attachLora(HfCausalLM& model, const LoraOptions& options, uint64_t seed);
// The PEFT adapter directory: adapter_config.json, adapter_model.safetensors (the adapters of
// `trained`, named as PEFT saves them). Throws std::exception on a write error.
void writePeftAdapter(const std::string& dir, const NamedTensorList& trained, const LoraOptions& options,
                      const HfCausalLM& model, const std::string& baseDir);
// The base model an adapter directory names (adapter_config.json's base_model_name_or_path; "" if none).
std::string adapterBaseModel(const std::string& adapterDir);
// An adapter's parameter ("model.layers.0.self_attn.q_proj.lora_A.weight").
bool isLoraParameter(const std::string& name);
// The PEFT adapter of `adapterDir` attached to `model` (loaded from `baseDir`, which errors
// name), every parameter frozen, the adapters in `dtype`; the base weights are left where they
// are (in memory or mapped from disk).
Status attachAdapter(HfCausalLM& model, const std::string& baseDir, const std::string& adapterDir, torch::Dtype dtype);
// The model of `baseDir` (in `dtype`) with the PEFT adapter of `adapterDir` attached, frozen.
Result<std::shared_ptr<HfCausalLM>> loadWithAdapter(const std::string& baseDir, const std::string& adapterDir,
                                                    torch::Dtype dtype = torch::kFloat, const LoadProgress& progress = {});
// Every base parameter of the model, the targets' weights with their adapter merged in.
NamedTensorList mergedParameters(HfCausalLM& model, const NamedTensorList& trained);

}  // namespace catapult
