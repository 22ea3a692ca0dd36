// ZeroSharding's optimizer step: AdamW over this rank's shards, resident or streamed from disk.
#include <torch/torch.h>

#include <cmath>
#include <future>
#include <stdexcept>
#include <unordered_map>

#include "Communicator.h"
#include "DiskArrays.h"
#include "ZeroSharding.h"
#include "catapult/CpuAdamW.h"

namespace catapult {
namespace {

CpuAdamW::Options adamOptions(const torch::optim::OptimizerParamGroup& group) {
    const auto& o = static_cast<const torch::optim::AdamWOptions&>(group.options());
    return CpuAdamW::Options{o.lr(), std::get<0>(o.betas()), std::get<1>(o.betas()), o.eps(), o.weight_decay()};
}

// torch::optim::AdamW's arithmetic with tensor operations (for shards on a GPU).
void adamwOnDevice(torch::Tensor p, const torch::Tensor& g, torch::Tensor m, torch::Tensor v,
                   const CpuAdamW::Options& o, int64_t step) {
    const double bias1 = 1.0 - std::pow(o.beta1, static_cast<double>(step));
    const double bias2 = 1.0 - std::pow(o.beta2, static_cast<double>(step));
    p.mul_(1.0 - o.lr * o.weightDecay);
    m.lerp_(g, 1.0 - o.beta1);
    v.mul_(o.beta2).addcmul_(g, g, 1.0 - o.beta2);
    torch::Tensor denom = (v.sqrt() / std::sqrt(bias2)).add_(o.eps);
    p.addcdiv_(m, denom, -o.lr / bias1);
}

}  // namespace

void ZeroSharding::step(const torch::optim::Optimizer& optimizer) {
    const auto& groups = optimizer.param_groups();
    std::unordered_map<const c10::TensorImpl*, int> groupIndex;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const auto* adamw = dynamic_cast<const torch::optim::AdamWOptions*>(&groups[g].options());
        if (!adamw)
            throw std::invalid_argument("ZeRO sharding runs AdamW on the shards itself and reads its settings from the "
                                        "program's optimizer, which must be a torch::optim::AdamW.");
        if (adamw->amsgrad()) throw std::invalid_argument("ZeRO sharding does not implement AdamW's amsgrad option.");
        for (const auto& p : groups[g].params()) groupIndex[p.unsafeGetTensorImpl()] = static_cast<int>(g);
    }
    std::vector<int> groupOf(m_params.size(), -1);
    for (std::size_t k = 0; k < m_params.size(); ++k) {
        auto it = groupIndex.find(m_params[k].unsafeGetTensorImpl());
        if (it != groupIndex.end()) groupOf[k] = it->second;
    }
    ++m_step;
    torch::NoGradGuard noGrad;
    for (Unit& u : m_units) {
        if (u.paramRegion >= 0 || u.avgRegion >= 0) streamUnit(u, groupOf, optimizer);
        else stepUnit(u, groupOf, optimizer);
    }
    if (m_options.settings.zeroStage < 3) {
        for (Unit& u : m_units) {
            torch::Tensor mine = u.flat.narrow(0, static_cast<int64_t>(m_rank) * u.shard, u.shard);
            if (u.masterIsCopy) mine.copy_(u.master);
            u.gatherIn = mine.clone();
            u.gatherWork = m_comm.allgatherIntoAsync(u.flat, u.gatherIn);
        }
        for (Unit& u : m_units) {
            m_comm.wait(u.gatherWork, "all_gather (updated parameters)");
            u.gatherWork.reset();
            u.gatherIn = torch::Tensor();
        }
        return;
    }
    for (Unit& u : m_units)
        if (u.masterIsCopy && u.paramShard.defined()) u.paramShard.copy_(u.master);
    Unit& root = m_units.back();
    if (!m_rootScoped) {  // a model that never opens its own scope keeps the root gathered
        root.gathered = false;
        ensureGathered(root);
    }
}

