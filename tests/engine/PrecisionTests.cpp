// Mixed precision tests: bf16/fp16 against fp32, the fp16 loss scaler, FP8 linear numerics,
// FP8 training against bf16 (current and delayed scaling), and data parallel FP8.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <map>

#include "RankHelper.h"
#include "TestSupport.h"
#include "catapult/Accelerator.h"
#include "catapult/Autocast.h"
#include "catapult/BatchStream.h"
#include "catapult/TokenCorpus.h"
#include "catapult/Fp8Linear.h"
#include "catapult/GptModel.h"
#include "catapult/TrainingSettings.h"

using namespace catapult;

namespace {

GptConfig smallModel() { return GptConfig{.layers = 2, .heads = 4, .width = 64, .seqLen = 32}; }

ProcessState singleProcess(MixedPrecision precision, const std::map<std::string, std::string>& fp8Env = {}) {
    ProcessState s;
    s.useCpu = true;
    s.mixedPrecision = precision;
    s.fp8 = Fp8Settings::fromEnvironment(fp8Env).value();
    return s;
}

// Trains the small GPT in this process and returns the loss of every step.
std::vector<double> trainLosses(const ProcessState& state, int64_t steps, uint64_t seed = 11) {
    auto made = Accelerator::create(state);
    if (!made.ok()) {
        std::fprintf(stderr, "%s\n", made.status().message().c_str());
        std::abort();
    }
    Accelerator& acc = *made.value();
    static const TokenCorpus corpus = TokenCorpus::load(TokenCorpus::defaultPaths()).value();
    TrainingSettings settings;
    settings.lr = 3e-3;
    settings.warmupSteps = 10;
    settings.totalSteps = steps;
    settings.gradClip = 1.0;
    torch::manual_seed(seed);
    GptModel model(smallModel());
    test::prepareOrFail(acc, *model);
    auto optimizer = settings.makeOptimizer(model->parameters());
    BatchStream batches(corpus, smallModel().seqLen, 8, 1, 0, seed, acc.device());
    std::vector<double> losses;
    for (int64_t step = 1; step <= steps; ++step) {
        TrainingSettings::setLr(*optimizer, settings.lrAt(step));
        auto guard = acc.accumulate();
        auto [x, y] = batches.next();
        const torch::Tensor loss = test::autocastLoss(acc, model, x, y);
        acc.backward(loss);
        acc.clipGradNorm(settings.gradClip);
        acc.step(*optimizer);
        losses.push_back(loss.item<double>());
    }
    return losses;
}

double tailMean(const std::vector<double>& v, std::size_t n = 20) {
    double sum = 0;
    for (std::size_t i = v.size() - n; i < v.size(); ++i) sum += v[i];
    return sum / static_cast<double>(n);
}

double relativeError(const torch::Tensor& got, const torch::Tensor& want) {
    return ((got.to(torch::kFloat) - want.to(torch::kFloat)).norm() / want.to(torch::kFloat).norm()).item<double>();
}

const std::vector<double>& bf16Curve300() {
    static const std::vector<double> curve = trainLosses(singleProcess(MixedPrecision::Bf16), 300);
    return curve;
}

struct PrecisionRow {
    const char* tag;
    MixedPrecision precision;
};
// gtest shows a row by its tag.
void PrintTo(const PrecisionRow& row, std::ostream* os) { *os << row.tag; }

class MixedPrecisionTracksFp32 : public ::testing::TestWithParam<PrecisionRow> {};

TEST_P(MixedPrecisionTracksFp32, Row) {
    const MixedPrecision precision = GetParam().precision;
    static const std::vector<double> fp32 = trainLosses(singleProcess(MixedPrecision::No), 200);
    const auto mixed = trainLosses(singleProcess(precision), 200);
    const double a = tailMean(fp32), b = tailMean(mixed);
    double worst = 0;  // largest gap of 20-step means along the curve
    for (std::size_t end = 20; end <= fp32.size(); end += 20) {
        double sa = 0, sb = 0;
        for (std::size_t i = end - 20; i < end; ++i) sa += fp32[i], sb += mixed[i];
        worst = std::max(worst, std::abs(sa - sb) / sa);
    }
    test::info("%s: loss %.4f -> %.4f (mean of last 20); fp32 %.4f -> %.4f; end gap %.2f%%, worst 20-step gap %.2f%%",
               GetParam().tag, mixed.front(), b, fp32.front(), a, 100 * std::abs(a - b) / a, 100 * worst);
    ASSERT_LT(std::abs(mixed.front() - fp32.front()) / fp32.front(), 0.01);
    ASSERT_LT(std::abs(a - b) / a, 0.02);  // tolerance: 2% of the fp32 loss
    ASSERT_LT(worst, 0.03);
}

INSTANTIATE_TEST_SUITE_P(PrecisionTests, MixedPrecisionTracksFp32,
                         ::testing::Values(PrecisionRow{"bf16", MixedPrecision::Bf16},
                                           PrecisionRow{"fp16", MixedPrecision::Fp16}),
                         test::rowName<PrecisionRow>);

struct AutocastRow {
    const char* tag;
    MixedPrecision precision;
    torch::ScalarType expected;
};
void PrintTo(const AutocastRow& row, std::ostream* os) { *os << row.tag; }

class AutocastComputesInTheLowPrecision : public ::testing::TestWithParam<AutocastRow> {};

TEST_P(AutocastComputesInTheLowPrecision, Row) {
    // The loss-curve comparison above cannot tell autocast from fp32 when both learn alike:
    // look at what the model's layers actually compute in under acc.autocast().
    const MixedPrecision precision = GetParam().precision;
    const torch::ScalarType expected = GetParam().expected;
    auto made = Accelerator::create(singleProcess(precision));
    ASSERT_TRUE(made.ok());
    Accelerator& acc = *made.value();
    torch::manual_seed(3);
    torch::nn::Linear layer(64, 32);
    const auto x = torch::randn({8, 64});
    torch::Tensor inside;
    {
        auto amp = acc.autocast();
        inside = layer->forward(x);
    }
    const torch::Tensor outside = layer->forward(x);
    ASSERT_EQ(inside.scalar_type(), expected);
    ASSERT_EQ(outside.scalar_type(), torch::kFloat);  // the scope ends with its block
    ASSERT_EQ(layer->weight.scalar_type(), torch::kFloat);  // master weights stay fp32
}

INSTANTIATE_TEST_SUITE_P(PrecisionTests, AutocastComputesInTheLowPrecision,
                         ::testing::Values(AutocastRow{"no", MixedPrecision::No, torch::kFloat},
                                           AutocastRow{"bf16", MixedPrecision::Bf16, torch::kBFloat16},
                                           AutocastRow{"fp16", MixedPrecision::Fp16, torch::kHalf}),
                         test::rowName<AutocastRow>);

TEST(PrecisionTests, fp16ScalerSkipsAndRecovers) {
    AcceleratorOptions options;
    options.lossScaleGrowthInterval = 3;
    auto made = Accelerator::create(singleProcess(MixedPrecision::Fp16), options);
    ASSERT_TRUE(made.ok());
    Accelerator& acc = *made.value();
    torch::manual_seed(3);
    GptModel model(smallModel());
    test::prepareOrFail(acc, *model);
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-3));
    auto x = torch::randint(0, 256, {4, 32}, torch::kLong), y = torch::randint(0, 256, {4, 32}, torch::kLong);
    const auto step = [&](double factor) {
        auto guard = acc.accumulate();
        acc.backward(test::autocastLoss(acc, model, x, y) * factor);
        acc.step(optimizer);
    };
    const auto snapshot = [&] {
        std::vector<torch::Tensor> out;
        for (auto& p : model->parameters()) out.push_back(p.detach().clone());
        return out;
    };
    const auto same = [](const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!torch::equal(a[i], b[i])) return false;
        return true;
    };
    ASSERT_EQ(acc.lossScale(), 65536.0);
    step(1.0);
    step(1.0);
    ASSERT_EQ(acc.skippedSteps(), int64_t(0));
    const auto before = snapshot();
    step(std::numeric_limits<double>::infinity());  // injected inf: every gradient non-finite
    ASSERT_TRUE(same(before, snapshot()));          // the step was skipped
    ASSERT_EQ(acc.skippedSteps(), int64_t(1));
    ASSERT_EQ(acc.lossScale(), 32768.0);            // backoff 0.5
    step(1.0);
    ASSERT_FALSE(same(before, snapshot()));         // training continues
    step(1.0);
    ASSERT_EQ(acc.lossScale(), 32768.0);
    step(1.0);
    ASSERT_EQ(acc.lossScale(), 65536.0);  // growth 2.0 after 3 finite steps in a row
    for (auto& p : model->parameters()) ASSERT_TRUE(torch::isfinite(p).all().item<bool>());
}

