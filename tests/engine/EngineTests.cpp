// Engine tests: sampler sharding, the worker environment, rendezvous errors, and data
// parallel training held to the single-process reference trainer.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>

#include "FaultInjection.h"
#include "RankHelper.h"
#include "SafetensorsFile.h"
#include "TestSupport.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/TokenCorpus.h"
#include "catapult/GptModel.h"
#include "catapult/GptRecipe.h"
#include "catapult/MetricsWriter.h"
#include "catapult/ProcessState.h"
#include "catapult/ReferenceTrainer.h"
#include "catapult/ShardedSampler.h"

using namespace catapult;
using test::contains;

namespace {

struct SamplerRow {
    const char* tag;
    int size;
    int replicas;
};
// gtest shows a row by its tag.
void PrintTo(const SamplerRow& row, std::ostream* os) { *os << row.tag; }

class SamplerShardsAreDisjointAndCoverTheEpoch : public ::testing::TestWithParam<SamplerRow> {};

TEST_P(SamplerShardsAreDisjointAndCoverTheEpoch, Row) {
    const int size = GetParam().size;
    const int replicas = GetParam().replicas;
    std::multiset<std::size_t> all;
    std::size_t perRank = 0;
    for (int r = 0; r < replicas; ++r) {
        ShardedSampler s(size, replicas, r, 42);
        auto idx = s.indices(3);
        if (r == 0) perRank = idx.size();
        ASSERT_EQ(idx.size(), perRank);  // even: every rank the same number of samples
        all.insert(idx.begin(), idx.end());
    }
    std::set<std::size_t> distinct(all.begin(), all.end());
    ASSERT_EQ(static_cast<int>(distinct.size()), size);  // covers the epoch
    ASSERT_EQ(*distinct.rbegin(), static_cast<std::size_t>(size - 1));
    const int padding = (replicas - size % replicas) % replicas;
    ASSERT_EQ(static_cast<int>(all.size()), size + padding);  // overlap is only the padding
}

INSTANTIATE_TEST_SUITE_P(EngineTests, SamplerShardsAreDisjointAndCoverTheEpoch,
                         ::testing::Values(SamplerRow{"even 100/2", 100, 2}, SamplerRow{"uneven 101/2", 101, 2},
                                           SamplerRow{"uneven 103/4", 103, 4}),
                         test::rowName<SamplerRow>);

TEST(EngineTests, samplerEpochsDiffer) {
    ShardedSampler s(1000, 2, 0, 1);
    ASSERT_NE(s.indices(0), s.indices(1));
    ASSERT_EQ(s.indices(0), ShardedSampler(1000, 2, 0, 1).indices(0));  // seeded
}

TEST(EngineTests, processStateReadsTheWorkerEnvironment) {
    auto s = ProcessState::fromEnvironment({{"RANK", "1"}, {"LOCAL_RANK", "1"}, {"WORLD_SIZE", "2"},
                                            {"LOCAL_WORLD_SIZE", "2"}, {"MASTER_ADDR", "10.1.2.3"},
                                            {"MASTER_PORT", "29555"}, {"ACCELERATE_USE_CPU", "True"},
                                            {"ACCELERATE_MIXED_PRECISION", "no"},
                                            {"ACCELERATE_GRADIENT_ACCUMULATION_STEPS", "4"}, {"OMP_NUM_THREADS", "3"}});
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.value().rank, 1);
    ASSERT_EQ(s.value().worldSize, 2);
    ASSERT_EQ(s.value().masterAddr, std::string("10.1.2.3"));
    ASSERT_EQ(s.value().masterPort, 29555);
    ASSERT_TRUE(s.value().useCpu);
    ASSERT_EQ(s.value().gradientAccumulationSteps, 4);
    ASSERT_EQ(s.value().ompNumThreads, 3);
    ASSERT_FALSE(s.value().sharding.sharded());
}

