#include "catapult/Fp8Linear.h"

#include <torch/torch.h>

#include <cmath>

#include "catapult/Autocast.h"

namespace catapult {

namespace {

constexpr double kE4m3Max = 448.0;
constexpr double kE5m2Max = 57344.0;

// Per-tensor scaling of one operand (input, weight or output gradient).
struct TensorScaling {
    torch::Tensor history;  // delayed: amax of the last steps, newest first
    torch::Tensor scale;    // delayed: the scale in use
    int64_t recorded = 0;

    // The scale for `t` (fp32 scalar tensor, FP8 max / amax), and records t's amax.
    torch::Tensor scaleFor(const torch::Tensor& t, const Fp8Settings& s, double fp8Max) {
        torch::NoGradGuard noGrad;
        const torch::Tensor amax = t.detach().abs().amax().to(torch::kFloat);
        if (s.scaling == Fp8Settings::Scaling::Current)
            return (fp8Max / amax.clamp_min(1e-12)).to(torch::kFloat);
        if (!history.defined() || history.size(0) != s.amaxHistoryLen || history.device() != t.device()) {
            history = torch::zeros({s.amaxHistoryLen}, torch::TensorOptions().dtype(torch::kFloat).device(t.device()));
            scale = torch::ones({}, history.options());
        }
        const torch::Tensor used = scale.clone();
        history.copy_(history.roll(1));
        history.select(0, 0).copy_(amax);
        if (++recorded % s.interval == 0) {
            const torch::Tensor a = s.amaxAlgo == Fp8Settings::AmaxAlgo::Max ? history.max() : history.select(0, 0);
            const double divisor = std::ldexp(1.0, s.margin);
            scale.copy_(torch::where(a > 0, fp8Max / a.clamp_min(1e-12) / divisor, scale));
        }
        return used;
    }
};

torch::Tensor quantize(const torch::Tensor& t, const torch::Tensor& scale, at::ScalarType fp8, double fp8Max) {
    return (t.to(torch::kFloat) * scale).clamp(-fp8Max, fp8Max).to(fp8);
}

// The same matrix laid out column-major, as _scaled_mm wants its second operand.
torch::Tensor columnMajor(const torch::Tensor& m) { return m.t().is_contiguous() ? m : m.t().contiguous().t(); }

}  // namespace

torch::Tensor scaledMatmul(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& aFactor,
                           const torch::Tensor& bFactor, at::ScalarType outDtype, bool fastAccumulation) {
    if (a.is_cuda())
        return at::_scaled_mm(a.contiguous(), columnMajor(b), aFactor, bFactor, std::nullopt, std::nullopt, outDtype,
                              fastAccumulation);
    // The operands already carry FP8's rounding: widening them to fp32 is exact, and one fp32
    // product gives what _scaled_mm computes, without its CPU kernel (oneDNN's reference
    // kernel on many CPUs, 100-1000x slower than an fp32 product).
    return torch::mm(a.to(torch::kFloat) * aFactor, b.to(torch::kFloat) * bFactor).to(outDtype);
}

struct Fp8LayerState {
    TensorScaling input, weight, grad;
    Fp8Settings settings;
    int64_t products = 0;
};

namespace {

class Fp8LinearFunction : public torch::autograd::Function<Fp8LinearFunction> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& w,
                                 const torch::Tensor& b, int64_t statePointer) {
        auto* state = reinterpret_cast<Fp8LayerState*>(statePointer);
        const Fp8Settings& s = state->settings;
        const int64_t K = x.size(-1);
        const torch::Tensor x2 = x.reshape({-1, K});
        const torch::Tensor sx = state->input.scaleFor(x2, s, kE4m3Max);
        const torch::Tensor sw = state->weight.scaleFor(w, s, kE4m3Max);
        const torch::Tensor xq = quantize(x2, sx, at::kFloat8_e4m3fn, kE4m3Max);  // M x K
        const torch::Tensor wq = quantize(w, sw, at::kFloat8_e4m3fn, kE4m3Max);   // N x K
        torch::Tensor y = scaledMatmul(xq, wq.t(), sx.reciprocal(), sw.reciprocal(), at::kBFloat16, /*fastAccumulation=*/true);
        const bool hasBias = b.numel() > 0;  // no bias: an empty tensor (a Function input must be defined)
        if (hasBias) y = y + b.to(at::kBFloat16);
        ++state->products;
        ctx->save_for_backward({xq, wq, sx, sw});
        ctx->saved_data["state"] = statePointer;
        ctx->saved_data["x_dtype"] = static_cast<int64_t>(x.scalar_type());
        ctx->saved_data["has_bias"] = hasBias;
        auto shape = x.sizes().vec();
        shape.back() = w.size(0);
        return y.view(shape);
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::tensor_list grads) {
        auto saved = ctx->get_saved_variables();
        const torch::Tensor& xq = saved[0];
        const torch::Tensor& wq = saved[1];
        const torch::Tensor& sx = saved[2];
        const torch::Tensor& sw = saved[3];
        auto* state = reinterpret_cast<Fp8LayerState*>(ctx->saved_data["state"].toInt());
        const auto xDtype = static_cast<at::ScalarType>(ctx->saved_data["x_dtype"].toInt());
        const bool hybrid = state->settings.format == Fp8Settings::Format::Hybrid;
        const at::ScalarType gradType = hybrid ? at::kFloat8_e5m2 : at::kFloat8_e4m3fn;
        const double gradMax = hybrid ? kE5m2Max : kE4m3Max;

        const torch::Tensor& g = grads[0];
        const int64_t N = g.size(-1);
        const torch::Tensor g2 = g.reshape({-1, N});
        const torch::Tensor sg = state->grad.scaleFor(g2, state->settings, gradMax);
        const torch::Tensor gq = quantize(g2, sg, gradType, gradMax);  // M x N
        // dX = G W: (M x N) (N x K)
        torch::Tensor dx = scaledMatmul(gq, wq, sg.reciprocal(), sw.reciprocal(), xDtype, false);
        // dW = G^T X: (N x M) (M x K), in fp32 for the fp32 master weights.
        // (cuBLASLt needs the contraction, here the token count M, to be a multiple of 16.)
        torch::Tensor dw;
        if (xq.is_cuda() && xq.size(0) % 16 != 0)
            dw = torch::mm(g2.t().to(torch::kBFloat16), (xq.to(torch::kBFloat16) / sx.to(torch::kBFloat16))).to(torch::kFloat);
        else
            dw = scaledMatmul(gq.t(), xq, sg.reciprocal(), sx.reciprocal(), at::kFloat, false);
        state->products += 2;
        torch::Tensor db;
        if (ctx->saved_data["has_bias"].toBool()) db = g2.to(torch::kFloat).sum(0);
        auto shape = g.sizes().vec();
        shape.back() = xq.size(1);
        return {dx.view(shape), dw, db, torch::Tensor()};
    }
};

}  // namespace