struct Fp8LinearRow {
    const char* tag;
    const char* format;
    double gradBound;
};
void PrintTo(const Fp8LinearRow& row, std::ostream* os) { *os << row.tag; }

class Fp8LinearMatchesFp32 : public ::testing::TestWithParam<Fp8LinearRow> {};

TEST_P(Fp8LinearMatchesFp32, Row) {
    const std::string format = GetParam().format;
    const double gradBound = GetParam().gradBound;
    torch::manual_seed(5);
    Fp8Linear fp8(128, 256);
    auto x = torch::randn({4, 16, 128}, torch::requires_grad());
    const auto gy = torch::randn({4, 16, 256});
    // Reference in fp32.
    auto xr = x.detach().clone().requires_grad_(true);
    auto wr = fp8->weight.detach().clone().requires_grad_(true);
    auto br = fp8->bias.detach().clone().requires_grad_(true);
    auto yr = torch::nn::functional::linear(xr, wr, br);
    yr.backward(gy);
    const Fp8Settings settings = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_FORMAT", format}}).value();
    torch::Tensor y;
    {
        AutocastScope scope(torch::kCPU, MixedPrecision::Fp8, settings);
        y = fp8->forward(x);
    }
    ASSERT_EQ(y.scalar_type(), torch::kBFloat16);
    y.backward(gy.to(torch::kBFloat16));
    ASSERT_EQ(fp8->fp8Products(), int64_t(3));
    const double ey = relativeError(y, yr), ex = relativeError(x.grad(), xr.grad()),
                 ew = relativeError(fp8->weight.grad(), wr.grad()), eb = relativeError(fp8->bias.grad(), br.grad());
    test::info("%s: relative error output %.4f, input grad %.4f, weight grad %.4f, bias grad %.4f", format.c_str(), ey,
               ex, ew, eb);
    ASSERT_EQ(fp8->weight.grad().scalar_type(), torch::kFloat);  // fp32 master weights get fp32 gradients
    ASSERT_LT(ey, 0.06);  // e4m3: 3 mantissa bits, about 3.5% on random normal data
    ASSERT_LT(ex, gradBound);
    ASSERT_LT(ew, gradBound);
    ASSERT_LT(eb, 0.01);

    // Sizes that are not multiples of 16 stay an exact fp32 linear.
    Fp8Linear odd(100, 50);
    auto xo = torch::randn({8, 100});
    torch::Tensor yo;
    {
        AutocastScope scope(torch::kCPU, MixedPrecision::Fp8, settings);
        yo = odd->forward(xo);
    }
    ASSERT_EQ(odd->fp8Products(), int64_t(0));
    ASSERT_TRUE(torch::allclose(yo.to(torch::kFloat), torch::nn::functional::linear(xo, odd->weight, odd->bias), 1e-2, 1e-2));
}

