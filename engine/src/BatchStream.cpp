#include "catapult/BatchStream.h"

#include <stdexcept>
#include <string>

namespace catapult {

BatchStream::BatchStream(const TokenCorpus& corpus, int64_t seqLen, int64_t batchSize, int numReplicas, int rank,
                         uint64_t seed, torch::Device device, bool shuffle)
    : m_corpus(corpus),
      m_seqLen(seqLen),
      m_batchSize(batchSize),
      m_sampler(std::max<std::size_t>(1, corpus.sampleCount(seqLen)), numReplicas, rank, seed, shuffle),
      m_device(device) {
    const std::size_t needed = static_cast<std::size_t>(numReplicas) * static_cast<std::size_t>(batchSize);
    if (corpus.sampleCount(seqLen) < needed && corpus.packed())
        throw std::invalid_argument("The text " + corpus.description() + " (" + std::to_string(corpus.size()) +
                                    " tokens) makes " + std::to_string(corpus.sampleCount(seqLen)) + " windows of --seq_len " +
                                    std::to_string(seqLen) + "; one batch on every rank takes " + std::to_string(needed) +
                                    " (--batch_size times the processes): give more text, or a smaller --seq_len or --batch_size.");
    if (corpus.sampleCount(seqLen) < needed)
        throw std::invalid_argument("The dataset " + corpus.description() + " has " + std::to_string(corpus.sampleCount(seqLen)) +
                                    " training examples; one batch on every rank takes " + std::to_string(needed) +
                                    " (--batch_size times the processes): give more rows, or a smaller --batch_size.");
    m_shard = m_sampler.indices(m_epoch);
}

std::vector<std::size_t> BatchStream::nextIndices() {
    if (m_position + static_cast<std::size_t>(m_batchSize) > m_shard.size()) {
        ++m_epoch;
        m_shard = m_sampler.indices(m_epoch);
        m_position = 0;
    }
    std::vector<std::size_t> indices(m_shard.begin() + static_cast<std::ptrdiff_t>(m_position),
                                     m_shard.begin() + static_cast<std::ptrdiff_t>(m_position + m_batchSize));
    m_position += static_cast<std::size_t>(m_batchSize);
    return indices;
}

void BatchStream::seek(int64_t epoch, std::size_t position) {
    m_epoch = epoch;
    m_shard = m_sampler.indices(m_epoch);
    m_position = std::min(position, m_shard.size());
}

std::pair<torch::Tensor, torch::Tensor> BatchStream::next() {
    auto [x, y] = m_corpus.batch(nextIndices(), m_seqLen);
    return {x.to(m_device, /*non_blocking=*/true), y.to(m_device, /*non_blocking=*/true)};
}

}  // namespace catapult
