#include "HfCausalLM.h"

#include <torch/torch.h>

#include <cmath>

#include "MappedSafetensors.h"
#include "catapult/Recompute.h"
#include "catapult/UnitModule.h"
#include "catapult/UnitScope.h"

namespace catapult {
namespace {

namespace F = torch::nn::functional;

// A name in the parameter tree ("model", "layers", "self_attn", ...): modules without
// computation of their own, so that named_parameters() gives transformers' names, each of
// transformers' class (LlamaModel, LlamaAttention, ...) so a config's
// fsdp_transformer_layer_cls_to_wrap and the error listing a model's classes speak its language.
struct Node : torch::nn::Module {
    explicit Node(std::string className) : torch::nn::Module(std::move(className)) {}
};

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

std::string HfCausalLM::layerClassName() const {
    switch (m_config.architecture) {
        case HfModelConfig::Architecture::Llama: return "LlamaDecoderLayer";
        case HfModelConfig::Architecture::Qwen2: return "Qwen2DecoderLayer";
        case HfModelConfig::Architecture::Mistral: return "MistralDecoderLayer";
        case HfModelConfig::Architecture::Gpt2: return "GPT2Block";
    }
    return "DecoderLayer";
}

// transformers' class of the module at a name: "model" -> LlamaModel, "self_attn" -> LlamaAttention.
std::string HfCausalLM::nodeClassName(const std::string& part) const {
    const std::string family = layerClassName().substr(0, layerClassName().find("DecoderLayer"));
    const std::string prefix = m_config.isLlamaFamily() ? family : std::string("GPT2");
    if (part == "model" || part == "transformer") return prefix + "Model";
    if (part == "self_attn" || part == "attn") return prefix + "Attention";
    if (part == "mlp") return prefix + "MLP";
    if (part == "layers" || part == "h") return "ModuleList";
    return "Module";
}

// The module that holds `path`'s last part (made on the way as plain nodes), and that part.
torch::nn::Module& HfCausalLM::parentOf(const std::string& path, std::string& leaf) {
    torch::nn::Module* parent = this;
    std::size_t start = 0;
    for (std::size_t dot = path.find('.'); dot != std::string::npos; start = dot + 1, dot = path.find('.', start)) {
        const std::string part = path.substr(start, dot - start);
        auto children = parent->named_children();
        parent = children.contains(part) ? children[part].get()
                                         : parent->register_module(part, std::make_shared<Node>(nodeClassName(part))).get();
    }
    leaf = path.substr(start);
    return *parent;
}

torch::Tensor& HfCausalLM::add(const std::string& path, std::vector<int64_t> shape) {
    std::string leaf;
    return parentOf(path, leaf).register_parameter(leaf, torch::empty(shape));  // untouched until loaded
}

Fp8Linear HfCausalLM::linear(const std::string& path, int64_t in, int64_t out, bool bias, WeightLayout layout) {
    std::string leaf;
    // The weights come from the checkpoint: no memory is touched for an initialisation.
    Fp8Linear made = parentOf(path, leaf).register_module(leaf, Fp8Linear(in, out, bias, layout, WeightInit::Unwritten));
    m_projections.emplace_back(path, made);
    return made;
}

HfCausalLM::Layer& HfCausalLM::newLayer(const std::string& path) {
    std::string leaf;
    torch::nn::Module& parent = parentOf(path, leaf);
    Layer l;
    l.module = parent.register_module(leaf, std::make_shared<UnitModule>(layerClassName()));
    m_layers.push_back(l);
    return m_layers.back();
}

void HfCausalLM::buildLlama() {
    const HfModelConfig& c = m_config;
    const int64_t h = c.hiddenSize, q = int64_t(c.heads) * c.headDim, kv = int64_t(c.kvHeads) * c.headDim;
    const bool qkvBias = c.attentionBias, oBias = c.attentionBias && c.architecture != HfModelConfig::Architecture::Qwen2;
    m_embed = add("model.embed_tokens.weight", {c.vocabSize, h});
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        Layer& l = newLayer(p);
        l.norm1 = add(p + ".input_layernorm.weight", {h});
        l.q = linear(p + ".self_attn.q_proj", h, q, qkvBias);
        l.k = linear(p + ".self_attn.k_proj", h, kv, qkvBias);
        l.v = linear(p + ".self_attn.v_proj", h, kv, qkvBias);
        l.o = linear(p + ".self_attn.o_proj", q, h, oBias);
        l.norm2 = add(p + ".post_attention_layernorm.weight", {h});
        l.gate = linear(p + ".mlp.gate_proj", h, c.intermediateSize, c.mlpBias);
        l.up = linear(p + ".mlp.up_proj", h, c.intermediateSize, c.mlpBias);
        l.down = linear(p + ".mlp.down_proj", c.intermediateSize, h, c.mlpBias);
    }
    m_norm = add("model.norm.weight", {h});
    m_head = c.tieWordEmbeddings ? m_embed : add("lm_head.weight", {c.vocabSize, h});
}

void HfCausalLM::buildGpt2() {
    const HfModelConfig& c = m_config;
    const int64_t h = c.hiddenSize;
    const WeightLayout conv1d = WeightLayout::InByOut;
    m_embed = add("transformer.wte.weight", {c.vocabSize, h});
    m_positions = add("transformer.wpe.weight", {c.maxPositions, h});
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = "transformer.h." + std::to_string(i);
        Layer& l = newLayer(p);
        l.norm1 = add(p + ".ln_1.weight", {h});
        l.norm1Bias = add(p + ".ln_1.bias", {h});
        l.qkv = linear(p + ".attn.c_attn", h, 3 * h, true, conv1d);
        l.o = linear(p + ".attn.c_proj", h, h, true, conv1d);
        l.norm2 = add(p + ".ln_2.weight", {h});
        l.norm2Bias = add(p + ".ln_2.bias", {h});
        l.up = linear(p + ".mlp.c_fc", h, c.intermediateSize, true, conv1d);
        l.down = linear(p + ".mlp.c_proj", c.intermediateSize, h, true, conv1d);
    }
    m_norm = add("transformer.ln_f.weight", {h});
    m_normBias = add("transformer.ln_f.bias", {h});
    m_head = m_embed;  // GPT-2's head is the token embedding
}

