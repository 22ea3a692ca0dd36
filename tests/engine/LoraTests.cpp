// LoRA fine-tuning (`catapult-worker train --model DIR --dataset FILE --lora ...`): from the
// same initial PEFT adapter, 30 steps on 2 CPU ranks in fp32 equal PEFT + transformers + DDP
// step by step (data parallel and ZeRO-3); only the adapters are trained; the exported adapter
// loads in PEFT and gives the logits of the merged export and of PEFT's own trained adapter;
// bf16 trains; a target that names no projection is refused with the names there are.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "HfFixtures.h"
#include "HfRuns.h"
#include "RankHelper.h"
#include "SafetensorsFile.h"
#include "TestSupport.h"
#include "catapult/HfModelConfig.h"

namespace catapult {
namespace {

namespace fs = std::filesystem;
using Environment = std::map<std::string, std::string>;
constexpr int kSteps = 30;

std::string chatModel() { return test::hfFixtures() + "/qwen2-chat"; }
std::string python() { return std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_REFERENCE_SCRIPT + "\" "; }

// What the suite shares: a data cache, the initial adapter (PEFT, random A and B), and PEFT's
// 30 steps from it with its trained adapter.
class LoraTests : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_made = test::makeHfFixtures();
        s_shared = std::make_unique<test::TempDir>();
        if (s_made)
            s_made = test::runCommand(python() + "init-adapter --model \"" + chatModel() + "\" --out \"" + initial() +
                                      "\" > \"" + initial() + ".log\" 2>&1");
    }
    static void TearDownTestSuite() { s_shared.reset(); }
    void SetUp() override { ASSERT_TRUE(s_made) << "the fixtures or the initial adapter failed; see " << test::hfFixtures() << ".log"; }

    static std::string cache() { return s_shared->filePath("cache"); }
    static std::string initial() { return s_shared->filePath("initial-adapter"); }
    static std::string peftAdapter() { return s_shared->filePath("peft-adapter"); }

    // catapult-worker train with LoRA from the initial adapter on 2 CPU ranks.
    static test::RunLines train(const std::string& runDir, const Environment& env, std::vector<std::string> extra = {},
                                MixedPrecision mixedPrecision = MixedPrecision::No) {
        std::vector<std::string> argv{CATAPULT_WORKER_PATH, "train", "--model", chatModel(), "--dataset",
                                      test::hfFixtures() + "/datasets/messages.jsonl", "--seq_len", "64", "--batch_size", "4",
                                      "--steps", std::to_string(kSteps), "--lr", "1e-2", "--weight_decay", "0.01",
                                      "--warmup_steps", "1", "--min_lr_ratio", "0.1", "--grad_clip", "1.0", "--no_shuffle",
                                      "--memory_every", "0", "--run_dir", runDir};
        argv.insert(argv.end(), extra.begin(), extra.end());
        Environment environment = env;
        environment["CATAPULT_PYTHON"] = CATAPULT_PYTHON;
        environment["CATAPULT_DATA_CACHE"] = cache();
        const test::RanksOutcome outcome = test::launchRanks(2, CATAPULT_WORKER_PATH, argv, runDir, environment, mixedPrecision);
        EXPECT_TRUE(outcome.success) << outcome.reason;
        test::RunLines lines = test::readRun(runDir);
        if (lines.started.contains("dataset")) s_prepared = lines.started["dataset"].value("directory", "");
        return lines;
    }

    // The prepared dataset's directory (a run prepares it first when none has).
    static std::string prepared() {
        if (s_prepared.empty()) train(s_shared->filePath("first-run"), {}, {"--adapter", initial()});
        return s_prepared;
    }

    // The run's "exported" checkpoint line (empty when there is none).
    static nlohmann::json exportedLine(const std::string& runDir) {
        std::ifstream in(runDir + "/metrics.jsonl");
        nlohmann::json found = nlohmann::json::object();
        for (std::string line; std::getline(in, line);) {
            const nlohmann::json o = nlohmann::json::parse(line, nullptr, false);
            if (o.is_object() && o.value("action", "") == "exported") found = o;
        }
        return found;
    }

    // PEFT's losses from the initial adapter on the prepared dataset (computed once).
    static const std::vector<double>& peftLosses(const std::string& prepared) {
        static std::vector<double> losses;
        static std::once_flag once;
        std::call_once(once, [&] {
            const std::string out = s_shared->filePath("peft.json");
            test::runCommand(python() + "train --model \"" + chatModel() + "\" --prepared \"" + prepared + "\" --adapter \"" +
                             initial() + "\" --save_adapter \"" + peftAdapter() + "\" --steps " + std::to_string(kSteps) +
                             " --batch_size 4 --lr 1e-2 --out \"" + out + "\" > \"" + out + ".log\" 2>&1");
            std::ifstream in(out);
            const nlohmann::json ref = nlohmann::json::parse(in, nullptr, false);
            if (!ref.is_discarded()) losses = ref["losses"].get<std::vector<double>>();
        });
        return losses;
    }

