#pragma once
// An endless stream of this rank's training batches: epoch after epoch of the ShardedSampler's
// shard, cut into batches of batchSize (a last partial batch is dropped, so every rank makes
// the same number of steps per epoch), placed on the device.

#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "catapult/TokenCorpus.h"
#include "catapult/ShardedSampler.h"

namespace catapult {

class BatchStream {
public:
    // REQUIRES: corpus.sampleCount(seqLen) >= numReplicas * batchSize (checked: throws
    // std::invalid_argument with the figures otherwise).
    // shuffle false: each epoch in the corpus' order (DistributedSampler(shuffle=False)).
    BatchStream(const TokenCorpus& corpus, int64_t seqLen, int64_t batchSize, int numReplicas, int rank,
                uint64_t seed, torch::Device device, bool shuffle = true);

    std::pair<torch::Tensor, torch::Tensor> next();
    // The sample indices of the next batch, without loading it.
    std::vector<std::size_t> nextIndices();
    int64_t epoch() const { return m_epoch; }
    // Samples of the current epoch this rank has taken so far.
    std::size_t position() const { return m_position; }
    // Continues from a saved (epoch, position), as if the batches before it had been taken.
    void seek(int64_t epoch, std::size_t position);

private:
    const TokenCorpus& m_corpus;
    int64_t m_seqLen;
    int64_t m_batchSize;
    ShardedSampler m_sampler;
    torch::Device m_device;
    int64_t m_epoch = 0;
    std::size_t m_position = 0;
    std::vector<std::size_t> m_shard;
};

}  // namespace catapult
