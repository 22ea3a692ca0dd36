#pragma once
// Shape of the built-in byte-level GPT (a decoder-only transformer, GPT-2 style with
// pre-LayerNorm blocks, learned positions and an untied output projection).

#include <cstdint>
#include <string>

#include "catapult/Status.h"

namespace catapult {

struct GptConfig {
    int64_t vocabSize = 256;  // bytes
    int64_t layers = 4;
    int64_t heads = 4;
    int64_t width = 128;
    int64_t seqLen = 128;

    // Errors name the bad field (width not divisible by heads, non-positive sizes, ...).
    Status validate() const;
    // Number of trainable parameters.
    int64_t parameterCount() const;
};

}  // namespace catapult
