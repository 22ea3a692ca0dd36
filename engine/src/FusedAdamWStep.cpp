#include "FusedAdamWStep.h"

#include <torch/torch.h>

#include "catapult/CpuAdamW.h"

namespace catapult {
namespace {

bool fusable(torch::optim::Optimizer& optimizer) {
    if (!dynamic_cast<torch::optim::AdamW*>(&optimizer)) return false;
    for (const auto& group : optimizer.param_groups()) {
        if (static_cast<const torch::optim::AdamWOptions&>(group.options()).amsgrad()) return false;
        for (const auto& p : group.params())
            if (!p.is_cpu() || p.scalar_type() != torch::kFloat || !p.is_contiguous() ||
                (p.grad().defined() && (!p.grad().is_contiguous() || p.grad().scalar_type() != torch::kFloat)))
                return false;
    }
    return true;
}

torch::optim::AdamWParamState& stateOf(torch::optim::Optimizer& optimizer, const torch::Tensor& p) {
    auto& states = optimizer.state();
    auto it = states.find(p.unsafeGetTensorImpl());
    if (it == states.end()) {
        auto state = std::make_unique<torch::optim::AdamWParamState>();
        state->step(0);
        state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Preserve));
        it = states.emplace(p.unsafeGetTensorImpl(), std::move(state)).first;
    }
    return static_cast<torch::optim::AdamWParamState&>(*it->second);
}

}  // namespace

bool fusedAdamWStep(torch::optim::Optimizer& optimizer) {
    if (!fusable(optimizer)) return false;
    torch::NoGradGuard noGrad;
    for (auto& group : optimizer.param_groups()) {
        const auto& o = static_cast<const torch::optim::AdamWOptions&>(group.options());
        const CpuAdamW::Options options{o.lr(), std::get<0>(o.betas()), std::get<1>(o.betas()), o.eps(), o.weight_decay()};
        for (auto& p : group.params()) {
            if (!p.grad().defined()) continue;
            torch::optim::AdamWParamState& s = stateOf(optimizer, p);
            s.step(s.step() + 1);
            CpuAdamW::update(p.data_ptr<float>(), p.grad().data_ptr<float>(), s.exp_avg().data_ptr<float>(),
                             s.exp_avg_sq().data_ptr<float>(), p.numel(), options, s.step());
        }
    }
    return true;
}

}  // namespace catapult
