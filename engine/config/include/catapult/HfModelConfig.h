#pragma once
// A Hugging Face model directory's config.json, as far as the math of the supported
// architectures depends on it: LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM,
// GPT2LMHeadModel. Both spellings transformers has used for RoPE are read (rope_theta +
// rope_scaling, and 5.x's rope_parameters). A field that would change the math in a way the
// engine does not implement (another architecture, activation or RoPE type, sliding windows on
// some layers only) is refused with a message naming it; fields that do not change the forward
// pass (dropout, initializer_range, use_cache, ...) are not read. No LibTorch, no Qt: the memory
// estimate reads it too.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

struct HfModelConfig {
    enum class Architecture { Llama, Qwen2, Mistral, Gpt2 };
    Architecture architecture = Architecture::Llama;
    std::string architectureName;  // as config.json says it
    int vocabSize = 0, hiddenSize = 0, intermediateSize = 0, layers = 0, heads = 0, kvHeads = 0, headDim = 0;
    int maxPositions = 0;
    double normEps = 1e-5;
    bool tieWordEmbeddings = false;
    bool attentionBias = false;  // q/k/v (and Llama's o) projections with bias: Qwen2 always
    bool mlpBias = false;
    std::optional<int> slidingWindow;  // Mistral: attend to the last N positions only
    // RoPE (Llama family): "default" or "llama3" with its factors.
    double ropeTheta = 10000;
    std::string ropeType = "default";
    double ropeFactor = 1, lowFreqFactor = 1, highFreqFactor = 4;
    int originalMaxPositions = 0;

    bool isLlamaFamily() const { return architecture != Architecture::Gpt2; }
    // Trainable parameters, tied embeddings counted once (as transformers' num_parameters()).
    int64_t parameterCount() const;
    // PEFT's default LoRA targets for the architecture: q_proj and v_proj, GPT-2's c_attn.
    std::vector<std::string> defaultLoraTargets() const;
    // The parameters of LoRA adapters of rank r on every projection named in `targets` (empty:
    // the defaults; "all-linear": every projection): r x (in + out) each, over every layer.
    int64_t loraParameterCount(int64_t rank, const std::vector<std::string>& targets) const;
    // Windows of `positions` ids fit the model (GPT-2's learned positions end at n_positions;
    // RoPE models take any length). The error names --seq_len and the limit.
    Status checkSequenceLength(int64_t positions) const;
    // Reads DIR/config.json.
    static Result<HfModelConfig> read(const std::string& dir);

private:
    Status checkSizes(const std::string& path) const;
};

}  // namespace catapult
