#include "catapult/GptModel.h"

#include <torch/torch.h>

#include <cmath>

#include "TransformerBlock.h"
#include "catapult/Recompute.h"
#include "catapult/UnitScope.h"

namespace catapult {

GptModelImpl::GptModelImpl(const GptConfig& config) : m_config(config) {
    m_tokens = register_module("wte", torch::nn::Embedding(config.vocabSize, config.width));
    m_positions = register_module("wpe", torch::nn::Embedding(config.seqLen, config.width));
    m_blocks = register_module("h", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.layers; ++i) m_blocks->push_back(TransformerBlock(config.width, config.heads));
    m_finalNorm = register_module("ln_f", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.width})));
    m_head = register_module("lm_head", torch::nn::Linear(torch::nn::LinearOptions(config.width, config.vocabSize).bias(false)));

    torch::NoGradGuard noGrad;
    for (auto& module : modules(/*include_self=*/false)) {
        if (auto* linear = module->as<torch::nn::Linear>()) {
            linear->weight.normal_(0.0, 0.02);
            if (linear->bias.defined()) linear->bias.zero_();
        } else if (auto* fp8 = module->as<Fp8LinearImpl>()) {
            fp8->weight.normal_(0.0, 0.02);
            if (fp8->bias.defined()) fp8->bias.zero_();
        } else if (auto* embedding = module->as<torch::nn::Embedding>()) {
            embedding->weight.normal_(0.0, 0.02);
        }
    }
    const double residualStd = 0.02 / std::sqrt(2.0 * static_cast<double>(config.layers));
    for (const auto& block : *m_blocks)
        for (auto& proj : block->as<TransformerBlockImpl>()->residualProjections()) proj->weight.normal_(0.0, residualStd);
}

torch::Tensor GptModelImpl::forward(const torch::Tensor& idx) {
    const int64_t T = idx.size(1);
    TORCH_CHECK(T <= m_config.seqLen, "sequence of length ", T, " is longer than seq_len ", m_config.seqLen);
    UnitScope unit(*this);  // the root unit under ZeRO-3: embeddings, final norm, head
    auto pos = torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(idx.device()));
    auto x = m_tokens->forward(idx) + m_positions->forward(pos);  // (B, T, C)
    for (const auto& block : *m_blocks) {
        auto* b = block->as<TransformerBlockImpl>();
        x = m_recompute ? recomputed([b](const torch::Tensor& in) { return b->forward(in); }, x) : b->forward(x);
    }
    return unit.leave(m_head->forward(m_finalNorm->forward(x)));  // (B, T, V)
}

torch::Tensor GptModelImpl::loss(const torch::Tensor& x, const torch::Tensor& y) {
    // In fp32 whatever the forward ran in (CPU autocast would leave log-softmax in bf16).
    auto logits = forward(x).to(torch::kFloat);
    return torch::nn::functional::cross_entropy(logits.view({-1, logits.size(-1)}), y.reshape({-1}));
}

}  // namespace catapult
