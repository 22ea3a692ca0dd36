// Engine tests: sampler sharding, the worker environment, rendezvous errors, and data
// parallel training held to the single-process reference trainer.

#include <torch/torch.h>

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "PortPicker.h"
#include "OptimizerTests.h"
#include "PrecisionTests.h"
#include "ShardingTests.h"
#include "RankHelper.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/ByteCorpus.h"
#include "catapult/ProcessState.h"
#include "catapult/ReferenceTrainer.h"
#include "catapult/ShardedSampler.h"

using namespace catapult;

class EngineTests : public QObject {
    Q_OBJECT
private slots:
    void samplerShardsAreDisjointAndCoverTheEpoch_data();
    void samplerShardsAreDisjointAndCoverTheEpoch();
    void samplerEpochsDiffer();
    void processStateReadsTheWorkerEnvironment();
    void processStateRejectsBadValuesAndReadsSharding();
    void rendezvousNamesTheMissingRank();
    void unreachableMasterIsNamed();
    void dataParallelMatchesReference_data();
    void dataParallelMatchesReference();
};

void EngineTests::samplerShardsAreDisjointAndCoverTheEpoch_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("replicas");
    QTest::newRow("even 100/2") << 100 << 2;
    QTest::newRow("uneven 101/2") << 101 << 2;
    QTest::newRow("uneven 103/4") << 103 << 4;
}

void EngineTests::samplerShardsAreDisjointAndCoverTheEpoch() {
    QFETCH(int, size);
    QFETCH(int, replicas);
    std::multiset<std::size_t> all;
    std::size_t perRank = 0;
    for (int r = 0; r < replicas; ++r) {
        ShardedSampler s(size, replicas, r, 42);
        auto idx = s.indices(3);
        if (r == 0) perRank = idx.size();
        QCOMPARE(idx.size(), perRank);  // even: every rank the same number of samples
        all.insert(idx.begin(), idx.end());
    }
    std::set<std::size_t> distinct(all.begin(), all.end());
    QCOMPARE(static_cast<int>(distinct.size()), size);  // covers the epoch
    QCOMPARE(*distinct.rbegin(), static_cast<std::size_t>(size - 1));
    const int padding = (replicas - size % replicas) % replicas;
    QCOMPARE(static_cast<int>(all.size()), size + padding);  // overlap is only the padding
}

void EngineTests::samplerEpochsDiffer() {
    ShardedSampler s(1000, 2, 0, 1);
    QVERIFY(s.indices(0) != s.indices(1));
    QCOMPARE(s.indices(0), ShardedSampler(1000, 2, 0, 1).indices(0));  // seeded
}

void EngineTests::processStateReadsTheWorkerEnvironment() {
    auto s = ProcessState::fromEnvironment({{"RANK", "1"}, {"LOCAL_RANK", "1"}, {"WORLD_SIZE", "2"},
                                            {"LOCAL_WORLD_SIZE", "2"}, {"MASTER_ADDR", "10.1.2.3"},
                                            {"MASTER_PORT", "29555"}, {"ACCELERATE_USE_CPU", "True"},
                                            {"ACCELERATE_MIXED_PRECISION", "no"},
                                            {"ACCELERATE_GRADIENT_ACCUMULATION_STEPS", "4"}, {"OMP_NUM_THREADS", "3"}});
    QVERIFY(s.ok());
    QCOMPARE(s.value().rank, 1);
    QCOMPARE(s.value().worldSize, 2);
    QCOMPARE(s.value().masterAddr, std::string("10.1.2.3"));
    QCOMPARE(s.value().masterPort, 29555);
    QVERIFY(s.value().useCpu);
    QCOMPARE(s.value().gradientAccumulationSteps, 4);
    QCOMPARE(s.value().ompNumThreads, 3);
    QVERIFY(!s.value().sharding.sharded());
}