TEST(EngineTests, processStateRejectsBadValuesAndReadsSharding) {
    auto bad = ProcessState::fromEnvironment({{"RANK", "abc"}});
    ASSERT_FALSE(bad.ok());
    ASSERT_TRUE(contains(bad.status().message(), "RANK='abc'")) << bad.status().message();
    auto beyond = ProcessState::fromEnvironment({{"RANK", "2"}, {"WORLD_SIZE", "2"}});
    ASSERT_FALSE(beyond.ok());
    auto bf16 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "bf16"}});
    ASSERT_TRUE(bf16.ok());
    ASSERT_EQ(bf16.value().mixedPrecision, MixedPrecision::Bf16);
    auto badFp8 = ProcessState::fromEnvironment({{"ACCELERATE_MIXED_PRECISION", "fp8"}, {"ACCELERATE_FP8_MARGIN", "-1"}});
    ASSERT_FALSE(badFp8.ok());
    ASSERT_TRUE(contains(badFp8.status().message(), "ACCELERATE_FP8_MARGIN")) << badFp8.status().message();
    auto sharding = [](std::map<std::string, std::string> env) {
        env.emplace("WORLD_SIZE", "4");
        env.emplace("LOCAL_WORLD_SIZE", "2");
        return ProcessState::fromEnvironment(env);
    };
    auto fsdp = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "SHARD_GRAD_OP"},
                          {"FSDP_TRANSFORMER_CLS_TO_WRAP", "TransformerBlock, Mlp"}, {"FSDP_OFFLOAD_PARAMS", "true"}});
    ASSERT_TRUE(fsdp.ok());
    ASSERT_EQ(fsdp.value().sharding.zeroStage, 2);
    ASSERT_EQ(fsdp.value().sharding.offloadOptimizer, OffloadDevice::Cpu);
    ASSERT_EQ(fsdp.value().sharding.offloadParams, OffloadDevice::None);
    ASSERT_EQ(fsdp.value().sharding.unitClasses, (std::vector<std::string>{"TransformerBlock", "Mlp"}));
    auto fsdp2 = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_VERSION", "2"}, {"FSDP_RESHARD_AFTER_FORWARD", "false"},
                           {"FSDP_SHARDING_STRATEGY", "FULL_SHARD"}});
    ASSERT_EQ(fsdp2.value().sharding.zeroStage, 3);
    ASSERT_FALSE(fsdp2.value().sharding.reshardAfterForward);
    ASSERT_EQ(sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "3"}}).value().sharding.zeroStage, 0);
    auto hybrid = sharding({{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "HYBRID_SHARD"}});
    ASSERT_FALSE(hybrid.ok());
    ASSERT_TRUE(contains(hybrid.status().message(), "replicates across machines")) << hybrid.status().message();
    auto oneMachine = ProcessState::fromEnvironment({{"ACCELERATE_USE_FSDP", "true"}, {"WORLD_SIZE", "2"},
                                                     {"LOCAL_WORLD_SIZE", "2"}, {"FSDP_SHARDING_STRATEGY", "HYBRID_SHARD"}});
    ASSERT_EQ(oneMachine.value().sharding.zeroStage, 3);
    ASSERT_EQ(oneMachine.value().sharding.notes.size(), std::size_t(1));
    auto ds = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}});
    ASSERT_EQ(ds.value().sharding.zeroStage, 2);  // DeepSpeed's default
    auto ds3 = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "nvme"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH", "/scratch"},
                         {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "cpu"}, {"ACCELERATE_GRADIENT_CLIPPING", "0.5"}});
    ASSERT_TRUE(ds3.ok());
    ASSERT_EQ(ds3.value().sharding.offloadOptimizer, OffloadDevice::Nvme);
    ASSERT_EQ(ds3.value().sharding.optimizerNvmePath, std::string("/scratch"));
    ASSERT_EQ(ds3.value().sharding.offloadParams, OffloadDevice::Cpu);
    ASSERT_EQ(*ds3.value().sharding.gradientClipping, 0.5);
    auto badStage = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "4"}});
    ASSERT_TRUE(contains(badStage.status().message(), "ACCELERATE_DEEPSPEED_ZERO_STAGE='4'")) << badStage.status().message();
    auto paramsAtTwo = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "cpu"}});
    ASSERT_TRUE(contains(paramsAtTwo.status().message(), "needs ZeRO stage 3")) << paramsAtTwo.status().message();
    auto badDevice = sharding({{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "gpu"}});
    ASSERT_TRUE(contains(badDevice.status().message(), "none, cpu, nvme")) << badDevice.status().message();
}

