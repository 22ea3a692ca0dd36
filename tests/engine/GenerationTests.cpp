// Generation (Generation.h, `catapult-worker generate`): for every architecture of the tiny
// random-init fixtures, the new ids equal transformers' generate() token by token, greedy (one
// prompt, 64 new tokens; GPT-2's 64 positions allow 56) and sampled (two prompts of different
// lengths as one left-padded batch, temperature, top-k, top-p and repetition penalty, the same
// seed); the command line streams text, stops at a stop string, and answers a chat; a model
// larger than the memory limit generates the same tokens with its layers on disk.

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <nlohmann/json.hpp>

#include "DiskOffload.h"
#include "Generation.h"
#include "HfCausalLM.h"
#include "HfFixtures.h"
#include "HfRuns.h"
#include "TestSupport.h"

namespace catapult {
namespace {

const std::vector<std::string> kModels = {"llama", "llama3-tied", "qwen2", "mistral-window", "gpt2"};
const std::vector<int64_t> kLong = {5, 17, 42, 99, 3, 250, 8, 61}, kShort = {9, 10, 11};

std::string fixture(const std::string& name) { return test::hfFixtures() + "/" + name; }

// The cases given to transformers, and how Catapult runs each.
struct Case {
    std::string model;
    std::vector<std::vector<int64_t>> prompts;
    GenerationOptions options;
};

std::vector<Case> cases() {
    std::vector<Case> all;
    for (const std::string& m : kModels) {
        GenerationOptions greedy = generationDefaults(fixture(m)).value();
        greedy.maxNewTokens = m == "gpt2" ? 56 : 64;
        all.push_back({m, {kLong}, greedy});
        GenerationOptions sampled = greedy;
        sampled.maxNewTokens = 40;
        sampled.doSample = true;
        sampled.temperature = 0.8;
        sampled.topK = 20;
        sampled.topP = 0.9;
        sampled.repetitionPenalty = 1.2;
        sampled.seed = 3;
        all.push_back({m, {kLong, kShort}, sampled});
    }
    return all;
}

nlohmann::json caseJson(const Case& c) {
    return {{"model", fixture(c.model)}, {"prompts", c.prompts}, {"max_new_tokens", c.options.maxNewTokens},
            {"do_sample", c.options.doSample}, {"seed", c.options.seed}, {"temperature", c.options.temperature},
            {"top_k", c.options.topK}, {"top_p", c.options.topP}, {"repetition_penalty", c.options.repetitionPenalty}};
}

// The model of `dir` with the second half of its decoder layers left on disk (DiskOffload.h).
std::shared_ptr<HfCausalLM> halfOnDisk(const std::string& dir) {
    const HfModelConfig config = HfModelConfig::read(dir).value();
    DeviceMapPlan plan;
    int layer = 0;
    for (const ModelPart& part : modelParts(config, 4)) {
        const bool isLayer = part.name.find(".layers.") != std::string::npos || part.name.find(".h.") != std::string::npos;
        plan.placement.emplace_back(part.name, isLayer && layer++ >= config.layers / 2 ? "disk" : "cpu");
    }
    auto loaded = loadOffloaded(dir, plan, {torch::kFloat, "", {}});
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_GT(loaded.value().diskBytes, 0) << dir;
    return loaded.ok() ? loaded.value().model : nullptr;
}

class GenerationTests : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_made = test::makeHfFixtures();
        if (!s_made) return;
        s_dir = std::make_unique<test::TempDir>();
        nlohmann::json list = nlohmann::json::array();
        for (const Case& c : cases()) list.push_back(caseJson(c));
        std::ofstream(s_dir->filePath("cases.json")) << list.dump();
        const std::string out = s_dir->filePath("reference.json");
        s_made = test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_GENERATE_SCRIPT + "\" \"" +
                                  s_dir->filePath("cases.json") + "\" \"" + out + "\" > \"" + out + ".log\" 2>&1");
        if (s_made) s_reference = nlohmann::json::parse(std::ifstream(out));
    }
    static void TearDownTestSuite() { s_dir.reset(); }
    void SetUp() override { ASSERT_TRUE(s_made) << "the fixtures or the transformers reference failed"; }

    // The worker's output (stdout, then stderr after a line "--stderr--").
    static std::string worker(const std::string& args, const std::string& input = "", bool succeeds = true) {
        const std::string out = s_dir->filePath("worker.out"), err = s_dir->filePath("worker.err"), in = s_dir->filePath("worker.in");
        std::ofstream(in) << input;
        const std::string command = std::string("CATAPULT_PYTHON=\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_WORKER_PATH + "\" generate " +
                                    args + " < \"" + in + "\" > \"" + out + "\" 2> \"" + err + "\"";
        EXPECT_EQ(std::system(command.c_str()) == 0, succeeds) << command;
        auto text = [](const std::string& path) {
            std::ifstream f(path);
            return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        };
        return text(out) + "\n--stderr--\n" + text(err);
    }

    static inline bool s_made = false;
    static inline std::unique_ptr<test::TempDir> s_dir;
    static inline nlohmann::json s_reference;
};

