// The fused CPU AdamW held to torch::optim::AdamW.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "TestSupport.h"
#include "catapult/CpuAdamW.h"

using namespace catapult;

namespace {

TEST(OptimizerTests, cpuAdamWEqualsTorchAdamW) {
    // Odd sizes (vector tails), a learning-rate change midway, fresh gradients every step.
    torch::manual_seed(9);
    const std::vector<int64_t> sizes = {1, 7, 33, 1000, 65537, 300000};
    std::vector<torch::Tensor> a, b;
    for (int64_t n : sizes) {
        auto p = torch::randn({n});
        a.push_back(p.clone());
        b.push_back(p.clone());
    }
    torch::optim::AdamW reference(a, torch::optim::AdamWOptions(3e-3).betas({0.9, 0.95}).weight_decay(0.1).eps(1e-8));
    CpuAdamW fused(b, {3e-3, 0.9, 0.95, 1e-8, 0.1});
    double worst = 0;
    for (int step = 1; step <= 30; ++step) {
        if (step == 15) {
            for (auto& group : reference.param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(1e-3);
            fused.setLr(1e-3);
        }
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            auto g = torch::randn({sizes[i]}) * (step % 2 ? 1e-2 : 1.0);
            a[i].mutable_grad() = g.clone();
            b[i].mutable_grad() = g.clone();
        }
        {
            torch::NoGradGuard noGrad;
            reference.step();
        }
        fused.step();
        for (std::size_t i = 0; i < sizes.size(); ++i)
            worst = std::max(worst, ((b[i] - a[i]).abs().max() / a[i].abs().max()).item<double>());
    }
    test::info("CpuAdamW vs torch::optim::AdamW over 30 steps: max |difference| / max |parameter| = %.3g", worst);
    ASSERT_EQ(fused.stepCount(), int64_t(30));
    ASSERT_LT(worst, 1e-6);
    // The moments match too.
    const auto& state = static_cast<torch::optim::AdamWParamState&>(*reference.state().at(a[4].unsafeGetTensorImpl()));
    ASSERT_LT(((fused.expAvgSq(4) - state.exp_avg_sq()).abs().max() / state.exp_avg_sq().abs().max()).item<double>(), 1e-6);
}

TEST(OptimizerTests, cpuAdamWRefusesOtherTensors) {
    ASSERT_THROW(CpuAdamW({torch::zeros({4}, torch::kDouble)}, {}), std::invalid_argument);
    ASSERT_THROW(CpuAdamW({torch::zeros({4, 4}).t()}, {}), std::invalid_argument);
}

}  // namespace
