#include "catapult/GptConfig.h"

namespace catapult {

Status GptConfig::validate() const {
    if (layers < 1) return Status::error("layers must be at least 1 (got " + std::to_string(layers) + ").");
    if (heads < 1) return Status::error("heads must be at least 1 (got " + std::to_string(heads) + ").");
    if (width < 1 || width % heads != 0)
        return Status::error("width (" + std::to_string(width) + ") must be a positive multiple of heads (" +
                             std::to_string(heads) + ").");
    if (seqLen < 1) return Status::error("seq_len must be at least 1 (got " + std::to_string(seqLen) + ").");
    if (vocabSize < 2) return Status::error("vocab size must be at least 2.");
    return Status::success();
}

int64_t GptConfig::parameterCount() const {
    const int64_t w = width;
    const int64_t perBlock = 2 * 2 * w            // two LayerNorms
                             + w * 3 * w + 3 * w  // qkv
                             + w * w + w          // attention projection
                             + w * 4 * w + 4 * w  // mlp up
                             + 4 * w * w + w;     // mlp down
    return vocabSize * w + seqLen * w + layers * perBlock + 2 * w + w * vocabSize;
}

}  // namespace catapult
