#pragma once
// Optimizer and learning-rate settings shared by the recipe and the reference trainer:
// AdamW (betas 0.9/0.95) with linear warmup then cosine decay to minLrRatio * lr.

#include <torch/optim/adamw.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace catapult {

struct TrainingSettings {
    double lr = 3e-3;
    double minLrRatio = 0.1;
    int64_t warmupSteps = 20;
    int64_t totalSteps = 300;
    double weightDecay = 0.1;
    double gradClip = 1.0;  // <= 0: no clipping

    // Learning rate for optimizer step `step` (1-based).
    double lrAt(int64_t step) const;
    std::unique_ptr<torch::optim::AdamW> makeOptimizer(const std::vector<torch::Tensor>& parameters) const;
    static void setLr(torch::optim::Optimizer& optimizer, double lr);
};

}  // namespace catapult
