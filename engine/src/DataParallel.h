#pragma once
// Data parallel gradient averaging, in the manner of PyTorch DDP's Reducer:
//  * parameters are grouped into flat buckets in reverse order (gradients become ready
//    roughly back to front): the first bucket is small (firstBucketBytes, 1 MiB) so
//    communication starts early, the rest hold up to bucketBytes (25 MiB);
//  * each parameter's .grad is a view into its bucket (DDP's gradient_as_bucket_view): autograd
//    accumulates into the bucket itself, so nothing is copied in or out (a .grad the program
//    replaced with a tensor of its own is copied instead);
//  * a post-accumulate-grad hook on every parameter marks its gradient ready;
//    when a bucket is complete its asynchronous all-reduce is launched at once, while
//    backward keeps running (buckets are launched in index order, so every rank issues the
//    same collectives in the same order);
//  * finishBackward() launches what is left (parameters that got no gradient contribute
//    zeros) and waits for every bucket (each divided by the world size before its all-reduce,
//    as DDP's default hook does);
//  * on accumulation micro-steps (beginBackward(false)) the hooks do nothing: no traffic.
//
// Thread safety: hooks run on the autograd thread of the device; one backward at a time.

#include <cstddef>
#include <memory>
#include <vector>

#include <torch/csrc/distributed/c10d/Work.hpp>

#include "GradientSync.h"


namespace catapult {

class Communicator;

class DataParallel final : public GradientSync {
public:
    struct Options {
        std::size_t bucketBytes = 25u << 20;
        std::size_t firstBucketBytes = 1u << 20;
    };

    DataParallel(Communicator& comm, Options options);
    ~DataParallel() override;

    void attach(const std::vector<torch::Tensor>& parameters) override;
    void beginBackward(bool synchronize) override;
    void finishBackward() override;
    double globalGradSquaredNorm(const std::vector<torch::Tensor>& parameters) override;

    std::size_t bucketCount() const { return m_buckets.size(); }
    // Parameter indices (into the attached list) of bucket b, in bucket order.
    const std::vector<std::size_t>& bucketParameters(std::size_t b) const { return m_buckets[b].params; }

    // Called by the hook of parameter `index` once its gradient is accumulated.
    void markReady(std::size_t index);
    // Whether parameter k's .grad is its bucket's memory (no copy in or out).
    bool gradIsBucketView(std::size_t k) const;

private:
    // Parameter k's place in its bucket, as a tensor of its shape.
    torch::Tensor bucketView(std::size_t k) const;
    // Gives every parameter without a gradient its zeroed bucket view as .grad.
    void pointGradientsAtBuckets();

    struct Bucket {
        std::vector<std::size_t> params;
        std::vector<int64_t> offsets;
        torch::Tensor flat;
        std::size_t pending = 0;
        bool launched = false;
        c10::intrusive_ptr<c10d::Work> work;
    };
    struct Slot {
        std::size_t bucket = 0;
        std::size_t position = 0;
        bool ready = false;
    };
    void launchReadyBuckets();

    Communicator& m_comm;
    Options m_options;
    std::vector<torch::Tensor> m_params;
    std::vector<Slot> m_slots;
    std::vector<Bucket> m_buckets;
    std::size_t m_nextToLaunch = 0;
    bool m_synchronizing = false;
};

}  // namespace catapult
