#include "HfCausalLM.h"

#include <torch/torch.h>

#include <cmath>

namespace catapult {
namespace {

namespace F = torch::nn::functional;

// A name in the parameter tree ("model", "layers", "3", ...): modules without computation of
// their own, so that named_parameters() gives transformers' names.
struct Node : torch::nn::Module {};

// x W^T + b, as torch.nn.Linear; `b` may be undefined.
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) { return torch::linear(x, w, b); }

// transformers' LlamaRMSNorm: in float32, then back to the input's type, times the weight.
torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& w, double eps) {
    const torch::Tensor f = x.to(torch::kFloat);
    return w * (f * torch::rsqrt(f.pow(2).mean(-1, true) + eps)).to(x.scalar_type());
}

torch::Tensor rotateHalf(const torch::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return torch::cat({-x.slice(-1, half), x.slice(-1, 0, half)}, -1);
}

// GPT-2's "gelu_new": the tanh approximation.
torch::Tensor geluNew(const torch::Tensor& x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
}

}  // namespace

HfCausalLM::HfCausalLM(HfModelConfig config) : m_config(std::move(config)) {
    if (m_config.isLlamaFamily()) buildLlama();
    else buildGpt2();
}

torch::Tensor& HfCausalLM::add(const std::string& path, std::vector<int64_t> shape) {
    torch::nn::Module* parent = this;
    std::size_t start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string::npos; start = dot + 1, dot = path.find('.', start)) {
        const std::string part = path.substr(start, dot - start);
        auto children = parent->named_children();
        parent = children.contains(part) ? children[part].get() : parent->register_module(part, std::make_shared<Node>()).get();
    }
    m_names.push_back(path);
    return parent->register_parameter(path.substr(start), torch::zeros(shape));
}

void HfCausalLM::buildLlama() {
    const HfModelConfig& c = m_config;
    const int64_t h = c.hiddenSize, q = int64_t(c.heads) * c.headDim, kv = int64_t(c.kvHeads) * c.headDim;
    m_embed = add("model.embed_tokens.weight", {c.vocabSize, h});
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        Layer l;
        l.norm1 = add(p + "input_layernorm.weight", {h});
        l.q = add(p + "self_attn.q_proj.weight", {q, h});
        l.k = add(p + "self_attn.k_proj.weight", {kv, h});
        l.v = add(p + "self_attn.v_proj.weight", {kv, h});
        l.o = add(p + "self_attn.o_proj.weight", {h, q});
        if (c.attentionBias) {
            l.qBias = add(p + "self_attn.q_proj.bias", {q});
            l.kBias = add(p + "self_attn.k_proj.bias", {kv});
            l.vBias = add(p + "self_attn.v_proj.bias", {kv});
            if (c.architecture != HfModelConfig::Architecture::Qwen2) l.oBias = add(p + "self_attn.o_proj.bias", {h});
        }
        l.norm2 = add(p + "post_attention_layernorm.weight", {h});
        l.gate = add(p + "mlp.gate_proj.weight", {c.intermediateSize, h});
        l.up = add(p + "mlp.up_proj.weight", {c.intermediateSize, h});
        l.down = add(p + "mlp.down_proj.weight", {h, c.intermediateSize});
        if (c.mlpBias) {
            l.gateBias = add(p + "mlp.gate_proj.bias", {c.intermediateSize});
            l.upBias = add(p + "mlp.up_proj.bias", {c.intermediateSize});
            l.downBias = add(p + "mlp.down_proj.bias", {h});
        }
        m_layers.push_back(l);
    }
    m_norm = add("model.norm.weight", {h});
    m_head = c.tieWordEmbeddings ? m_embed : add("lm_head.weight", {c.vocabSize, h});
}

