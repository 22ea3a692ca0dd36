#pragma once
// Dynamic loss scaling for fp16, with the semantics of torch.amp.GradScaler: the loss is
// multiplied by the scale before backward; after the gradients are complete they are divided
// by it and checked; a step with a non-finite gradient is skipped and the scale multiplied by
// the backoff; after `growthInterval` finite steps in a row it is multiplied by the growth
// factor. Uses LibTorch's _amp_foreach_non_finite_check_and_unscale_ and _amp_update_scale_.
// Internal to the engine.

#include <torch/types.h>

#include <vector>

#include "SafetensorsFile.h"

namespace catapult {

class LossScaler {
public:
    struct Options {
        double initialScale = 65536.0;
        double growthFactor = 2.0;
        double backoffFactor = 0.5;
        int64_t growthInterval = 2000;
    };
    LossScaler(torch::Device device, Options options);

    torch::Tensor scaled(const torch::Tensor& loss) const;
    // Divides the gradients by the scale and records whether any was not finite.
    void unscale(const std::vector<torch::Tensor>& parameters);
    // The same for gradient tensors themselves (ZeRO shards; any device).
    void unscaleGradients(const std::vector<torch::Tensor>& grads);
    // 1 when a non-finite gradient was seen since the last unscale (to agree across ranks).
    torch::Tensor& foundInf() { return m_foundInf; }
    bool foundNonFinite() const;
    // After the (possibly skipped) optimizer step: adjusts the scale; counts skipped steps.
    void update();

    double scale() const;
    // The scale, growth tracker and skipped-step count, for checkpoints.
    std::vector<NamedTensor> state() const;
    void loadState(const SafetensorsFile& file);
    int64_t skippedSteps() const { return m_skipped; }

private:
    Options m_options;
    torch::Tensor m_scale;          // f32[1]
    torch::Tensor m_growthTracker;  // i32[1]
    torch::Tensor m_foundInf;       // f32[1]
    int64_t m_skipped = 0;
};

}  // namespace catapult