    static inline bool s_made = false;
    static inline std::string s_prepared;
    static inline std::unique_ptr<test::TempDir> s_shared;
};

struct LoraRow {
    const char* tag;
    Environment environment;
};
void PrintTo(const LoraRow& row, std::ostream* os) { *os << row.tag; }

class LoraEqualsPeft : public LoraTests, public ::testing::WithParamInterface<LoraRow> {};

TEST_P(LoraEqualsPeft, Row) {
    test::TempDir run;
    const test::RunLines got = train(run.path(), GetParam().environment, {"--adapter", initial()});
    ASSERT_EQ(got.losses.size(), std::size_t(kSteps));
    const std::vector<double>& reference = peftLosses(got.started["dataset"]["directory"].get<std::string>());
    ASSERT_EQ(reference.size(), std::size_t(kSteps)) << "hf_ddp_reference.py --adapter failed";
    const double worst = test::worstRelativeDifference(got.losses, reference);
    test::info("%s: LoRA loss %.6f -> %.6f (PEFT + DDP %.6f -> %.6f), worst relative difference %.2e", GetParam().tag,
               got.losses.front(), got.losses.back(), reference.front(), reference.back(), worst);
    EXPECT_LE(worst, 1e-4);
    EXPECT_LT(got.losses.back(), got.losses.front() - 0.1);  // rank 8 on q and v of a 30k-parameter model: it learns slowly
    // Only the adapters: r 8 on q_proj (32 -> 32) and v_proj (32 -> 16) of 2 layers, as the memory estimate counts them.
    EXPECT_EQ(got.started["model"]["lora"]["trainable_parameters"], 2 * (8 * (32 + 32) + 8 * (32 + 16)));
    EXPECT_EQ(got.started["model"]["lora"]["trainable_parameters"], HfModelConfig::read(chatModel()).value().loraParameterCount(8, {}));
}

