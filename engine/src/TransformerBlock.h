#pragma once
// One pre-LayerNorm transformer block: x + attn(ln1(x)), then + mlp(ln2(x)).
// Causal self-attention uses scaled_dot_product_attention with is_causal.

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

namespace catapult {

class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(int64_t width, int64_t heads);
    torch::Tensor forward(const torch::Tensor& x);  // (B, T, C) -> (B, T, C)
    // The projections that write into the residual stream (scaled at init).
    std::vector<torch::nn::Linear> residualProjections() const { return {m_attnProj, m_mlpDown}; }

private:
    int64_t m_heads;
    torch::nn::LayerNorm m_norm1{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_attnProj{nullptr};
    torch::nn::Linear m_mlpUp{nullptr};
    torch::nn::Linear m_mlpDown{nullptr};
};
TORCH_MODULE(TransformerBlock);

}  // namespace catapult
