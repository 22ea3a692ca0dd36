#include "HfWeights.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "JsonDocument.h"

namespace catapult {

Result<HfWeights> HfWeights::open(const std::string& dir) {
    namespace fs = std::filesystem;
    HfWeights w;
    std::map<std::string, std::size_t> shardIndex;  // shard file name -> index into m_files
    auto add = [&](const std::string& file) -> Result<std::size_t> {
        if (auto it = shardIndex.find(file); it != shardIndex.end()) return it->second;
        auto opened = MappedSafetensors::open((fs::path(dir) / file).string());
        if (!opened.ok()) return opened.status();
        w.m_files.push_back(opened.value());
        return shardIndex[file] = w.m_files.size() - 1;
    };
    const fs::path index = fs::path(dir) / "model.safetensors.index.json";
    if (!fs::exists(index)) {
        auto single = add("model.safetensors");
        if (!single.ok() && fs::exists(fs::path(dir) / "model.safetensors")) return single.status();  // there, but damaged
        if (!single.ok()) return Status::error(dir + ": no model.safetensors and no model.safetensors.index.json");
        for (const std::string& name : w.m_files.front()->names()) w.m_fileOf[name] = 0;
        return w;
    }
    std::ifstream in(index);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parseJson(text.str());
    if (!parsed.ok()) return Status::error(index.string() + ": " + parsed.status().message());
    const nlohmann::json* map = findMember(parsed.value(), "weight_map");
    if (!map || !map->is_object()) return Status::error(index.string() + ": has no weight_map");
    for (const auto& [name, file] : map->items()) {
        auto shard = add(stringOf(file));
        if (!shard.ok()) return Status::error(index.string() + ": " + shard.status().message());
        if (!w.m_files[shard.value()]->contains(name))
            return Status::error(index.string() + ": maps " + name + " to " + stringOf(file) + ", which does not hold it");
        w.m_fileOf[name] = shard.value();
    }
    return w;
}

std::vector<std::string> HfWeights::names() const {
    std::vector<std::string> out;
    for (const auto& [name, file] : m_fileOf) out.push_back(name);
    return out;
}

Result<torch::Tensor> HfWeights::tensor(const std::string& name) const {
    auto it = m_fileOf.find(name);
    if (it == m_fileOf.end()) return Status::error("the model's weights have no tensor " + name);
    return m_files[it->second]->tensor(name);
}

}  // namespace catapult
