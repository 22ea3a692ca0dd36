// Hugging Face model directories in the engine: config.json read (and refused where the math
// would differ), weights memory-mapped from one file or shards, and the forward pass equal to
// transformers' on tiny randomly initialised models of each architecture
// (tests/python/make_hf_fixtures.py, generated into the build tree by the first test).

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>

#include "HfCausalLM.h"
#include "HfFixtures.h"
#include "TestSupport.h"
#include "MappedSafetensors.h"
#include "SafetensorsFile.h"

namespace catapult {
namespace {

namespace fs = std::filesystem;

std::string fixtures() { return test::hfFixtures(); }

class HfModelTests : public ::testing::Test {
protected:
    static void SetUpTestSuite() { s_made = test::makeHfFixtures(); }
    void SetUp() override { ASSERT_TRUE(s_made) << "the fixture script failed; see " << fixtures() << ".log"; }
    static inline bool s_made = false;
};

// The largest |logits - transformers' logits| of the model in fixtures()/name, in `dtype`.
double maxDifference(const std::string& name, torch::Dtype dtype) {
    const std::string dir = fixtures() + "/" + name;
    auto model = HfCausalLM::fromDirectory(dir, dtype);
    EXPECT_TRUE(model.ok()) << model.status().message();
    if (!model.ok()) return INFINITY;
    auto reference = MappedSafetensors::open(dir + "/reference.safetensors");
    EXPECT_TRUE(reference.ok());
    torch::NoGradGuard noGrad;
    const torch::Tensor logits = model.value()->forward(reference.value()->tensor("ids").value()).to(torch::kFloat);
    const torch::Tensor expected = reference.value()->tensor("logits").value();
    EXPECT_EQ(logits.sizes(), expected.sizes());
    return (logits - expected).abs().max().item<double>();
}

void writeConfig(const std::string& dir, const std::string& json) {
    fs::create_directories(dir);
    std::ofstream(dir + "/config.json") << json;
}

class HfLogitsMatch : public HfModelTests, public ::testing::WithParamInterface<std::string> {};

TEST_P(HfLogitsMatch, Fp32EqualsTransformers) {
    const double diff = maxDifference(GetParam(), torch::kFloat);
    std::printf("%s: fp32 max |logits - transformers| = %.3g\n", GetParam().c_str(), diff);
    EXPECT_LE(diff, 1e-4);
}

TEST_P(HfLogitsMatch, Bf16WithinItsPrecision) {
    // bf16 keeps 8 bits of mantissa: the tiny models' logits (|x| < 1) stay within 0.01 of fp32
    // (0.0026-0.0034 measured).
    const double diff = maxDifference(GetParam(), torch::kBFloat16);
    std::printf("%s: bf16 max |logits - transformers fp32| = %.3g\n", GetParam().c_str(), diff);
    EXPECT_LE(diff, 1e-2);
    EXPECT_GT(diff, 0.0);  // it really ran in bf16
}

INSTANTIATE_TEST_SUITE_P(HfModelTests, HfLogitsMatch,
                         ::testing::Values("llama", "llama3-tied", "qwen2", "mistral-window", "gpt2", "llama-sharded"),
                         [](const auto& info) {
                             std::string n = info.param;
                             for (char& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });

// The worker's output for `command` (one JSON line), run with the venv's Python for tokenizing.
nlohmann::json worker(const std::string& command) {
    const std::string line = std::string("CATAPULT_PYTHON=\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_WORKER_PATH + "\" " + command;
    FILE* p = ::popen(line.c_str(), "r");
    std::string out;
    for (char buffer[4096]; p && std::fgets(buffer, sizeof buffer, p);) out += buffer;
    const int rc = p ? ::pclose(p) : -1;
    EXPECT_EQ(rc, 0) << line;
    auto parsed = nlohmann::json::parse(out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << out;
    return parsed;
}

nlohmann::json referenceOf(const std::string& name) {
    std::ifstream in(fixtures() + "/" + name + "/reference.json");
    return nlohmann::json::parse(in, nullptr, false);
}

TEST_F(HfModelTests, TokenizeGivesTransformersIds) {
    const nlohmann::json got = worker("tokenize --model " + fixtures() + "/llama --text " + fixtures() + "/text.txt");
    EXPECT_EQ(got["ids"], referenceOf("llama")["ids"]);
    EXPECT_GT(got["ids"].size(), 700u);  // English, Chinese, code, emoji and spaces, byte-level BPE
}

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The worker's stdout for `command`, as bytes.
std::string workerOutput(const std::string& command) {
    const std::string line = std::string("CATAPULT_PYTHON=\"") + CATAPULT_PYTHON + "\" \"" + CATAPULT_WORKER_PATH + "\" " + command;
    FILE* p = ::popen(line.c_str(), "r");
    std::string out;
    char buffer[65536];
    for (std::size_t n; p && (n = std::fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
    EXPECT_EQ(p ? ::pclose(p) : -1, 0) << line;
    return out;
}

class TokenizerKinds : public HfModelTests, public ::testing::WithParamInterface<std::string> {};

TEST_P(TokenizerKinds, MegabyteEqualsTransformersAndDecodesBack) {
    const std::string dir = fixtures() + "/tokenizers/" + GetParam(), text = fixtures() + "/mixed-1mb.txt";
    const std::string json = workerOutput("tokenize --model " + dir + " --text " + text);
    const nlohmann::json got = nlohmann::json::parse(json, nullptr, false);
    ASSERT_FALSE(got.is_discarded());
    const std::string expectedBytes = readBytes(dir + "/ids-1mb.bin");
    std::vector<int32_t> expected(expectedBytes.size() / sizeof(int32_t));
    std::memcpy(expected.data(), expectedBytes.data(), expected.size() * sizeof(int32_t));
    const std::vector<int32_t> ids = got["ids"].get<std::vector<int32_t>>();
    const std::string original = readBytes(text);
    std::printf("%s: %zu bytes of mixed text -> %zu ids (transformers' AutoTokenizer: %zu)\n", GetParam().c_str(),
                original.size(), ids.size(), expected.size());
    EXPECT_GE(original.size(), 1000000u);
    EXPECT_EQ(ids, expected);
    test::TempDir scratch;
    std::ofstream(scratch.filePath("ids.json")) << json;
    EXPECT_TRUE(workerOutput("decode --model " + dir + " --ids " + scratch.filePath("ids.json")) == original)
        << "decode(encode(text)) differs from the text";
}

INSTANTIATE_TEST_SUITE_P(HfModelTests, TokenizerKinds, ::testing::Values("byte-level", "byte-fallback"),
                         [](const auto& info) { return info.param == "byte-level" ? "byte_level" : "byte_fallback"; });

TEST_P(HfLogitsMatch, ScoreEqualsTransformersLoss) {
    const nlohmann::json ref = referenceOf(GetParam());
    const nlohmann::json got = worker("score --model " + fixtures() + "/" + GetParam() + " --text " + fixtures() +
                                      "/text.txt --seq_len 16 --batch_size 5");
    const double expected = ref["loss"].get<double>(), loss = got["loss"].get<double>();
    std::printf("%s: score loss %.10f, transformers %.10f, relative difference %.3g over %d tokens\n", GetParam().c_str(), loss,
                expected, std::abs(loss - expected) / expected, got["tokens"].get<int>());
    EXPECT_LE(std::abs(loss - expected) / expected, 1e-5);
    EXPECT_EQ(got["tokens"], ref["tokens"]);  // the last partial window (12 ids) counted
}

TEST_P(HfLogitsMatch, ParameterCountEqualsTransformers) {
    auto config = HfModelConfig::read(fixtures() + "/" + GetParam());
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config.value().parameterCount(), referenceOf(GetParam())["parameters"].get<int64_t>());
}

TEST_F(HfModelTests, ShardedWeightsAreMappedFromEachShard) {
    auto w = HfWeights::open(fixtures() + "/llama-sharded");
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_GE(w.value().fileCount(), 2u);
    EXPECT_TRUE(w.value().contains("lm_head.weight"));
    auto t = w.value().tensor("model.embed_tokens.weight");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value().sizes(), (std::vector<int64_t>{320, 32}));
}

TEST_F(HfModelTests, UnsupportedMathIsRefusedByName) {
    const std::string base = fixtures() + "/refused";
    writeConfig(base + "/arch", R"({"architectures": ["FalconForCausalLM"], "vocab_size": 8})");
    auto arch = HfModelConfig::read(base + "/arch");
    ASSERT_FALSE(arch.ok());
    EXPECT_NE(arch.status().message().find("architecture 'FalconForCausalLM' is not supported"), std::string::npos);
    writeConfig(base + "/act", R"({"architectures": ["LlamaForCausalLM"], "vocab_size": 8, "hidden_size": 8,
        "num_hidden_layers": 1, "num_attention_heads": 2, "hidden_act": "gelu"})");
    auto act = HfModelConfig::read(base + "/act");
    ASSERT_FALSE(act.ok());
    EXPECT_NE(act.status().message().find("hidden_act 'gelu'"), std::string::npos) << act.status().message();
    writeConfig(base + "/rope", R"({"architectures": ["LlamaForCausalLM"], "vocab_size": 8, "hidden_size": 8,
        "num_hidden_layers": 1, "num_attention_heads": 2, "rope_scaling": {"rope_type": "yarn", "factor": 4}})");
    auto rope = HfModelConfig::read(base + "/rope");
    ASSERT_FALSE(rope.ok());
    EXPECT_NE(rope.status().message().find("rope type 'yarn'"), std::string::npos);
    // Old-style rope_theta + rope_scaling are read as transformers 5's rope_parameters.
    writeConfig(base + "/old", R"({"architectures": ["LlamaForCausalLM"], "vocab_size": 8, "hidden_size": 8,
        "num_hidden_layers": 1, "num_attention_heads": 2, "rope_theta": 500000.0,
        "rope_scaling": {"rope_type": "llama3", "factor": 32.0, "original_max_position_embeddings": 8192}})");
    auto old = HfModelConfig::read(base + "/old");
    ASSERT_TRUE(old.ok()) << old.status().message();
    EXPECT_EQ(old.value().ropeTheta, 500000.0);
    EXPECT_EQ(old.value().ropeFactor, 32.0);
}

TEST_F(HfModelTests, MissingTensorIsNamed) {
    const std::string dir = fixtures() + "/missing";
    fs::create_directories(dir);
    fs::copy_file(fixtures() + "/llama/config.json", dir + "/config.json", fs::copy_options::overwrite_existing);
    auto full = MappedSafetensors::open(fixtures() + "/llama/model.safetensors");
    ASSERT_TRUE(full.ok());
    std::vector<NamedTensor> kept;
    for (const std::string& name : full.value()->names())
        if (name != "model.layers.1.mlp.up_proj.weight") kept.push_back({name, full.value()->tensor(name).value()});
    SafetensorsFile::write(dir + "/model.safetensors", kept);
    auto model = HfCausalLM::fromDirectory(dir);
    ASSERT_FALSE(model.ok());
    EXPECT_NE(model.status().message().find("model.layers.1.mlp.up_proj.weight"), std::string::npos) << model.status().message();
}

}  // namespace
}  // namespace catapult