Status HfCausalLM::checkShapes(const HfWeights& weights) {
    for (auto& item : named_parameters()) {
        auto t = weights.tensor(item.key());
        if (!t.ok()) return Status::error("the model's weights have no tensor " + item.key());
        if (t.value().sizes() != item.value().sizes())
            return Status::error("tensor " + item.key() + " has shape " + c10::str(t.value().sizes()) + " in the weights, the config says " +
                                 c10::str(item.value().sizes()));
    }
    return Status::success();
}

Status HfCausalLM::load(const HfWeights& weights, const LoadProgress& progress) {
    if (Status s = checkShapes(weights); !s.ok()) return s;
    torch::NoGradGuard noGrad;
    int64_t total = 0, done = 0;
    for (auto& item : named_parameters()) total += static_cast<int64_t>(weights.tensor(item.key()).value().nbytes());
    for (auto& item : named_parameters()) {
        const torch::Tensor view = weights.tensor(item.key()).value();
        item.value().copy_(view);
        MappedSafetensors::dropPages(view);  // the copy is what stays, not the file's pages as well
        done += static_cast<int64_t>(view.nbytes());
        if (progress) progress(done, total);
    }
    return Status::success();
}

Result<std::shared_ptr<HfCausalLM>> HfCausalLM::fromDirectory(const std::string& dir, torch::Dtype dtype, const LoadProgress& progress) {
    auto config = HfModelConfig::read(dir);
    if (!config.ok()) return config.status();
    auto weights = HfWeights::open(dir);
    if (!weights.ok()) return weights.status();
    auto model = std::make_shared<HfCausalLM>(config.value());
    if (Status s = model->load(weights.value(), progress); !s.ok()) return Status::error(dir + ": " + s.message());
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

// Where position i may attend to j (j <= i, within the sliding window); undefined for the plain
// causal mask, which attention() asks of the kernel instead.
torch::Tensor HfCausalLM::mask(int64_t positions, torch::Device device) const {
    if (!m_config.slidingWindow || *m_config.slidingWindow >= positions) return {};
    const auto idx = torch::arange(positions, torch::TensorOptions().dtype(torch::kLong).device(device));
    const torch::Tensor diff = idx.unsqueeze(1) - idx.unsqueeze(0);  // i - j
    return (diff >= 0).logical_and(diff < *m_config.slidingWindow);
}

// q [B, heads, T, d], k and v [B, kvHeads, T, d], with torch's fused attention (SDPA, as
// transformers' default attention), grouped-query heads shared by the kernel; after the cached
// keys and values when there is a cache.
torch::Tensor HfCausalLM::attention(const torch::Tensor& q, torch::Tensor k, torch::Tensor v, const Attend& a) const {
    if (a.cache) std::tie(k, v) = a.cache->append(a.layer, k, v);
    const bool gqa = m_config.heads != m_config.kvHeads;
    return at::scaled_dot_product_attention(q, k, v, a.mask.defined() ? std::optional<torch::Tensor>(a.mask) : std::nullopt, 0.0,
                                            /*is_causal=*/!a.mask.defined() && a.causal, std::nullopt, gqa);
}

torch::Tensor HfCausalLM::llamaLayer(Layer& l, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                                     const Attend& attend) {
    const HfModelConfig& c = m_config;
    const int64_t b = x.size(0), t = x.size(1);
    const torch::Tensor h = rmsNorm(x, l.norm1, c.normEps);
    auto heads = [&](Fp8Linear& proj, int64_t n) { return proj->forward(h).view({b, t, n, c.headDim}).transpose(1, 2); };
    torch::Tensor q = heads(l.q, c.heads), k = heads(l.k, c.kvHeads), v = heads(l.v, c.kvHeads);
    const torch::Tensor cs = cos.to(q.scalar_type()), sn = sin.to(q.scalar_type());
    q = q * cs + rotateHalf(q) * sn;
    k = k * cs + rotateHalf(k) * sn;
    const torch::Tensor a = attention(q, k, v, attend).transpose(1, 2).reshape({b, t, int64_t(c.heads) * c.headDim});
    const torch::Tensor y = x + l.o->forward(a);
    const torch::Tensor m = rmsNorm(y, l.norm2, c.normEps);
    return y + l.down->forward(torch::silu(l.gate->forward(m)) * l.up->forward(m));
}

torch::Tensor HfCausalLM::gpt2Layer(Layer& l, const torch::Tensor& x, const Attend& attend) {
    const HfModelConfig& c = m_config;
    const int64_t b = x.size(0), t = x.size(1), h = c.hiddenSize;
    const torch::Tensor n1 = F::layer_norm(x, F::LayerNormFuncOptions({h}).weight(l.norm1).bias(l.norm1Bias).eps(c.normEps));
    const std::vector<torch::Tensor> qkv = l.qkv->forward(n1).split(h, -1);
    auto heads = [&](const torch::Tensor& z) { return z.reshape({b, t, c.heads, c.headDim}).transpose(1, 2); };
    const torch::Tensor a = attention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), attend).transpose(1, 2).reshape({b, t, h});
    const torch::Tensor y = x + l.o->forward(a);
    const torch::Tensor n2 = F::layer_norm(y, F::LayerNormFuncOptions({h}).weight(l.norm2).bias(l.norm2Bias).eps(c.normEps));
    return y + l.down->forward(geluNew(l.up->forward(n2)));
}

