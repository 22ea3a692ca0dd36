// Datasets for fine-tuning (`catapult-worker train --model DIR --dataset FILE`): every file
// kind and format of the fixtures is read and detected; a conversation's ids and trained-token
// mask equal transformers' apply_chat_template with return_assistant_tokens_mask; bad rows are
// named by file, line and field, or left out and counted; a second preparation comes from the
// cache; training on 2 ranks with the loss on the completions only equals transformers + DDP
// with -100 labels step by step; the validation loss is reported and falls.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "DatasetStep.h"
#include "HfFixtures.h"
#include "HfRuns.h"
#include "RankHelper.h"
#include "TestSupport.h"

namespace catapult {
namespace {

namespace fs = std::filesystem;

class DatasetTests : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_made = test::makeHfFixtures(); }
    void SetUp() override {
        ASSERT_TRUE(s_made) << "the fixture script failed; see " << test::hfFixtures() << ".log";
        ::setenv("CATAPULT_DATA_CACHE", m_cache.path().c_str(), 1);
        ::setenv("CATAPULT_PYTHON", CATAPULT_PYTHON, 1);
    }
    static inline bool s_made = false;
    test::TempDir m_cache;
};

std::string chatModel() { return test::hfFixtures() + "/qwen2-chat"; }
std::string data(const std::string& name) { return test::hfFixtures() + "/datasets/" + name; }

DatasetOptions options(const std::string& file, const std::string& columns = "") {
    DatasetOptions o;
    o.paths = {data(file)};
    o.columns = columns;
    return o;
}

nlohmann::json summary(const PreparedDataset& d) { return nlohmann::json::parse(d.summaryJson); }

struct KindRow {
    const char* tag;
    const char* file;
    const char* columns;
    const char* format;
    std::size_t examples;
};
void PrintTo(const KindRow& row, std::ostream* os) { *os << row.tag; }

class EveryKind : public DatasetTests, public ::testing::WithParamInterface<KindRow> {};

TEST_P(EveryKind, IsReadAndDetected) {
    const KindRow& row = GetParam();
    auto prepared = prepareDataset(chatModel(), options(row.file, row.columns), 64, 1);
    ASSERT_TRUE(prepared.ok()) << prepared.status().message();
    const nlohmann::json s = summary(prepared.value());
    EXPECT_EQ(s["format"], row.format);
    EXPECT_EQ(prepared.value().train.examples(), row.examples);
    const std::vector<uint8_t>& mask = prepared.value().train.mask;
    const auto trained = static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1));
    EXPECT_GT(trained, 0u);
    // Only the text format trains on every token; the others leave the prompts out.
    if (std::string(row.format) == "text") EXPECT_EQ(trained, mask.size());
    else EXPECT_LT(trained, mask.size() / 2);
}

INSTANTIATE_TEST_SUITE_P(
    DatasetTests, EveryKind,
    ::testing::Values(KindRow{"messages jsonl", "messages.jsonl", "", "messages", 96},
                      KindRow{"sharegpt json", "sharegpt.json", "", "sharegpt", 96},
                      KindRow{"alpaca json", "alpaca.json", "", "alpaca", 96},
                      KindRow{"prompt completion jsonl", "prompt_completion.jsonl", "", "prompt_completion", 96},
                      KindRow{"parquet", "prompt_completion.parquet", "", "prompt_completion", 96},
                      KindRow{"csv with a column mapping", "pairs.csv", "prompt=question,completion=answer", "prompt_completion", 96},
                      KindRow{"tsv with a column mapping", "pairs.tsv", "prompt=question,completion=answer", "prompt_completion", 96},
                      KindRow{"a folder of two files", "folder", "", "prompt_completion", 96},
                      KindRow{"plain text", "text.txt", "", "text", 1}),
    test::rowName<KindRow>);

// The prepared conversations against transformers' own assistant mask.
nlohmann::json checkMasks(const std::string& file, const PreparedDataset& prepared) {
    test::TempDir dir;
    const std::string out = dir.filePath("check.json");
    test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_DATASET_CHECK_SCRIPT + "\" --model \"" +
                     chatModel() + "\" --data \"" + data(file) + "\" --prepared \"" +
                     summary(prepared)["directory"].get<std::string>() + "\" > \"" + out + "\"");
    std::ifstream in(out);
    return nlohmann::json::parse(in, nullptr, false);
}

