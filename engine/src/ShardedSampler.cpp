#include "catapult/ShardedSampler.h"

#include <numeric>
#include <random>

namespace catapult {

ShardedSampler::ShardedSampler(std::size_t datasetSize, int numReplicas, int rank, uint64_t seed, bool shuffle)
    : m_size(datasetSize), m_replicas(numReplicas), m_rank(rank), m_seed(seed), m_shuffle(shuffle) {}

std::vector<std::size_t> ShardedSampler::epochOrder(int64_t epoch) const {
    std::vector<std::size_t> order(m_size);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (!m_shuffle) return order;
    // Fisher-Yates with a 64-bit Mersenne Twister: identical on every platform and rank.
    std::mt19937_64 rng(m_seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(epoch));
    for (std::size_t i = m_size; i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(rng() % i);
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

std::size_t ShardedSampler::samplesPerReplica() const {
    return (m_size + static_cast<std::size_t>(m_replicas) - 1) / static_cast<std::size_t>(m_replicas);
}

std::vector<std::size_t> ShardedSampler::indices(int64_t epoch) const {
    const std::vector<std::size_t> order = epochOrder(epoch);
    const std::size_t per = samplesPerReplica();
    std::vector<std::size_t> mine;
    mine.reserve(per);
    for (std::size_t k = 0; k < per; ++k) {
        const std::size_t position = k * static_cast<std::size_t>(m_replicas) + static_cast<std::size_t>(m_rank);
        mine.push_back(order[position % m_size]);
    }
    return mine;
}

}  // namespace catapult
