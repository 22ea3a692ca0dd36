#include "LoraAdapters.h"

#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "DurableFile.h"
#include "JsonDocument.h"
#include "SafetensorsFile.h"

namespace catapult {
namespace {

namespace fs = std::filesystem;
const std::string kPeftPrefix = "base_model.model.";

std::string leafOf(const std::string& name) { return name.substr(name.rfind('.') + 1); }

bool matches(const std::string& projection, const std::string& target) {
    return projection == target || (projection.size() > target.size() &&
                                    projection.compare(projection.size() - target.size() - 1, std::string::npos, "." + target) == 0);
}

std::string projectionNames(const HfCausalLM& model) {
    std::set<std::string> leaves;
    for (const auto& [name, _] : model.projections()) leaves.insert(leafOf(name));
    std::string out;
    for (const std::string& leaf : leaves) out += (out.empty() ? "" : ", ") + leaf;
    return out;
}

Status readAdapterConfig(const std::string& dir, LoraOptions& o) {
    const std::string path = dir + "/adapter_config.json";
    std::ifstream in(path);
    if (!in) return Status::error("--adapter " + dir + ": no adapter_config.json (a PEFT adapter directory has one)");
    std::stringstream text;
    text << in.rdbuf();
    auto json = parseJson(text.str());
    if (!json.ok()) return Status::error(path + ": " + json.status().message());
    const nlohmann::json& c = json.value();
    if (stringOf(c.value("peft_type", nlohmann::json())) != "LORA")
        return Status::error(path + ": peft_type is not LORA; only LoRA adapters can be trained further");
    o.rank = integerOf(c.value("r", nlohmann::json()));
    if (o.rank < 1) return Status::error(path + ": \"r\" is not a positive whole number");
    o.alpha = c.value("lora_alpha", nlohmann::json(8)).is_number() ? c["lora_alpha"].get<double>() : 8.0;
    o.dropout = c.value("lora_dropout", nlohmann::json(0)).is_number() ? c["lora_dropout"].get<double>() : 0.0;
    const nlohmann::json targets = c.value("target_modules", nlohmann::json());
    o.targets.clear();
    if (targets.is_string()) o.targets.push_back(targets.get<std::string>());
    else if (targets.is_array())
        for (const auto& t : targets) o.targets.push_back(stringOf(t));
    if (c.value("use_dora", false) || c.value("use_rslora", false))
        return Status::error(path + ": DoRA and rsLoRA adapters are not supported; train a plain LoRA adapter");
    return Status::success();
}

Status loadAdapterWeights(HfCausalLM& model, const std::string& dir) {
    const std::string path = dir + "/adapter_model.safetensors";
    if (!fs::exists(path)) return Status::error("--adapter " + dir + ": no adapter_model.safetensors");
    try {
        const SafetensorsFile file = SafetensorsFile::read(path);
        torch::NoGradGuard noGrad;
        for (auto& item : model.named_parameters()) {
            if (!item.value().requires_grad()) continue;
            const std::string key = kPeftPrefix + item.key();
            if (!file.contains(key)) return Status::error(path + " has no tensor " + key);
            const torch::Tensor& t = file.tensor(key);
            if (t.sizes() != item.value().sizes())
                return Status::error(path + ": " + key + " has shape " + c10::str(t.sizes()) + ", the model's adapter " +
                                     c10::str(item.value().sizes()));
            item.value().copy_(t.to(torch::kFloat));
        }
    } catch (const std::exception& e) {
        return Status::error(path + ": " + e.what());
    }
    return Status::success();
}

}  // namespace

Result<LoraOptions> resolveLora(const HfCausalLM& model, LoraOptions o) {
    if (!o.initAdapter.empty())
        if (Status s = readAdapterConfig(o.initAdapter, o); !s.ok()) return s;
    if (o.targets.empty()) o.targets = model.config().defaultLoraTargets();
    if (o.targets.size() == 1 && o.targets.front() == "all-linear") {
        std::set<std::string> leaves;
        o.targets.clear();
        for (const auto& [name, _] : model.projections())
            if (leaves.insert(leafOf(name)).second) o.targets.push_back(leafOf(name));
    }
    for (const std::string& target : o.targets) {
        bool found = false;
        for (const auto& [name, _] : model.projections()) found = found || matches(name, target);
        if (!found)
            return Status::error("--lora_target_modules: no projection of " + model.config().architectureName + " is named \"" +
                                 target + "\" (there are " + projectionNames(model) + ", or all-linear)");
    }
    return o;
}

Result<int64_t> attachLora(HfCausalLM& model, const LoraOptions& o, uint64_t seed) {
    torch::manual_seed(seed);
    for (auto [name, projection] : model.projections())  // a copy of each holder: the same module
        for (const std::string& target : o.targets)
            if (matches(name, target)) {
                projection->addLora(o.rank, o.alpha / static_cast<double>(o.rank), o.dropout);
                break;
            }
    int64_t count = 0;
    for (auto& item : model.named_parameters()) {
        const bool adapter = isLoraParameter(item.key());
        item.value().requires_grad_(adapter);
        if (adapter) count += item.value().numel();
    }
    if (!o.initAdapter.empty())
        if (Status s = loadAdapterWeights(model, o.initAdapter); !s.ok()) return s;
    return count;
}

void writePeftAdapter(const std::string& dir, const NamedTensorList& trained, const LoraOptions& o, const HfCausalLM& model,
                      const std::string& baseDir) {
    fs::create_directories(dir);
    std::vector<NamedTensor> tensors;
    for (const auto& [name, tensor] : trained) tensors.push_back({kPeftPrefix + name, tensor.to(torch::kFloat).contiguous()});
    SafetensorsFile::write(dir + "/adapter_model.safetensors", tensors, {{"format", "pt"}});
    nlohmann::ordered_json config = {
        {"peft_type", "LORA"}, {"task_type", "CAUSAL_LM"}, {"base_model_name_or_path", baseDir},
        {"r", o.rank}, {"lora_alpha", o.alpha}, {"lora_dropout", o.dropout}, {"target_modules", o.targets},
        {"bias", "none"}, {"fan_in_fan_out", !model.config().isLlamaFamily()}, {"inference_mode", true},
        {"init_lora_weights", true}, {"modules_to_save", nullptr}, {"use_rslora", false}, {"use_dora", false}};
    DurableFile::writeAll(dir + "/adapter_config.json", config.dump(2) + "\n");
    DurableFile::syncDirectory(dir);
}

bool isLoraParameter(const std::string& name) {
    return name.find(".lora_A.") != std::string::npos || name.find(".lora_B.") != std::string::npos;
}

std::string adapterBaseModel(const std::string& adapterDir) {
    std::ifstream in(adapterDir + "/adapter_config.json");
    std::stringstream text;
    text << in.rdbuf();
    auto json = parseJson(text.str());
    return json.ok() ? stringOf(json.value().value("base_model_name_or_path", nlohmann::json())) : std::string();
}

Status attachAdapter(HfCausalLM& model, const std::string& baseDir, const std::string& adapterDir, torch::Dtype dtype) {
    LoraOptions lora;
    lora.enabled = true;
    lora.initAdapter = adapterDir;
    auto resolved = resolveLora(model, lora);
    if (!resolved.ok()) return resolved.status();
    auto attached = attachLora(model, resolved.value(), 0);
    if (!attached.ok()) {
        const std::string base = adapterBaseModel(adapterDir);
        return Status::error(attached.status().message() + (base.empty() ? "" : "; the adapter was trained on " + base + ", not on " + baseDir));
    }
    torch::NoGradGuard noGrad;
    for (auto& item : model.named_parameters()) {
        item.value().requires_grad_(false);  // an adapter to run, not to train
        if (isLoraParameter(item.key()) && item.value().scalar_type() != dtype) item.value().set_data(item.value().to(dtype));
    }
    return Status::success();
}

Result<std::shared_ptr<HfCausalLM>> loadWithAdapter(const std::string& baseDir, const std::string& adapterDir, torch::Dtype dtype,
                                                    const LoadProgress& progress) {
    auto model = HfCausalLM::fromDirectory(baseDir, dtype, progress);
    if (!model.ok()) return model.status();
    if (Status s = attachAdapter(*model.value(), baseDir, adapterDir, dtype); !s.ok()) return s;
    return model;
}

NamedTensorList mergedParameters(HfCausalLM& model, const NamedTensorList& trained) {
    std::map<std::string, torch::Tensor> adapters(trained.begin(), trained.end());
    std::map<std::string, Fp8Linear> projections(model.projections().begin(), model.projections().end());
    NamedTensorList merged;
    for (const auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        if (isLoraParameter(name)) continue;
        const std::string module = name.size() > 7 ? name.substr(0, name.size() - 7) : "";
        auto p = projections.find(module);
        if (name.ends_with(".weight") && p != projections.end() && p->second->hasLora())
            merged.emplace_back(name, p->second->mergedWeight(adapters.at(module + ".lora_A.weight"), adapters.at(module + ".lora_B.weight")));
        else
            merged.emplace_back(name, item.value().detach());
    }
    return merged;
}

}  // namespace catapult