INSTANTIATE_TEST_SUITE_P(
    LoraTests, LoraEqualsPeft,
    ::testing::Values(LoraRow{"data parallel", {}},
                      LoraRow{"ZeRO-3", {{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"}}}),
    test::rowName<LoraRow>);

torch::Tensor logits(const std::string& model, const std::string& adapter, const std::string& out) {
    test::runCommand(python() + "logits --model \"" + model + "\" --ids \"" + test::hfFixtures() +
                     "/llama/reference.safetensors\" --out \"" + out + "\"" + (adapter.empty() ? "" : " --adapter \"" + adapter + "\"") +
                     " > \"" + out + ".log\" 2>&1");
    return SafetensorsFile::read(out).tensor("logits");
}

TEST_F(LoraTests, ExportedAdapterLoadsInPeftWithTheMergedModelsLogits) {
    test::TempDir run;
    const test::RunLines got = train(run.path(), {}, {"--adapter", initial(), "--merge_lora"});
    ASSERT_EQ(got.losses.size(), std::size_t(kSteps));
    ASSERT_EQ(peftLosses(got.started["dataset"]["directory"].get<std::string>()).size(), std::size_t(kSteps));
    const SafetensorsFile adapter = SafetensorsFile::read(run.filePath("adapter/adapter_model.safetensors"));
    EXPECT_EQ(adapter.tensors().size(), 8u);  // lora_A and lora_B of q_proj and v_proj, 2 layers
    const torch::Tensor ours = logits(chatModel(), run.filePath("adapter"), run.filePath("ours.safetensors"));
    const torch::Tensor merged = logits(run.filePath("model"), "", run.filePath("merged.safetensors"));
    const torch::Tensor peft = logits(chatModel(), peftAdapter(), run.filePath("peft.safetensors"));
    const torch::Tensor base = logits(chatModel(), "", run.filePath("base.safetensors"));
    const double toMerged = (ours - merged).abs().max().item<double>(), toPeft = (ours - peft).abs().max().item<double>();
    const double trained = (ours - base).abs().max().item<double>();
    test::info("adapter logits vs merged %.2e, vs PEFT's trained adapter %.2e, vs the base model %.2e", toMerged, toPeft, trained);
    EXPECT_LT(toMerged, 1e-4);
    EXPECT_LT(toPeft, 1e-3);
    EXPECT_GT(trained, 0.05);  // the adapter changed the model
    EXPECT_EQ(exportedLine(run.path()).value("format", ""), "peft-adapter");
    EXPECT_EQ(exportedLine(run.path()).value("base", ""), chatModel());
    EXPECT_EQ(exportedLine(run.path()).value("merged", ""), run.filePath("model"));
}

// catapult-worker merge on PEFT's own trained adapter: the merged model's logits are those of
// PEFT's model with the adapter (as merge_and_unload would give).
TEST_F(LoraTests, MergeCommandGivesPeftsLogits) {
    test::TempDir run;
    ASSERT_EQ(peftLosses(prepared()).size(), std::size_t(kSteps));
    ASSERT_TRUE(test::runCommand(std::string("\"") + CATAPULT_WORKER_PATH + "\" merge --model \"" + chatModel() + "\" --adapter \"" +
                                 peftAdapter() + "\" --out \"" + run.filePath("merged") + "\" > \"" + run.filePath("merge.log") + "\" 2>&1"));
    const torch::Tensor merged = logits(run.filePath("merged"), "", run.filePath("merged.safetensors"));
    const torch::Tensor peft = logits(chatModel(), peftAdapter(), run.filePath("peft.safetensors"));
    const torch::Tensor base = logits(chatModel(), "", run.filePath("base.safetensors"));
    const double toPeft = (merged - peft).abs().max().item<double>(), trained = (peft - base).abs().max().item<double>();
    test::info("merged PEFT adapter vs PEFT with the adapter %.2e (vs the base model %.2e)", toPeft, trained);
    EXPECT_LT(toPeft, 1e-4);
    EXPECT_GT(trained, 0.05);
    const std::string notAnAdapter = std::string("\"") + CATAPULT_WORKER_PATH + "\" merge --model \"" + chatModel() + "\" --adapter \"" +
                                     chatModel() + "\" --out \"" + run.filePath("none") + "\" > \"" + run.filePath("bad.log") + "\" 2>&1";
    EXPECT_NE(std::system(notAnAdapter.c_str()), 0);
    EXPECT_FALSE(fs::exists(run.filePath("none")));
    std::ifstream bad(run.filePath("bad.log"));
    const std::string message((std::istreambuf_iterator<char>(bad)), std::istreambuf_iterator<char>());
    EXPECT_NE(message.find("no adapter_config.json"), std::string::npos) << message;
    // Into a folder that holds something: refused, as `catapult runs export` refuses it.
    const std::string again = std::string("\"") + CATAPULT_WORKER_PATH + "\" merge --model \"" + chatModel() + "\" --adapter \"" +
                              peftAdapter() + "\" --out \"" + run.filePath("merged") + "\" > \"" + run.filePath("again.log") + "\" 2>&1";
    EXPECT_NE(std::system(again.c_str()), 0);
    std::ifstream againLog(run.filePath("again.log"));
    const std::string refused((std::istreambuf_iterator<char>(againLog)), std::istreambuf_iterator<char>());
    EXPECT_NE(refused.find("is not empty"), std::string::npos) << refused;
}

TEST_F(LoraTests, Bf16LoraTrainsAllLinear) {
    test::TempDir run;
    const test::RunLines got = train(run.path(), {}, {"--lora_rank", "4", "--lora_alpha", "16", "--lora_target_modules", "all-linear"},
                                     MixedPrecision::Bf16);
    ASSERT_EQ(got.losses.size(), std::size_t(kSteps));
    EXPECT_EQ(got.started["mixed_precision"], "bf16");
    EXPECT_EQ(got.started["model"]["lora"]["target_modules"].size(), 7u);
    EXPECT_EQ(got.started["model"]["lora"]["trainable_parameters"],
              HfModelConfig::read(chatModel()).value().loraParameterCount(4, {"all-linear"}));
    EXPECT_LT(got.losses.back(), got.losses.front() - 0.2);
    const nlohmann::json config = nlohmann::json::parse(std::ifstream(run.filePath("adapter/adapter_config.json")));
    EXPECT_EQ(config["r"], 4);
    EXPECT_EQ(config["target_modules"].size(), 7u);
}

TEST_F(LoraTests, UnknownTargetIsRefusedWithTheProjectionNames) {
    test::TempDir run;
    const std::string log = run.filePath("out.log");
    const std::string command = std::string("\"") + CATAPULT_WORKER_PATH + "\" train --model \"" + chatModel() +
                                "\" --lora_target_modules q_proj,query --steps 1 > \"" + log + "\" 2>&1";
    EXPECT_NE(std::system(command.c_str()), 0);
    std::ifstream in(log);
    const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(output.find("no projection of Qwen2ForCausalLM is named \"query\""), std::string::npos) << output;
    EXPECT_NE(output.find("down_proj, gate_proj, k_proj, o_proj, q_proj, up_proj, v_proj"), std::string::npos) << output;
}

}  // namespace
}  // namespace catapult