TEST_F(GenerationTests, EqualsTransformersTokenByToken) {
    const std::vector<Case> all = cases();
    ASSERT_EQ(s_reference.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Case& c = all[i];
        auto model = HfCausalLM::fromDirectory(fixture(c.model));
        ASSERT_TRUE(model.ok()) << model.status().message();
        const GenerationResult ours = generate(*model.value(), c.prompts, c.options);
        const std::string what = c.model + (c.options.doSample ? " sampled" : " greedy");
        for (std::size_t r = 0; r < c.prompts.size(); ++r) {
            const std::vector<int64_t> theirs = s_reference[i][r].get<std::vector<int64_t>>();
            EXPECT_EQ(ours.tokens[r], theirs) << what << ", prompt " << r;
            EXPECT_GE(theirs.size(), 8u) << what << ": too short to tell";
        }
        test::info("%s: %zu prompt(s), %lld new tokens, equal to transformers' generate", what.c_str(), c.prompts.size(),
                   static_cast<long long>(ours.generated));
        if (c.options.doSample) continue;
        const std::shared_ptr<HfCausalLM> offloaded = halfOnDisk(fixture(c.model));
        ASSERT_TRUE(offloaded);
        EXPECT_EQ(generate(*offloaded, c.prompts, c.options).tokens[0], s_reference[i][0].get<std::vector<int64_t>>())
            << what << " with half its layers on disk";
    }
}

TEST_F(GenerationTests, CommandStreamsStopsAndChats) {
    const std::string model = "--model \"" + fixture("qwen2-chat") + "\"";
    const std::string full = worker(model + " --prompt \"Catapult trains\" --max_new_tokens 24 --json");
    const nlohmann::json line = nlohmann::json::parse(full.substr(0, full.find('\n')));
    const std::string text = line["text"].get<std::string>();
    ASSERT_GE(text.size(), 12u) << full;
    // A stop string from the middle of the greedy text ends the reply there.
    const std::string stop = text.substr(text.size() / 2, 3);
    const std::string stopped = worker(model + " --prompt \"Catapult trains\" --max_new_tokens 24 --stop \"" + stop + "\"");
    const std::string shown = stopped.substr(0, stopped.find("\n--stderr--"));
    EXPECT_NE(shown.find(stop), std::string::npos) << stopped;
    EXPECT_LT(shown.size(), text.size()) << stopped;
    EXPECT_EQ(text.rfind(shown.substr(0, shown.find(stop)), 0), 0u) << "the stopped text is the start of the full one";
    EXPECT_NE(stopped.find("tokens/s), first token after"), std::string::npos) << stopped;
    // A chat: two turns from stdin, each answered (through the model's ChatML template).
    const std::string chat = worker(model + " --chat --system \"Be brief.\" --max_new_tokens 8", "hello\nand again\n");
    const std::string err = chat.substr(chat.find("--stderr--"));
    std::size_t answers = 0;
    for (std::size_t at = err.find("8 tokens in"); at != std::string::npos; at = err.find("8 tokens in", at + 1)) ++answers;
    EXPECT_EQ(answers, 2u) << chat;
}

// The JSON lines of a worker run's stdout: its one "text" line and the summary.
std::pair<nlohmann::json, nlohmann::json> textAndSummary(const std::string& output) {
    nlohmann::json text, summary;
    std::istringstream in(output.substr(0, output.find("\n--stderr--")));
    for (std::string line; std::getline(in, line);) {
        const nlohmann::json o = nlohmann::json::parse(line, nullptr, false);
        if (o.is_object() && o.value("type", "") == "text") text = o;
        if (o.is_object() && o.value("type", "") == "generated") summary = o;
    }
    return {text, summary};
}

// A model larger than the memory the process may use (760 MB of weights; cpu=600MB in all, the
// runtime's own 350 MB or so included): most layers stay on disk, the tokens are those of the
// model held in memory, and the peak RSS stays under the limit.
TEST_F(GenerationTests, DiskOffloadStaysUnderTheMemoryLimit) {
    const std::string args = "--model \"" + fixture("llama-offload") + "\" --prompt_ids 5,17,42,99 --max_new_tokens 12 --json";
    const auto [inMemory, whole] = textAndSummary(worker(args));
    const std::string offloadOutput = worker(args + " --device_map auto --max_memory cpu=600MB");
    const auto [offloaded, limited] = textAndSummary(offloadOutput);
    ASSERT_TRUE(inMemory.contains("ids") && offloaded.contains("ids")) << offloadOutput;
    EXPECT_EQ(offloaded["ids"], inMemory["ids"]);
    EXPECT_TRUE(std::regex_search(offloadOutput, std::regex("model\\.layers\\.15 +disk"))) << offloadOutput;
    const int64_t peak = limited["peak_rss_bytes"].get<int64_t>(), full = whole["peak_rss_bytes"].get<int64_t>();
    test::info("peak RSS: %.0f MB with --max_memory cpu=600MB (disk offload), %.0f MB with the model in memory", peak / 1e6, full / 1e6);
    EXPECT_LT(peak, 600'000'000);
    EXPECT_GT(full, 760'000'000);
}