void HfCausalLM::buildGpt2() {
    const HfModelConfig& c = m_config;
    const int64_t h = c.hiddenSize;
    m_embed = add("transformer.wte.weight", {c.vocabSize, h});
    m_positions = add("transformer.wpe.weight", {c.maxPositions, h});
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = "transformer.h." + std::to_string(i) + ".";
        Layer l;
        l.norm1 = add(p + "ln_1.weight", {h});
        l.norm1Bias = add(p + "ln_1.bias", {h});
        l.qkv = add(p + "attn.c_attn.weight", {h, 3 * h});  // Conv1D: [in, out]
        l.qkvBias = add(p + "attn.c_attn.bias", {3 * h});
        l.o = add(p + "attn.c_proj.weight", {h, h});
        l.oBias = add(p + "attn.c_proj.bias", {h});
        l.norm2 = add(p + "ln_2.weight", {h});
        l.norm2Bias = add(p + "ln_2.bias", {h});
        l.up = add(p + "mlp.c_fc.weight", {h, c.intermediateSize});
        l.upBias = add(p + "mlp.c_fc.bias", {c.intermediateSize});
        l.down = add(p + "mlp.c_proj.weight", {c.intermediateSize, h});
        l.downBias = add(p + "mlp.c_proj.bias", {h});
        m_layers.push_back(l);
    }
    m_norm = add("transformer.ln_f.weight", {h});
    m_normBias = add("transformer.ln_f.bias", {h});
    m_head = m_embed;  // GPT-2's head is the token embedding
}

Status HfCausalLM::load(const HfWeights& weights) {
    torch::NoGradGuard noGrad;
    for (auto& item : named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& param = item.value();
        auto t = weights.tensor(name);
        if (!t.ok()) return Status::error("the model's weights have no tensor " + name);
        if (t.value().sizes() != param.sizes())
            return Status::error("tensor " + name + " has shape " + c10::str(t.value().sizes()) + " in the weights, the config says " +
                                 c10::str(param.sizes()));
        param.copy_(t.value());
    }
    return Status::success();
}

Result<std::shared_ptr<HfCausalLM>> HfCausalLM::fromDirectory(const std::string& dir, torch::Dtype dtype) {
    auto config = HfModelConfig::read(dir);
    if (!config.ok()) return config.status();
    auto weights = HfWeights::open(dir);
    if (!weights.ok()) return weights.status();
    auto model = std::make_shared<HfCausalLM>(config.value());
    if (Status s = model->load(weights.value()); !s.ok()) return Status::error(dir + ": " + s.message());
    model->to(dtype);
    return model;
}

std::pair<torch::Tensor, torch::Tensor> HfCausalLM::rope(int64_t positions, torch::Device device) const {
    const HfModelConfig& c = m_config;
    const auto f = torch::TensorOptions().dtype(torch::kFloat).device(device);
    torch::Tensor inv = 1.0 / torch::pow(c.ropeTheta, torch::arange(0, c.headDim, 2, torch::TensorOptions().dtype(torch::kLong).device(device))
                                                          .to(torch::kFloat) / c.headDim);
    if (c.ropeType == "llama3") {  // transformers' _compute_llama3_parameters
        const double low = c.originalMaxPositions / c.lowFreqFactor, high = c.originalMaxPositions / c.highFreqFactor;
        const torch::Tensor wavelen = 2 * M_PI / inv;
        torch::Tensor scaled = torch::where(wavelen > low, inv / c.ropeFactor, inv);
        const torch::Tensor smooth = (c.originalMaxPositions / wavelen - c.lowFreqFactor) / (c.highFreqFactor - c.lowFreqFactor);
        const torch::Tensor smoothed = (1 - smooth) * scaled / c.ropeFactor + smooth * scaled;
        const torch::Tensor medium = (wavelen >= high).logical_and(wavelen <= low);
        inv = torch::where(medium, smoothed, scaled);
    }
    const torch::Tensor freqs = torch::outer(torch::arange(positions, f), inv);
    const torch::Tensor emb = torch::cat({freqs, freqs}, -1);
    return {emb.cos(), emb.sin()};
}

// 0 where position i may attend to j (j <= i, and within the sliding window), -inf elsewhere.
torch::Tensor HfCausalLM::mask(int64_t positions, torch::Device device) const {
    const auto idx = torch::arange(positions, torch::TensorOptions().dtype(torch::kLong).device(device));
    const torch::Tensor diff = idx.unsqueeze(1) - idx.unsqueeze(0);  // i - j
    torch::Tensor allowed = diff >= 0;
    if (m_config.slidingWindow) allowed = allowed.logical_and(diff < *m_config.slidingWindow);
    return torch::zeros({positions, positions}, torch::TensorOptions().device(device))
        .masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
}

