#pragma once
// AdamW for parameters that live in CPU memory (optimizer offload): the whole update of a
// tensor is one fused pass over parameter, gradient and both moments, vectorised (AVX2 when
// the CPU has it, chosen at run time) and split over LibTorch's intra-op threads, instead of
// the seven element-wise passes of torch::optim::AdamW. Same arithmetic as
// torch::optim::AdamW (decoupled weight decay, bias correction, eps added after the square
// root), so results agree to float rounding.
//
// The moments may be stored in bf16 (Options::moments), halving their bytes: a step then moves
// 20 bytes per parameter instead of 28. They are computed in fp32 and rounded stochastically on
// the way back to memory (an unbiased rounding from a counter-based hash of element and step),
// because round-to-nearest loses the small updates of an average with beta2 near 1 (0.1% of the
// value against bf16's 0.4% spacing) and freezes the second moment.
//
// Thread safety: one optimizer per training thread.

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace catapult {

enum class MomentStorage { Fp32, Bf16 };

class CpuAdamW {
public:
    struct Options {
        double lr = 1e-3;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double weightDecay = 1e-2;
        MomentStorage moments = MomentStorage::Fp32;
    };
    // REQUIRES: every parameter is a contiguous fp32 CPU tensor.
    CpuAdamW(std::vector<torch::Tensor> parameters, Options options);

    // One step over every parameter that has a gradient (fp32, CPU).
    void step();
    void zeroGrad();
    void setLr(double lr) { m_options.lr = lr; }
    int64_t stepCount() const { return m_step; }
    // The same update on raw fp32 arrays of n elements (threaded), for callers that keep the
    // state themselves (ZeRO shards, disk blocks). `step` is the 1-based step count.
    static void update(float* param, const float* grad, float* expAvg, float* expAvgSq, int64_t n,
                       const Options& options, int64_t step);
    // The same with the moments as bf16 bit patterns (Options::moments is not read); `stream`
    // tells arrays apart, so that their elements are not rounded with the same noise.
    static void updateBf16Moments(float* param, const float* grad, uint16_t* expAvg, uint16_t* expAvgSq, int64_t n,
                                  const Options& options, int64_t step, uint32_t stream = 0);
    // The moments of parameter i (for checkpoints and tests), fp32 or bf16 as stored.
    const torch::Tensor& expAvg(std::size_t i) const { return m_expAvg[i]; }
    const torch::Tensor& expAvgSq(std::size_t i) const { return m_expAvgSq[i]; }

private:
    std::vector<torch::Tensor> m_parameters;
    std::vector<torch::Tensor> m_expAvg;
    std::vector<torch::Tensor> m_expAvgSq;
    Options m_options;
    int64_t m_step = 0;
};

}  // namespace catapult
