#include "catapult/Recompute.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <optional>

#include "UnitHooks.h"
#include "catapult/Autocast.h"

namespace catapult {
namespace {

// What the body needs again in backward: itself and the mixed precision it first ran under.
struct Replay : torch::CustomClassHolder {
    std::function<torch::Tensor(const torch::Tensor&)> body;
    MixedPrecision precision = MixedPrecision::No;
    Fp8Settings fp8;
};

MixedPrecision currentPrecision(c10::DeviceType device) {
    if (AutocastScope::currentFp8()) return MixedPrecision::Fp8;
    if (!at::autocast::is_autocast_enabled(device)) return MixedPrecision::No;
    return at::autocast::get_autocast_dtype(device) == at::kHalf ? MixedPrecision::Fp16 : MixedPrecision::Bf16;
}

class RecomputeFunction : public torch::autograd::Function<RecomputeFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 c10::intrusive_ptr<Replay> replay) {
        ctx->save_for_backward({input});
        torch::Tensor output = replay->body(input);  // grad mode is off here: nothing is kept
        ctx->saved_data["replay"] = c10::IValue::make_capsule(std::move(replay));
        return output;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
        auto replay = c10::static_intrusive_pointer_cast<Replay>(ctx->saved_data["replay"].toCapsule());
        const torch::Tensor saved = ctx->get_saved_variables()[0];
        torch::Tensor input = saved.detach().requires_grad_(saved.requires_grad());
        torch::Tensor output;
        {
            torch::AutoGradMode grad(true);
            UnitHooks::RecomputeGuard recomputing;
            AutocastScope amp(input.device(), replay->precision, replay->fp8);
            output = replay->body(input);
        }
        torch::autograd::backward({output}, {grads[0]});
        return {input.requires_grad() ? input.grad() : torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor recomputed(std::function<torch::Tensor(const torch::Tensor&)> body, const torch::Tensor& input) {
    if (!torch::GradMode::is_enabled()) return body(input);
    auto replay = c10::make_intrusive<Replay>();
    replay->body = std::move(body);
    replay->precision = currentPrecision(input.device().type());
    if (const Fp8Settings* fp8 = AutocastScope::currentFp8()) replay->fp8 = *fp8;
    return RecomputeFunction::apply(input, std::move(replay));
}

}  // namespace catapult
