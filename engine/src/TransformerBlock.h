#pragma once
// One pre-LayerNorm transformer block: x + attn(ln1(x)), then + mlp(ln2(x)).
// Causal self-attention uses scaled_dot_product_attention with is_causal. The four
// projections are Fp8Linear: FP8 inside an fp8 autocast scope, fp32 otherwise.

#include <torch/nn/module.h>
#include <torch/nn/modules/normalization.h>

#include "catapult/Fp8Linear.h"
#include "catapult/UnitModule.h"

namespace catapult {

class TransformerBlockImpl : public UnitModule {
public:
    TransformerBlockImpl(int64_t width, int64_t heads);
    torch::Tensor forward(const torch::Tensor& x);  // (B, T, C) -> (B, T, C)
    // The projections that write into the residual stream (scaled at init).
    std::vector<Fp8Linear> residualProjections() const { return {m_attnProj, m_mlpDown}; }
    std::vector<Fp8Linear> projections() const { return {m_qkv, m_attnProj, m_mlpUp, m_mlpDown}; }

private:
    int64_t m_heads;
    torch::nn::LayerNorm m_norm1{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    Fp8Linear m_qkv{nullptr};
    Fp8Linear m_attnProj{nullptr};
    Fp8Linear m_mlpUp{nullptr};
    Fp8Linear m_mlpDown{nullptr};
};
TORCH_MODULE(TransformerBlock);

}  // namespace catapult
