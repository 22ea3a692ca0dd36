#include "ShardingTests.h"

#include <torch/torch.h>

#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QtTest>

#include "RankHelper.h"
#include "catapult/Accelerator.h"
#include "catapult/GptModel.h"
#include "catapult/ProcessState.h"

using namespace catapult;

namespace {

using Env = QMap<QString, QString>;

struct RunResult {
    std::vector<torch::Tensor> parameters;
    std::vector<ModelStateBytes> footprint;  // per rank, after backward of step 2
};

constexpr int kSteps = 4;

RunResult runRanks(int ranks, int accumulation, const Env& env, const QString& dir) {
    const QString out = dir + "/params.pt";
    const QString footprint = dir + "/footprint";
    const JobOutcome outcome = test::launchRankHelpers(
        ranks, {"--steps", QString::number(kSteps), "--out", out, "--footprint", footprint}, dir, "no", accumulation, env);
    if (!outcome.success) qFatal("ranks failed: %s", qPrintable(outcome.reason));
    RunResult r;
    torch::load(r.parameters, out.toStdString());
    for (int rank = 0; rank < ranks; ++rank) {
        QFile f(footprint + "." + QString::number(rank));
        if (!f.open(QIODevice::ReadOnly)) qFatal("no footprint from rank %d", rank);
        const QStringList n = QString::fromLatin1(f.readAll()).split(' ');
        r.footprint.push_back(ModelStateBytes{n[0].toLongLong(), n[1].toLongLong(), n[2].toLongLong(), n[3].toLongLong()});
    }
    return r;
}

// Plain data parallel, once per (ranks, accumulation).
const RunResult& dataParallel(int ranks, int accumulation) {
    static QMap<QPair<int, int>, RunResult> cache;
    static QTemporaryDir dir;
    const auto key = qMakePair(ranks, accumulation);
    if (!cache.contains(key)) {
        const QString sub = dir.filePath(QStringLiteral("dp-%1-%2").arg(ranks).arg(accumulation));
        QDir().mkpath(sub);
        cache.insert(key, runRanks(ranks, accumulation, {}, sub));
    }
    return cache[key];
}

Env deepSpeed(int stage, const QString& optimizer = "none", const QString& params = "none") {
    return {{"ACCELERATE_USE_DEEPSPEED", "true"},
            {"ACCELERATE_DEEPSPEED_ZERO_STAGE", QString::number(stage)},
            {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", optimizer},
            {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", params}};
}

// Shards of fraction 1/n of `whole`, up to the padding of each unit to a multiple of n.
bool isOneNth(int64_t part, int64_t whole, int n) {
    const double expected = static_cast<double>(whole) / n;
    return std::abs(static_cast<double>(part) - expected) <= 0.01 * expected + 64.0 * n;
}

}  // namespace

void ShardingTests::stageEqualsDataParallel_data() {
    QTest::addColumn<int>("ranks");
    QTest::addColumn<int>("accumulation");
    QTest::addColumn<int>("stage");
    QTest::addColumn<Env>("env");
    for (int ranks : {2, 3})
        for (int stage : {1, 2, 3})
            QTest::addRow("ZeRO-%d, %d ranks", stage, ranks) << ranks << 1 << stage << deepSpeed(stage);
    QTest::addRow("ZeRO-2, 2 ranks, 2 micro-steps") << 2 << 2 << 2 << deepSpeed(2);
    QTest::addRow("ZeRO-3, 2 ranks, 2 micro-steps") << 2 << 2 << 3 << deepSpeed(3);
    QTest::addRow("FSDP FULL_SHARD, 3 ranks") << 3 << 1 << 3
                                              << Env{{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "FULL_SHARD"}};
    QTest::addRow("FSDP2 reshard_after_forward false, 3 ranks")
        << 3 << 1 << 3
        << Env{{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_VERSION", "2"}, {"FSDP_RESHARD_AFTER_FORWARD", "false"}};
    QTest::addRow("ZeRO-2 + optimizer offload cpu, 2 ranks") << 2 << 1 << 2 << deepSpeed(2, "cpu");
    QTest::addRow("ZeRO-3 + parameter offload cpu, 2 ranks") << 2 << 1 << 3 << deepSpeed(3, "cpu", "cpu");
    Env nvme = deepSpeed(2, "nvme");
    nvme.insert("CATAPULT_OFFLOAD_BLOCK_ELEMENTS", "2048");  // several blocks per shard: the read-ahead runs
    QTest::addRow("ZeRO-2 + optimizer offload nvme, 2 ranks") << 2 << 1 << 2 << nvme;
    Env nvme3 = deepSpeed(3, "nvme", "nvme");
    nvme3.insert("CATAPULT_OFFLOAD_BLOCK_ELEMENTS", "2048");
    QTest::addRow("ZeRO-3 + parameter and optimizer offload nvme, 3 ranks") << 3 << 1 << 3 << nvme3;
}

void ShardingTests::stageEqualsDataParallel() {
    QFETCH(int, ranks);
    QFETCH(int, accumulation);
    QFETCH(int, stage);
    QFETCH(Env, env);
    QTemporaryDir dir;
    QTemporaryDir nvme;
    if (env.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE") == "nvme")
        env.insert("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH", nvme.path());
    if (env.value("ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE") == "nvme")
        env.insert("ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_NVME_PATH", nvme.path());
    const RunResult& dp = dataParallel(ranks, accumulation);
    const RunResult sharded = runRanks(ranks, accumulation, env, dir.path());

    QCOMPARE(sharded.parameters.size(), dp.parameters.size());
    double maxDiff = 0, maxParam = 0;
    for (std::size_t i = 0; i < dp.parameters.size(); ++i) {
        QCOMPARE(sharded.parameters[i].sizes(), dp.parameters[i].sizes());
        maxDiff = std::max(maxDiff, (sharded.parameters[i] - dp.parameters[i]).abs().max().item<double>());
        maxParam = std::max(maxParam, dp.parameters[i].abs().max().item<double>());
    }
    const ModelStateBytes& whole = dp.footprint[0];
    const ModelStateBytes& mine = sharded.footprint[static_cast<std::size_t>(ranks - 1)];
    qInfo("after %d steps: max |sharded - data parallel| = %.3g (max |parameter| %.3g); rank %d holds parameters %lld, "
          "gradients %lld, optimizer %lld bytes, disk %lld (data parallel: %lld, %lld, %lld)",
          kSteps, maxDiff, maxParam, ranks - 1, static_cast<long long>(mine.parameterBytes),
          static_cast<long long>(mine.gradientBytes), static_cast<long long>(mine.optimizerBytes),
          static_cast<long long>(mine.diskBytes), static_cast<long long>(whole.parameterBytes),
          static_cast<long long>(whole.gradientBytes), static_cast<long long>(whole.optimizerBytes));
    QVERIFY(maxDiff <= 1e-5);

    const bool optimizerOnDisk = env.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE") == "nvme";
    const bool paramsOnDisk = env.value("ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE") == "nvme";
    for (const ModelStateBytes& b : sharded.footprint) {
        if (optimizerOnDisk) QCOMPARE(b.optimizerBytes, int64_t(0));
        else QVERIFY2(isOneNth(b.optimizerBytes, whole.optimizerBytes, ranks), "optimizer state is not 1/N");
        QVERIFY2(isOneNth(b.gradientBytes, whole.gradientBytes, ranks), "gradients are not 1/N");  // stage 1: after the sync reduce
        if (stage == 3 && !paramsOnDisk) QVERIFY2(isOneNth(b.parameterBytes, whole.parameterBytes, ranks), "parameters are not 1/N");
        if (stage == 3 && paramsOnDisk) QCOMPARE(b.parameterBytes, int64_t(0));
        if (stage < 3)  // full parameters, plus each unit's padding to a multiple of N
            QVERIFY(b.parameterBytes >= whole.parameterBytes && b.parameterBytes < whole.parameterBytes + 64 * 4 * ranks);
        if (optimizerOnDisk || paramsOnDisk) QVERIFY(b.diskBytes >= (optimizerOnDisk ? 2 : 0) * whole.parameterBytes / ranks);
    }
}

void ShardingTests::unitClassesMustExistInTheModel() {
    auto state = ProcessState::fromEnvironment({{"ACCELERATE_USE_FSDP", "true"},
                                                {"FSDP_TRANSFORMER_CLS_TO_WRAP", "GPT2Block"},
                                                {"ACCELERATE_USE_CPU", "true"}});
    QVERIFY(state.ok());
    auto made = Accelerator::create(state.value());
    QVERIFY(made.ok());
    torch::manual_seed(1);
    GptModel model(test::helperModel());
    const Status s = made.value()->prepare(*model);
    QVERIFY(!s.ok());
    qInfo().noquote() << QString::fromStdString(s.message());
    QVERIFY(QString::fromStdString(s.message()).contains("names GPT2Block"));
    QVERIFY(QString::fromStdString(s.message()).contains("TransformerBlock"));
}

void ShardingTests::zeroThreeHoldsShardsAtRest() {
    // One process, stage 3: between steps only the shards exist; a forward gathers each unit and
    // frees it again; training still works and gatheredParameters() sees the trained values.
    auto state = ProcessState::fromEnvironment({{"ACCELERATE_USE_DEEPSPEED", "true"},
                                                {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
                                                {"ACCELERATE_USE_CPU", "true"}});
    auto made = Accelerator::create(state.value());
    QVERIFY(made.ok());
    Accelerator& acc = *made.value();
    torch::manual_seed(1);
    GptModel model(test::helperModel());
    const auto before = [&] {
        std::vector<torch::Tensor> v;
        for (auto& p : model->parameters()) v.push_back(p.detach().clone());
        return v;
    }();
    test::prepareOrFail(acc, *model);
    QVERIFY(acc.shardingDescription().find("ZeRO stage 3") != std::string::npos);
    auto freed = [&] {
        int64_t n = 0;
        for (auto& p : model->parameters()) n += p.storage().nbytes() == 0 ? 1 : 0;
        return n;
    };
    const auto count = static_cast<int64_t>(model->parameters().size());
    QCOMPARE(freed(), int64_t(count - 5));  // every block parameter; the root (5 tensors) until it opens its scope
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-2));
    auto x = torch::randint(0, 256, {2, 16}, torch::kLong), y = torch::randint(0, 256, {2, 16}, torch::kLong);
    double first = 0, last = 0;
    for (int step = 0; step < 10; ++step) {
        auto loss = model->loss(x, y);
        acc.backward(loss);
        acc.step(optimizer);
        (step == 0 ? first : last) = loss.item<double>();
        QCOMPARE(freed(), count);  // after the step: shards only
    }
    QVERIFY(last < first);
    const auto after = acc.gatheredParameters();
    QCOMPARE(after.size(), before.size());
    QVERIFY((after[0] - before[0]).abs().max().item<double>() > 1e-4);
    QCOMPARE(freed(), count);
    QVERIFY(optimizer.state().empty());  // the Accelerator held the AdamW state
}
