#pragma once
// torch::optim::AdamW's step for fp32 parameters in CPU memory as one fused pass per tensor
// (CpuAdamW::update) instead of its seven element-wise passes: the data-parallel path's
// optimizer step, the counterpart of PyTorch's AdamW(fused=True). The state stays the
// optimizer's own (AdamWParamState: step, exp_avg, exp_avg_sq, created as torch creates it), so
// checkpoints and a later optimizer.step() see the same thing. Internal.

namespace torch::optim {
class Optimizer;
}

namespace catapult {

// Steps `optimizer` and returns true if it is an AdamW without amsgrad whose parameters are
// contiguous fp32 CPU tensors; returns false, touching nothing, otherwise.
bool fusedAdamWStep(torch::optim::Optimizer& optimizer);

}  // namespace catapult
