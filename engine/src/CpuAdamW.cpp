#include "catapult/CpuAdamW.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

namespace catapult {
namespace {

struct Step {
    float decay;     // 1 - lr * weight_decay
    float beta1, oneMinusBeta1;
    float beta2, oneMinusBeta2;
    float invSqrtBias2;  // 1 / sqrt(1 - beta2^t)
    float eps;
    float stepSize;  // lr / (1 - beta1^t)
};

// One fused pass; compiled for AVX2+FMA and for the baseline, picked at run time.
__attribute__((target_clones("avx2", "default"))) void adamwKernel(float* __restrict p, const float* __restrict g,
                                                                   float* __restrict m, float* __restrict v,
                                                                   int64_t n, Step s) {
#pragma GCC ivdep
    for (int64_t i = 0; i < n; ++i) {
        const float grad = g[i];
        const float param = p[i] * s.decay;
        const float mi = s.beta1 * m[i] + s.oneMinusBeta1 * grad;
        const float vi = s.beta2 * v[i] + s.oneMinusBeta2 * (grad * grad);
        m[i] = mi;
        v[i] = vi;
        p[i] = param - s.stepSize * (mi / (__builtin_sqrtf(vi) * s.invSqrtBias2 + s.eps));
    }
}

}  // namespace

CpuAdamW::CpuAdamW(std::vector<torch::Tensor> parameters, Options options)
    : m_parameters(std::move(parameters)), m_options(options) {
    for (const auto& p : m_parameters) {
        if (!p.device().is_cpu() || p.scalar_type() != torch::kFloat || !p.is_contiguous())
            throw std::invalid_argument("CpuAdamW needs contiguous fp32 CPU parameters.");
        m_expAvg.push_back(torch::zeros_like(p));
        m_expAvgSq.push_back(torch::zeros_like(p));
    }
}

void CpuAdamW::update(float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
                      const Options& o, int64_t step) {
    const double bias1 = 1.0 - std::pow(o.beta1, static_cast<double>(step));
    const double bias2 = 1.0 - std::pow(o.beta2, static_cast<double>(step));
    const Step s{static_cast<float>(1.0 - o.lr * o.weightDecay),
                 static_cast<float>(o.beta1),
                 static_cast<float>(1.0 - o.beta1),
                 static_cast<float>(o.beta2),
                 static_cast<float>(1.0 - o.beta2),
                 static_cast<float>(1.0 / std::sqrt(bias2)),
                 static_cast<float>(o.eps),
                 static_cast<float>(o.lr / bias1)};
    at::parallel_for(0, n, 32768, [&](int64_t begin, int64_t end) {
        adamwKernel(param + begin, grad + begin, expAvg + begin, expAvgSq + begin, end - begin, s);
    });
}

void CpuAdamW::step() {
    ++m_step;
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        torch::Tensor& p = m_parameters[i];
        if (!p.grad().defined()) continue;
        const torch::Tensor g = p.grad().contiguous();
        update(p.data_ptr<float>(), g.data_ptr<float>(), m_expAvg[i].data_ptr<float>(), m_expAvgSq[i].data_ptr<float>(),
               p.numel(), m_options, m_step);
    }
}

void CpuAdamW::zeroGrad() {
    for (auto& p : m_parameters)
        if (p.grad().defined()) p.mutable_grad().zero_();
}

}  // namespace catapult
