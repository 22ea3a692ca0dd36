#pragma once
// Text generation with an HfCausalLM, as transformers' generate() does it: the prompts (left
// padded to one length, as a batch) run once, then one token per step with the keys and values
// kept (HfCausalLM::KvCache). Greedy, or sampling with transformers' processors in its order:
// repetition penalty, temperature, top-k, top-p, then torch.multinomial on the softmax (so with
// the same seed the same draws). A row ends at an end-of-sequence id (and is then padded), when
// the sink says so (stop strings), or at max_new_tokens. Internal to the engine.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "HfCausalLM.h"
#include "catapult/Status.h"

namespace catapult {

struct GenerationOptions {
    int64_t maxNewTokens = 256;
    bool doSample = false;
    double temperature = 1.0;
    int64_t topK = 50;  // 0: off
    double topP = 1.0;
    double repetitionPenalty = 1.0;
    std::vector<int64_t> eos;  // end-of-sequence ids
    int64_t pad = 0;           // fills a row after its end, and pads prompts on the left (0 if outside the vocabulary)
    uint64_t seed = 0;
};

// generation_config.json's values (then config.json's ids) over transformers' defaults; an
// unreadable file is an error naming it, an absent one gives the defaults.
Result<GenerationOptions> generationDefaults(const std::string& modelDir);

struct GenerationResult {
    std::vector<std::vector<int64_t>> tokens;  // per prompt, the new ids (an end-of-sequence id included)
    double firstTokenSeconds = 0;              // the prompts' pass and the first token
    double seconds = 0;
    int64_t generated = 0;                     // new ids of every row (after its end, none)
};

// REQUIRES: every prompt id below the model's vocabulary size.
// Called with each new id of a row still going; false ends that row after this id.
using TokenSink = std::function<bool(std::size_t row, int64_t id)>;

GenerationResult generate(HfCausalLM& model, const std::vector<std::vector<int64_t>>& prompts, const GenerationOptions& options,
                          const TokenSink& sink = {});

}  // namespace catapult
