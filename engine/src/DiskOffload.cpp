#include "DiskOffload.h"

#include <torch/torch.h>

#include <map>
#include <vector>

#include "HfWeights.h"
#include "MappedSafetensors.h"

namespace catapult {
namespace {

// The part of the plan a parameter belongs to: the longest part name that prefixes it.
std::string deviceOfParameter(const DeviceMapPlan& plan, const std::string& name) {
    std::size_t best = 0;
    std::string device = "cpu";
    for (const auto& [part, where] : plan.placement)
        if (part.size() > best && name.compare(0, part.size() + 1, part + ".") == 0) {
            best = part.size();
            device = where;
        }
    return device;
}

// The decoder layer index in a parameter name ("model.layers.3.mlp..." -> 3), or -1.
int layerOf(const std::string& name) {
    for (const char* marker : {".layers.", ".h."}) {
        const std::size_t at = name.find(marker);
        if (at != std::string::npos) return std::stoi(name.substr(at + std::string(marker).size()));
    }
    return -1;
}

// The disk layers' weights: in as a layer starts (converted if need be), out as it ends.
class LayerPager {
public:
    struct Weight {
        torch::Tensor parameter, view;
    };
    LayerPager(std::map<int, std::vector<Weight>> layers, torch::Dtype dtype) : m_layers(std::move(layers)), m_dtype(dtype) {}

    void operator()(std::size_t layer, bool starting) {
        auto it = m_layers.find(static_cast<int>(layer));
        if (it == m_layers.end()) return;
        torch::NoGradGuard noGrad;
        for (Weight& w : it->second) {
            if (w.view.scalar_type() != m_dtype) w.parameter.set_data(starting ? w.view.to(m_dtype) : w.view);
            if (!starting) MappedSafetensors::dropPages(w.view);
        }
        if (!starting) return;
        auto next = std::next(it);
        if (next != m_layers.end())
            for (Weight& w : next->second) MappedSafetensors::prefetch(w.view);
    }

private:
    std::map<int, std::vector<Weight>> m_layers;
    torch::Dtype m_dtype;
};

}  // namespace

Result<OffloadedModel> loadOffloaded(const std::string& dir, const DeviceMapPlan& plan, torch::Dtype dtype) {
    auto config = HfModelConfig::read(dir);
    if (!config.ok()) return config.status();
    auto weights = HfWeights::open(dir);
    if (!weights.ok()) return weights.status();
    OffloadedModel out{std::make_shared<HfCausalLM>(config.value()), plan, 0};
    if (Status s = out.model->checkShapes(weights.value()); !s.ok()) return Status::error(dir + ": " + s.message());
    std::map<int, std::vector<LayerPager::Weight>> disk;
    torch::NoGradGuard noGrad;
    for (auto& item : out.model->named_parameters()) {
        const torch::Tensor view = weights.value().tensor(item.key()).value();
        torch::Tensor parameter = item.value();
        const int layer = layerOf(item.key());
        if (deviceOfParameter(plan, item.key()) != "disk") {
            parameter.set_data(view.to(dtype, /*non_blocking=*/false, /*copy=*/true));
            MappedSafetensors::dropPages(view);  // the copy is what stays: the file's pages go
            continue;
        }
        out.diskBytes += static_cast<int64_t>(view.nbytes());
        parameter.set_data(layer >= 0 || view.scalar_type() != dtype ? view : view.to(dtype));
        if (layer >= 0) disk[layer].push_back({parameter, view});
    }
    if (!disk.empty()) out.model->setLayerHook(LayerPager(std::move(disk), dtype));
    return out;
}

}  // namespace catapult