INSTANTIATE_TEST_SUITE_P(PrecisionTests, Fp8LinearMatchesFp32,
                         ::testing::Values(Fp8LinearRow{"HYBRID (e5m2 gradients)", "HYBRID", 0.10},
                                           Fp8LinearRow{"E4M3", "E4M3", 0.07}),
                         test::rowName<Fp8LinearRow>);

struct ScaledMmRow {
    const char* tag;
    int m, k, n;
    bool e5m2;
    torch::ScalarType out;
};
void PrintTo(const ScaledMmRow& row, std::ostream* os) { *os << row.tag; }

class Fp8EmulationEqualsScaledMm : public ::testing::TestWithParam<ScaledMmRow> {};

TEST_P(Fp8EmulationEqualsScaledMm, Row) {
    // On CPU Fp8Linear multiplies through scaledMatmul's emulation; it must give what
    // LibTorch's own _scaled_mm gives. Small integers are exact in both formats and their sums
    // exact in fp32, and the factors are powers of two, so every correct kernel (whatever its
    // summation order or where it applies the scales) gives these exact bits.
    [[maybe_unused]] const auto [tag, m, k, n, e5m2, out] = GetParam();
    torch::manual_seed(m + k + n);
    const auto aType = e5m2 ? at::kFloat8_e5m2 : at::kFloat8_e4m3fn;
    const torch::Tensor a = torch::randint(-8, 9, {m, k}).to(aType);
    const torch::Tensor bRows = torch::randint(-16, 17, {n, k}).to(at::kFloat8_e4m3fn);  // weights, N x K
    const torch::Tensor fa = torch::full({}, 0.25f), fb = torch::full({}, 8.0f);
    const at::ScalarType outType = out;
    const torch::Tensor emulated = scaledMatmul(a, bRows.t(), fa, fb, outType, false);
    const torch::Tensor reference =
        at::_scaled_mm(a, bRows.t(), fa, fb, std::nullopt, std::nullopt, outType, false);
    ASSERT_EQ(emulated.scalar_type(), outType);
    ASSERT_EQ(emulated.sizes().vec(), reference.sizes().vec());
    ASSERT_GT(emulated.abs().max().item<double>(), 0);
    ASSERT_TRUE(torch::equal(emulated, reference));
}