TEST(EngineTests, rendezvousNamesTheMissingRank) {
    ProcessState s;
    s.worldSize = 3;
    s.localWorldSize = 3;
    s.rank = 0;
    s.useCpu = true;
    s.masterPort = test::freePort();
    s.rendezvousTimeout = std::chrono::seconds(2);
    auto made = Accelerator::create(s);
    ASSERT_FALSE(made.ok());
    const std::string msg = made.status().message();
    test::info("%s", msg.c_str());
    ASSERT_TRUE(contains(msg, "ranks 1, 2 of 3 never joined"));
    ASSERT_TRUE(contains(msg, "127.0.0.1:" + std::to_string(s.masterPort)));
}

TEST(EngineTests, unreachableMasterIsNamed) {
    ProcessState s;
    s.worldSize = 2;
    s.localWorldSize = 2;
    s.rank = 1;
    s.localRank = 1;
    s.useCpu = true;
    s.masterPort = test::freePort();  // nobody listens there
    s.rendezvousTimeout = std::chrono::seconds(2);
    auto made = Accelerator::create(s);
    ASSERT_FALSE(made.ok());
    const std::string msg = made.status().message();
    test::info("%s", msg.c_str());
    ASSERT_TRUE(contains(msg, "Could not reach the master process at 127.0.0.1:" + std::to_string(s.masterPort)));
}

TEST(EngineTests, failingRankIsNamedWithItsLastLines) {
    // Rank 0 cannot write its result and dies; rank 1 waits for it and is stopped.
    test::TempDir dir;
    ASSERT_TRUE(dir.isValid());
    const test::RanksOutcome outcome =
        test::launchRankHelpers(2, {"--steps", "1", "--out", dir.filePath("missing/params.pt")}, dir.path());
    test::info("%s", outcome.reason.c_str());
    ASSERT_FALSE(outcome.success);
    ASSERT_EQ(outcome.failingRank, 0);
    ASSERT_TRUE(contains(outcome.reason, "rank 0 ")) << outcome.reason;
    ASSERT_TRUE(contains(outcome.reason, "rank 0's last lines:\n")) << outcome.reason;
    ASSERT_TRUE(contains(outcome.reason, "/missing")) << outcome.reason;  // in the error rank 0 printed
    ASSERT_EQ(outcome.exitCodes.size(), std::size_t(2));
    ASSERT_NE(outcome.exitCodes[1], -1);  // rank 1 ended too
}

TEST(EngineTests, ranksPastTheTimeLimitAreKilled) {
    const std::vector<test::RankCommand> ranks(2, {"/bin/sh", {"sh", "-c", "echo waiting; exec sleep 60"}, {}});
    const auto start = std::chrono::steady_clock::now();
    const test::RanksOutcome outcome = test::runLocalRanks(ranks, std::chrono::seconds(1));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    test::info("after %.1f s: %s", seconds, outcome.reason.c_str());
    ASSERT_FALSE(outcome.success);
    ASSERT_EQ(outcome.failingRank, -1);  // no rank failed: time ran out
    ASSERT_TRUE(contains(outcome.reason, "did not finish within 1 s")) << outcome.reason;
    ASSERT_TRUE(contains(outcome.reason, "rank 1's last lines:\n  waiting")) << outcome.reason;
    ASSERT_EQ(outcome.exitCodes, (std::vector<int>{128 + SIGKILL, 128 + SIGKILL}));
    ASSERT_LT(seconds, 10);
}

struct DataParallelRow {
    const char* tag;
    int accumulation;
};
void PrintTo(const DataParallelRow& row, std::ostream* os) { *os << row.tag; }

class DataParallelMatchesReference : public ::testing::TestWithParam<DataParallelRow> {};

