// ZeroSharding's part of a checkpoint: the shards' AdamW moments and the parameters.
#include <torch/torch.h>

#include <stdexcept>

#include "DiskArrays.h"
#include "ZeroSharding.h"

namespace catapult {

std::string ZeroSharding::layout() const {
    std::string out;
    for (const Unit& u : m_units) out += (out.empty() ? "" : ",") + u.name + ":" + std::to_string(u.numel);
    return out;
}

std::vector<NamedTensor> ZeroSharding::optimizerState() {
    torch::NoGradGuard noGrad;
    std::vector<NamedTensor> out;
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        Unit& u = m_units[i];
        const std::string prefix = "zero." + std::to_string(i) + ".";
        if (u.avgRegion >= 0) {
            torch::Tensor m = alignedCpuFloats(u.shard), v = alignedCpuFloats(u.shard);
            m_optimizerDisk->read(u.avgRegion, 0, u.shard, m.data_ptr<float>());
            m_optimizerDisk->read(u.avgSqRegion, 0, u.shard, v.data_ptr<float>());
            out.push_back({prefix + "exp_avg", m.narrow(0, 0, u.shard)});
            out.push_back({prefix + "exp_avg_sq", v.narrow(0, 0, u.shard)});
        } else {
            out.push_back({prefix + "exp_avg", u.expAvg.cpu()});
            out.push_back({prefix + "exp_avg_sq", u.expAvgSq.cpu()});
        }
    }
    return out;
}

void ZeroSharding::setMoments(Unit& u, const torch::Tensor& m, const torch::Tensor& v) {
    if (m.numel() != u.shard || v.numel() != u.shard)
        throw std::invalid_argument("unit " + u.name + " holds " + std::to_string(u.shard) +
                                    " elements per rank, the checkpoint " + std::to_string(m.numel()));
    if (u.avgRegion >= 0) {
        torch::Tensor staged = alignedCpuFloats(u.shard);
        staged.narrow(0, 0, u.shard).copy_(m);
        m_optimizerDisk->write(u.avgRegion, 0, u.shard, staged.data_ptr<float>());
        staged.narrow(0, 0, u.shard).copy_(v);
        m_optimizerDisk->write(u.avgSqRegion, 0, u.shard, staged.data_ptr<float>());
    } else {
        u.expAvg.copy_(m);
        u.expAvgSq.copy_(v);
    }
}

void ZeroSharding::loadOptimizerState(const SafetensorsFile& file, int64_t steps) {
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        const std::string prefix = "zero." + std::to_string(i) + ".";
        setMoments(m_units[i], file.tensor(prefix + "exp_avg"), file.tensor(prefix + "exp_avg_sq"));
    }
    m_step = steps;
}

void ZeroSharding::loadOptimizerState(const std::vector<SafetensorsFile>& oldRanks, int64_t steps) {
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_units.size(); ++i) {
        Unit& u = m_units[i];
        const std::string prefix = "zero." + std::to_string(i) + ".";
        auto resplit = [&](const std::string& name) {
            std::vector<torch::Tensor> parts;
            for (const SafetensorsFile& f : oldRanks) parts.push_back(f.tensor(prefix + name));
            torch::Tensor whole = torch::cat(parts);
            if (whole.numel() < u.numel)
                throw std::invalid_argument("unit " + u.name + " has " + std::to_string(u.numel) +
                                            " elements, the checkpoint's shards together " + std::to_string(whole.numel()));
            torch::Tensor padded = torch::zeros({u.shard * m_world}, torch::kFloat);
            padded.narrow(0, 0, u.numel).copy_(whole.narrow(0, 0, u.numel));
            return padded.narrow(0, static_cast<int64_t>(m_rank) * u.shard, u.shard);
        };
        setMoments(u, resplit("exp_avg"), resplit("exp_avg_sq"));
    }
    m_step = steps;
}

void ZeroSharding::loadParameters(const std::vector<torch::Tensor>& full) {
    if (full.size() != m_params.size())
        throw std::invalid_argument("the checkpoint has " + std::to_string(full.size()) + " parameters, the model " +
                                    std::to_string(m_params.size()));
    torch::NoGradGuard noGrad;
    for (Unit& u : m_units) {
        torch::Tensor content = torch::zeros({u.shard * m_world}, torch::kFloat);
        for (std::size_t j = 0; j < u.params.size(); ++j)
            content.narrow(0, u.offsets[j], m_params[u.params[j]].numel()).copy_(full[u.params[j]].reshape({-1}));
        torch::Tensor mine = content.narrow(0, static_cast<int64_t>(m_rank) * u.shard, u.shard);
        if (m_options.settings.zeroStage < 3 || u.gathered) u.flat.copy_(content);
        if (u.paramRegion >= 0) {
            torch::Tensor staged = alignedCpuFloats(u.shard);
            staged.narrow(0, 0, u.shard).copy_(mine);
            m_paramDisk->write(u.paramRegion, 0, u.shard, staged.data_ptr<float>());
        } else if (u.paramShard.defined()) {
            u.paramShard.copy_(mine);
        }
        if (u.masterIsCopy) u.master.copy_(mine);
    }
}

}  // namespace catapult
