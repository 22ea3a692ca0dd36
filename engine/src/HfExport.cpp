#include "HfExport.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "DurableFile.h"
#include "SafetensorsFile.h"

namespace catapult {
namespace fs = std::filesystem;
namespace {

// The files of a model directory that are not weights and travel with an export unchanged.
const char* const kCopied[] = {"generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                               "vocab.json", "merges.txt", "tokenizer.model", "added_tokens.json", "chat_template.jinja",
                               "chat_template.json"};

std::string dtypeName(torch::Dtype dtype) {
    return dtype == torch::kBFloat16 ? "bfloat16" : dtype == torch::kHalf ? "float16" : "float32";
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// config.json as the source has it, with the dtype of the exported weights.
std::string exportedConfig(const fs::path& source, torch::Dtype dtype) {
    nlohmann::ordered_json config = nlohmann::ordered_json::parse(readFile(source / "config.json"));
    if (config.contains("torch_dtype")) config["torch_dtype"] = dtypeName(dtype);
    config["dtype"] = dtypeName(dtype);
    return config.dump(2) + "\n";
}

using Shard = std::vector<NamedTensor>;

std::vector<Shard> shardsOf(const std::vector<std::pair<std::string, torch::Tensor>>& tensors, const HfExportOptions& o,
                            int64_t& totalBytes) {
    std::vector<Shard> shards(1);
    int64_t inShard = 0;
    totalBytes = 0;
    for (const auto& [name, tensor] : tensors) {
        const torch::Tensor t = tensor.detach().to(torch::kCPU, o.dtype).contiguous();
        const int64_t bytes = t.numel() * t.element_size();
        if (!shards.back().empty() && inShard + bytes > o.maxShardBytes) {
            shards.emplace_back();
            inShard = 0;
        }
        shards.back().push_back({name, t});
        inShard += bytes;
        totalBytes += bytes;
    }
    return shards;
}

std::string shardName(std::size_t k, std::size_t n) {
    char name[64];
    std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", k + 1, n);
    return name;
}

// Weights of an earlier export (another shard count would leave stale files beside the new ones).
void removeOldWeights(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name == "model.safetensors.index.json" || (name.rfind("model", 0) == 0 && entry.path().extension() == ".safetensors"))
            fs::remove(entry.path());
    }
}

}  // namespace

void writeHfDirectory(const std::string& dir, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const HfExportOptions& options) {
    const fs::path out(dir), source(options.sourceDir), partial = out / ".export.partial";
    fs::create_directories(partial);
    int64_t totalBytes = 0;
    const std::vector<Shard> shards = shardsOf(tensors, options, totalBytes);
    nlohmann::ordered_json index = {{"metadata", {{"total_size", totalBytes}}}, {"weight_map", nlohmann::ordered_json::object()}};
    for (std::size_t k = 0; k < shards.size(); ++k) {
        const std::string name = shards.size() == 1 ? "model.safetensors" : shardName(k, shards.size());
        SafetensorsFile::write((partial / name).string(), shards[k], {{"format", "pt"}});
        for (const NamedTensor& t : shards[k]) index["weight_map"][t.name] = name;
    }
    if (shards.size() > 1) DurableFile::writeAll((partial / "model.safetensors.index.json").string(), index.dump(2) + "\n");
    DurableFile::writeAll((partial / "config.json").string(), exportedConfig(source, options.dtype));
    for (const char* name : kCopied)
        if (fs::exists(source / name) && fs::absolute(source) != fs::absolute(out))
            fs::copy_file(source / name, partial / name, fs::copy_options::overwrite_existing);
    removeOldWeights(out);
    for (const auto& entry : fs::directory_iterator(partial)) fs::rename(entry.path(), out / entry.path().filename());
    fs::remove(partial);
    DurableFile::syncDirectory(dir);
}

}  // namespace catapult