void ZeroSharding::stepUnit(Unit& u, const std::vector<int>& groupOf, const torch::optim::Optimizer& optimizer) {
    const auto& groups = optimizer.param_groups();
    for (const Segment& seg : u.segments) {
        if (groupOf[seg.param] < 0) continue;
        const CpuAdamW::Options o = adamOptions(groups[static_cast<std::size_t>(groupOf[seg.param])]);
        if (u.master.device().is_cpu()) {
            CpuAdamW::update(u.master.data_ptr<float>() + seg.shardOffset, u.gradShard.data_ptr<float>() + seg.shardOffset,
                             u.expAvg.data_ptr<float>() + seg.shardOffset, u.expAvgSq.data_ptr<float>() + seg.shardOffset,
                             seg.length, o, m_step);
        } else {
            adamwOnDevice(u.master.narrow(0, seg.shardOffset, seg.length), u.gradShard.narrow(0, seg.shardOffset, seg.length),
                          u.expAvg.narrow(0, seg.shardOffset, seg.length), u.expAvgSq.narrow(0, seg.shardOffset, seg.length),
                          o, m_step);
        }
    }
}

// The disk tier: the shard is processed in blocks; while block b is updated, block b+1 is read
// into the other half of a two-block window, so host memory holds at most two blocks of each
// array on disk whatever the model's size.
void ZeroSharding::streamUnit(Unit& u, const std::vector<int>& groupOf, const torch::optim::Optimizer& optimizer) {
    const auto& groups = optimizer.param_groups();
    const int64_t block = m_options.settings.diskBlockElements;
    const int64_t blocks = (u.shard + block - 1) / block;
    const bool paramsOnDisk = u.paramRegion >= 0;
    const bool stateOnDisk = u.avgRegion >= 0;
    struct Window {
        torch::Tensor p, m, v;
    };
    Window window[2];
    for (Window& w : window) {
        if (paramsOnDisk) w.p = alignedCpuFloats(block);
        if (stateOnDisk) {
            w.m = alignedCpuFloats(block);
            w.v = alignedCpuFloats(block);
        }
    }
    auto length = [&](int64_t b) { return std::min(block, u.shard - b * block); };
    auto load = [&](int64_t b, Window* w) {
        if (paramsOnDisk) m_paramDisk->read(u.paramRegion, b * block, length(b), w->p.data_ptr<float>());
        if (stateOnDisk) {
            m_optimizerDisk->read(u.avgRegion, b * block, length(b), w->m.data_ptr<float>());
            m_optimizerDisk->read(u.avgSqRegion, b * block, length(b), w->v.data_ptr<float>());
        }
    };
    std::future<void> next = std::async(std::launch::async, load, int64_t{0}, &window[0]);
    for (int64_t b = 0; b < blocks; ++b) {
        next.get();
        if (b + 1 < blocks) next = std::async(std::launch::async, load, b + 1, &window[(b + 1) & 1]);
        Window& w = window[b & 1];
        const int64_t start = b * block;
        const int64_t len = length(b);
        float* p = paramsOnDisk ? w.p.data_ptr<float>() : u.master.data_ptr<float>() + start;
        float* m = stateOnDisk ? w.m.data_ptr<float>() : u.expAvg.data_ptr<float>() + start;
        float* v = stateOnDisk ? w.v.data_ptr<float>() : u.expAvgSq.data_ptr<float>() + start;
        const float* g = u.gradShard.data_ptr<float>() + start;
        for (const Segment& seg : u.segments) {
            const int64_t lo = std::max(seg.shardOffset, start);
            const int64_t hi = std::min(seg.shardOffset + seg.length, start + len);
            if (hi <= lo || groupOf[seg.param] < 0) continue;
            const CpuAdamW::Options o = adamOptions(groups[static_cast<std::size_t>(groupOf[seg.param])]);
            CpuAdamW::update(p + (lo - start), g + (lo - start), m + (lo - start), v + (lo - start), hi - lo, o, m_step);
        }
        if (paramsOnDisk) m_paramDisk->write(u.paramRegion, start, len, p);
        if (stateOnDisk) {
            m_optimizerDisk->write(u.avgRegion, start, len, m);
            m_optimizerDisk->write(u.avgSqRegion, start, len, v);
        }
    }
}

}  // namespace catapult
