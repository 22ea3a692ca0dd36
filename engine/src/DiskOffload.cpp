#include "DiskOffload.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

#include "HfWeights.h"
#include "MappedSafetensors.h"
#include "SafetensorsFile.h"

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

// The decoder layer a parameter belongs to: "model.layers.3.mlp..." -> {"model.layers.3", 3};
// {"", -1} outside the layers.
std::pair<std::string, int> layerPartOf(const std::string& name) {
    for (const std::string marker : {".layers.", ".h."}) {
        const std::size_t at = name.find(marker);
        if (at == std::string::npos) continue;
        const std::size_t end = name.find('.', at + marker.size());
        return {name.substr(0, end), std::stoi(name.substr(at + marker.size()))};
    }
    return {"", -1};
}

int layerOf(const std::string& name) { return layerPartOf(name).second; }

// The disk layers' weights: in as a layer starts (converted if need be), out as it ends.
class LayerPager {
public:
    struct Weight {
        std::string name;
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

// The disk layers whose files hold another dtype, each written to FOLDER/<its part>.safetensors
// in `dtype` (a layer in memory at a time) and their views moved to that file's mapping.
Status convertIntoFolder(std::map<int, std::vector<LayerPager::Weight>>& disk, const std::string& folder, torch::Dtype dtype) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) return Status::error("--offload_folder " + folder + ": " + error.message());
    for (auto& entry : disk) {
        std::vector<LayerPager::Weight>& layerWeights = entry.second;
        if (std::all_of(layerWeights.begin(), layerWeights.end(), [&](const auto& w) { return w.view.scalar_type() == dtype; })) continue;
        const std::string path = folder + "/" + layerPartOf(layerWeights.front().name).first + ".safetensors";
        std::vector<NamedTensor> converted;
        for (const auto& w : layerWeights) converted.push_back({w.name, w.view.to(dtype)});
        try {
            SafetensorsFile::write(path, converted);
        } catch (const std::exception& e) {
            return Status::error("--offload_folder " + folder + ": " + e.what());
        }
        auto mapped = MappedSafetensors::open(path);
        if (!mapped.ok()) return mapped.status();
        for (auto& w : layerWeights) {
            MappedSafetensors::dropPages(w.view);
            w.view = mapped.value()->tensor(w.name).value();
            w.parameter.set_data(w.view);
            MappedSafetensors::dropPages(w.view);
        }
    }
    return Status::success();
}

}  // namespace

Result<OffloadedModel> loadOffloaded(const std::string& dir, const DeviceMapPlan& plan, const OffloadOptions& options) {
    auto config = HfModelConfig::read(dir);
    if (!config.ok()) return config.status();
    auto weights = HfWeights::open(dir);
    if (!weights.ok()) return weights.status();
    OffloadedModel out{std::make_shared<HfCausalLM>(config.value()), plan, 0};
    if (Status s = out.model->checkShapes(weights.value()); !s.ok()) return Status::error(dir + ": " + s.message());
    std::map<int, std::vector<LayerPager::Weight>> disk;
    torch::NoGradGuard noGrad;
    const torch::Dtype dtype = options.dtype;
    int64_t inMemory = 0, copied = 0;
    for (auto& item : out.model->named_parameters())
        if (deviceOfParameter(plan, item.key()) != "disk") inMemory += static_cast<int64_t>(weights.value().tensor(item.key()).value().nbytes());
    for (auto& item : out.model->named_parameters()) {
        const torch::Tensor view = weights.value().tensor(item.key()).value();
        torch::Tensor parameter = item.value();
        const int layer = layerOf(item.key());
        if (deviceOfParameter(plan, item.key()) != "disk") {
            parameter.set_data(view.to(dtype, /*non_blocking=*/false, /*copy=*/true));
            MappedSafetensors::dropPages(view);  // the copy is what stays: the file's pages go
            copied += static_cast<int64_t>(view.nbytes());
            if (options.progress) options.progress(copied, inMemory);
            continue;
        }
        out.diskBytes += static_cast<int64_t>(view.nbytes());
        parameter.set_data(layer >= 0 || view.scalar_type() != dtype ? view : view.to(dtype));
        if (layer >= 0) disk[layer].push_back({item.key(), parameter, view});
    }
    if (!options.folder.empty())
        if (Status s = convertIntoFolder(disk, options.folder, dtype); !s.ok()) return s;
    if (!disk.empty()) out.model->setLayerHook(LayerPager(std::move(disk), dtype));
    return out;
}

}  // namespace catapult
