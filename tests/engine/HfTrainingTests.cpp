// Fine-tuning Hugging Face model directories with `catapult-worker train --model`: 30 AdamW
// steps on 2 CPU ranks equal, step by step, what transformers' own model computes under torch
// DDP on the same windows (tests/python/hf_ddp_reference.py), for data parallel, ZeRO and
// activation checkpointing; the export loads in transformers with the same logits; a resumed
// run continues exactly; activation checkpointing keeps no decoder-layer intermediates.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "HfCausalLM.h"
#include "HfFixtures.h"
#include "HfRuns.h"
#include "MappedSafetensors.h"
#include "RankHelper.h"
#include "SafetensorsFile.h"
#include "TestSupport.h"
#include "catapult/Autocast.h"
#include "catapult/Fp8Linear.h"

namespace catapult {
namespace {

namespace fs = std::filesystem;
using Environment = std::map<std::string, std::string>;
using test::readRun;
using test::RunLines;
using test::worstRelativeDifference;

const Environment kZero2{{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "2"}};
const Environment kZero3{{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"}};

class HfTrainingTests : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_made = test::makeHfFixtures(); }
    void SetUp() override { ASSERT_TRUE(s_made) << "the fixture script failed; see " << test::hfFixtures() << ".log"; }
    static inline bool s_made = false;
};

std::string model(const std::string& name) { return test::hfFixtures() + "/" + name; }
std::string text() { return test::hfFixtures() + "/text.txt"; }

// The training flags both sides share: the defaults of hf_ddp_reference.py.
std::vector<std::string> trainFlags(const std::string& name, int64_t steps) {
    return {"--model", model(name), "--text", text(), "--steps", std::to_string(steps), "--seq_len", "16",
            "--batch_size", "2", "--lr", "2e-3", "--weight_decay", "0.01", "--warmup_steps", "1",
            "--min_lr_ratio", "0.1", "--grad_clip", "1.0", "--no_shuffle", "--memory_every", "0"};
}

// transformers + DDP on 2 ranks: the loss of each of `steps` steps (computed once per model).
const std::vector<double>& referenceLosses(const std::string& name, int64_t steps) {
    static std::map<std::string, std::vector<double>> cache;
    const std::string key = name + "/" + std::to_string(steps);
    if (cache.count(key)) return cache[key];
    test::TempDir dir;
    const std::string out = dir.filePath("reference.json");
    test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_REFERENCE_SCRIPT + "\" train --model \"" + model(name) +
        "\" --text \"" + text() + "\" --steps " + std::to_string(steps) + " --out \"" + out + "\" > \"" + out + ".log\" 2>&1");
    std::ifstream in(out);
    const nlohmann::json ref = nlohmann::json::parse(in, nullptr, false);
    std::vector<double>& losses = cache[key];
    if (!ref.is_discarded()) losses = ref["losses"].get<std::vector<double>>();
    return losses;
}

// `catapult-worker train` on 2 CPU ranks with the shared flags and `extra`.
RunLines trainWithEngine(const std::string& name, int64_t steps, const std::string& runDir, const Environment& env,
                         std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{CATAPULT_WORKER_PATH, "train"};
    for (const auto& f : trainFlags(name, steps)) argv.push_back(f);
    argv.insert(argv.end(), {"--run_dir", runDir});
    argv.insert(argv.end(), extra.begin(), extra.end());
    Environment environment = env;
    environment["CATAPULT_PYTHON"] = CATAPULT_PYTHON;
    const test::RanksOutcome outcome = test::launchRanks(2, CATAPULT_WORKER_PATH, argv, runDir, environment);
    EXPECT_TRUE(outcome.success) << outcome.reason;
    return readRun(runDir);
}

struct TrainingRow {
    const char* tag;
    const char* model;
    Environment environment;
    bool recompute;
    const char* sharding;  // in the started line's description
};
void PrintTo(const TrainingRow& row, std::ostream* os) { *os << row.tag; }

class HfTrainingEqualsDdp : public HfTrainingTests, public ::testing::WithParamInterface<TrainingRow> {};

TEST_P(HfTrainingEqualsDdp, Row) {
    const TrainingRow& row = GetParam();
    constexpr int64_t kSteps = 30;
    const std::vector<double>& reference = referenceLosses(row.model, kSteps);
    ASSERT_EQ(reference.size(), std::size_t(kSteps)) << "hf_ddp_reference.py failed";
    test::TempDir dir;
    const RunLines got = trainWithEngine(row.model, kSteps, dir.path(), row.environment,
                                         row.recompute ? std::vector<std::string>{"--activation_checkpointing"}
                                                       : std::vector<std::string>{});
    ASSERT_EQ(got.losses.size(), std::size_t(kSteps));
    const double worst = worstRelativeDifference(got.losses, reference);
    test::info("%s: loss %.6f -> %.6f (transformers + DDP %.6f -> %.6f), worst relative difference %.2e", row.tag,
               got.losses.front(), got.losses.back(), reference.front(), reference.back(), worst);
    EXPECT_LE(worst, 1e-4);
    EXPECT_LT(got.losses.back(), got.losses.front() - 0.5);  // it really trained
    EXPECT_NE(got.started["sharding"].get<std::string>().find(row.sharding), std::string::npos) << got.started["sharding"];
    EXPECT_EQ(got.started["activation_checkpointing"].get<bool>(), row.recompute);
}

INSTANTIATE_TEST_SUITE_P(
    HfTrainingTests, HfTrainingEqualsDdp,
    ::testing::Values(TrainingRow{"llama data parallel", "llama", {}, false, "data parallel"},
                      TrainingRow{"llama ZeRO-3", "llama", kZero3, false, "model.layers.0, model.layers.1, root"},
                      TrainingRow{"llama ZeRO-3 activation checkpointing", "llama", kZero3, true, "ZeRO stage 3"},
                      TrainingRow{"qwen2 ZeRO-2", "qwen2", kZero2, false, "ZeRO stage 2"},
                      TrainingRow{"gpt2 data parallel activation checkpointing", "gpt2", {}, true, "data parallel"}),
    test::rowName<TrainingRow>);

// The logits transformers computes for the fixture's reference ids with DIR.
torch::Tensor transformersLogits(const std::string& dir, const std::string& scratch) {
    const std::string out = scratch + "/logits.safetensors";
    test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_REFERENCE_SCRIPT + "\" logits --model \"" + dir +
        "\" --ids \"" + model("llama") + "/reference.safetensors\" --out \"" + out + "\" > \"" + out + ".log\" 2>&1");
    return SafetensorsFile::read(out).tensor("logits");
}