// q [B, heads, T, d], k and v [B, kvHeads, T, d]: softmax in float32, as transformers' eager path.
torch::Tensor HfCausalLM::attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                    const torch::Tensor& mask) const {
    const int64_t repeat = m_config.heads / m_config.kvHeads;
    const torch::Tensor kk = repeat > 1 ? k.repeat_interleave(repeat, 1) : k;
    const torch::Tensor vv = repeat > 1 ? v.repeat_interleave(repeat, 1) : v;
    const torch::Tensor scores = torch::matmul(q, kk.transpose(-2, -1)) / std::sqrt(double(m_config.headDim)) + mask.to(q.scalar_type());
    return torch::matmul(torch::softmax(scores, -1, torch::kFloat).to(q.scalar_type()), vv);
}

torch::Tensor HfCausalLM::llamaLayer(const Layer& l, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                                     const torch::Tensor& mask) {
    const HfModelConfig& c = m_config;
    const int64_t b = x.size(0), t = x.size(1);
    const torch::Tensor h = rmsNorm(x, l.norm1, c.normEps);
    auto heads = [&](const torch::Tensor& w, const torch::Tensor& bias, int64_t n) {
        return project(h, w, bias).view({b, t, n, c.headDim}).transpose(1, 2);
    };
    torch::Tensor q = heads(l.q, l.qBias, c.heads), k = heads(l.k, l.kBias, c.kvHeads), v = heads(l.v, l.vBias, c.kvHeads);
    const torch::Tensor cs = cos.to(q.scalar_type()), sn = sin.to(q.scalar_type());
    q = q * cs + rotateHalf(q) * sn;
    k = k * cs + rotateHalf(k) * sn;
    const torch::Tensor a = attention(q, k, v, mask).transpose(1, 2).reshape({b, t, int64_t(c.heads) * c.headDim});
    const torch::Tensor y = x + project(a, l.o, l.oBias);
    const torch::Tensor m = rmsNorm(y, l.norm2, c.normEps);
    return y + project(torch::silu(project(m, l.gate, l.gateBias)) * project(m, l.up, l.upBias), l.down, l.downBias);
}

torch::Tensor HfCausalLM::gpt2Layer(const Layer& l, const torch::Tensor& x, const torch::Tensor& mask) {
    const HfModelConfig& c = m_config;
    const int64_t b = x.size(0), t = x.size(1), h = c.hiddenSize;
    const torch::Tensor n1 = F::layer_norm(x, F::LayerNormFuncOptions({h}).weight(l.norm1).bias(l.norm1Bias).eps(c.normEps));
    const std::vector<torch::Tensor> qkv = torch::addmm(l.qkvBias, n1.reshape({-1, h}), l.qkv).view({b, t, 3 * h}).split(h, -1);
    auto heads = [&](const torch::Tensor& z) { return z.reshape({b, t, c.heads, c.headDim}).transpose(1, 2); };
    const torch::Tensor a = attention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), mask).transpose(1, 2).reshape({b * t, h});
    const torch::Tensor y = x + torch::addmm(l.oBias, a, l.o).view({b, t, h});
    const torch::Tensor n2 = F::layer_norm(y, F::LayerNormFuncOptions({h}).weight(l.norm2).bias(l.norm2Bias).eps(c.normEps));
    const torch::Tensor up = geluNew(torch::addmm(l.upBias, n2.reshape({-1, h}), l.up));
    return y + torch::addmm(l.downBias, up, l.down).view({b, t, h});
}

torch::Tensor HfCausalLM::forward(const torch::Tensor& ids) {
    const int64_t t = ids.size(1);
    const torch::Device device = m_embed.device();
    const torch::Tensor causal = mask(t, device);
    torch::Tensor x = F::embedding(ids, m_embed);
    if (!m_config.isLlamaFamily()) {
        x = x + F::embedding(torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(device)), m_positions);
        for (const Layer& l : m_layers) x = gpt2Layer(l, x, causal);
        x = F::layer_norm(x, F::LayerNormFuncOptions({m_config.hiddenSize}).weight(m_norm).bias(m_normBias).eps(m_config.normEps));
        return torch::matmul(x, m_head.t());
    }
    const auto [cos, sin] = rope(t, device);
    for (const Layer& l : m_layers) x = llamaLayer(l, x, cos, sin, causal);
    return torch::matmul(rmsNorm(x, m_norm, m_config.normEps), m_head.t());
}

}  // namespace catapult