// Decoder layer i inside its sharding unit, recomputed in backward when asked.
torch::Tensor HfCausalLM::runLayer(std::size_t i, const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                                   const Attend& attend) {
    auto body = [this, i, cos, sin, attend](const torch::Tensor& in) {
        Layer& l = m_layers[i];
        UnitScope unit(*l.module);
        if (m_layerHook) m_layerHook(i, true);
        torch::Tensor out = unit.leave(m_config.isLlamaFamily() ? llamaLayer(l, in, cos, sin, attend) : gpt2Layer(l, in, attend));
        if (m_layerHook) m_layerHook(i, false);
        return out;
    };
    return m_recompute ? recomputed(body, x) : body(x);
}

// The final norm and the head: logits.
torch::Tensor HfCausalLM::head(const torch::Tensor& x) {
    if (m_config.isLlamaFamily()) return torch::matmul(rmsNorm(x, m_norm, m_config.normEps), m_head.t());
    const auto options = F::LayerNormFuncOptions({m_config.hiddenSize}).weight(m_norm).bias(m_normBias).eps(m_config.normEps);
    return torch::matmul(F::layer_norm(x, options), m_head.t());
}

torch::Tensor HfCausalLM::forward(const torch::Tensor& ids) {
    UnitScope root(*this);  // the root unit under ZeRO-3: embeddings, final norm, head
    const int64_t t = ids.size(1);
    const torch::Device device = m_embed.device();
    const Attend causal{mask(t, device)};
    torch::Tensor x = F::embedding(ids, m_embed);
    if (!m_config.isLlamaFamily()) {
        x = x + F::embedding(torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(device)), m_positions);
        for (std::size_t i = 0; i < m_layers.size(); ++i) x = runLayer(i, x, {}, {}, causal);
        return root.leave(head(x));
    }
    const auto [cos, sin] = rope(t, device);
    for (std::size_t i = 0; i < m_layers.size(); ++i) x = runLayer(i, x, cos, sin, causal);
    return root.leave(head(x));
}

// The new queries see the valid keys up to their own place (and within the sliding window);
// a padding query sees itself, so no row of the attention is empty. With no padding the kernel's
// causal mask serves the first pass and nothing is masked for one new position.
HfCausalLM::Attend HfCausalLM::cachedAttend(const torch::Tensor& valid, const KvCache& cache) const {
    const int64_t past = cache.seen(), t = valid.size(1), total = past + t;
    const bool window = m_config.slidingWindow && *m_config.slidingWindow < total;
    Attend a;
    if (!cache.padded && !window && (past == 0 || t == 1)) {
        a.causal = past == 0;
        return a;
    }
    const auto longs = torch::TensorOptions().dtype(torch::kLong).device(valid.device());
    const torch::Tensor query = torch::arange(past, total, longs).unsqueeze(1), key = torch::arange(total, longs).unsqueeze(0);
    const torch::Tensor all = cache.validSlots.narrow(1, 0, total);
    torch::Tensor allowed = (key <= query).unsqueeze(0).logical_and(all.unsqueeze(1));  // [B, t, total]
    if (window) allowed = allowed.logical_and((query - key < *m_config.slidingWindow).unsqueeze(0));
    a.mask = allowed.logical_or((key == query).unsqueeze(0)).unsqueeze(1);
    return a;
}

