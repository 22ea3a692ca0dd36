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
    void processStateRejectsBadValuesAndUnsupportedSettings();
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
    QVERIFY(s.value().checkSupported().ok());
}

void EngineTests::processStateRejectsBadValuesAndUnsupportedSettings() {
    auto bad = ProcessState::fromEnvironment({{"RANK", "abc"}});
    QVERIFY(!bad.ok());
    QVERIFY(QString::fromStdString(bad.status().message()).contains("RANK='abc'"));
    auto beyond = ProcessState::fromEnvironment({{"RANK", "2"}, {"WORLD_SIZE", "2"}});
    QVERIFY(!beyond.ok());
    auto bf16 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "bf16"}});
    QVERIFY(bf16.ok());
    QCOMPARE(bf16.value().mixedPrecision, MixedPrecision::Bf16);
    QVERIFY(bf16.value().checkSupported().ok());
    auto badFp8 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "fp8"}, {"ACCELERATE_FP8_MARGIN", "-1"}});
    QVERIFY(!badFp8.ok());
    QVERIFY(QString::fromStdString(badFp8.status().message()).contains("ACCELERATE_FP8_MARGIN"));
    auto fsdp = ProcessState::fromEnvironment({{"ACCELERATE_USE_FSDP", "true"}});
    QVERIFY(QString::fromStdString(fsdp.value().checkSupported().message()).contains("FSDP"));
    auto ds = ProcessState::fromEnvironment({{"ACCELERATE_USE_DEEPSPEED", "true"}});
    QVERIFY(QString::fromStdString(ds.value().checkSupported().message()).contains("DeepSpeed"));
    // The facade refuses them too, before any rendezvous.
    auto refused = Accelerator::create(fsdp.value());
    QVERIFY(!refused.ok());
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
    int failed = QTest::qExec(&tests, argc, argv);
    failed += QTest::qExec(&precision, argc, argv);
    return failed + QTest::qExec(&optimizers, argc, argv);
}

#include "EngineTests.moc"
