#include "PrecisionTests.h"

#include <torch/torch.h>

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "RankHelper.h"
#include "catapult/Accelerator.h"
#include "catapult/Autocast.h"
#include "catapult/BatchStream.h"
#include "catapult/ByteCorpus.h"
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
    if (!made.ok()) qFatal("%s", made.status().message().c_str());
    Accelerator& acc = *made.value();
    static const ByteCorpus corpus = ByteCorpus::load(ByteCorpus::defaultPaths()).value();
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

}  // namespace

void PrecisionTests::mixedPrecisionTracksFp32_data() {
    QTest::addColumn<int>("precision");
    QTest::newRow("bf16") << static_cast<int>(MixedPrecision::Bf16);
    QTest::newRow("fp16") << static_cast<int>(MixedPrecision::Fp16);
}

void PrecisionTests::mixedPrecisionTracksFp32() {
    QFETCH(int, precision);
    static const std::vector<double> fp32 = trainLosses(singleProcess(MixedPrecision::No), 200);
    const auto mixed = trainLosses(singleProcess(static_cast<MixedPrecision>(precision)), 200);
    const double a = tailMean(fp32), b = tailMean(mixed);
    double worst = 0;  // largest gap of 20-step means along the curve
    for (std::size_t end = 20; end <= fp32.size(); end += 20) {
        double sa = 0, sb = 0;
        for (std::size_t i = end - 20; i < end; ++i) sa += fp32[i], sb += mixed[i];
        worst = std::max(worst, std::abs(sa - sb) / sa);
    }
    qInfo("%s: loss %.4f -> %.4f (mean of last 20); fp32 %.4f -> %.4f; end gap %.2f%%, worst 20-step gap %.2f%%",
          QTest::currentDataTag(), mixed.front(), b, fp32.front(), a, 100 * std::abs(a - b) / a, 100 * worst);
    QVERIFY(std::abs(mixed.front() - fp32.front()) / fp32.front() < 0.01);
    QVERIFY(std::abs(a - b) / a < 0.02);  // tolerance: 2% of the fp32 loss
    QVERIFY(worst < 0.03);
}

void PrecisionTests::autocastComputesInTheLowPrecision_data() {
    QTest::addColumn<int>("precision");
    QTest::addColumn<int>("expected");
    QTest::newRow("no") << static_cast<int>(MixedPrecision::No) << static_cast<int>(torch::kFloat);
    QTest::newRow("bf16") << static_cast<int>(MixedPrecision::Bf16) << static_cast<int>(torch::kBFloat16);
    QTest::newRow("fp16") << static_cast<int>(MixedPrecision::Fp16) << static_cast<int>(torch::kHalf);
}

void PrecisionTests::autocastComputesInTheLowPrecision() {
    // The loss-curve comparison above cannot tell autocast from fp32 when both learn alike:
    // look at what the model's layers actually compute in under acc.autocast().
    QFETCH(int, precision);
    QFETCH(int, expected);
    auto made = Accelerator::create(singleProcess(static_cast<MixedPrecision>(precision)));
    QVERIFY(made.ok());
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
    QCOMPARE(static_cast<int>(inside.scalar_type()), expected);
    QCOMPARE(outside.scalar_type(), torch::kFloat);  // the scope ends with its block
    QCOMPARE(layer->weight.scalar_type(), torch::kFloat);  // master weights stay fp32
}

void PrecisionTests::fp16ScalerSkipsAndRecovers() {
    AcceleratorOptions options;
    options.lossScaleGrowthInterval = 3;
    auto made = Accelerator::create(singleProcess(MixedPrecision::Fp16), options);
    QVERIFY(made.ok());
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
    QCOMPARE(acc.lossScale(), 65536.0);
    step(1.0);
    step(1.0);
    QCOMPARE(acc.skippedSteps(), int64_t(0));
    const auto before = snapshot();
    step(std::numeric_limits<double>::infinity());  // injected inf: every gradient non-finite
    QVERIFY(same(before, snapshot()));              // the step was skipped
    QCOMPARE(acc.skippedSteps(), int64_t(1));
    QCOMPARE(acc.lossScale(), 32768.0);             // backoff 0.5
    step(1.0);
    QVERIFY(!same(before, snapshot()));             // training continues
    step(1.0);
    QCOMPARE(acc.lossScale(), 32768.0);
    step(1.0);
    QCOMPARE(acc.lossScale(), 65536.0);  // growth 2.0 after 3 finite steps in a row
    for (auto& p : model->parameters()) QVERIFY(torch::isfinite(p).all().item<bool>());
}

