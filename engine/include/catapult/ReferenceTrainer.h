#pragma once
// A plain single-process trainer for the built-in GPT: forward, mean cross-entropy, backward,
// global-norm clipping, AdamW with the shared schedule. No Accelerator, no communication:
// the yardstick that the data-parallel paths are held to in tests.

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <vector>

#include "catapult/GptConfig.h"
#include "catapult/GptModel.h"
#include "catapult/TrainingSettings.h"

namespace catapult {

class ReferenceTrainer {
public:
    // The model is initialised exactly as the recipe does: torch::manual_seed(seed), then built.
    ReferenceTrainer(const GptConfig& model, const TrainingSettings& settings, uint64_t seed);

    // One optimizer step on the global batch (B, T); returns the loss before the step.
    double step(const torch::Tensor& x, const torch::Tensor& y);
    std::vector<torch::Tensor> parameters() const { return m_model->parameters(); }
    GptModel& model() { return m_model; }

private:
    GptModel m_model;
    TrainingSettings m_settings;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    int64_t m_step = 0;
};

}  // namespace catapult
