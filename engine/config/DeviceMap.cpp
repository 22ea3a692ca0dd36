#include "catapult/DeviceMap.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include "catapult/ByteSize.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

bool isGpu(const std::string& device) { return !device.empty() && std::all_of(device.begin(), device.end(), ::isdigit); }

int64_t largestOf(const std::vector<ModelPart>& parts) {
    int64_t largest = 0;
    for (const ModelPart& p : parts) largest = std::max(largest, p.bytes);
    return largest;
}

// The budgets to fill, in order: balanced mode evens the GPUs' shares out.
std::vector<DeviceBudget> fillOrder(const std::vector<ModelPart>& parts, std::vector<DeviceBudget> budgets, DeviceMapMode mode) {
    if (mode == DeviceMapMode::Cpu)
        budgets.erase(std::remove_if(budgets.begin(), budgets.end(), [](const DeviceBudget& b) { return isGpu(b.device); }), budgets.end());
    const auto gpus = std::count_if(budgets.begin(), budgets.end(), [](const DeviceBudget& b) { return isGpu(b.device); });
    if ((mode == DeviceMapMode::Auto || mode == DeviceMapMode::Balanced) && gpus > 1) {
        const int64_t total = std::accumulate(parts.begin(), parts.end(), int64_t(0), [](int64_t s, const ModelPart& p) { return s + p.bytes; });
        const int64_t share = (total + gpus - 1) / gpus + largestOf(parts);
        for (DeviceBudget& b : budgets)
            if (isGpu(b.device)) b.bytes = std::min(b.bytes, share);
    }
    return budgets;
}

// Parts in order onto the budgets in order; a tied part follows its partner at no cost.
Result<DeviceMapPlan> fill(const std::vector<ModelPart>& parts, const std::vector<DeviceBudget>& budgets) {
    DeviceMapPlan plan;
    std::size_t at = 0;
    for (const ModelPart& p : parts) {
        if (!p.tiedTo.empty()) {
            plan.placement.emplace_back(p.name, plan.deviceOf(p.tiedTo));
            continue;
        }
        while (at < budgets.size() && budgets[at].device != "disk" && plan.used[budgets[at].device] + p.bytes > budgets[at].bytes) ++at;
        if (at == budgets.size())
            return Status::error("the model does not fit: " + p.name + " (" + formatBytes(p.bytes) +
                                 ") has no room left in --max_memory; give more, or disk=... to offload to disk");
        plan.placement.emplace_back(p.name, budgets[at].device);
        plan.used[budgets[at].device] += p.bytes;
    }
    return plan;
}

}  // namespace

Result<std::vector<DeviceBudget>> parseMaxMemory(const std::string& text) {
    std::vector<DeviceBudget> budgets;
    std::stringstream in(text);
    for (std::string entry; std::getline(in, entry, ',');) {
        const std::size_t eq = entry.find('=');
        const std::string device = eq == std::string::npos ? "" : entry.substr(0, eq);
        const int64_t bytes = eq == std::string::npos ? -1 : parseByteSize(entry.substr(eq + 1));
        if ((!isGpu(device) && device != "cpu" && device != "disk") || bytes <= 0)
            return Status::error("--max_memory " + text + ": \"" + entry + "\" is not DEVICE=SIZE (DEVICE a GPU index, cpu or disk; SIZE as 20GiB)");
        budgets.push_back({device, bytes});
    }
    std::stable_sort(budgets.begin(), budgets.end(), [](const DeviceBudget& a, const DeviceBudget& b) {
        auto rank = [](const std::string& d) { return isGpu(d) ? 0 : d == "cpu" ? 1 : 2; };
        return rank(a.device) < rank(b.device) || (isGpu(a.device) && isGpu(b.device) && std::stoi(a.device) < std::stoi(b.device));
    });
    return budgets;
}

std::vector<ModelPart> modelParts(const HfModelConfig& c, int bytes) {
    const int64_t h = c.hiddenSize, i = c.intermediateSize, q = int64_t(c.heads) * c.headDim, kv = int64_t(c.kvHeads) * c.headDim;
    const bool llama = c.isLlamaFamily();
    const int64_t bias = llama ? (c.attentionBias ? q + 2 * kv + (c.architecture == HfModelConfig::Architecture::Qwen2 ? 0 : h) : 0)
                               : 3 * h + h + i + h + 4 * h;  // GPT-2: c_attn, c_proj, c_fc, mlp.c_proj biases, two LayerNorms
    const int64_t layer = llama ? h * (q + 2 * kv) + q * h + 3 * h * i + 2 * h + bias : h * 3 * h + h * h + 2 * h * i + bias;
    const std::string root = llama ? "model" : "transformer";
    std::vector<ModelPart> parts{{root + (llama ? ".embed_tokens" : ".wte"), int64_t(c.vocabSize) * h * bytes, ""}};
    if (!llama) parts.push_back({"transformer.wpe", int64_t(c.maxPositions) * h * bytes, ""});
    for (int l = 0; l < c.layers; ++l) parts.push_back({root + (llama ? ".layers." : ".h.") + std::to_string(l), layer * bytes, ""});
    parts.push_back({root + (llama ? ".norm" : ".ln_f"), (llama ? h : 2 * h) * bytes, ""});
    const bool tied = !llama || c.tieWordEmbeddings;
    parts.push_back({"lm_head", tied ? 0 : int64_t(c.vocabSize) * h * bytes, tied ? parts.front().name : ""});
    return parts;
}

Result<DeviceMapMode> parseDeviceMapMode(const std::string& text) {
    if (text == "auto") return DeviceMapMode::Auto;
    if (text == "balanced") return DeviceMapMode::Balanced;
    if (text == "sequential") return DeviceMapMode::Sequential;
    if (text == "cpu") return DeviceMapMode::Cpu;
    return Status::error("--device_map " + text + ": give auto, balanced, sequential or cpu");
}

std::string DeviceMapPlan::deviceOf(const std::string& part) const {
    for (const auto& [name, device] : placement)
        if (name == part) return device;
    return "";
}

std::string DeviceMapPlan::table() const {
    std::ostringstream out;
    std::size_t width = 4;
    for (const auto& [name, _] : placement) width = std::max(width, name.size());
    out << std::string("part") + std::string(width - 4 + 2, ' ') << "device\n";
    for (const auto& [name, device] : placement) out << name << std::string(width - name.size() + 2, ' ') << (isGpu(device) ? "cuda:" + device : device) << "\n";
    for (const auto& [device, bytes] : used) out << "  " << (isGpu(device) ? "cuda:" + device : device) << ": " << formatBytes(bytes) << "\n";
    return out.str();
}

Result<DeviceMapPlan> planDeviceMap(const std::vector<ModelPart>& parts, const std::vector<DeviceBudget>& budgets, DeviceMapMode mode) {
    std::vector<DeviceBudget> order = fillOrder(parts, budgets, mode);
    auto plan = fill(parts, order);
    if (!plan.ok()) return plan;
    // Something offloaded: the device that runs it (the first) keeps room for the largest offloaded part.
    int64_t largestOffloaded = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string& device = plan.value().placement[i].second;
        if (!order.empty() && device != order.front().device && (device == "cpu" || device == "disk") &&
            (isGpu(order.front().device) || device == "disk"))
            largestOffloaded = std::max(largestOffloaded, parts[i].bytes);
    }
    if (largestOffloaded == 0 || order.front().device == "disk") return plan;
    order.front().bytes = std::max<int64_t>(0, order.front().bytes - largestOffloaded);
    return fill(parts, order);
}

}  // namespace catapult
