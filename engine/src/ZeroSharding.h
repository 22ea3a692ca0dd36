#pragma once
// ZeRO stages 1-3 (and FSDP's strategies, which map onto them), in the manner of DeepSpeed's
// ZeRO and PyTorch FSDP2, for one data-parallel group of W ranks.
//
// Layout: the model's trainable parameters are split into units (the modules chosen by the
// unit classes, e.g. each TransformerBlock, plus a root unit for every other parameter).
// Each unit's parameters become views into one flat fp32 buffer, padded to a multiple of W;
// rank r owns elements [r*S, (r+1)*S) of it (S = padded / W), across every unit.
//
//  * Stage 1: gradients accumulate locally; on the synchronising micro-step each unit's
//    gradient is reduce-scattered as soon as it is complete; AdamW runs on the rank's shard
//    only (state 1/W); the updated shards are all-gathered back into the parameters.
//  * Stage 2: the same, but the reduce-scatter runs on every micro-step, accumulating into the
//    shard gradient, so the full gradients are freed during backward.
//  * Stage 3: the flat buffers are freed at rest (storage resized to 0); UnitScope gathers a
//    unit before its forward (prefetching the next unit), frees it after forward (unless
//    reshardAfterForward is false), gathers it again before its backward (prefetching the
//    unit backward will reach next) and frees it after its gradients are reduce-scattered.
//    The shard is the master copy: on the device, in CPU memory (offload_param cpu) or in a
//    file (offload_param nvme).
//  * Optimizer offload (cpu, nvme): shard gradients, AdamW moments and the master shard live in
//    CPU memory (or the moments in a file, streamed in blocks with read-ahead); the step is
//    CpuAdamW's fused loop; the result is copied to the device.
//
// The optimizer the program built (torch::optim::AdamW, from the model's parameters) supplies
// the hyperparameters of each parameter group, read at every step; its own step() and state
// are not used. Gradients are not visible in .grad after backward (as with DeepSpeed): use
// the Accelerator's clipGradNorm(), which works on the shards.
//
// Thread safety: the training thread; hooks run on the autograd thread of the device.

#include <torch/csrc/distributed/c10d/Work.hpp>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "SafetensorsFile.h"
#include "UnitHooks.h"
#include "catapult/Accelerator.h"
#include "catapult/ShardingSettings.h"

namespace catapult {

class Communicator;
class DiskArrays;
class LossScaler;

class ZeroSharding final : public UnitHooks {
public:
    struct Options {
        ShardingSettings settings;
        torch::Device device{torch::kCPU};
    };
    ZeroSharding(Communicator& comm, Options options);
    ~ZeroSharding() override;

    // Builds the units of `model` (on the device, identical on every rank) and the shards.
    // Throws std::invalid_argument for unit classes the model lacks, std::runtime_error for a
    // missing offload directory.
    // With a loader (stage 3 only), the parameters are allocated but not loaded: each rank reads
    // only the elements of its own shards through it, and the full model is never in memory.
    using Loader = std::function<void(std::size_t param, int64_t offset, int64_t count, float* out)>;
    void attach(torch::nn::Module& model, const Loader& loader = {});

    void beginBackward(bool synchronize);
    void finishBackward();
    // Sum of squares of the averaged gradient over the whole model (one all-reduce).
    double gradSquaredNorm();
    void scaleGradients(double factor);
    // fp16: unscales the shard gradients; the non-finite flag is agreed across ranks.
    void unscale(LossScaler& scaler);
    // AdamW on this rank's shards with the hyperparameters of `optimizer`'s groups, then the
    // parameters are brought up to date (stages 1-2: all-gathered; stage 3: at next use).
    void step(const torch::optim::Optimizer& optimizer);
    void zeroGrad();

    // Copies of every parameter in full (stage 3: each unit gathered, copied, released).
    std::vector<torch::Tensor> gatheredParameters();
    ModelStateBytes footprint() const;