void EngineTests::processStateRejectsBadValuesAndReadsSharding() {
    auto bad = ProcessState::fromEnvironment({{"RANK", "abc"}});
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.status().message()).contains("RANK='abc'"));
    auto beyond = ProcessState::fromEnvironment({{"RANK", "2"}, {"WORLD_SIZE", "2"}});
    QVERIFY(!beyond.ok());
    auto bf16 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "bf16"}});
    QVERIFY(bf16.ok());
    QCOMPARE(bf16.value().mixedPrecision, MixedPrecision::Bf16);
    auto badFp8 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "fp8"}, {"ACCELERATE_FP8_MARGIN", "-1"}});
    QVERIFY(!badFp8.ok());
    QVERIFY(QString::fromStdString(badFp8.status().message()).contains("ACCELERATE_FP8_MARGIN"));
    auto sharding = [](std::map<std::string, std::string> env) {
        env.emplace("WORLD_SIZE", "4");
        env.emplace("LOCAL_WORLD_SIZE", "2");
        return ProcessState::fromEnvironment(env);
    };
    auto fsdp = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "SHARD_GRAD_OP"},
                          {"FSDP_TRANSFORMER_CLS_TO_WRAP", "TransformerBlock, Mlp"}, {"FSDP_OFFLOAD_PARAMS", "true"}});
    QVERIFY(fsdp.ok());
    QCOMPARE(fsdp.value().sharding.zeroStage, 2);
    QCOMPARE(fsdp.value().sharding.offloadOptimizer, OffloadDevice::Cpu);
    QCOMPARE(fsdp.value().sharding.offloadParams, OffloadDevice::None);
    QCOMPARE(fsdp.value().sharding.unitClasses, (std::vector<std::string>{"TransformerBlock", "Mlp"}));
    auto fsdp2 = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_VERSION", "2"}, {"FSDP_RESHARD_AFTER_FORWARD", "false"},
                           {"FSDP_SHARDING_STRATEGY", "FULL_SHARD"}});
    QCOMPARE(fsdp2.value().sharding.zeroStage, 3);
    QVERIFY(!fsdp2.value().sharding.reshardAfterForward);
    QCOMPARE(sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "3"}}).value().sharding.zeroStage, 0);
    auto hybrid = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "HYBRID_SHARD"}});
    QVERIFY(!hybrid.ok());
    QVERIFY(QString::fromStdString(hybrid.status().message()).contains("replicates across machines"));
    auto oneMachine = ProcessState::fromEnvironment({{"ACCELERATE_USE_FSDP", "true"}, {"WORLD_SIZE", "2"},
                                                     {"LOCAL_WORLD_SIZE", "2"}, {"FSDP_SHARDING_STRATEGY", "HYBRID_SHARD"}});
    QCOMPARE(oneMachine.value().sharding.zeroStage, 3);
    QCOMPARE(oneMachine.value().sharding.notes.size(), std::size_t(1));
    auto ds = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}});
    QCOMPARE(ds.value().sharding.zeroStage, 2);  // DeepSpeed's default
    auto ds3 = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "nvme"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH", "/scratch"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "cpu"}, {"ACCELERATE_GRADIENT_CLIPPING", "0.5"}});
    QVERIFY(ds3.ok());
    QCOMPARE(ds3.value().sharding.offloadOptimizer, OffloadDevice::Nvme);
    QCOMPARE(ds3.value().sharding.optimizerNvmePath, std::string("/scratch"));
    QCOMPARE(ds3.value().sharding.offloadParams, OffloadDevice::Cpu);
    QCOMPARE(*ds3.value().sharding.gradientClipping, 0.5);
    auto badStage = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "4"}});
    QVERIFY(QString::fromStdString(badStage.status().message()).contains("ACCELERATE_DEEPSPEED_ZERO_STAGE='4'"));
    auto paramsAtTwo = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "cpu"}});
    QVERIFY(QString::fromStdString(paramsAtTwo.status().message()).contains("needs ZeRO stage 3"));
    auto badDevice = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "gpu"}});
    QVERIFY(QString::fromStdString(badDevice.status().message()).contains("none, cpu, nvme"));
}

void EngineTests::rendezvousNamesTheMissingRank() {
    ProcessState s;
    s.worldSize = 3;
    s.localWorldSize = 3;
    s.rank = 0;
    s.useCpu = true;
    s.masterPort = resolvePort(0);
    s.rendezvousTimeout = std::chrono::seconds(2);
    auto made = Accelerator::create(s);
    QVERIFY(!made.ok());
    const QString msg = QString::fromStdString(made.status().message());
    qInfo().noquote() << msg;
    QVERIFY(msg.contains("ranks 1, 2 of 3 never joined"));
    QVERIFY(msg.contains(QStringLiteral("127.0.0.1:%1").arg(s.masterPort)));
}

