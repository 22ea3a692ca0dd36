#pragma once
// A Hugging Face causal language model in LibTorch, built from its config.json (HfModelConfig)
// and loaded from its safetensors (HfWeights), with the parameter names transformers uses
// ("model.layers.3.self_attn.q_proj.weight", "transformer.h.0.attn.c_attn.weight"), so a
// checkpoint maps one to one. The forward pass is transformers' (SDPA attention): Llama-family decoder
// layers (RMSNorm, RoPE default or llama3, grouped-query attention, SwiGLU; Qwen2's q/k/v bias;
// Mistral's sliding window) or GPT-2 blocks (learned positions, Conv1D weights stored [in, out],
// gelu_new). Each decoder layer is a module of its own ("model.layers.N", "transformer.h.N"),
// a ZeRO-3 / FSDP unit (UnitModule named as transformers names the class) that can be
// recomputed in backward; its projections are Fp8Linear (FP8 inside an fp8 autocast scope).
//
// Errors: load() names the tensor that is missing or has the wrong shape.

#include <torch/nn/module.h>
#include <torch/types.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "catapult/HfModelConfig.h"
#include "HfWeights.h"
#include "catapult/Fp8Linear.h"
#include "catapult/Status.h"

namespace catapult {

// Told the bytes of weights loaded so far and in all, after each tensor (for a progress bar).
using LoadProgress = std::function<void(int64_t done, int64_t total)>;

class HfCausalLM : public torch::nn::Module {
public:
    // The parameters are allocated but not written (they take no memory until load() or a
    // ZeRO-3 shard loader fills them).
    explicit HfCausalLM(HfModelConfig config);
    // The model of DIR with its weights, in `dtype` (default: float32).
    static Result<std::shared_ptr<HfCausalLM>> fromDirectory(const std::string& dir, torch::Dtype dtype = torch::kFloat,
                                                             const LoadProgress& progress = {});

    // Every parameter present in `weights` with its shape (the error names the first that is not).
    Status checkShapes(const HfWeights& weights);
    Status load(const HfWeights& weights, const LoadProgress& progress = {});
    // Logits [batch, positions, vocab] for token ids [batch, positions].
    torch::Tensor forward(const torch::Tensor& ids);
    // The keys and values of the positions seen so far, per layer, for generation: written in
    // place into slots with room for `capacity` positions (doubled when full, so a generation
    // copies them a few times at most instead of once per token).
    struct KvCache {
        std::vector<torch::Tensor> keys, values;  // per layer [batch, kvHeads, capacity, headDim]
        torch::Tensor validSlots;                  // [batch, capacity] bool: false for left padding
        torch::Tensor next;                        // [batch] long: each row's next position
        torch::Tensor cos, sin;                    // RoPE tables for the positions so far (grown as needed)
        int64_t length = 0, capacity = 0;          // positions held, and room for
        bool padded = false;                       // whether any position held is padding
        int64_t seen() const { return length; }
        torch::Tensor valid() const { return validSlots.narrow(1, 0, length); }
        // Room for `positions` in all without growing (a generation's prompt plus its new tokens).
        void reserve(int64_t positions) { capacity = std::max(capacity, positions); }
        // Layer `layer`'s keys and values [batch, kvHeads, seen + t, headDim] with `k` and `v`
        // (t new positions) written after those held.
        std::pair<torch::Tensor, torch::Tensor> append(std::size_t layer, const torch::Tensor& k, const torch::Tensor& v);
    };
    // Logits [batch, vocab] of the last of ids [batch, positions] that follow what `cache` has
    // seen (empty: the start), which it then holds too. `valid` [batch, positions] marks the real
    // ids (false: left padding, which no position attends to and which takes no position).
    torch::Tensor forward(const torch::Tensor& ids, const torch::Tensor& valid, KvCache& cache);
    // Mean cross-entropy (nats, in fp32) of logits for ids x [batch, positions] against targets y
    // over the targets that are not -100 (0 when every target is -100).
    torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y);
    // Called as each decoder layer starts (true) and ends (false): a disk-offloaded model brings
    // the layer's weights in and lets them go (DiskOffload.h). Empty: none.
    using LayerHook = std::function<void(std::size_t layer, bool starting)>;
    void setLayerHook(LayerHook hook) { m_layerHook = std::move(hook); }
    // Recompute each decoder layer in backward instead of keeping its activations (Recompute.h).
    void setActivationCheckpointing(bool on) { m_recompute = on; }
    const HfModelConfig& config() const { return m_config; }
    // transformers' class name of the decoder layers: LlamaDecoderLayer, Qwen2DecoderLayer,
    // MistralDecoderLayer or GPT2Block (each layer is a UnitModule of that name).
    std::string layerClassName() const;
    // The projections by module name ("model.layers.0.self_attn.q_proj"), in layer order.
    const std::vector<std::pair<std::string, Fp8Linear>>& projections() const { return m_projections; }

private:
    struct Layer {  // one decoder layer: its module, and its tensors (undefined where the architecture has none)
        std::shared_ptr<torch::nn::Module> module;
        torch::Tensor norm1, norm1Bias, norm2, norm2Bias;
        Fp8Linear q{nullptr}, k{nullptr}, v{nullptr}, o{nullptr}, qkv{nullptr}, gate{nullptr}, up{nullptr}, down{nullptr};
    };
    torch::nn::Module& parentOf(const std::string& path, std::string& leaf);
    std::string nodeClassName(const std::string& part) const;
    torch::Tensor& add(const std::string& path, std::vector<int64_t> shape);
    Fp8Linear linear(const std::string& path, int64_t in, int64_t out, bool bias, WeightLayout layout = WeightLayout::OutByIn);
    Layer& newLayer(const std::string& path);
    void buildLlama();
    void buildGpt2();
    // How a layer's queries attend: an explicit mask, else causally (or to every key when not
    // `causal`); with a cache, after the keys and values it holds of the layer (which it then extends).
    struct Attend {
        torch::Tensor mask;
        bool causal = true;
        KvCache* cache = nullptr;
        std::size_t layer = 0;
    };
    torch::Tensor llamaLayer(Layer& l, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin, const Attend& a);
    torch::Tensor gpt2Layer(Layer& l, const torch::Tensor& x, const Attend& a);
    torch::Tensor runLayer(std::size_t i, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin, const Attend& a);
    torch::Tensor attention(const torch::Tensor& q, torch::Tensor k, torch::Tensor v, const Attend& a) const;
    std::pair<torch::Tensor, torch::Tensor> rope(int64_t positions, torch::Device device) const;
    torch::Tensor mask(int64_t positions, torch::Device device) const;
    Attend cachedAttend(const torch::Tensor& valid, const KvCache& cache) const;
    torch::Tensor admit(const torch::Tensor& valid, KvCache& cache) const;
    torch::Tensor head(const torch::Tensor& x);

    HfModelConfig m_config;
    std::vector<Layer> m_layers;
    std::vector<std::pair<std::string, Fp8Linear>> m_projections;
    torch::Tensor m_embed, m_positions, m_norm, m_normBias, m_head;
    bool m_recompute = false;
    LayerHook m_layerHook;
};

}  // namespace catapult
