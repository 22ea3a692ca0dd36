#pragma once
// Splits the sample indices of every epoch across the ranks of a data-parallel job.
// Each epoch is a seeded permutation of [0, datasetSize) (the same on every rank); it is padded
// by repeating its first indices until its length divides by the number of ranks ("even
// batches"), and rank r takes positions r, r + W, r + 2W, ... So the ranks' shards are disjoint
// apart from at most W - 1 padded repeats, and together they cover the whole epoch.
//
// Thread safety: immutable after construction.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace catapult {

class ShardedSampler {
public:
    // REQUIRES: datasetSize > 0, numReplicas > 0, 0 <= rank < numReplicas.
    ShardedSampler(std::size_t datasetSize, int numReplicas, int rank, uint64_t seed, bool shuffle = true);

    // The indices this rank visits in `epoch`, in order.
    std::vector<std::size_t> indices(int64_t epoch) const;
    // Samples per rank per epoch (equal on every rank).
    std::size_t samplesPerReplica() const;

    // The permutation of the whole epoch, before padding and sharding.
    std::vector<std::size_t> epochOrder(int64_t epoch) const;

private:
    std::size_t m_size;
    int m_replicas;
    int m_rank;
    uint64_t m_seed;
    bool m_shuffle;
};

}  // namespace catapult
