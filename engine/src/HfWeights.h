#pragma once
// The weights of a Hugging Face model directory: model.safetensors, or the shards that
// model.safetensors.index.json maps each tensor name to, every file memory-mapped
// (MappedSafetensors), so a tensor is read from disk only when it is copied to its place.
//
// Errors: open() names the directory, the index or the shard that is missing or malformed.

#include <torch/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "MappedSafetensors.h"
#include "catapult/Status.h"

namespace catapult {

class HfWeights {
public:
    static Result<HfWeights> open(const std::string& dir);

    bool contains(const std::string& name) const { return m_fileOf.count(name) > 0; }
    std::vector<std::string> names() const;
    Result<torch::Tensor> tensor(const std::string& name) const;  // a view of the mapped file
    std::size_t fileCount() const { return m_files.size(); }

private:
    std::vector<std::shared_ptr<MappedSafetensors>> m_files;
    std::map<std::string, std::size_t> m_fileOf;  // tensor name -> index into m_files
};

}  // namespace catapult
