#include "LossScaler.h"

#include <torch/torch.h>

namespace catapult {

LossScaler::LossScaler(torch::Device device, Options options) : m_options(options) {
    const auto f = torch::TensorOptions().dtype(torch::kFloat).device(device);
    m_scale = torch::full({1}, options.initialScale, f);
    m_growthTracker = torch::zeros({1}, f.dtype(torch::kInt));
    m_foundInf = torch::zeros({1}, f);
}

torch::Tensor LossScaler::scaled(const torch::Tensor& loss) const { return loss * m_scale.to(loss.dtype()).squeeze(); }

void LossScaler::unscale(const std::vector<torch::Tensor>& parameters) {
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters)
        if (p.grad().defined()) grads.push_back(p.grad());
    unscaleGradients(grads);
}

void LossScaler::unscaleGradients(const std::vector<torch::Tensor>& grads) {
    torch::NoGradGuard noGrad;
    m_foundInf.zero_();
    const torch::Tensor inverse = m_scale.to(torch::kDouble).reciprocal().to(torch::kFloat);
    std::vector<torch::Tensor> here, elsewhere;
    for (const auto& g : grads) (g.device() == m_scale.device() ? here : elsewhere).push_back(g);
    if (!here.empty()) at::_amp_foreach_non_finite_check_and_unscale_(here, m_foundInf, inverse);
    if (!elsewhere.empty()) {  // offloaded shards on the CPU while the scale lives on a GPU
        const torch::Device d = elsewhere.front().device();
        torch::Tensor found = torch::zeros({1}, m_foundInf.options().device(d));
        at::_amp_foreach_non_finite_check_and_unscale_(elsewhere, found, inverse.to(d));
        m_foundInf.copy_(torch::maximum(m_foundInf, found.to(m_foundInf.device())));
    }
}

bool LossScaler::foundNonFinite() const { return m_foundInf.item<float>() != 0.0f; }

void LossScaler::update() {
    if (foundNonFinite()) ++m_skipped;
    at::_amp_update_scale_(m_scale, m_growthTracker, m_foundInf, m_options.growthFactor, m_options.backoffFactor,
                           m_options.growthInterval);
}

double LossScaler::scale() const { return m_scale.item<double>(); }

std::vector<NamedTensor> LossScaler::state() const {
    return {{"scaler.scale", m_scale}, {"scaler.growth_tracker", m_growthTracker},
            {"scaler.skipped_steps", torch::tensor({m_skipped}, torch::kLong)}};
}

void LossScaler::loadState(const SafetensorsFile& file) {
    torch::NoGradGuard noGrad;
    m_scale.copy_(file.tensor("scaler.scale"));
    m_growthTracker.copy_(file.tensor("scaler.growth_tracker"));
    m_skipped = file.tensor("scaler.skipped_steps").item<int64_t>();
}

}  // namespace catapult