void EngineTests::unreachableMasterIsNamed() {
    ProcessState s;
    s.worldSize = 2;
    s.localWorldSize = 2;
    s.rank = 1;
    s.localRank = 1;
    s.useCpu = true;
    s.masterPort = resolvePort(0);  // nobody listens there
    s.rendezvousTimeout = std::chrono::seconds(2);
    auto made = Accelerator::create(s);
    QVERIFY(!made.ok());
    const QString msg = QString::fromStdString(made.status().message());
    qInfo().noquote() << msg;
    QVERIFY(msg.contains(QStringLiteral("Could not reach the master process at 127.0.0.1:%1").arg(s.masterPort)));
}

void EngineTests::dataParallelMatchesReference_data() {
    QTest::addColumn<int>("accumulation");
    QTest::newRow("2 ranks, batch b  vs  1 rank, batch 2b") << 1;
    QTest::newRow("2 ranks, batch b, 2 micro-steps  vs  1 rank, batch 4b") << 2;
}

void EngineTests::dataParallelMatchesReference() {
    QFETCH(int, accumulation);
    const int steps = 6;
    QTemporaryDir dir;
    const QString out = dir.filePath("params.pt");

    const JobOutcome outcome =
        test::launchRankHelpers(2, {"--steps", QString::number(steps), "--out", out}, dir.path(), "no", accumulation);
    QVERIFY2(outcome.success, qPrintable(outcome.reason));

    std::vector<torch::Tensor> ddp;
    torch::load(ddp, out.toStdString());

    auto corpus = ByteCorpus::load(ByteCorpus::defaultPaths());
    QVERIFY(corpus.ok());
    const auto model = test::helperModel();
    BatchStream rank0(corpus.value(), model.seqLen, test::kHelperBatch, 2, 0, test::kHelperSeed, torch::kCPU);
    BatchStream rank1(corpus.value(), model.seqLen, test::kHelperBatch, 2, 1, test::kHelperSeed, torch::kCPU);
    ReferenceTrainer reference(model, test::helperSettings(steps), test::kHelperSeed);
    for (int step = 0; step < steps; ++step) {
        std::vector<torch::Tensor> xs, ys;
        for (int micro = 0; micro < accumulation; ++micro) {
            for (BatchStream* s : {&rank0, &rank1}) {
                auto [x, y] = s->next();
                xs.push_back(x);
                ys.push_back(y);
            }
        }
        reference.step(torch::cat(xs), torch::cat(ys));  // the global batch: 2b (or 4b)
    }
    const auto ref = reference.parameters();
    QCOMPARE(ddp.size(), ref.size());
    double maxDiff = 0, maxChange = 0;
    torch::manual_seed(test::kHelperSeed);
    GptModel initial(model);
    const auto init = initial->parameters();
    for (std::size_t i = 0; i < ref.size(); ++i) {
        maxDiff = std::max(maxDiff, (ddp[i] - ref[i]).abs().max().item<double>());
        maxChange = std::max(maxChange, (ref[i] - init[i]).abs().max().item<double>());
    }
    qInfo("after %d steps (accumulation %d): max |ddp - reference| = %.3g, max |reference - initial| = %.3g", steps,
          accumulation, maxDiff, maxChange);
    QVERIFY(maxChange > 1e-3);  // training moved the parameters
    QVERIFY(maxDiff <= 1e-5);
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--rank-helper") return catapult::test::runRankHelper(argc, argv);
    QCoreApplication app(argc, argv);
    qRegisterMetaType<JobOutcome>();
    EngineTests tests;
    PrecisionTests precision;
    OptimizerTests optimizers;
    ShardingTests sharding;
    // CATAPULT_TEST_SUITE=ShardingTests runs one suite (test function names then apply to it).
    const QByteArray only = qgetenv("CATAPULT_TEST_SUITE");
    int failed = 0;
    for (QObject* suite : std::initializer_list<QObject*>{&tests, &precision, &optimizers, &sharding})
        if (only.isEmpty() || only == suite->metaObject()->className()) failed += QTest::qExec(suite, argc, argv);
    return failed;
}

#include "EngineTests.moc"