void PrecisionTests::fp8LinearMatchesFp32_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("gradBound");
    QTest::newRow("HYBRID (e5m2 gradients)") << "HYBRID" << 0.10;
    QTest::newRow("E4M3") << "E4M3" << 0.07;
}

void PrecisionTests::fp8LinearMatchesFp32() {
    QFETCH(QString, format);
    QFETCH(double, gradBound);
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
    const Fp8Settings settings = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_FORMAT", format.toStdString()}}).value();
    torch::Tensor y;
    {
        AutocastScope scope(torch::kCPU, MixedPrecision::Fp8, settings);
        y = fp8->forward(x);
    }
    QCOMPARE(y.scalar_type(), torch::kBFloat16);
    y.backward(gy.to(torch::kBFloat16));
    QCOMPARE(fp8->fp8Products(), int64_t(3));
    const double ey = relativeError(y, yr), ex = relativeError(x.grad(), xr.grad()),
                 ew = relativeError(fp8->weight.grad(), wr.grad()), eb = relativeError(fp8->bias.grad(), br.grad());
    qInfo("%s: relative error output %.4f, input grad %.4f, weight grad %.4f, bias grad %.4f", qPrintable(format), ey, ex,
          ew, eb);
    QCOMPARE(fp8->weight.grad().scalar_type(), torch::kFloat);  // fp32 master weights get fp32 gradients
    QVERIFY(ey < 0.06);  // e4m3: 3 mantissa bits, about 3.5% on random normal data
    QVERIFY(ex < gradBound);
    QVERIFY(ew < gradBound);
    QVERIFY(eb < 0.01);

    // Sizes that are not multiples of 16 stay an exact fp32 linear.
    Fp8Linear odd(100, 50);
    auto xo = torch::randn({8, 100});
    torch::Tensor yo;
    {
        AutocastScope scope(torch::kCPU, MixedPrecision::Fp8, settings);
        yo = odd->forward(xo);
    }
    QCOMPARE(odd->fp8Products(), int64_t(0));
    QVERIFY(torch::allclose(yo.to(torch::kFloat), torch::nn::functional::linear(xo, odd->weight, odd->bias), 1e-2, 1e-2));
}

void PrecisionTests::fp8EmulationEqualsScaledMm_data() {
    QTest::addColumn<int>("m");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("n");
    QTest::addColumn<bool>("e5m2");
    QTest::addColumn<int>("out");
    QTest::newRow("16x32x16 e4m3 -> bf16") << 16 << 32 << 16 << false << static_cast<int>(torch::kBFloat16);
    QTest::newRow("48x64x32 e4m3 -> fp32") << 48 << 64 << 32 << false << static_cast<int>(torch::kFloat);
    QTest::newRow("32x96x64 e5m2 x e4m3 -> bf16") << 32 << 96 << 64 << true << static_cast<int>(torch::kBFloat16);
    QTest::newRow("64x128x48 e5m2 x e4m3 -> fp32") << 64 << 128 << 48 << true << static_cast<int>(torch::kFloat);
}

void PrecisionTests::fp8EmulationEqualsScaledMm() {
    // On CPU Fp8Linear multiplies through scaledMatmul's emulation; it must give what
    // LibTorch's own _scaled_mm gives. Small integers are exact in both formats and their sums
    // exact in fp32, and the factors are powers of two, so every correct kernel (whatever its
    // summation order or where it applies the scales) gives these exact bits.
    QFETCH(int, m);
    QFETCH(int, k);
    QFETCH(int, n);
    QFETCH(bool, e5m2);
    QFETCH(int, out);
    torch::manual_seed(m + k + n);
    const auto aType = e5m2 ? at::kFloat8_e5m2 : at::kFloat8_e4m3fn;
    const torch::Tensor a = torch::randint(-8, 9, {m, k}).to(aType);
    const torch::Tensor bRows = torch::randint(-16, 17, {n, k}).to(at::kFloat8_e4m3fn);  // weights, N x K
    const torch::Tensor fa = torch::full({}, 0.25f), fb = torch::full({}, 8.0f);
    const auto outType = static_cast<at::ScalarType>(out);
    const torch::Tensor emulated = scaledMatmul(a, bRows.t(), fa, fb, outType, false);
    const torch::Tensor reference =
        at::_scaled_mm(a, bRows.t(), fa, fb, std::nullopt, std::nullopt, outType, false);
    QCOMPARE(emulated.scalar_type(), outType);
    QCOMPARE(emulated.sizes().vec(), reference.sizes().vec());
    QVERIFY(emulated.abs().max().item<double>() > 0);
    QVERIFY(torch::equal(emulated, reference));
}