Fp8LinearImpl::Fp8LinearImpl(int64_t inFeatures, int64_t outFeatures, bool bias, WeightLayout layout, WeightInit init)
    : m_in(inFeatures), m_out(outFeatures), m_hasBias(bias), m_layout(layout), m_init(init), m_state(std::make_shared<Fp8LayerState>()) {
    reset();
}

void Fp8LinearImpl::reset() {
    const bool stored = m_layout == WeightLayout::InByOut;
    if (m_init == WeightInit::Unwritten) {
        weight = register_parameter("weight", stored ? torch::empty({m_in, m_out}) : torch::empty({m_out, m_in}));
        if (m_hasBias) bias = register_parameter("bias", torch::empty({m_out}));
        m_state = std::make_shared<Fp8LayerState>();
        return;
    }
    // torch::nn::Linear's initialisation (Kaiming-uniform weights, uniform bias).
    torch::Tensor w = torch::empty({m_out, m_in});
    torch::nn::init::kaiming_uniform_(w, std::sqrt(5.0));
    weight = register_parameter("weight", stored ? w.t().contiguous() : w);
    if (m_hasBias) {
        const double bound = 1.0 / std::sqrt(static_cast<double>(m_in));
        bias = register_parameter("bias", torch::empty({m_out}).uniform_(-bound, bound));
    }
    m_state = std::make_shared<Fp8LayerState>();
}