TEST_F(HfTrainingTests, ExportLoadsInTransformersWithTheSameLogits) {
    test::TempDir dir;
    const std::string exported = dir.filePath("export");
    trainWithEngine("llama", 4, dir.filePath("run"), kZero3, {"--export_dir", exported, "--max_shard_size", "40kB"});
    std::set<std::string> files;
    for (const auto& e : fs::directory_iterator(exported)) files.insert(e.path().filename().string());
    test::info("exported: %s", [&] { std::string s; for (const auto& f : files) s += f + " "; return s; }().c_str());
    ASSERT_TRUE(files.count("model.safetensors.index.json"));
    ASSERT_TRUE(files.count("model-00001-of-00004.safetensors"));  // 156 kB of fp32 weights in 40 kB shards
    ASSERT_TRUE(files.count("config.json") && files.count("tokenizer.json") && files.count("generation_config.json"));
    ASSERT_FALSE(files.count(".export.partial"));

    auto engine = HfCausalLM::fromDirectory(exported);
    ASSERT_TRUE(engine.ok()) << engine.status().message();
    auto reference = MappedSafetensors::open(model("llama") + "/reference.safetensors");
    ASSERT_TRUE(reference.ok());
    torch::NoGradGuard noGrad;
    const torch::Tensor ours = engine.value()->forward(reference.value()->tensor("ids").value());
    const torch::Tensor theirs = transformersLogits(exported, dir.path());
    const double difference = (ours - theirs).abs().max().item<double>();
    const double moved = (theirs - reference.value()->tensor("logits").value()).abs().max().item<double>();
    test::info("exported model: max |engine - transformers| logits %.3g; trained away from the source by %.3g", difference, moved);
    EXPECT_LE(difference, 1e-4);
    EXPECT_GT(moved, 1e-3);  // the export holds the trained weights, not the source's
}

