#include "catapult/HfModelConfig.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>


namespace catapult {
namespace {

using json = nlohmann::json;

const json* findMember(const json& j, const std::string& key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

std::string stringOf(const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }

// A number member, or `fallback` when absent or null.
double number(const json& j, const std::string& key, double fallback) {
    const json* v = findMember(j, key);
    return v && v->is_number() ? v->get<double>() : fallback;
}

int integer(const json& j, const std::string& key, int fallback) {
    const json* v = findMember(j, key);
    return v && v->is_number_integer() ? v->get<int>() : fallback;
}

bool boolean(const json& j, const std::string& key, bool fallback) {
    const json* v = findMember(j, key);
    return v && v->is_boolean() ? v->get<bool>() : fallback;
}

Status refuse(const std::string& path, const std::string& what) {
    return Status::error(path + ": " + what + " is not supported by the engine (it changes the model's math)");
}

// rope_parameters (transformers 5) or rope_theta + rope_scaling (older config files).
Status readRope(const json& j, const std::string& path, HfModelConfig& c) {
    const json* params = findMember(j, "rope_parameters");
    const json* scaling = findMember(j, "rope_scaling");
    const json& rope = params && params->is_object() ? *params : scaling && scaling->is_object() ? *scaling : json::object();
    c.ropeTheta = number(rope, "rope_theta", number(j, "rope_theta", 10000));
    c.ropeType = stringOf(rope.value("rope_type", rope.value("type", json("default"))));
    if (c.ropeType == "default") return Status::success();
    if (c.ropeType != "llama3") return refuse(path, "rope type '" + c.ropeType + "'");
    c.ropeFactor = number(rope, "factor", 8);
    c.lowFreqFactor = number(rope, "low_freq_factor", 1);
    c.highFreqFactor = number(rope, "high_freq_factor", 4);
    c.originalMaxPositions = integer(rope, "original_max_position_embeddings", 8192);
    return Status::success();
}

Status readLlamaFamily(const json& j, const std::string& path, HfModelConfig& c) {
    using A = HfModelConfig::Architecture;
    c.vocabSize = integer(j, "vocab_size", 0);
    c.hiddenSize = integer(j, "hidden_size", 0);
    c.intermediateSize = integer(j, "intermediate_size", 0);
    c.layers = integer(j, "num_hidden_layers", 0);
    c.heads = integer(j, "num_attention_heads", 0);
    c.kvHeads = integer(j, "num_key_value_heads", c.heads);
    c.headDim = integer(j, "head_dim", c.heads > 0 ? c.hiddenSize / c.heads : 0);
    c.maxPositions = integer(j, "max_position_embeddings", 2048);
    c.normEps = number(j, "rms_norm_eps", 1e-6);
    c.tieWordEmbeddings = boolean(j, "tie_word_embeddings", false);
    c.attentionBias = c.architecture == A::Qwen2 || boolean(j, "attention_bias", false);
    c.mlpBias = boolean(j, "mlp_bias", false);
    if (const std::string act = stringOf(j.value("hidden_act", json("silu"))); act != "silu")
        return refuse(path, "hidden_act '" + act + "'");
    if (c.architecture == A::Mistral && integer(j, "sliding_window", 0) > 0) c.slidingWindow = integer(j, "sliding_window", 0);
    if (c.architecture == A::Qwen2 && boolean(j, "use_sliding_window", false)) return refuse(path, "use_sliding_window true");
    if (const json* types = findMember(j, "layer_types"); types && types->is_array())
        for (const auto& t : *types)
            if (stringOf(t) != "full_attention" && !(c.slidingWindow && stringOf(t) == "sliding_attention"))
                return refuse(path, "layer_types '" + stringOf(t) + "'");
    return readRope(j, path, c);
}

Status readGpt2(const json& j, const std::string& path, HfModelConfig& c) {
    c.vocabSize = integer(j, "vocab_size", 0);
    c.hiddenSize = integer(j, "n_embd", 0);
    c.layers = integer(j, "n_layer", 0);
    c.heads = c.kvHeads = integer(j, "n_head", 0);
    c.headDim = c.heads > 0 ? c.hiddenSize / c.heads : 0;
    c.intermediateSize = integer(j, "n_inner", 4 * c.hiddenSize);
    c.maxPositions = integer(j, "n_positions", 1024);
    c.normEps = number(j, "layer_norm_epsilon", 1e-5);
    c.tieWordEmbeddings = boolean(j, "tie_word_embeddings", true);
    c.attentionBias = c.mlpBias = true;
    if (const std::string act = stringOf(j.value("activation_function", json("gelu_new"))); act != "gelu_new" && act != "gelu_pytorch_tanh")
        return refuse(path, "activation_function '" + act + "'");
    if (boolean(j, "scale_attn_by_inverse_layer_idx", false)) return refuse(path, "scale_attn_by_inverse_layer_idx true");
    if (!boolean(j, "scale_attn_weights", true)) return refuse(path, "scale_attn_weights false");
    if (boolean(j, "add_cross_attention", false)) return refuse(path, "add_cross_attention true");
    return Status::success();
}

}  // namespace

int64_t HfModelConfig::parameterCount() const {
    const int64_t h = hiddenSize, i = intermediateSize, v = vocabSize, q = int64_t(heads) * headDim, kv = int64_t(kvHeads) * headDim;
    if (architecture == Architecture::Gpt2) {
        const int64_t block = 4 * h + (h * 3 * h + 3 * h) + (h * h + h) + (h * i + i) + (i * h + h);
        return v * h + int64_t(maxPositions) * h + layers * block + 2 * h;
    }
    int64_t attention = h * q + 2 * h * kv + q * h;
    if (attentionBias) attention += q + 2 * kv + (architecture == Architecture::Qwen2 ? 0 : h);
    const int64_t mlp = 3 * h * i + (mlpBias ? 2 * i + h : 0);
    return v * h + layers * (2 * h + attention + mlp) + h + (tieWordEmbeddings ? 0 : v * h);
}

std::vector<std::string> HfModelConfig::defaultLoraTargets() const {
    if (isLlamaFamily()) return {"q_proj", "v_proj"};
    return {"c_attn"};
}

int64_t HfModelConfig::loraParameterCount(int64_t rank, const std::vector<std::string>& targets) const {
    const int64_t h = hiddenSize, i = intermediateSize, q = int64_t(heads) * headDim, kv = int64_t(kvHeads) * headDim;
    // Each projection of a layer: its name, in and out features.
    const std::vector<std::tuple<std::string, int64_t, int64_t>> projections =
        isLlamaFamily() ? std::vector<std::tuple<std::string, int64_t, int64_t>>{{"q_proj", h, q}, {"k_proj", h, kv}, {"v_proj", h, kv},
                                                                                 {"o_proj", q, h}, {"gate_proj", h, i}, {"up_proj", h, i},
                                                                                 {"down_proj", i, h}}
                        : std::vector<std::tuple<std::string, int64_t, int64_t>>{{"c_attn", h, 3 * h}, {"c_proj", h, h},
                                                                                 {"c_fc", h, i}, {"mlp.c_proj", i, h}};
    const std::vector<std::string> chosen = targets.empty() ? defaultLoraTargets() : targets;
    const bool all = chosen.size() == 1 && chosen.front() == "all-linear";
    int64_t perLayer = 0;
    for (const auto& [name, in, out] : projections) {
        // GPT-2 has two c_proj (attention and MLP): the name c_proj targets both, as in PEFT.
        const std::string leaf = name.substr(name.rfind('.') + 1);
        if (all || std::find(chosen.begin(), chosen.end(), leaf) != chosen.end()) perLayer += rank * (in + out);
    }
    return perLayer * layers;
}

// Each size named as config.json spells it for the architecture.
Status HfModelConfig::checkSizes(const std::string& path) const {
    const bool gpt2 = !isLlamaFamily();
    const std::pair<const char*, int> sizes[] = {{"vocab_size", vocabSize},
                                                 {gpt2 ? "n_embd" : "hidden_size", hiddenSize},
                                                 {gpt2 ? "n_layer" : "num_hidden_layers", layers},
                                                 {gpt2 ? "n_head" : "num_attention_heads", heads},
                                                 {"num_key_value_heads", kvHeads}};
    for (const auto& [key, value] : sizes)
        if (value <= 0) return Status::error(path + ": \"" + std::string(key) + "\" is missing or not a positive whole number");
    if (heads % kvHeads != 0)
        return Status::error(path + ": num_attention_heads " + std::to_string(heads) + " is not a multiple of num_key_value_heads " +
                             std::to_string(kvHeads));
    return Status::success();
}

Status HfModelConfig::checkSequenceLength(int64_t positions) const {
    if (isLlamaFamily() || positions <= maxPositions) return Status::success();
    return Status::error("--seq_len " + std::to_string(positions) + " is longer than the model has positions for (n_positions " +
                         std::to_string(maxPositions) + ")");
}

Result<HfModelConfig> HfModelConfig::read(const std::string& dir) {
    const std::string path = dir + "/config.json";
    std::ifstream in(path);
    if (!in) return Status::error(path + ": cannot be read (is " + dir + " a Hugging Face model directory?)");
    std::stringstream text;
    text << in.rdbuf();
    json j;
    try {
        j = json::parse(text.str());
    } catch (const json::parse_error& e) {  // its text says where: "at line 3, column 5: ..."
        const std::string what = e.what();
        return Status::error(path + ": not valid JSON (" + what.substr(what.find("parse error") == std::string::npos ? 0 : what.find("parse error")) + ")");
    }
    if (!j.is_object()) return Status::error(path + ": not a JSON object");
    HfModelConfig c;
    const json* archs = findMember(j, "architectures");
    c.architectureName = archs && archs->is_array() && !archs->empty() ? stringOf((*archs)[0]) : std::string();
    static const std::pair<const char*, Architecture> known[] = {{"LlamaForCausalLM", Architecture::Llama},
                                                                 {"Qwen2ForCausalLM", Architecture::Qwen2},
                                                                 {"MistralForCausalLM", Architecture::Mistral},
                                                                 {"GPT2LMHeadModel", Architecture::Gpt2}};
    bool found = false;
    for (const auto& [name, arch] : known)
        if (c.architectureName == name) {
            c.architecture = arch;
            found = true;
        }
    if (!found)
        return Status::error(path + ": architecture '" + c.architectureName + "' is not supported (supported: LlamaForCausalLM, "
                             "Qwen2ForCausalLM, MistralForCausalLM, GPT2LMHeadModel)");
    if (Status s = c.isLlamaFamily() ? readLlamaFamily(j, path, c) : readGpt2(j, path, c); !s.ok()) return s;
    if (Status s = c.checkSizes(path); !s.ok()) return s;
    return c;
}

}  // namespace catapult
