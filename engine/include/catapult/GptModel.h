#pragma once
// The built-in byte-level GPT. forward(idx) maps token ids (B, T) of int64 to logits (B, T, V).
// Initialisation follows GPT-2: N(0, 0.02) weights, zero biases, residual projections scaled
// by 1/sqrt(2 * layers).

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include "catapult/GptConfig.h"

namespace catapult {

class GptModelImpl : public torch::nn::Module {
public:
    explicit GptModelImpl(const GptConfig& config);
    torch::Tensor forward(const torch::Tensor& idx);
    // Mean cross-entropy (nats) of next-token prediction: logits for x against targets y.
    torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y);
    const GptConfig& config() const { return m_config; }
    // Recompute each block in backward instead of keeping its activations (Recompute.h).
    void setActivationCheckpointing(bool on) { m_recompute = on; }

private:
    GptConfig m_config;
    torch::nn::Embedding m_tokens{nullptr};
    torch::nn::Embedding m_positions{nullptr};
    torch::nn::ModuleList m_blocks{nullptr};
    torch::nn::LayerNorm m_finalNorm{nullptr};
    torch::nn::Linear m_head{nullptr};
    bool m_recompute = false;
};
TORCH_MODULE(GptModel);

}  // namespace catapult
