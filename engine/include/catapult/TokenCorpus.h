#pragma once
// A corpus as token ids, cut into training samples (packed windows) for a language model:
// bytes for the built-in byte-level model, or a tokenizer's ids for a Hugging Face model.
// Packed, sample i is the window of seqLen + 1 ids starting at i * seqLen; its input is the
// first seqLen ids and its target the last seqLen (next-token prediction). A dataset's examples
// (fromExamples) are samples of their own, unless packed: example i's input is its ids but the
// last, its target its ids but the first; a batch is padded to its longest example. Targets
// that are not trained (a prompt, padding) are -100, the ignore index of the loss.
//
// The default corpus needs no download: the licence texts every Debian system ships in
// /usr/share/common-licenses (about 260 KB of English prose), concatenated in name order.

#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

class TokenCorpus {
public:
    // Concatenates the files (symbolic links to an already listed file are skipped).
    // Errors name the unreadable file, or say that the corpus is too small.
    static Result<TokenCorpus> load(const std::vector<std::string>& paths);
    static std::vector<std::string> defaultPaths();
    static TokenCorpus fromBytes(const std::string& bytes, std::string description);
    // Token ids in [0, vocabSize) (checked: throws std::invalid_argument naming the first bad one).
    static TokenCorpus fromIds(const std::vector<int32_t>& ids, int64_t vocabSize, std::string description);
    // Examples i = ids[starts[i] .. starts[i + 1]), trained where mask is 1; packed: one stream.
    // Ids are checked as by fromIds.
    static TokenCorpus fromExamples(const std::vector<int32_t>& ids, const std::vector<uint8_t>& mask,
                                    const std::vector<int64_t>& starts, int64_t vocabSize, std::string description,
                                    bool packed);
    static constexpr int64_t kIgnoredTarget = -100;

    // Tokens (bytes for a byte-level corpus).
    std::size_t size() const { return static_cast<std::size_t>(m_ids.numel()); }
    std::size_t sampleCount(int64_t seqLen) const;
    // Inputs and targets (B, T) of int64 for the given sample indices, on the CPU (T: seqLen, or
    // for unpacked examples the longest of the batch less one).
    std::pair<torch::Tensor, torch::Tensor> batch(const std::vector<std::size_t>& samples, int64_t seqLen) const;
    // Entropy (nats) of the token frequencies: the loss of the best model that ignores context.
    double unigramEntropy() const;
    const std::string& description() const { return m_description; }
    // Samples are windows of one stream (false: a dataset's examples, one per sample).
    bool packed() const { return m_starts.empty(); }

private:
    std::pair<torch::Tensor, torch::Tensor> exampleBatch(const std::vector<std::size_t>& samples) const;

    torch::Tensor m_ids;      // (N,) int64
    torch::Tensor m_targets;  // (N,) int64 ids, -100 where not trained; undefined: every id is trained
    std::vector<int64_t> m_starts;  // the examples' offsets (examples + 1); empty: packed windows
    int64_t m_vocabSize = 256;
    std::string m_description;
};

}  // namespace catapult