TEST_P(DataParallelMatchesReference, Row) {
    const int accumulation = GetParam().accumulation;
    const int steps = 6;
    test::TempDir dir;
    ASSERT_TRUE(dir.isValid());
    const std::string out = dir.filePath("params.pt");

    const test::RanksOutcome outcome = test::launchRankHelpers(2, {"--steps", std::to_string(steps), "--out", out},
                                                               dir.path(), MixedPrecision::No, accumulation);
    ASSERT_TRUE(outcome.success) << outcome.reason;

    std::vector<torch::Tensor> ddp;
    torch::load(ddp, out);

    auto corpus = TokenCorpus::load(TokenCorpus::defaultPaths());
    ASSERT_TRUE(corpus.ok());
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
    ASSERT_EQ(ddp.size(), ref.size());
    double maxDiff = 0, maxChange = 0;
    torch::manual_seed(test::kHelperSeed);
    GptModel initial(model);
    const auto init = initial->parameters();
    for (std::size_t i = 0; i < ref.size(); ++i) {
        maxDiff = std::max(maxDiff, (ddp[i] - ref[i]).abs().max().item<double>());
        maxChange = std::max(maxChange, (ref[i] - init[i]).abs().max().item<double>());
    }
    test::info("after %d steps (accumulation %d): max |ddp - reference| = %.3g, max |reference - initial| = %.3g", steps,
               accumulation, maxDiff, maxChange);
    ASSERT_GT(maxChange, 1e-3);  // training moved the parameters
    ASSERT_LE(maxDiff, 1e-5);
}

INSTANTIATE_TEST_SUITE_P(EngineTests, DataParallelMatchesReference,
                         ::testing::Values(DataParallelRow{"2 ranks, batch b  vs  1 rank, batch 2b", 1},
                                           DataParallelRow{"2 ranks, batch b, 2 micro-steps  vs  1 rank, batch 4b", 2}),
                         test::rowName<DataParallelRow>);

TEST(EngineTests, faultDrillsAnswerOnlyTheirStepAndRank) {
    const FaultInjection none;
    EXPECT_FALSE(none.nanLossAt(1, 0));
    EXPECT_FALSE(none.hangAt(1, 1, 2));
    EXPECT_EQ(none.pauseAfterCheckpointFiles(), std::chrono::milliseconds(0));

    const std::map<std::string, std::string> env{{"CATAPULT_FAULT_NAN_STEP", "5"},
                                                 {"CATAPULT_FAULT_HANG_STEP", "31"},
                                                 {"CATAPULT_FAULT_SLOW_SAVE_MS", "1500"}};
    const FaultInjection drills = FaultInjection::fromVariables([&env](const char* name) -> const char* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    });
    EXPECT_TRUE(drills.nanLossAt(5, 0));
    EXPECT_FALSE(drills.nanLossAt(5, 1));  // rank 0 only
    EXPECT_FALSE(drills.nanLossAt(4, 0));
    EXPECT_TRUE(drills.hangAt(31, 1, 2));
    EXPECT_FALSE(drills.hangAt(31, 0, 2));  // the last rank only
    EXPECT_FALSE(drills.hangAt(30, 1, 2));
    EXPECT_EQ(drills.pauseAfterCheckpointFiles(), std::chrono::milliseconds(1500));
}