// Computing in bfloat16 from float32 files: the disk layers are converted as they run, or, with
// --offload_folder, written there once in bfloat16 and mapped from there; the tokens agree.
TEST_F(GenerationTests, OffloadFolderHoldsConvertedLayers) {
    const std::string folder = s_dir->filePath("offload");
    const std::string args = "--model \"" + fixture("llama-offload") + "\" --prompt_ids 5,17,42,99 --max_new_tokens 12 --json --dtype bfloat16"
                             " --device_map auto --max_memory cpu=600MB";
    const auto [converting, convertingSummary] = textAndSummary(worker(args));
    const std::string output = worker(args + " --offload_folder \"" + folder + "\"");
    const auto [mapped, mappedSummary] = textAndSummary(output);
    ASSERT_TRUE(converting.contains("ids") && mapped.contains("ids")) << output;
    EXPECT_EQ(mapped["ids"], converting["ids"]);
    const std::string layer = folder + "/model.layers.15.safetensors";
    ASSERT_TRUE(std::filesystem::exists(layer)) << output;
    const HfModelConfig c = HfModelConfig::read(fixture("llama-offload")).value();
    const int64_t layerParameters = 4ll * c.hiddenSize * c.hiddenSize + 3ll * c.hiddenSize * c.intermediateSize;  // at most
    EXPECT_LT(std::filesystem::file_size(layer), static_cast<uintmax_t>(layerParameters * 3)) << "bfloat16: 2 bytes a weight, not 4";
    test::info("disk layers in bfloat16 from float32 files: %.1f tokens/s converted as they run, %.1f tokens/s from the offload folder",
               convertingSummary["tokens_per_s"].get<double>(), mappedSummary["tokens_per_s"].get<double>());
    EXPECT_LT(mappedSummary["peak_rss_bytes"].get<int64_t>(), 600'000'000);
    const std::string refused = worker("--model \"" + fixture("llama") + "\" --prompt_ids 5 --offload_folder \"" + folder + "\"", "", false);
    EXPECT_NE(refused.find("--offload_folder places the model by a device map: give --device_map auto"), std::string::npos) << refused;
}

// A PEFT adapter on a model placed by a device map: the adapters in memory, the base layers on
// disk; the tokens are those of the adapter on the model held in memory, not the base model's.
TEST_F(GenerationTests, AdapterRunsOnAnOffloadedModel) {
    const std::string adapter = s_dir->filePath("offload-adapter");
    ASSERT_TRUE(test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_REFERENCE_SCRIPT + "\" init-adapter --model \"" +
                                 fixture("llama-offload") + "\" --out \"" + adapter + "\" > \"" + adapter + ".log\" 2>&1"));
    const std::string args = "--model \"" + fixture("llama-offload") + "\" --prompt_ids 5,17,42,99 --max_new_tokens 12 --json";
    const auto [base, baseSummary] = textAndSummary(worker(args));
    const auto [inMemory, memorySummary] = textAndSummary(worker(args + " --adapter \"" + adapter + "\""));
    const std::string output = worker(args + " --adapter \"" + adapter + "\" --device_map auto --max_memory cpu=600MB");
    const auto [offloaded, summary] = textAndSummary(output);
    ASSERT_TRUE(inMemory.contains("ids") && offloaded.contains("ids")) << output;
    EXPECT_EQ(offloaded["ids"], inMemory["ids"]);
    EXPECT_NE(inMemory["ids"], base["ids"]) << "the adapter changes nothing: the test cannot tell";
    EXPECT_TRUE(std::regex_search(output, std::regex("model\\.layers\\.15 +disk"))) << output;
    EXPECT_LT(summary["peak_rss_bytes"].get<int64_t>(), 600'000'000);
}

TEST_F(GenerationTests, BadPromptIdsAreRefused) {
    const std::string command = std::string("\"") + CATAPULT_WORKER_PATH + "\" generate --model \"" + fixture("llama") +
                                "\" --prompt_ids 1,9999 > \"" + s_dir->filePath("bad.log") + "\" 2>&1";
    EXPECT_NE(std::system(command.c_str()), 0);
    std::ifstream in(s_dir->filePath("bad.log"));
    const std::string message((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(message.find("token id 9999 is outside the model's vocabulary (0-319)"), std::string::npos) << message;
}

}  // namespace
}  // namespace catapult
