#pragma once
// Writes a trained model as a Hugging Face model directory that transformers loads
// (AutoModelForCausalLM.from_pretrained): the weights as model.safetensors, or above
// maxShardBytes as model-0000k-of-0000n.safetensors with model.safetensors.index.json (the
// layout save_pretrained writes), in `dtype`, with {"format": "pt"} metadata; config.json from
// the source directory with its dtype updated; generation_config.json and the tokenizer files
// copied. Files are written under a partial name and renamed into place; weight files of an
// earlier export in the directory are removed, so the directory never mixes two exports.
//
// Errors: throws std::runtime_error naming the file and the system's reason.

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace catapult {

struct HfExportOptions {
    std::string sourceDir;                  // the model directory the training started from
    int64_t maxShardBytes = 5'000'000'000;  // save_pretrained's "5GB"
    torch::Dtype dtype = torch::kFloat;
};

void writeHfDirectory(const std::string& dir, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const HfExportOptions& options);


}  // namespace catapult
