#include "catapult/TrainingSettings.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace catapult {

double TrainingSettings::lrAt(int64_t step) const {
    if (warmupSteps > 0 && step <= warmupSteps) return lr * static_cast<double>(step) / static_cast<double>(warmupSteps);
    const double span = static_cast<double>(std::max<int64_t>(1, totalSteps - warmupSteps));
    const double progress = std::clamp(static_cast<double>(step - warmupSteps) / span, 0.0, 1.0);
    const double minLr = lr * minLrRatio;
    return minLr + 0.5 * (lr - minLr) * (1.0 + std::cos(std::numbers::pi * progress));
}

std::unique_ptr<torch::optim::AdamW> TrainingSettings::makeOptimizer(const std::vector<torch::Tensor>& parameters) const {
    torch::optim::AdamWOptions options(lrAt(1));
    options.betas({0.9, 0.95}).weight_decay(weightDecay).eps(1e-8);
    return std::make_unique<torch::optim::AdamW>(parameters, options);
}

void TrainingSettings::setLr(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace catapult
