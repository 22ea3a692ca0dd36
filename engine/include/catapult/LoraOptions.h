#pragma once
// LoRA fine-tuning of a Hugging Face model (RecipeOptions::lora), with PEFT's names and
// defaults: adapters of rank r on the target projections, scaled by alpha / r, the base
// weights frozen and only the adapters in the optimizer. Exported as a PEFT adapter
// (adapter_config.json + adapter_model.safetensors), and merged into a model directory on request.

#include <cstdint>
#include <string>
#include <vector>

namespace catapult {

struct LoraOptions {
    bool enabled = false;
    int64_t rank = 8;        // PEFT's r
    double alpha = 8;        // PEFT's lora_alpha
    double dropout = 0;      // PEFT's lora_dropout
    // Projection names (q_proj, v_proj, ...) or "all-linear"; empty: PEFT's default for the
    // architecture (q_proj and v_proj; GPT-2's c_attn).
    std::vector<std::string> targets;
    std::string initAdapter;  // start from this PEFT adapter directory (its r, alpha, targets)
    std::string mergedDir;    // also write the merged model here; empty: no merge
};

}  // namespace catapult
