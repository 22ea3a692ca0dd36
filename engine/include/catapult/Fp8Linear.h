#pragma once
// A linear layer (y = x W^T + b, weights N x K) that runs its three matrix products in FP8
// through at::_scaled_mm while an fp8 AutocastScope is active and both K and N are multiples
// of 16: the output (e4m3 x e4m3, fast accumulation, bf16 result), the input gradient and the
// weight gradient (gradients in e5m2 for HYBRID, e4m3 for E4M3; fp32 accumulation; the weight
// gradient comes out in fp32). Every tensor is scaled per tensor and clamped to the format's
// range before the cast (LibTorch 2.11 turns an e4m3 overflow into NaN). Scales follow the
// settings: current (this step's amax) or delayed (amax history; the scale used at step t
// comes from steps before t). Outside the scope, or with other sizes, it is an ordinary fp32
// linear. Weights and bias stay fp32 (master weights); the scaling state lives in the layer.
//
// On sm_89+ GPUs the products run on the FP8 tensor cores (at::_scaled_mm); on CPU they are
// emulated exactly (scaledMatmul below), whatever the CPU model.

#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <memory>

namespace catapult {

struct Fp8LayerState;

// How `weight` is stored: N x K (torch.nn.Linear's out x in), or K x N (GPT-2's Conv1D, in x
// out, as its checkpoints hold it; the products use its transpose, a view).
enum class WeightLayout { OutByIn, InByOut };
// Initialised as torch.nn.Linear is, or left unwritten (no memory is touched: a checkpoint fills it).
enum class WeightInit { Default, Unwritten };

class Fp8LinearImpl : public torch::nn::Cloneable<Fp8LinearImpl> {
public:
    Fp8LinearImpl(int64_t inFeatures, int64_t outFeatures, bool bias = true, WeightLayout layout = WeightLayout::OutByIn,
                  WeightInit init = WeightInit::Default);
    void reset() override;
    torch::Tensor forward(const torch::Tensor& x);

    // Whether the sizes allow FP8 (both multiples of 16).
    bool fp8Capable() const;
    // Products done in FP8 so far (3 per training step: forward, input and weight gradient).
    int64_t fp8Products() const;
    // The scale (FP8 max / amax) that the next forward uses for the input, the weight and the
    // next backward for the output gradient; 1 before any delayed-scaling history exists.
    double inputScale() const;

    // A LoRA adapter as PEFT's: the output gains scale * B A dropout(x), A (rank x in) and B
    // (out x rank) the `weight`s of the submodules lora_A and lora_B (PEFT's names). A starts
    // Kaiming-uniform as PEFT's, B at zero; both fp32 (the products run in the autocast type).
    void addLora(int64_t rank, double scale, double dropout);
    bool hasLora() const { return m_loraA.defined(); }
    // `weight` with the adapter merged in (weight + scale * B A, in the weight's layout).
    torch::Tensor mergedWeight(const torch::Tensor& a, const torch::Tensor& b) const;

    torch::Tensor weight;
    torch::Tensor bias;

private:
    int64_t m_in;
    int64_t m_out;
    bool m_hasBias;
    WeightLayout m_layout;
    WeightInit m_init;
    std::shared_ptr<Fp8LayerState> m_state;
    torch::Tensor m_loraA, m_loraB;
    double m_loraScale = 0;
    double m_loraDropout = 0;
};
TORCH_MODULE(Fp8Linear);

// One FP8 product a (M x K) times b (K x N), both FP8 tensors, each multiplied by its
// dequantisation factor (1 / its scale, a scalar fp32 tensor), result in `outDtype`. On CUDA
// it is at::_scaled_mm; on CPU the FP8 values are widened to fp32 (exact) and multiplied in
// fp32, which equals LibTorch's CPU _scaled_mm bit for bit at a fraction of its cost (its
// oneDNN kernel falls back to a reference loop on many CPUs).
torch::Tensor scaledMatmul(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& aFactor,
                           const torch::Tensor& bFactor, at::ScalarType outDtype, bool fastAccumulation);

// The FP8 product alone, for tests and benchmarks: x (M x K) times w (N x K) transposed, both
// quantized with current scaling to e4m3, result in `outDtype`.
torch::Tensor fp8Matmul(const torch::Tensor& x, const torch::Tensor& w, at::ScalarType outDtype, bool fastAccumulation);

}  // namespace catapult