TEST_F(HfTrainingTests, ZeroThreeLoadsOnlyEachRanksShard) {
    // Under ZeRO-3 a rank reads only its shard of the weights: while the model is prepared its
    // memory grows by its share of the training state (parameter, gradient and two AdamW moment
    // shards: 2 x the model's fp32 bytes on 2 ranks) and the file pages of its shard that it
    // read (0.5 x), never by the whole model on top. Measured: 3.3 x; loading the whole model
    // first and sharding it after (the engine before this test) took 5.4 x.
    test::TempDir dir;
    const std::string run = dir.filePath("run");
    std::vector<std::string> argv{CATAPULT_WORKER_PATH, "train", "--model", model("llama-wide"), "--text", text(),
                                  "--steps", "1", "--seq_len", "16", "--batch_size", "1", "--memory_every", "0",
                                  "--run_dir", run, "--export_dir", dir.filePath("export")};
    Environment environment = kZero3;
    environment["CATAPULT_PYTHON"] = CATAPULT_PYTHON;
    const test::RanksOutcome outcome = test::launchRanks(2, CATAPULT_WORKER_PATH, argv, run, environment);
    ASSERT_TRUE(outcome.success) << outcome.reason;
    const nlohmann::json started = readRun(run).started;
    const double modelBytes = 4.0 * started["model"]["parameters"].get<double>();
    const double growth = started["peak_rss_after_prepare_bytes"].get<double>() - started["rss_before_model_bytes"].get<double>();
    test::info("ZeRO-3, 2 ranks, %.1f MB of fp32 weights: rank 0 grew by %.1f MB while loading (%.2f x the model)",
               modelBytes / 1e6, growth / 1e6, growth / modelBytes);
    EXPECT_LT(growth, 4.25 * modelBytes);
    auto exported = HfCausalLM::fromDirectory(dir.filePath("export"));  // and the shards made the whole model again
    ASSERT_TRUE(exported.ok()) << exported.status().message();
}