namespace {

// `slots` with room for `capacity` positions along dimension `dim`, its first `used` kept; new
// slots are shaped and placed as `like` is.
void ensureRoom(torch::Tensor& slots, int64_t dim, int64_t capacity, int64_t used, const torch::Tensor& like) {
    if (slots.defined() && slots.size(dim) >= capacity) return;
    std::vector<int64_t> shape = like.sizes().vec();
    shape[dim] = capacity;
    torch::Tensor grown = torch::empty(shape, like.options());
    if (used) grown.narrow(dim, 0, used).copy_(slots.narrow(dim, 0, used));
    slots = grown;
}

}  // namespace

std::pair<torch::Tensor, torch::Tensor> HfCausalLM::KvCache::append(std::size_t layer, const torch::Tensor& k, const torch::Tensor& v) {
    const int64_t t = k.size(2);
    auto put = [&](torch::Tensor& slots, const torch::Tensor& x) {
        ensureRoom(slots, 2, capacity, length, x);
        slots.narrow(2, length, t).copy_(x);
        return slots.narrow(2, 0, length + t);
    };
    return {put(keys[layer], k), put(values[layer], v)};
}

// The cache's room and masks for ids [batch, t] to come; the positions of the real ones.
torch::Tensor HfCausalLM::admit(const torch::Tensor& valid, KvCache& cache) const {
    const int64_t b = valid.size(0), t = valid.size(1), total = cache.seen() + t;
    if (cache.keys.empty()) {
        cache.keys.assign(m_layers.size(), {});
        cache.values.assign(m_layers.size(), {});
        cache.next = torch::zeros({b}, torch::TensorOptions().dtype(torch::kLong).device(valid.device()));
    }
    if (total > cache.capacity) cache.capacity = std::max(total, 2 * cache.capacity);
    ensureRoom(cache.validSlots, 1, cache.capacity, cache.seen(), valid);
    cache.validSlots.narrow(1, cache.seen(), t).copy_(valid);
    cache.padded = cache.padded || !valid.all().item<bool>();
    // Each real id takes its row's next position (transformers' position_ids from the attention mask).
    const torch::Tensor steps = valid.to(torch::kLong);
    const torch::Tensor positions = (cache.next.unsqueeze(1) + steps.cumsum(1) - 1).clamp_min(0);
    cache.next = cache.next + steps.sum(1);
    return positions;
}

torch::Tensor HfCausalLM::forward(const torch::Tensor& ids, const torch::Tensor& valid, KvCache& cache) {
    const torch::Device device = m_embed.device();
    const torch::Tensor positions = admit(valid, cache);
    Attend attend = cachedAttend(valid, cache);
    attend.cache = &cache;
    torch::Tensor x = F::embedding(ids, m_embed), cos, sin;
    if (m_config.isLlamaFamily()) {
        const int64_t needed = cache.next.max().item<int64_t>();
        if (!cache.cos.defined() || cache.cos.size(0) < needed)  // doubled, so it grows a few times in a generation
            std::tie(cache.cos, cache.sin) = rope(std::max<int64_t>(needed, 2 * (cache.cos.defined() ? cache.cos.size(0) : 64)), device);
        cos = F::embedding(positions, cache.cos).unsqueeze(1).to(x.scalar_type());  // [B, 1, T, d]
        sin = F::embedding(positions, cache.sin).unsqueeze(1).to(x.scalar_type());
    } else {
        x = x + F::embedding(positions, m_positions);
    }
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        attend.layer = i;
        x = runLayer(i, x, cos, sin, attend);
    }
    cache.length += ids.size(1);
    return head(x.select(1, -1));
}

torch::Tensor HfCausalLM::loss(const torch::Tensor& x, const torch::Tensor& y) {
    const torch::Tensor logits = forward(x).to(torch::kFloat);
    // Mean over the trained targets (-100 is ignored, as in transformers); 0 when there are none.
    const torch::Tensor targets = y.reshape({-1});
    const torch::Tensor sum = F::cross_entropy(logits.view({-1, logits.size(-1)}), targets,
                                               F::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
    return sum / targets.ne(-100).sum().clamp_min(1).to(torch::kFloat);
}

}  // namespace catapult
