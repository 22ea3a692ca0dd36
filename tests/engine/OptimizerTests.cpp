// The fused CPU AdamW held to torch::optim::AdamW, and the data-parallel path's use of it; data
// parallel gradients accumulated straight into the all-reduce buckets.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <bit>

#include "Communicator.h"
#include "DataParallel.h"
#include "FusedAdamWStep.h"
#include "TestSupport.h"
#include "catapult/CpuAdamW.h"
#include "catapult/GptModel.h"
#include "catapult/ProcessState.h"

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

// A noisy least-squares problem, 1,000 steps with beta2 = 0.999 (the second moment's updates are
// 0.1% of its value, below bf16's spacing): bf16 moments, stochastically rounded, follow the
// fp32 ones. Round-to-nearest freezes the second moment and fails the first check.
TEST(OptimizerTests, bf16MomentsFollowFp32MomentsOver1000Steps) {
    torch::manual_seed(21);
    const int64_t n = 20000;
    const auto target = torch::randn({n});
    std::vector<torch::Tensor> a{torch::zeros({n})}, b{torch::zeros({n})};
    CpuAdamW::Options o{3e-3, 0.9, 0.999, 1e-8, 0.01};
    CpuAdamW full(a, o);
    o.moments = MomentStorage::Bf16;
    CpuAdamW half(b, o);
    ASSERT_EQ(half.expAvgSq(0).scalar_type(), torch::kBFloat16);
    auto loss = [&](const torch::Tensor& p) { return (p - target).pow(2).mean().item<double>(); };
    double worstSecondMoment = 0;
    for (int step = 1; step <= 1000; ++step) {
        const auto noise = torch::randn({n});
        a[0].mutable_grad() = (a[0] - target) + noise;
        b[0].mutable_grad() = (b[0] - target) + noise;
        full.step();
        half.step();
        if (step % 100 == 0) {
            const double ratio = (half.expAvgSq(0).to(torch::kFloat).mean() / full.expAvgSq(0).mean()).item<double>();
            worstSecondMoment = std::max(worstSecondMoment, std::abs(ratio - 1));
        }
    }
    const double firstMoment =
        ((half.expAvg(0).to(torch::kFloat) - full.expAvg(0)).abs().mean() / full.expAvg(0).abs().mean()).item<double>();
    const double travelled = (a[0] - b[0]).abs().max().item<double>() / a[0].abs().max().item<double>();
    test::info("bf16 vs fp32 moments, 1,000 steps: mean second moment off by at most %.2g%%, first moment %.2g%% "
               "(mean |difference|), parameters %.2g%% of their largest; loss %.5f vs %.5f (start %.5f)",
               100 * worstSecondMoment, 100 * firstMoment, 100 * travelled, loss(b[0]), loss(a[0]),
               target.pow(2).mean().item<double>());
    ASSERT_LT(worstSecondMoment, 0.01);
    ASSERT_LT(firstMoment, 0.02);
    ASSERT_LT(travelled, 0.02);
    ASSERT_LT(std::abs(loss(b[0]) / loss(a[0]) - 1), 0.01);
}

TEST(OptimizerTests, bf16MomentsKeepANaN) {
    // A NaN of any payload stays a NaN in the bf16 moments (adding rounding noise to its bits
    // could carry it into an infinity or a zero).
    std::vector<torch::Tensor> p{torch::zeros({64})};
    CpuAdamW::Options o;
    o.moments = MomentStorage::Bf16;
    CpuAdamW adam(p, o);
    p[0].mutable_grad() = torch::full({64}, std::bit_cast<float>(0x7FFFFFFFu));
    adam.step();
    EXPECT_TRUE(adam.expAvg(0).to(torch::kFloat).isnan().all().item<bool>());
    EXPECT_TRUE(adam.expAvgSq(0).to(torch::kFloat).isnan().all().item<bool>());
}

TEST(OptimizerTests, fusedStepUpdatesTheOptimizersOwnState) {
    // fusedAdamWStep on a torch::optim::AdamW equals its own step(), state included, and a later
    // plain step() continues from that state; amsgrad and other types are left alone.
    torch::manual_seed(3);
    std::vector<torch::Tensor> a{torch::randn({513}), torch::randn({7, 9})}, b{a[0].clone(), a[1].clone()};
    const auto options = torch::optim::AdamWOptions(1e-2).betas({0.9, 0.95}).weight_decay(0.05);
    torch::optim::AdamW plain(a, options), fused(b, options);
    for (int step = 1; step <= 5; ++step) {
        for (std::size_t i = 0; i < a.size(); ++i) {
            auto g = torch::randn(a[i].sizes());
            a[i].mutable_grad() = g.clone();
            b[i].mutable_grad() = g.clone();
        }
        torch::NoGradGuard noGrad;
        plain.step();
        if (step < 5) ASSERT_TRUE(fusedAdamWStep(fused));
        else fused.step();  // torch's own step continues from the fused state
    }
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
    const auto& state = static_cast<torch::optim::AdamWParamState&>(*fused.state().at(b[0].unsafeGetTensorImpl()));
    test::info("fused step vs torch::optim::AdamW::step over 5 steps: max |difference| = %.3g", worst);
    EXPECT_LT(worst, 1e-6);
    EXPECT_EQ(state.step(), 5);
    torch::optim::AdamW amsgrad(b, torch::optim::AdamWOptions(1e-2).amsgrad(true));
    EXPECT_FALSE(fusedAdamWStep(amsgrad));
    torch::optim::SGD sgd(b, torch::optim::SGDOptions(0.1));
    EXPECT_FALSE(fusedAdamWStep(sgd));
}

TEST(OptimizerTests, dataParallelGradientsLiveInTheBuckets) {
    // Each .grad is the bucket's own memory (DDP's gradient_as_bucket_view): neighbours in a
    // bucket are neighbours in memory, and they hold the same values as a plain backward.
    ProcessState state;
    state.useCpu = true;
    auto comm = Communicator::connect(state, torch::kCPU);
    torch::manual_seed(1);
    GptModel model(GptConfig{.layers = 2, .heads = 2, .width = 32, .seqLen = 16});
    const auto params = model->parameters();
    const auto x = torch::randint(0, 256, {2, 16}), y = torch::randint(0, 256, {2, 16});
    model->loss(x, y).backward();
    std::vector<torch::Tensor> plain;
    for (const auto& p : params) plain.push_back(p.grad().clone());
    model->zero_grad();
    DataParallel dp(*comm, {});
    dp.attach(params);
    for (int round = 0; round < 2; ++round) {  // the second after zero_grad(set_to_none)
        for (auto& p : model->parameters()) p.mutable_grad().reset();
        dp.beginBackward(true);
        model->loss(x, y).backward();
        dp.finishBackward();
    }
    std::size_t adjacent = 0;
    for (std::size_t b = 0; b < dp.bucketCount(); ++b) {
        const auto& in = dp.bucketParameters(b);
        for (std::size_t i = 0; i + 1 < in.size(); ++i, ++adjacent)
            ASSERT_EQ(static_cast<char*>(params[in[i]].grad().data_ptr()) + params[in[i]].numel() * 4,
                      params[in[i + 1]].grad().data_ptr())
                << "bucket " << b << " position " << i;
    }
    double worst = 0;
    for (std::size_t i = 0; i < params.size(); ++i) worst = std::max(worst, (params[i].grad() - plain[i]).abs().max().item<double>());
    test::info("%zu bucket neighbours adjacent in memory; max |gradient - plain backward's| = %.3g", adjacent, worst);
    EXPECT_GT(adjacent, 0u);
    EXPECT_EQ(worst, 0.0);
}

}  // namespace
