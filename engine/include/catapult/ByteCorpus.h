#pragma once
// A text corpus as bytes, cut into training samples for a byte-level language model.
// Sample i is the window of seqLen + 1 bytes starting at i * seqLen; its input is the first
// seqLen bytes and its target the last seqLen (next-byte prediction).
//
// The default corpus needs no download: the licence texts every Debian system ships in
// /usr/share/common-licenses (about 260 KB of English prose), concatenated in name order.

#include <torch/types.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

class ByteCorpus {
public:
    // Concatenates the files (symbolic links to an already listed file are skipped).
    // Errors name the unreadable file, or say that the corpus is too small.
    static Result<ByteCorpus> load(const std::vector<std::string>& paths);
    static std::vector<std::string> defaultPaths();
    static ByteCorpus fromBytes(const std::string& bytes, std::string description);

    std::size_t size() const { return static_cast<std::size_t>(m_bytes.numel()); }
    std::size_t sampleCount(int64_t seqLen) const;
    // Inputs and targets (B, T) of int64 for the given sample indices, on the CPU.
    std::pair<torch::Tensor, torch::Tensor> batch(const std::vector<std::size_t>& samples, int64_t seqLen) const;
    // Entropy (nats) of the byte frequencies: the loss of the best model that ignores context.
    double unigramEntropy() const;
    const std::string& description() const { return m_description; }

private:
    torch::Tensor m_bytes;  // (N,) int64
    std::string m_description;
};

}  // namespace catapult