TEST_F(HfTrainingTests, ResumedRunContinuesExactly) {
    test::TempDir dir;
    const RunLines whole = trainWithEngine("llama", 8, dir.filePath("whole"), kZero3, {"--checkpoint_every", "4"});
    ASSERT_EQ(whole.losses.size(), std::size_t(8));
    const RunLines resumed = trainWithEngine("llama", 8, dir.filePath("resumed"), kZero3,
                                             {"--resume", dir.filePath("whole") + "/checkpoints/step-00000004"});
    ASSERT_EQ(resumed.losses.size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(resumed.losses[i], whole.losses[4 + i]) << "step " << 5 + i;
}

TEST_F(HfTrainingTests, ResumeRefusesAnotherModel) {
    test::TempDir dir;
    trainWithEngine("llama", 2, dir.filePath("llama"), {}, {});
    std::vector<std::string> argv{CATAPULT_WORKER_PATH, "train"};
    for (const auto& f : trainFlags("qwen2", 4)) argv.push_back(f);
    argv.insert(argv.end(), {"--run_dir", dir.filePath("qwen2"), "--resume", dir.filePath("llama")});
    const test::RanksOutcome outcome =
        test::launchRanks(2, CATAPULT_WORKER_PATH, argv, dir.filePath("qwen2"), {{"CATAPULT_PYTHON", CATAPULT_PYTHON}});
    test::info("%s", outcome.reason.substr(0, outcome.reason.find('\n')).c_str());
    ASSERT_FALSE(outcome.success);
    EXPECT_TRUE(test::contains(outcome.reason, "--model")) << outcome.reason;
}

// Nodes of the autograd graph behind `t`.
std::size_t graphSize(const torch::Tensor& t) {
    std::set<torch::autograd::Node*> seen;
    std::vector<torch::autograd::Node*> todo{t.grad_fn().get()};
    while (!todo.empty()) {
        torch::autograd::Node* n = todo.back();
        todo.pop_back();
        if (!n || !seen.insert(n).second) continue;
        for (const auto& edge : n->next_edges()) todo.push_back(edge.function.get());
    }
    return seen.size();
}

TEST_F(HfTrainingTests, ActivationCheckpointingKeepsNoLayerIntermediates) {
    auto made = HfCausalLM::fromDirectory(model("llama"));
    ASSERT_TRUE(made.ok());
    HfCausalLM& m = *made.value();
    auto reference = MappedSafetensors::open(model("llama") + "/reference.safetensors");
    const torch::Tensor ids = reference.value()->tensor("ids").value();
    const torch::Tensor targets = ids.roll(-1, 1);
    const torch::Tensor kept = m.loss(ids, targets);
    const std::size_t keptNodes = graphSize(kept);
    kept.backward();
    std::vector<torch::Tensor> keptGrads;
    for (const auto& p : m.parameters()) keptGrads.push_back(p.grad().clone());
    m.zero_grad();
    m.setActivationCheckpointing(true);
    const torch::Tensor recomputed = m.loss(ids, targets);
    const std::size_t recomputedNodes = graphSize(recomputed);
    recomputed.backward();
    double worst = 0;
    for (std::size_t i = 0; i < keptGrads.size(); ++i)
        worst = std::max(worst, (m.parameters()[i].grad() - keptGrads[i]).abs().max().item<double>());
    test::info("graph nodes: %zu kept, %zu with recomputation; max gradient difference %.3g", keptNodes, recomputedNodes, worst);
    EXPECT_EQ(recomputed.item<double>(), kept.item<double>());
    EXPECT_LT(recomputedNodes * 2, keptNodes);  // the layers' ops are not in the graph: each is one node
    EXPECT_LE(worst, 1e-6);
}

TEST_F(HfTrainingTests, Fp8RunsEveryDecoderProjectionInFp8) {
    // Under an fp8 scope each projection of each decoder layer makes its three FP8 products per
    // training step (forward, input and weight gradient), GPT-2's Conv1D layout included, and the
    // loss stays near the fp32 one.
    for (const std::string name : {"llama", "gpt2"}) {
        auto made = HfCausalLM::fromDirectory(model(name));
        ASSERT_TRUE(made.ok());
        HfCausalLM& m = *made.value();
        auto reference = MappedSafetensors::open(model(name) + "/reference.safetensors");
        const torch::Tensor ids = reference.value()->tensor("ids").value(), targets = ids.roll(-1, 1);
        torch::Tensor fp32, fp8;
        {
            torch::NoGradGuard noGrad;
            fp32 = m.loss(ids, targets);
        }
        {
            AutocastScope amp(torch::kCPU, MixedPrecision::Fp8, Fp8Settings{});
            fp8 = m.loss(ids, targets);
        }
        fp8.backward();
        int projections = 0, inFp8 = 0;
        for (const auto& module : m.modules(false))
            if (auto* linear = module->as<Fp8LinearImpl>()) {
                ++projections;
                inFp8 += linear->fp8Products() == 3;
            }
        test::info("%s: %d of %d projections ran their 3 products in FP8; loss %.5f (fp32 %.5f)", name.c_str(), inFp8,
                   projections, fp8.item<double>(), fp32.item<double>());
        EXPECT_EQ(inFp8, projections);
        EXPECT_EQ(projections, m.config().isLlamaFamily() ? 7 * m.config().layers : 4 * m.config().layers);
        EXPECT_NEAR(fp8.item<double>(), fp32.item<double>(), 0.05);
    }
}

}  // namespace
}  // namespace catapult