    // Checkpoints (ZeroState.cpp). This rank's AdamW moments as CPU tensors named
    // "zero.<unit>.exp_avg" / "zero.<unit>.exp_avg_sq" (read from disk for the nvme tier) and
    // the number of steps taken; loading needs the same units and world size (checked, throws
    // std::invalid_argument naming the difference).
    std::vector<NamedTensor> optimizerState();
    int64_t optimizerSteps() const { return m_step; }
    void loadOptimizerState(const SafetensorsFile& file, int64_t steps);
    // The same from the files of every rank of a job with another world size: each unit's
    // moments are put together from the old shards and split anew.
    void loadOptimizerState(const std::vector<SafetensorsFile>& oldRanks, int64_t steps);
    // Sets every parameter (in attach() order, full tensors) into the flat buffers, the shards
    // and the master copies, wherever they live.
    void loadParameters(const std::vector<torch::Tensor>& full);
    // "h.0:1234,h.1:1234,root:5678": the units and their sizes, for the manifest.
    std::string layout() const;
    // "4 units (h.0, h.1, h.2, root); 1,234 parameters per rank of 4,936"
    std::string describe() const;

    void markReady(std::size_t param);
    void beforeForward(std::size_t unit) override;
    void afterForward(std::size_t unit) override;
    void beforeBackward(std::size_t unit) override;

private:
    struct Segment {
        std::size_t param;
        int64_t shardOffset;  // where the parameter's part starts in this rank's shard
        int64_t length;
    };
    struct Unit {
        std::string name;
        const torch::nn::Module* module = nullptr;
        std::vector<std::size_t> params;
        std::vector<int64_t> offsets;
        int64_t numel = 0;
        int64_t shard = 0;  // S; the flat buffer holds S * W
        torch::Tensor flat;        // the full parameters (views point here); freed at rest in stage 3
        torch::Tensor paramShard;  // stage 3: the shard at rest, unless on disk
        int64_t paramRegion = -1;  // stage 3 with offload_param nvme
        torch::Tensor master;      // where AdamW updates the shard (may alias flat or paramShard)
        bool masterIsCopy = false;
        torch::Tensor gradShard;
        torch::Tensor expAvg, expAvgSq;   // unless on disk
        int64_t avgRegion = -1, avgSqRegion = -1;
        std::vector<Segment> segments;
        std::size_t pending = 0;
        bool reduced = false;
        torch::Tensor reduceIn, reduceOut;
        c10::intrusive_ptr<c10d::Work> reduceWork;
        bool gathered = true;
        torch::Tensor gatherIn;
        c10::intrusive_ptr<c10d::Work> gatherWork;
    };

    void buildUnits(torch::nn::Module& model);
    void setMoments(Unit& u, const torch::Tensor& expAvg, const torch::Tensor& expAvgSq);
    void layOut(Unit& u, const Loader& loader);
    torch::Tensor loadShard(const Unit& u, const Loader& loader) const;
    void placeShard(Unit& u, const torch::Tensor& mine, bool owned);
    void launchGather(Unit& u);
    void ensureGathered(Unit& u);
    void release(Unit& u);
    void launchReduce(Unit& u);
    // Waits for u's reduce-scatter, adds its shard to u.gradShard and frees its buffers.
    void finishReduce(Unit& u);
    void prefetchAfter(std::size_t unit, int direction);
    void stepUnit(Unit& u, const std::vector<int>& groupOf, const torch::optim::Optimizer& optimizer);
    void streamUnit(Unit& u, const std::vector<int>& groupOf, const torch::optim::Optimizer& optimizer);
    torch::Device optimizerDevice() const;
    static int64_t bytesOf(const torch::Tensor& t);
    // A CPU buffer of at least `count` floats (rounded up to 1024), aligned for O_DIRECT.
    static torch::Tensor alignedCpuFloats(int64_t count);

    Communicator& m_comm;
    Options m_options;
    int m_rank = 0;
    int m_world = 1;
    std::vector<torch::Tensor> m_params;
    std::vector<std::size_t> m_unitOf;
    std::vector<bool> m_ready;
    std::vector<Unit> m_units;  // the root unit is last
    std::vector<std::size_t> m_forwardOrder;
    bool m_orderKnown = false;
    bool m_rootScoped = false;
    bool m_reducing = false;
    // Units whose reduce-scatter is in flight, oldest first: at most kReducesInFlight, so only
    // that many units' full gradients are alive at once (not the whole model's).
    static constexpr std::size_t kReducesInFlight = 2;
    std::deque<Unit*> m_reducesInFlight;
    int64_t m_step = 0;
    std::unique_ptr<DiskArrays> m_optimizerDisk;
    std::unique_ptr<DiskArrays> m_paramDisk;
};

}  // namespace catapult
