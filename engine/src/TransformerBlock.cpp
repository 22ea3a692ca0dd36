#include "TransformerBlock.h"

#include <torch/torch.h>

#include "catapult/UnitScope.h"

namespace catapult {

TransformerBlockImpl::TransformerBlockImpl(int64_t width, int64_t heads) : m_heads(heads) {
    m_norm1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    m_qkv = register_module("c_attn", Fp8Linear(width, 3 * width));
    m_attnProj = register_module("attn_proj", Fp8Linear(width, width));
    m_norm2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width})));
    m_mlpUp = register_module("c_fc", Fp8Linear(width, 4 * width));
    m_mlpDown = register_module("mlp_proj", Fp8Linear(4 * width, width));
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x) {
    UnitScope unit(*this);  // a ZeRO-3 / FSDP unit: parameters gathered here
    const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
    auto qkv = m_qkv->forward(m_norm1->forward(x)).split(C, 2);            // 3 x (B, T, C)
    auto heads = [&](const torch::Tensor& t) { return t.view({B, T, m_heads, C / m_heads}).transpose(1, 2); };
    auto y = at::scaled_dot_product_attention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), {}, 0.0,
                                              /*is_causal=*/true);        // (B, nh, T, hs)
    y = y.transpose(1, 2).contiguous().view({B, T, C});
    auto h = x + m_attnProj->forward(y);
    auto m = m_mlpDown->forward(torch::gelu(m_mlpUp->forward(m_norm2->forward(h)), "tanh"));
    return unit.leave(h + m);
}

}  // namespace catapult