bool Fp8LinearImpl::fp8Capable() const { return m_in % 16 == 0 && m_out % 16 == 0; }

int64_t Fp8LinearImpl::fp8Products() const { return m_state->products; }

double Fp8LinearImpl::inputScale() const {
    return m_state->input.scale.defined() ? m_state->input.scale.item<double>() : 1.0;
}

torch::Tensor Fp8LinearImpl::forward(const torch::Tensor& x) {
    const Fp8Settings* fp8 = AutocastScope::currentFp8();
    const torch::Tensor w = m_layout == WeightLayout::InByOut ? weight.t() : weight;  // N x K
    torch::Tensor out;
    if (!fp8 || !fp8Capable()) {
        out = torch::nn::functional::linear(x, w, m_hasBias ? bias : torch::Tensor());
    } else {
        m_state->settings = *fp8;
        // The FP8 kernels want N x K row-major: a Conv1D weight is copied transposed (the copy's
        // gradient flows back to it).
        out = Fp8LinearFunction::apply(x, w.contiguous(), m_hasBias ? bias : torch::empty({0}, w.options()),
                                       reinterpret_cast<int64_t>(m_state.get()));
    }
    if (!m_loraA.defined()) return out;
    const torch::Tensor h = m_loraDropout > 0 && is_training() ? torch::dropout(x, m_loraDropout, true) : x;
    return out + torch::nn::functional::linear(torch::nn::functional::linear(h, m_loraA), m_loraB) * m_loraScale;
}

namespace {

// One factor of a LoRA adapter: a module of PEFT's class name holding `weight`.
struct LoraFactor : torch::nn::Module {
    LoraFactor(int64_t rows, int64_t cols) : torch::nn::Module("Linear") {
        weight = register_parameter("weight", torch::zeros({rows, cols}));
    }
    torch::Tensor weight;
};

}  // namespace

void Fp8LinearImpl::addLora(int64_t rank, double scale, double dropout) {
    auto a = register_module("lora_A", std::make_shared<LoraFactor>(rank, m_in));
    auto b = register_module("lora_B", std::make_shared<LoraFactor>(m_out, rank));
    torch::NoGradGuard noGrad;
    torch::nn::init::kaiming_uniform_(a->weight, std::sqrt(5.0));
    m_loraA = a->weight;
    m_loraB = b->weight;
    m_loraScale = scale;
    m_loraDropout = dropout;
}

torch::Tensor Fp8LinearImpl::mergedWeight(const torch::Tensor& a, const torch::Tensor& b) const {
    const torch::Tensor delta = torch::matmul(b.to(torch::kFloat), a.to(torch::kFloat)) * m_loraScale;  // out x in
    return weight.detach().to(torch::kFloat) + (m_layout == WeightLayout::InByOut ? delta.t() : delta);
}

torch::Tensor fp8Matmul(const torch::Tensor& x, const torch::Tensor& w, at::ScalarType outDtype, bool fastAccumulation) {
    const torch::Tensor sx = (kE4m3Max / x.abs().amax().to(torch::kFloat).clamp_min(1e-12)).to(torch::kFloat);
    const torch::Tensor sw = (kE4m3Max / w.abs().amax().to(torch::kFloat).clamp_min(1e-12)).to(torch::kFloat);
    return scaledMatmul(quantize(x, sx, at::kFloat8_e4m3fn, kE4m3Max), quantize(w, sw, at::kFloat8_e4m3fn, kE4m3Max).t(),
                        sx.reciprocal(), sw.reciprocal(), outDtype, fastAccumulation);
}

}  // namespace catapult