INSTANTIATE_TEST_SUITE_P(PrecisionTests, Fp8EmulationEqualsScaledMm,
                         ::testing::Values(ScaledMmRow{"16x32x16 e4m3 -> bf16", 16, 32, 16, false, torch::kBFloat16},
                                           ScaledMmRow{"48x64x32 e4m3 -> fp32", 48, 64, 32, false, torch::kFloat},
                                           ScaledMmRow{"32x96x64 e5m2 x e4m3 -> bf16", 32, 96, 64, true, torch::kBFloat16},
                                           ScaledMmRow{"64x128x48 e5m2 x e4m3 -> fp32", 64, 128, 48, true, torch::kFloat}),
                         test::rowName<ScaledMmRow>);

TEST(PrecisionTests, fp8ClampsBeforeTheCast) {
    // Delayed scaling starts with scale 1: an activation of 1000 exceeds e4m3's 448 and would
    // become NaN in a plain cast; clamped, the output stays finite.
    Fp8Linear layer(16, 16);
    auto x = torch::ones({16, 16});
    x[0][0] = 1000.0;
    const Fp8Settings delayed = Fp8Settings::fromEnvironment({{"CATAPULT_FP8_RECIPE", "delayed"}}).value();
    torch::Tensor y;
    {
        AutocastScope scope(torch::kCPU, MixedPrecision::Fp8, delayed);
        y = layer->forward(x);
    }
    ASSERT_TRUE(torch::isfinite(y).all().item<bool>());
    ASSERT_EQ(torch::tensor({1000.0f}).to(at::kFloat8_e4m3fn).to(torch::kFloat).isnan().item<bool>(), true);
    // The history now holds amax 1000: the next scale is 448 / 1000.
    ASSERT_LT(std::abs(layer->inputScale() - 0.448), 1e-4);
}

TEST(PrecisionTests, fp8SettingsFromAccelerateConfig) {
    auto te = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "TE"},
                                            {"ACCELERATE_FP8_FORMAT", "E4M3"},
                                            {"ACCELERATE_FP8_AMAX_HISTORY_LEN", "16"},
                                            {"ACCELERATE_FP8_AMAX_COMPUTE_ALGO", "most_recent"},
                                            {"ACCELERATE_FP8_MARGIN", "1"},
                                            {"ACCELERATE_FP8_INTERVAL", "2"}});
    ASSERT_TRUE(te.ok());
    ASSERT_EQ(te.value().describe(), std::string("delayed scaling (history 16, most_recent, margin 1, interval 2), E4M3, backend TE"));
    ASSERT_EQ(Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "AO"}}).value().describe(),
              std::string("current scaling, HYBRID, backend AO"));
    ASSERT_EQ(Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "MSAMP"}}).value().scaling, Fp8Settings::Scaling::Current);
    auto e5 = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_FORMAT", "E5M2"}});
    ASSERT_FALSE(e5.ok());
    ASSERT_TRUE(e5.status().message().find("use HYBRID") != std::string::npos) << e5.status().message();
    ASSERT_FALSE(Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_AMAX_COMPUTE_ALGO", "mean"}}).ok());
}

struct RecipeRow {
    const char* tag;
    const char* recipe;
};
void PrintTo(const RecipeRow& row, std::ostream* os) { *os << row.tag; }

class Fp8TrainingTracksBf16 : public ::testing::TestWithParam<RecipeRow> {};

TEST_P(Fp8TrainingTracksBf16, Row) {
    const std::string recipe = GetParam().recipe;
    const auto& bf16 = bf16Curve300();
    const auto fp8 = trainLosses(
        singleProcess(MixedPrecision::Fp8, {{"CATAPULT_FP8_RECIPE", recipe}, {"ACCELERATE_FP8_AMAX_HISTORY_LEN", "16"}}), 300);
    const double a = tailMean(bf16), b = tailMean(fp8);
    test::info("fp8 %s: loss %.4f -> %.4f (mean of last 20) vs bf16 %.4f -> %.4f: %.2f%% apart after 300 steps",
               recipe.c_str(), fp8.front(), b, bf16.front(), a, 100 * std::abs(a - b) / a);
    ASSERT_LT(b, 0.85 * fp8.front());  // it learns
    ASSERT_LT(std::abs(a - b) / a, 0.03);
}

