#pragma once
// Gradient "sync" for a single process: nothing to exchange.

#include "GradientSync.h"

namespace catapult {

class LocalGradients final : public GradientSync {
public:
    void attach(const std::vector<torch::Tensor>&) override {}
    void beginBackward(bool) override {}
    void finishBackward() override {}
    double globalGradSquaredNorm(const std::vector<torch::Tensor>& parameters) override {
        return localGradSquaredNorm(parameters);
    }
};

}  // namespace catapult
