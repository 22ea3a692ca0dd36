#pragma once
// The strategy that turns each rank's local gradients into the gradients the optimizer
// steps on. Chosen once when the Accelerator is built: LocalGradients (one process) or
// DataParallel (bucketed all-reduce). Later strategies (ZeRO) implement the same interface.

#include <torch/types.h>

#include <vector>

namespace catapult {

class GradientSync {
public:
    virtual ~GradientSync() = default;
    // Takes the model's parameters (leaf tensors that require grad) once, after they are on
    // the device and identical on every rank.
    virtual void attach(const std::vector<torch::Tensor>& parameters) = 0;
    // Called before backward; `synchronize` is false on gradient-accumulation micro-steps.
    virtual void beginBackward(bool synchronize) = 0;
    // Called after backward: when synchronizing, every parameter's .grad holds the average
    // over ranks when this returns.
    virtual void finishBackward() = 0;
    // Sum of squared gradient entries over the whole model, identical on every rank.
    virtual double globalGradSquaredNorm(const std::vector<torch::Tensor>& parameters) = 0;
};

// Sum of squares of the local .grad tensors (computed in fp32 or wider on the device).
double localGradSquaredNorm(const std::vector<torch::Tensor>& parameters);

}  // namespace catapult
