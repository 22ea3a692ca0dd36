#include "catapult/CpuAdamW.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <bit>
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

// 32 random bits for element i of a step: a counter-based hash (no state, the same whichever
// thread takes the element), low half for the first moment, high half for the second.
inline uint32_t elementNoise(uint32_t i, uint32_t seed) {
    uint32_t x = (i ^ seed) * 0x9E3779B1u;
    x ^= x >> 16;
    x *= 0x85EBCA6Bu;
    return x ^ (x >> 13);
}

inline float fromBf16(uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); }

// Adding 16 random bits below the kept ones and truncating rounds up with the probability of
// the dropped fraction: unbiased, in sign-magnitude as for negative values.
inline uint16_t toBf16Stochastic(float f, uint32_t noise16) {
    const uint32_t bits = std::bit_cast<uint32_t>(f);
    const auto rounded = static_cast<uint16_t>((bits + noise16) >> 16);
    return f != f ? static_cast<uint16_t>((bits >> 16) | 0x40u) : rounded;  // a NaN stays a (quiet) NaN
}

__attribute__((target_clones("avx2", "default"))) void adamwKernelBf16(float* __restrict p, const float* __restrict g,
                                                                       uint16_t* __restrict m, uint16_t* __restrict v,
                                                                       int64_t n, Step s, uint32_t first, uint32_t seed) {
#pragma GCC ivdep
    for (int64_t i = 0; i < n; ++i) {
        const float grad = g[i];
        const float param = p[i] * s.decay;
        const float mi = s.beta1 * fromBf16(m[i]) + s.oneMinusBeta1 * grad;
        const float vi = s.beta2 * fromBf16(v[i]) + s.oneMinusBeta2 * (grad * grad);
        const uint32_t noise = elementNoise(first + static_cast<uint32_t>(i), seed);
        m[i] = toBf16Stochastic(mi, noise & 0xFFFFu);
        v[i] = toBf16Stochastic(vi, noise >> 16);
        p[i] = param - s.stepSize * (mi / (__builtin_sqrtf(vi) * s.invSqrtBias2 + s.eps));
    }
}

Step stepConstants(const CpuAdamW::Options& o, int64_t step) {
    const double bias1 = 1.0 - std::pow(o.beta1, static_cast<double>(step));
    const double bias2 = 1.0 - std::pow(o.beta2, static_cast<double>(step));
    return Step{static_cast<float>(1.0 - o.lr * o.weightDecay),
                static_cast<float>(o.beta1),
                static_cast<float>(1.0 - o.beta1),
                static_cast<float>(o.beta2),
                static_cast<float>(1.0 - o.beta2),
                static_cast<float>(1.0 / std::sqrt(bias2)),
                static_cast<float>(o.eps),
                static_cast<float>(o.lr / bias1)};
}

}  // namespace

CpuAdamW::CpuAdamW(std::vector<torch::Tensor> parameters, Options options)
    : m_parameters(std::move(parameters)), m_options(options) {
    for (const auto& p : m_parameters) {
        if (!p.device().is_cpu() || p.scalar_type() != torch::kFloat || !p.is_contiguous())
            throw std::invalid_argument("CpuAdamW needs contiguous fp32 CPU parameters.");
        const auto dtype = options.moments == MomentStorage::Bf16 ? torch::kBFloat16 : torch::kFloat;
        m_expAvg.push_back(torch::zeros_like(p, dtype));
        m_expAvgSq.push_back(torch::zeros_like(p, dtype));
    }
}

void CpuAdamW::update(float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
                      const Options& o, int64_t step) {
    const Step s = stepConstants(o, step);
    at::parallel_for(0, n, 32768, [&](int64_t begin, int64_t end) {
        adamwKernel(param + begin, grad + begin, expAvg + begin, expAvgSq + begin, end - begin, s);
    });
}

void CpuAdamW::updateBf16Moments(float* param, const float* grad, uint16_t* expAvg, uint16_t* expAvgSq, int64_t n,
                                 const Options& o, int64_t step, uint32_t stream) {
    const Step s = stepConstants(o, step);
    const uint32_t seed = elementNoise(static_cast<uint32_t>(step), 0x6A09E667u ^ elementNoise(stream, 0xBB67AE85u));
    at::parallel_for(0, n, 32768, [&](int64_t begin, int64_t end) {
        // Past 2^32 elements the high half of the index changes the noise too.
        const uint32_t first = static_cast<uint32_t>(begin) ^ (static_cast<uint32_t>(begin >> 32) * 0x632BE5ABu);
        adamwKernelBf16(param + begin, grad + begin, expAvg + begin, expAvgSq + begin, end - begin, s, first, seed);
    });
}

void CpuAdamW::step() {
    ++m_step;
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        torch::Tensor& p = m_parameters[i];
        if (!p.grad().defined()) continue;
        const torch::Tensor g = p.grad().contiguous();
        if (m_options.moments == MomentStorage::Bf16)
            updateBf16Moments(p.data_ptr<float>(), g.data_ptr<float>(), static_cast<uint16_t*>(m_expAvg[i].data_ptr()),
                              static_cast<uint16_t*>(m_expAvgSq[i].data_ptr()), p.numel(), m_options, m_step,
                              static_cast<uint32_t>(i));
        else
            update(p.data_ptr<float>(), g.data_ptr<float>(), m_expAvg[i].data_ptr<float>(),
                   m_expAvgSq[i].data_ptr<float>(), p.numel(), m_options, m_step);
    }
}

void CpuAdamW::zeroGrad() {
    for (auto& p : m_parameters)
        if (p.grad().defined()) p.mutable_grad().zero_();
}

}  // namespace catapult