TEST_F(DatasetTests, ConversationMasksEqualTransformersAssistantMasks) {
    for (const char* file : {"messages.jsonl", "sharegpt.json"}) {
        auto prepared = prepareDataset(chatModel(), options(file), 64, 1);
        ASSERT_TRUE(prepared.ok()) << prepared.status().message();
        EXPECT_EQ(summary(prepared.value())["chat_template"], "model");
        const nlohmann::json check = checkMasks(file, prepared.value());
        ASSERT_FALSE(check.is_discarded()) << file;
        EXPECT_EQ(check["rows"], 96) << file;
        EXPECT_EQ(check["mismatched"], 0) << file << ": " << check["first"];
    }
}

TEST_F(DatasetTests, TrainOnPromptTrainsEveryToken) {
    DatasetOptions o = options("messages.jsonl");
    o.trainOnPrompt = true;
    auto prepared = prepareDataset(chatModel(), o, 64, 1);
    ASSERT_TRUE(prepared.ok()) << prepared.status().message();
    const std::vector<uint8_t>& mask = prepared.value().train.mask;
    EXPECT_EQ(static_cast<std::size_t>(std::count(mask.begin(), mask.end(), 1)), mask.size());
}

struct BadRow {
    const char* tag;
    const char* file;
    const char* columns;
    std::vector<std::string> said;  // substrings of the error
};
void PrintTo(const BadRow& row, std::ostream* os) { *os << row.tag; }

class BadInput : public DatasetTests, public ::testing::WithParamInterface<BadRow> {};

TEST_P(BadInput, IsNamedByFileLineAndField) {
    const BadRow& row = GetParam();
    auto prepared = prepareDataset(chatModel(), options(row.file, row.columns), 64, 1);
    ASSERT_FALSE(prepared.ok());
    for (const std::string& part : row.said)
        EXPECT_NE(prepared.status().message().find(part), std::string::npos) << prepared.status().message();
}

INSTANTIATE_TEST_SUITE_P(
    DatasetTests, BadInput,
    ::testing::Values(BadRow{"a line that is not JSON", "bad-json.jsonl", "", {"bad-json.jsonl:7:", "not valid JSON", "1 more bad rows", "--skip_bad_rows"}},
                      BadRow{"a row without the mapped field", "missing-field.jsonl", "prompt=question,completion=answer",
                             {"missing-field.jsonl:12:", "no field \"answer\"", "--columns completion=answer"}},
                      BadRow{"an empty completion", "empty-completion.jsonl", "", {"empty-completion.jsonl:5:", "completion", "empty"}},
                      BadRow{"a broken JSON array", "broken-array.json", "", {"broken-array.json:4:", "not valid JSON at column"}},
                      BadRow{"fields of no known format", "unknown-fields.jsonl", "", {"unknown-fields.jsonl", "\"q\", \"a\"", "--dataset_format", "--columns"}},
                      BadRow{"a file that is not there", "missing.jsonl", "", {"missing.jsonl", "no such file"}}),
    test::rowName<BadRow>);

TEST_F(DatasetTests, SkippedRowsAreCountedAndNamed) {
    DatasetOptions o = options("bad-json.jsonl");
    o.skipBadRows = true;
    auto prepared = prepareDataset(chatModel(), o, 64, 1);
    ASSERT_TRUE(prepared.ok()) << prepared.status().message();
    EXPECT_EQ(summary(prepared.value())["skipped_rows"], 2);
    EXPECT_EQ(prepared.value().train.examples(), 38u);
    ASSERT_FALSE(prepared.value().notices.empty());
    EXPECT_NE(prepared.value().notices.front().find("left out 2 bad rows"), std::string::npos) << prepared.value().notices.front();
    EXPECT_NE(prepared.value().notices.front().find("bad-json.jsonl:7"), std::string::npos) << prepared.value().notices.front();
}

TEST_F(DatasetTests, SecondPreparationComesFromTheCacheUntilTheDataChanges) {
    test::TempDir dir;
    const std::string copy = dir.filePath("pairs.jsonl");
    fs::copy_file(data("prompt_completion.jsonl"), copy);
    DatasetOptions o;
    o.paths = {copy};
    auto first = prepareDataset(chatModel(), o, 64, 1);
    auto second = prepareDataset(chatModel(), o, 64, 1);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_FALSE(summary(first.value())["cached"].get<bool>());
    EXPECT_TRUE(summary(second.value())["cached"].get<bool>());
    EXPECT_EQ(second.value().train.ids, first.value().train.ids);
    std::ofstream(copy, std::ios::app) << R"({"prompt": "What is one plus one? ", "completion": "one plus one is two."})" << "\n";
    auto changed = prepareDataset(chatModel(), o, 64, 1);
    ASSERT_TRUE(changed.ok());
    EXPECT_FALSE(summary(changed.value())["cached"].get<bool>());
    EXPECT_EQ(changed.value().train.examples(), first.value().train.examples() + 1);
}

