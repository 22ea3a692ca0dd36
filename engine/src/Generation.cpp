#include "Generation.h"

#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "JsonDocument.h"

namespace catapult {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// An id or a list of ids (generation_config.json writes either).
std::vector<int64_t> idsOf(const nlohmann::json& v) {
    std::vector<int64_t> ids;
    if (v.is_number_integer()) ids.push_back(v.get<int64_t>());
    if (v.is_array())
        for (const auto& x : v)
            if (x.is_number_integer()) ids.push_back(x.get<int64_t>());
    return ids;
}

Result<nlohmann::json> readJsonFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) return nlohmann::json::object();
    std::stringstream text;
    text << in.rdbuf();
    auto json = parseJson(text.str());
    if (!json.ok()) return Status::error(path + ": " + json.status().message());
    return json;
}

// The prompts left-padded to one length: ids and the mask of the real ones.
std::pair<torch::Tensor, torch::Tensor> padded(const std::vector<std::vector<int64_t>>& prompts, int64_t pad) {
    std::size_t longest = 0;
    for (const auto& p : prompts) longest = std::max(longest, p.size());
    const int64_t b = static_cast<int64_t>(prompts.size()), t = static_cast<int64_t>(longest);
    torch::Tensor ids = torch::full({b, t}, pad, torch::kLong), valid = torch::zeros({b, t}, torch::kBool);
    for (int64_t r = 0; r < b; ++r) {
        const int64_t n = static_cast<int64_t>(prompts[r].size());
        ids[r].slice(0, t - n).copy_(torch::tensor(prompts[r], torch::kLong));
        valid[r].slice(0, t - n).fill_(true);
    }
    return {ids, valid};
}

// transformers' RepetitionPenaltyLogitsProcessor: the scores of ids already in `seen` divided
// by the penalty (multiplied where negative).
void penalize(torch::Tensor& scores, const torch::Tensor& seen, double penalty) {
    const torch::Tensor score = scores.gather(1, seen);
    scores.scatter_(1, seen, torch::where(score < 0, score * penalty, score / penalty));
}

// TopKLogitsWarper and TopPLogitsWarper (keeping at least one id).
void warp(torch::Tensor& scores, const GenerationOptions& o) {
    const double minusInf = -std::numeric_limits<double>::infinity();
    if (o.topK > 0) {
        const int64_t k = std::min(o.topK, scores.size(-1));
        const torch::Tensor kth = std::get<0>(scores.topk(k)).select(-1, k - 1).unsqueeze(-1);
        scores.masked_fill_(scores < kth, minusInf);
    }
    if (o.topP < 1.0) {
        const auto [sorted, order] = scores.sort(-1, /*descending=*/false);
        torch::Tensor remove = sorted.softmax(-1).cumsum(-1) <= (1 - o.topP);
        remove.select(-1, remove.size(-1) - 1).fill_(false);
        scores.masked_fill_(remove.scatter(1, order, remove), minusInf);
    }
}

torch::Tensor nextIds(torch::Tensor scores, const torch::Tensor& seen, const GenerationOptions& o) {
    if (o.repetitionPenalty != 1.0) penalize(scores, seen, o.repetitionPenalty);
    if (!o.doSample) return scores.argmax(-1);
    if (o.temperature != 1.0) scores = scores / o.temperature;
    warp(scores, o);
    return torch::multinomial(scores.softmax(-1), 1).squeeze(1);
}

}  // namespace

Result<GenerationOptions> generationDefaults(const std::string& modelDir) {
    GenerationOptions o;
    auto config = readJsonFile(modelDir + "/config.json");
    if (!config.ok()) return config.status();
    auto generation = readJsonFile(modelDir + "/generation_config.json");
    if (!generation.ok()) return generation.status();
    const nlohmann::json& g = generation.value();
    const nlohmann::json& c = config.value();
    o.eos = idsOf(g.value("eos_token_id", c.value("eos_token_id", nlohmann::json())));
    const std::vector<int64_t> pad = idsOf(g.value("pad_token_id", c.value("pad_token_id", nlohmann::json())));
    o.pad = !pad.empty() ? pad.front() : !o.eos.empty() ? o.eos.front() : 0;
    o.doSample = g.value("do_sample", false);
    if (g.contains("temperature") && g["temperature"].is_number()) o.temperature = g["temperature"].get<double>();
    if (g.contains("top_k") && g["top_k"].is_number_integer()) o.topK = g["top_k"].get<int64_t>();
    if (g.contains("top_p") && g["top_p"].is_number()) o.topP = g["top_p"].get<double>();
    if (g.contains("repetition_penalty") && g["repetition_penalty"].is_number()) o.repetitionPenalty = g["repetition_penalty"].get<double>();
    if (g.contains("max_new_tokens") && g["max_new_tokens"].is_number_integer()) o.maxNewTokens = g["max_new_tokens"].get<int64_t>();
    return o;
}

GenerationResult generate(HfCausalLM& model, const std::vector<std::vector<int64_t>>& prompts, const GenerationOptions& o,
                          const TokenSink& sink) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(o.seed);
    const Clock::time_point start = Clock::now();
    GenerationResult result;
    result.tokens.resize(prompts.size());
    // The padding fed to the model is an id of its vocabulary (a config may name one outside it).
    const int64_t pad = o.pad >= 0 && o.pad < model.config().vocabSize ? o.pad : 0;
    auto [ids, valid] = padded(prompts, pad);
    torch::Tensor seen = ids;  // every id of each row so far (the repetition penalty's)
    torch::Tensor going = torch::ones({ids.size(0)}, torch::kBool);
    const torch::Tensor eos = torch::tensor(o.eos.empty() ? std::vector<int64_t>{-1} : o.eos, torch::kLong);
    HfCausalLM::KvCache cache;
    const int64_t room = ids.size(1) + o.maxNewTokens, limit = model.config().maxPositions;
    cache.reserve(limit > 0 ? std::min(room, limit) : room);
    std::vector<bool> rowGoing(prompts.size(), true);
    std::size_t left = prompts.size();
    for (int64_t step = 0; step < o.maxNewTokens && left > 0; ++step) {
        const torch::Tensor logits = model.forward(ids, valid, cache).to(torch::kFloat);
        torch::Tensor next = torch::where(going, nextIds(logits, seen, o), pad);
        const torch::Tensor ended = torch::isin(next, eos);
        const auto nextIds = next.accessor<int64_t, 1>();
        const auto endedIds = ended.accessor<bool, 1>();
        for (std::size_t r = 0; r < rowGoing.size(); ++r) {
            if (!rowGoing[r]) continue;
            result.tokens[r].push_back(nextIds[r]);
            ++result.generated;
            if ((sink && !sink(r, nextIds[r])) || endedIds[r]) {
                rowGoing[r] = false;
                going[static_cast<int64_t>(r)] = false;
                --left;
            }
        }
        if (step == 0) result.firstTokenSeconds = secondsSince(start);
        ids = next.unsqueeze(1);
        valid = torch::ones_like(ids, torch::kBool);
        if (o.repetitionPenalty != 1.0) seen = torch::cat({seen, ids}, 1);
    }
    result.seconds = secondsSince(start);
    return result;
}

}  // namespace catapult
