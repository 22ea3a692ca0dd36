// ZeRO stages 1-3, FSDP's strategies and CPU / disk offload held to plain data parallel:
// real ranks of this test binary, the same data and seeds.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <string>
#include <utility>

#include "RankHelper.h"
#include "TestSupport.h"
#include "catapult/Accelerator.h"
#include "catapult/GptModel.h"
#include "catapult/ProcessState.h"

using namespace catapult;
using test::contains;

namespace {

using Env = std::map<std::string, std::string>;

struct RunResult {
    std::vector<torch::Tensor> parameters;
    std::vector<ModelStateBytes> footprint;  // per rank, after backward of step 2
    std::string error;                       // why there is none
};

constexpr int kSteps = 4;

RunResult runRanks(int ranks, int accumulation, const Env& env, const std::string& dir) {
    const std::string out = dir + "/params.pt";
    const std::string footprint = dir + "/footprint";
    const test::RanksOutcome outcome = test::launchRankHelpers(
        ranks, {"--steps", std::to_string(kSteps), "--out", out, "--footprint", footprint}, dir, MixedPrecision::No,
        accumulation, env);
    RunResult r;
    if (!outcome.success) {
        r.error = "ranks failed: " + outcome.reason;
        return r;
    }
    torch::load(r.parameters, out);
    for (int rank = 0; rank < ranks; ++rank) {
        std::ifstream f(footprint + "." + std::to_string(rank));
        ModelStateBytes b;
        if (!(f >> b.parameterBytes >> b.gradientBytes >> b.optimizerBytes >> b.diskBytes)) {
            r.error = "no footprint from rank " + std::to_string(rank);
            return r;
        }
        r.footprint.push_back(b);
    }
    return r;
}

// Plain data parallel, once per (ranks, accumulation).
const RunResult& dataParallel(int ranks, int accumulation) {
    static std::map<std::pair<int, int>, RunResult> cache;
    static test::TempDir dir;
    const auto key = std::make_pair(ranks, accumulation);
    if (!cache.count(key)) {
        const std::string sub = dir.filePath("dp-" + std::to_string(ranks) + "-" + std::to_string(accumulation));
        ::mkdir(sub.c_str(), 0700);
        cache.emplace(key, runRanks(ranks, accumulation, {}, sub));
    }
    return cache.at(key);
}

Env deepSpeed(int stage, const std::string& optimizer = "none", const std::string& params = "none") {
    return {{"ACCELERATE_USE_DEEPSPEED", "true"},
            {"ACCELERATE_DEEPSPEED_ZERO_STAGE", std::to_string(stage)},
            {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", optimizer},
            {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", params}};
}

std::string valueOf(const Env& env, const std::string& name) {
    const auto it = env.find(name);
    return it == env.end() ? std::string() : it->second;
}

// Shards of fraction 1/n of `whole`, up to the padding of each unit to a multiple of n.
bool isOneNth(int64_t part, int64_t whole, int n) {
    const double expected = static_cast<double>(whole) / n;
    return std::abs(static_cast<double>(part) - expected) <= 0.01 * expected + 64.0 * n;
}

struct StageRow {
    std::string tag;
    int ranks;
    int accumulation;
    int stage;
    Env env;
};
// gtest shows a row by its tag.
void PrintTo(const StageRow& row, std::ostream* os) { *os << row.tag; }

std::vector<StageRow> stageRows() {
    std::vector<StageRow> rows;
    for (int ranks : {2, 3})
        for (int stage : {1, 2, 3})
            rows.push_back({"ZeRO-" + std::to_string(stage) + ", " + std::to_string(ranks) + " ranks", ranks, 1, stage,
                            deepSpeed(stage)});
    rows.push_back({"ZeRO-2, 2 ranks, 2 micro-steps", 2, 2, 2, deepSpeed(2)});
    rows.push_back({"ZeRO-3, 2 ranks, 2 micro-steps", 2, 2, 3, deepSpeed(3)});
    rows.push_back({"FSDP FULL_SHARD, 3 ranks", 3, 1, 3,
                    Env{{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_SHARDING_STRATEGY", "FULL_SHARD"}}});
    rows.push_back({"FSDP2 reshard_after_forward false, 3 ranks", 3, 1, 3,
                    Env{{"ACCELERATE_USE_FSDP", "true"}, {"FSDP_VERSION", "2"}, {"FSDP_RESHARD_AFTER_FORWARD", "false"}}});
    rows.push_back({"ZeRO-2 + optimizer offload cpu, 2 ranks", 2, 1, 2, deepSpeed(2, "cpu")});
    rows.push_back({"ZeRO-3 + parameter offload cpu, 2 ranks", 2, 1, 3, deepSpeed(3, "cpu", "cpu")});
    Env nvme = deepSpeed(2, "nvme");
    nvme.emplace("CATAPULT_OFFLOAD_BLOCK_ELEMENTS", "2048");  // several blocks per shard: the read-ahead runs
    rows.push_back({"ZeRO-2 + optimizer offload nvme, 2 ranks", 2, 1, 2, nvme});
    Env nvme3 = deepSpeed(3, "nvme", "nvme");
    nvme3.emplace("CATAPULT_OFFLOAD_BLOCK_ELEMENTS", "2048");
    rows.push_back({"ZeRO-3 + parameter and optimizer offload nvme, 3 ranks", 3, 1, 3, nvme3});
    return rows;
}

class StageEqualsDataParallel : public ::testing::TestWithParam<StageRow> {};

TEST_P(StageEqualsDataParallel, Row) {
    const int ranks = GetParam().ranks;
    const int accumulation = GetParam().accumulation;
    const int stage = GetParam().stage;
    Env env = GetParam().env;
    test::TempDir dir;
    test::TempDir nvme;
    ASSERT_TRUE(dir.isValid() && nvme.isValid());
    if (valueOf(env, "ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE") == "nvme")
        env["ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH"] = nvme.path();
    if (valueOf(env, "ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE") == "nvme")
        env["ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_NVME_PATH"] = nvme.path();
    const RunResult& dp = dataParallel(ranks, accumulation);
    ASSERT_TRUE(dp.error.empty()) << "data parallel: " << dp.error;
    const RunResult sharded = runRanks(ranks, accumulation, env, dir.path());
    ASSERT_TRUE(sharded.error.empty()) << sharded.error;

    ASSERT_EQ(sharded.parameters.size(), dp.parameters.size());
    double maxDiff = 0, maxParam = 0;
    for (std::size_t i = 0; i < dp.parameters.size(); ++i) {
        ASSERT_EQ(sharded.parameters[i].sizes(), dp.parameters[i].sizes());
        maxDiff = std::max(maxDiff, (sharded.parameters[i] - dp.parameters[i]).abs().max().item<double>());
        maxParam = std::max(maxParam, dp.parameters[i].abs().max().item<double>());
    }
    const ModelStateBytes& whole = dp.footprint[0];
    const ModelStateBytes& mine = sharded.footprint[static_cast<std::size_t>(ranks - 1)];
    test::info("after %d steps: max |sharded - data parallel| = %.3g (max |parameter| %.3g); rank %d holds parameters "
               "%lld, gradients %lld, optimizer %lld bytes, disk %lld (data parallel: %lld, %lld, %lld)",
               kSteps, maxDiff, maxParam, ranks - 1, static_cast<long long>(mine.parameterBytes),
               static_cast<long long>(mine.gradientBytes), static_cast<long long>(mine.optimizerBytes),
               static_cast<long long>(mine.diskBytes), static_cast<long long>(whole.parameterBytes),
               static_cast<long long>(whole.gradientBytes), static_cast<long long>(whole.optimizerBytes));
    ASSERT_LE(maxDiff, 1e-5);

    const bool optimizerOnDisk = valueOf(env, "ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE") == "nvme";
    const bool paramsOnDisk = valueOf(env, "ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE") == "nvme";
    for (const ModelStateBytes& b : sharded.footprint) {
        if (optimizerOnDisk) {
            ASSERT_EQ(b.optimizerBytes, int64_t(0));
        } else {
            ASSERT_TRUE(isOneNth(b.optimizerBytes, whole.optimizerBytes, ranks)) << "optimizer state is not 1/N";
        }
        ASSERT_TRUE(isOneNth(b.gradientBytes, whole.gradientBytes, ranks)) << "gradients are not 1/N";  // stage 1: after the sync reduce
        if (stage == 3 && !paramsOnDisk)
            ASSERT_TRUE(isOneNth(b.parameterBytes, whole.parameterBytes, ranks)) << "parameters are not 1/N";
        if (stage == 3 && paramsOnDisk) ASSERT_EQ(b.parameterBytes, int64_t(0));
        if (stage < 3)  // full parameters, plus each unit's padding to a multiple of N
            ASSERT_TRUE(b.parameterBytes >= whole.parameterBytes && b.parameterBytes < whole.parameterBytes + 64 * 4 * ranks);
        if (optimizerOnDisk || paramsOnDisk) ASSERT_GE(b.diskBytes, (optimizerOnDisk ? 2 : 0) * whole.parameterBytes / ranks);
    }
}

INSTANTIATE_TEST_SUITE_P(ShardingTests, StageEqualsDataParallel, ::testing::ValuesIn(stageRows()),
                         test::rowName<StageRow>);

TEST(ShardingTests, unitClassesMustExistInTheModel) {
    auto state = ProcessState::fromEnvironment({{"ACCELERATE_USE_FSDP", "true"},
                                                {"FSDP_TRANSFORMER_CLS_TO_WRAP", "GPT2Block"},
                                                {"ACCELERATE_USE_CPU", "true"}});
    ASSERT_TRUE(state.ok());
    auto made = Accelerator::create(state.value());
    ASSERT_TRUE(made.ok());
    torch::manual_seed(1);
    GptModel model(test::helperModel());
    const Status s = made.value()->prepare(*model);
    ASSERT_FALSE(s.ok());
    test::info("%s", s.message().c_str());
    ASSERT_TRUE(contains(s.message(), "names GPT2Block"));
    ASSERT_TRUE(contains(s.message(), "TransformerBlock"));
}

TEST(ShardingTests, zeroThreeHoldsShardsAtRest) {
    // One process, stage 3: between steps only the shards exist; a forward gathers each unit and
    // frees it again; training still works and gatheredParameters() sees the trained values.
    auto state = ProcessState::fromEnvironment({{"ACCELERATE_USE_DEEPSPEED", "true"},
                                                {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
                                                {"ACCELERATE_USE_CPU", "true"}});
    auto made = Accelerator::create(state.value());
    ASSERT_TRUE(made.ok());
    Accelerator& acc = *made.value();
    torch::manual_seed(1);
    GptModel model(test::helperModel());
    const auto before = [&] {
        std::vector<torch::Tensor> v;
        for (auto& p : model->parameters()) v.push_back(p.detach().clone());
        return v;
    }();
    test::prepareOrFail(acc, *model);
    ASSERT_TRUE(acc.shardingDescription().find("ZeRO stage 3") != std::string::npos);
    auto freed = [&] {
        int64_t n = 0;
        for (auto& p : model->parameters()) n += p.storage().nbytes() == 0 ? 1 : 0;
        return n;
    };
    const auto count = static_cast<int64_t>(model->parameters().size());
    ASSERT_EQ(freed(), int64_t(count - 5));  // every block parameter; the root (5 tensors) until it opens its scope
    torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-2));
    auto x = torch::randint(0, 256, {2, 16}, torch::kLong), y = torch::randint(0, 256, {2, 16}, torch::kLong);
    double first = 0, last = 0;
    for (int step = 0; step < 10; ++step) {
        auto loss = model->loss(x, y);
        acc.backward(loss);
        acc.step(optimizer);
        (step == 0 ? first : last) = loss.item<double>();
        ASSERT_EQ(freed(), count);  // after the step: shards only
    }
    ASSERT_LT(last, first);
    const auto after = acc.gatheredParameters();
    ASSERT_EQ(after.size(), before.size());
    ASSERT_GT((after[0] - before[0]).abs().max().item<double>(), 1e-4);
    ASSERT_EQ(freed(), count);
    ASSERT_TRUE(optimizer.state().empty());  // the Accelerator held the AdamW state
}

}  // namespace