INSTANTIATE_TEST_SUITE_P(PrecisionTests, Fp8TrainingTracksBf16,
                         ::testing::Values(RecipeRow{"current scaling", "current"},
                                           RecipeRow{"delayed scaling, history 16", "delayed"}),
                         test::rowName<RecipeRow>);

TEST(PrecisionTests, dataParallelFp8MatchesOneRank) {
    // 2 ranks with batch b in FP8 against 1 process with the same 2b samples in FP8: the
    // averaged first-step gradients and the loss curve over 40 steps.
    const int steps = 40;
    test::TempDir dir;
    ASSERT_TRUE(dir.isValid());
    const test::RanksOutcome outcome = test::launchRankHelpers(
        2, {"--steps", std::to_string(steps), "--out", dir.filePath("params.pt"), "--losses", dir.filePath("losses.pt"),
            "--first_grads", dir.filePath("grads.pt")},
        dir.path(), MixedPrecision::Fp8);
    ASSERT_TRUE(outcome.success) << outcome.reason;
    torch::Tensor ddpLosses;
    std::vector<torch::Tensor> ddpGrads;
    torch::load(ddpLosses, dir.filePath("losses.pt"));
    torch::load(ddpGrads, dir.filePath("grads.pt"));

    auto corpus = TokenCorpus::load(TokenCorpus::defaultPaths());
    ASSERT_TRUE(corpus.ok());
    const auto model = test::helperModel();
    const TrainingSettings ts = test::helperSettings(steps);
    auto made = Accelerator::create(singleProcess(MixedPrecision::Fp8));
    ASSERT_TRUE(made.ok());
    Accelerator& acc = *made.value();
    torch::manual_seed(test::kHelperSeed);
    GptModel single(model);
    test::prepareOrFail(acc, *single);
    auto optimizer = ts.makeOptimizer(single->parameters());
    BatchStream rank0(corpus.value(), model.seqLen, test::kHelperBatch, 2, 0, test::kHelperSeed, torch::kCPU);
    BatchStream rank1(corpus.value(), model.seqLen, test::kHelperBatch, 2, 1, test::kHelperSeed, torch::kCPU);
    double gradError = 0, lossGap = 0, worstGap = 0;
    for (int step = 1; step <= steps; ++step) {
        TrainingSettings::setLr(*optimizer, ts.lrAt(step));
        auto [x0, y0] = rank0.next();
        auto [x1, y1] = rank1.next();
        auto guard = acc.accumulate();
        const torch::Tensor loss = test::autocastLoss(acc, single, torch::cat({x0, x1}), torch::cat({y0, y1}));
        acc.backward(loss);
        if (step == 1) {
            torch::Tensor num = torch::zeros({}), den = torch::zeros({});
            const auto params = single->parameters();
            for (std::size_t i = 0; i < params.size(); ++i) {
                num += (ddpGrads[i] - params[i].grad()).pow(2).sum();
                den += params[i].grad().pow(2).sum();
            }
            gradError = (num.sqrt() / den.sqrt()).item<double>();
        }
        acc.clipGradNorm(ts.gradClip);
        acc.step(*optimizer);
        const double gap = std::abs(ddpLosses[step - 1].item<double>() - loss.item<double>()) / loss.item<double>();
        lossGap += gap / steps;
        worstGap = std::max(worstGap, gap);
    }
    test::info("fp8, 2 ranks x b vs 1 rank x 2b: first-step gradient relative difference %.4f; loss over %d steps: mean "
               "relative difference %.4f%%, largest %.4f%% (losses %.4f -> %.4f)",
               gradError, steps, 100 * lossGap, 100 * worstGap, ddpLosses[0].item<double>(),
               ddpLosses[steps - 1].item<double>());
    // Each rank scales its own half of the batch (its own amax), so the FP8 rounding differs
    // from the single process by about the FP8 error of one product (a few percent).
    ASSERT_LT(gradError, 0.05);
    ASSERT_LT(lossGap, 0.005);
    ASSERT_LT(worstGap, 0.01);
}

}  // namespace