TEST(EngineTests, resumeNamesABadDataPositionInTheManifest) {
    // The manifest's own values carry no checksum: a data position that is not a number is an
    // error naming the value, not an exception out of the recipe.
    test::TempDir dir;
    ASSERT_TRUE(dir.isValid());
    ProcessState state;
    state.useCpu = true;
    RecipeOptions options;
    options.model = test::helperModel();
    options.training = test::helperSettings(2);
    options.batchSize = test::kHelperBatch;
    options.memoryEvery = 0;
    options.checkpointRoot = dir.filePath("checkpoints");
    MetricsWriter metrics(dir.path(), false);
    {
        auto made = Accelerator::create(state);
        ASSERT_TRUE(made.ok()) << made.status().message();
        const Status first = runGptRecipe(*made.value(), options, metrics);
        ASSERT_TRUE(first.ok()) << first.message();
    }
    const std::string manifest = options.checkpointRoot + "/step-00000002/manifest.json";
    std::string text;
    {
        std::ifstream in(manifest);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string key = "\"sample_index_0\":\"";
    const std::size_t at = text.find(key);
    ASSERT_NE(at, std::string::npos) << text;
    const std::size_t end = text.find('"', at + key.size());
    text.replace(at + key.size(), end - at - key.size(), "twelve");
    std::ofstream(manifest, std::ios::trunc) << text;

    options.resumeFrom = options.checkpointRoot;
    options.training.totalSteps = 4;
    auto made = Accelerator::create(state);
    ASSERT_TRUE(made.ok()) << made.status().message();
    const Status resumed = runGptRecipe(*made.value(), options, metrics);
    ASSERT_FALSE(resumed.ok());
    EXPECT_TRUE(contains(resumed.message(), "sample_index_0 \"twelve\"")) << resumed.message();
    EXPECT_TRUE(contains(resumed.message(), "step-00000002")) << resumed.message();
}

Status trainOnce(const RecipeOptions& options, const std::string& metricsDir) {
    ProcessState state;
    state.useCpu = true;
    MetricsWriter metrics(metricsDir, false);
    auto made = Accelerator::create(state);
    if (!made.ok()) return made.status();
    return runGptRecipe(*made.value(), options, metrics);
}

std::map<std::string, torch::Tensor> weightsOf(const std::string& path) { return SafetensorsFile::read(path).tensors(); }

TEST(EngineTests, initWeightsStartTheGptFromAFileWhateverTheSeed) {
    // A file written as PyTorch's state_dict would be (the model of seed 5); runs of another seed
    // with lr 0 export exactly the file's weights with --init_weights, and other weights without.
    test::TempDir dir;
    ASSERT_TRUE(dir.isValid());
    RecipeOptions options;
    options.model = test::helperModel();
    options.training = test::helperSettings(1);
    options.training.lr = 0;
    options.batchSize = test::kHelperBatch;
    options.memoryEvery = 0;
    options.seed = 99;
    torch::manual_seed(5);
    GptModel source(options.model);
    std::vector<NamedTensor> named;
    for (const auto& p : source->named_parameters()) named.push_back({p.key(), p.value().detach()});
    SafetensorsFile::write(dir.filePath("init.safetensors"), named);

    options.initWeights = dir.filePath("init.safetensors");
    options.exportDir = dir.filePath("from-file");
    ASSERT_TRUE(trainOnce(options, dir.filePath("m1")).ok());
    const auto loaded = weightsOf(dir.filePath("from-file/model.safetensors"));
    ASSERT_EQ(loaded.size(), named.size());
    for (const auto& [name, tensor] : named) EXPECT_TRUE(torch::equal(loaded.at(name), tensor)) << name;

    options.initWeights.clear();
    options.exportDir = dir.filePath("from-seed");
    ASSERT_TRUE(trainOnce(options, dir.filePath("m2")).ok());
    EXPECT_FALSE(torch::equal(weightsOf(dir.filePath("from-seed/model.safetensors")).at("h.0.c_attn.weight"),
                              loaded.at("h.0.c_attn.weight")));

    // Another shape of model: the tensor and both shapes are named.
    options.model.width *= 2;
    options.initWeights = dir.filePath("init.safetensors");
    const Status wrong = trainOnce(options, dir.filePath("m3"));
    ASSERT_FALSE(wrong.ok());
    EXPECT_TRUE(contains(wrong.message(), "init.safetensors")) << wrong.message();
    EXPECT_TRUE(contains(wrong.message(), "has shape [")) << wrong.message();
}

}  // namespace

// --rank-helper: one rank of a multi-process test (see RankHelper.h); otherwise the suites.
// ctest runs one suite per entry: --gtest_filter=Suite.*:Suite/* (the rows of its
// parameterised tests are named Suite/Test.Row/<row>).
int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--rank-helper") return catapult::test::runRankHelper(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
