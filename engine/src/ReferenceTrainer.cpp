#include "catapult/ReferenceTrainer.h"

#include <torch/torch.h>

namespace catapult {

namespace {
GptModel seededModel(const GptConfig& config, uint64_t seed) {
    torch::manual_seed(seed);
    return GptModel(config);
}
}  // namespace

ReferenceTrainer::ReferenceTrainer(const GptConfig& model, const TrainingSettings& settings, uint64_t seed)
    : m_model(seededModel(model, seed)), m_settings(settings) {
    m_optimizer = m_settings.makeOptimizer(m_model->parameters());
}

double ReferenceTrainer::step(const torch::Tensor& x, const torch::Tensor& y) {
    ++m_step;
    TrainingSettings::setLr(*m_optimizer, m_settings.lrAt(m_step));
    auto loss = m_model->loss(x, y);
    loss.backward();
    if (m_settings.gradClip > 0) torch::nn::utils::clip_grad_norm_(m_model->parameters(), m_settings.gradClip);
    m_optimizer->step();
    m_optimizer->zero_grad();
    return loss.item<double>();
}

}  // namespace catapult
