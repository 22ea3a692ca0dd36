#pragma once
// A Hugging Face causal language model in LibTorch, built from its config.json (HfModelConfig)
// and loaded from its safetensors (HfWeights), with the parameter names transformers uses
// ("model.layers.3.self_attn.q_proj.weight", "transformer.h.0.attn.c_attn.weight"), so a
// checkpoint maps one to one. The forward pass is transformers' eager one: Llama-family decoder
// layers (RMSNorm, RoPE default or llama3, grouped-query attention, SwiGLU; Qwen2's q/k/v bias;
// Mistral's sliding window) or GPT-2 blocks (learned positions, Conv1D weights stored [in, out],
// gelu_new). Each decoder layer is a submodule of its own ("model.layers.N", "transformer.h.N").
//
// Errors: load() names the tensor that is missing or has the wrong shape.

#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>
#include <vector>

#include "catapult/HfModelConfig.h"
#include "HfWeights.h"
#include "catapult/Status.h"

namespace catapult {

class HfCausalLM : public torch::nn::Module {
public:
    explicit HfCausalLM(HfModelConfig config);
    // The model of DIR with its weights, in `dtype` (default: float32).
    static Result<std::shared_ptr<HfCausalLM>> fromDirectory(const std::string& dir, torch::Dtype dtype = torch::kFloat);

    Status load(const HfWeights& weights);
    // Logits [batch, positions, vocab] for token ids [batch, positions].
    torch::Tensor forward(const torch::Tensor& ids);
    const HfModelConfig& config() const { return m_config; }

private:
    struct Layer {  // the tensors of one decoder layer; undefined where the architecture has none
        torch::Tensor norm1, norm1Bias, q, qBias, k, kBias, v, vBias, o, oBias;
        torch::Tensor qkv, qkvBias;  // GPT-2's fused c_attn
        torch::Tensor norm2, norm2Bias, gate, gateBias, up, upBias, down, downBias;
    };
    torch::Tensor& add(const std::string& path, std::vector<int64_t> shape);
    void buildLlama();
    void buildGpt2();
    torch::Tensor llamaLayer(const Layer& l, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                             const torch::Tensor& mask);
    torch::Tensor gpt2Layer(const Layer& l, const torch::Tensor& x, const torch::Tensor& mask);
    torch::Tensor attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& mask) const;
    std::pair<torch::Tensor, torch::Tensor> rope(int64_t positions, torch::Device device) const;
    torch::Tensor mask(int64_t positions, torch::Device device) const;

    HfModelConfig m_config;
    std::vector<Layer> m_layers;
    torch::Tensor m_embed, m_positions, m_norm, m_normBias, m_head;
    std::vector<std::string> m_names;  // every parameter's name, in the order added
};

}  // namespace catapult