void PrecisionTests::fp8ClampsBeforeTheCast() {
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
    QVERIFY(torch::isfinite(y).all().item<bool>());
    QCOMPARE(torch::tensor({1000.0f}).to(at::kFloat8_e4m3fn).to(torch::kFloat).isnan().item<bool>(), true);
    // The history now holds amax 1000: the next scale is 448 / 1000.
    QVERIFY(std::abs(layer->inputScale() - 0.448) < 1e-4);
}

void PrecisionTests::fp8SettingsFromAccelerateConfig() {
    auto te = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "TE"},
                                            {"ACCELERATE_FP8_FORMAT", "E4M3"},
                                            {"ACCELERATE_FP8_AMAX_HISTORY_LEN", "16"},
                                            {"ACCELERATE_FP8_AMAX_COMPUTE_ALGO", "most_recent"},
                                            {"ACCELERATE_FP8_MARGIN", "1"},
                                            {"ACCELERATE_FP8_INTERVAL", "2"}});
    QVERIFY(te.ok());
    QCOMPARE(te.value().describe(), std::string("delayed scaling (history 16, most_recent, margin 1, interval 2), E4M3, backend TE"));
    QCOMPARE(Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "AO"}}).value().describe(),
             std::string("current scaling, HYBRID, backend AO"));
    QCOMPARE(Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_BACKEND", "MSAMP"}}).value().scaling, Fp8Settings::Scaling::Current);
    auto e5 = Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_FORMAT", "E5M2"}});
    QVERIFY(!e5.ok());
    QVERIFY(e5.status().message().find("use HYBRID") != std::string::npos);
    QVERIFY(!Fp8Settings::fromEnvironment({{"ACCELERATE_FP8_AMAX_COMPUTE_ALGO", "mean"}}).ok());
}

void PrecisionTests::fp8TrainingTracksBf16_data() {
    QTest::addColumn<QString>("recipe");
    QTest::newRow("current scaling") << "current";
    QTest::newRow("delayed scaling, history 16") << "delayed";
}

void PrecisionTests::fp8TrainingTracksBf16() {
    QFETCH(QString, recipe);
    const auto& bf16 = bf16Curve300();
    const auto fp8 = trainLosses(
        singleProcess(MixedPrecision::Fp8, {{"CATAPULT_FP8_RECIPE", recipe.toStdString()}, {"ACCELERATE_FP8_AMAX_HISTORY_LEN", "16"}}),
        300);
    const double a = tailMean(bf16), b = tailMean(fp8);
    qInfo("fp8 %s: loss %.4f -> %.4f (mean of last 20) vs bf16 %.4f -> %.4f: %.2f%% apart after 300 steps",
          qPrintable(recipe), fp8.front(), b, bf16.front(), a, 100 * std::abs(a - b) / a);
    QVERIFY(b < 0.85 * fp8.front());  // it learns
    QVERIFY(std::abs(a - b) / a < 0.03);
}

void PrecisionTests::dataParallelFp8MatchesOneRank() {
    // 2 ranks with batch b in FP8 against 1 process with the same 2b samples in FP8: the
    // averaged first-step gradients and the loss curve over 40 steps.
    const int steps = 40;
    QTemporaryDir dir;
    const JobOutcome outcome = test::launchRankHelpers(
        2, {"--steps", QString::number(steps), "--out", dir.filePath("params.pt"), "--losses", dir.filePath("losses.pt"),
            "--first_grads", dir.filePath("grads.pt")},
        dir.path(), "fp8");
    QVERIFY2(outcome.success, qPrintable(outcome.reason));
    torch::Tensor ddpLosses;
    std::vector<torch::Tensor> ddpGrads;
    torch::load(ddpLosses, dir.filePath("losses.pt").toStdString());
    torch::load(ddpGrads, dir.filePath("grads.pt").toStdString());

    auto corpus = ByteCorpus::load(ByteCorpus::defaultPaths());
    QVERIFY(corpus.ok());
    const auto model = test::helperModel();
    const TrainingSettings ts = test::helperSettings(steps);
    auto made = Accelerator::create(singleProcess(MixedPrecision::Fp8));
    QVERIFY(made.ok());
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
    qInfo("fp8, 2 ranks x b vs 1 rank x 2b: first-step gradient relative difference %.4f; loss over %d steps: mean "
          "relative difference %.4f%%, largest %.4f%% (losses %.4f -> %.4f)",
          gradError, steps, 100 * lossGap, 100 * worstGap, ddpLosses[0].item<double>(), ddpLosses[steps - 1].item<double>());
    // Each rank scales its own half of the batch (its own amax), so the FP8 rounding differs
    // from the single process by about the FP8 error of one product (a few percent).
    QVERIFY(gradError < 0.05);
    QVERIFY(lossGap < 0.005);
    QVERIFY(worstGap < 0.01);
}