// catapult-worker train on the chat model and a dataset, on 2 CPU ranks.
test::RunLines trainOnDataset(const std::string& runDir, const std::string& cache, std::vector<std::string> extra,
                              const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv{CATAPULT_WORKER_PATH, "train", "--model", chatModel(), "--dataset", data("messages.jsonl"),
                                  "--seq_len", "64", "--batch_size", "4", "--lr", "2e-3", "--weight_decay", "0.01",
                                  "--warmup_steps", "1", "--min_lr_ratio", "0.1", "--grad_clip", "1.0", "--no_shuffle",
                                  "--memory_every", "0", "--run_dir", runDir};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::map<std::string, std::string> environment = env;
    environment["CATAPULT_PYTHON"] = CATAPULT_PYTHON;
    environment["CATAPULT_DATA_CACHE"] = cache;
    const test::RanksOutcome outcome = test::launchRanks(2, CATAPULT_WORKER_PATH, argv, runDir, environment);
    EXPECT_TRUE(outcome.success) << outcome.reason;
    return test::readRun(runDir);
}

TEST_F(DatasetTests, CompletionOnlyTrainingEqualsTransformersDdp) {
    constexpr int kSteps = 20;
    test::TempDir run;
    const test::RunLines got = trainOnDataset(run.path(), m_cache.path(), {"--steps", std::to_string(kSteps)});
    ASSERT_EQ(got.losses.size(), std::size_t(kSteps));
    ASSERT_TRUE(got.started["dataset"].is_object()) << got.started.dump();
    const std::string out = run.filePath("reference.json");
    test::runCommand(std::string("\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_HF_REFERENCE_SCRIPT + "\" train --model \"" +
                     chatModel() + "\" --prepared \"" + got.started["dataset"]["directory"].get<std::string>() +
                     "\" --steps " + std::to_string(kSteps) + " --batch_size 4 --out \"" + out + "\" > \"" + out + ".log\" 2>&1");
    std::ifstream in(out);
    const nlohmann::json ref = nlohmann::json::parse(in, nullptr, false);
    ASSERT_FALSE(ref.is_discarded()) << "hf_ddp_reference.py failed: see " << out << ".log";
    const auto reference = ref["losses"].get<std::vector<double>>();
    const double worst = test::worstRelativeDifference(got.losses, reference);
    test::info("completion-only loss %.6f -> %.6f (transformers + DDP %.6f -> %.6f), worst relative difference %.2e",
               got.losses.front(), got.losses.back(), reference.front(), reference.back(), worst);
    EXPECT_LE(worst, 1e-4);
    EXPECT_LT(got.losses.back(), got.losses.front() - 0.5);
}

TEST_F(DatasetTests, ValidationLossIsReportedUnderZeroThreeAndFalls) {
    test::TempDir run;
    const std::map<std::string, std::string> zero3{{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"}};
    const test::RunLines got = trainOnDataset(run.path(), m_cache.path(),
                                              {"--steps", "20", "--validation_split", "0.15", "--eval_every", "5"}, zero3);
    ASSERT_EQ(got.losses.size(), 20u);
    EXPECT_EQ(got.evalSteps, (std::vector<int64_t>{5, 10, 15, 20}));
    ASSERT_EQ(got.evalLosses.size(), 4u);
    EXPECT_LT(got.evalLosses.back(), got.evalLosses.front() - 0.3);
    EXPECT_EQ(got.started["dataset"]["validation_examples"], 14);
    EXPECT_EQ(got.started["dataset"]["examples"], 82);
}

TEST_F(DatasetTests, DatasetWithoutAModelIsRefusedByName) {
    test::TempDir run;
    const std::string log = run.filePath("out.log");
    const std::string command = std::string("\"") + CATAPULT_WORKER_PATH + "\" train --dataset \"" + data("messages.jsonl") +
                                "\" --steps 1 > \"" + log + "\" 2>&1";
    EXPECT_NE(std::system(command.c_str()), 0);
    std::ifstream in(log);
    const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(output.find("--dataset needs the model's tokenizer"), std::string::npos) << output;
}

}  // namespace
}  // namespace catapult
