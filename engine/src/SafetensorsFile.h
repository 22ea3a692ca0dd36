#pragma once
// The safetensors format (as read by Python's `safetensors` package): an 8-byte little-endian
// header length, a JSON header {name: {"dtype", "shape", "data_offsets"}, "__metadata__":
// {string: string}} padded with spaces to a multiple of 8, then the tensors' bytes back to back.
// Checkpoints use it for every file, so each part can be opened from Python.
//
// Errors: write() throws std::runtime_error naming the path and the system's reason (see
// DurableFile.h); read() throws naming the path for an unreadable or malformed file.

#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

#include "DurableFile.h"

namespace catapult {

// The format's dtype names ("F32", "BF16", ...) of the tensor types it stores.
const std::map<torch::ScalarType, std::string>& safetensorsDtypeNames();

struct NamedTensor {
    std::string name;
    torch::Tensor tensor;
};

class SafetensorsFile {
public:
    // Tensors may live on any device (copied to the CPU); names must be unique.
    static FileDigest write(const std::string& path, const std::vector<NamedTensor>& tensors,
                            const std::map<std::string, std::string>& metadata = {});
    static SafetensorsFile read(const std::string& path);

    const std::map<std::string, torch::Tensor>& tensors() const { return m_tensors; }
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // The tensor `name`; throws std::runtime_error naming it and the file when absent.
    const torch::Tensor& tensor(const std::string& name) const;
    bool contains(const std::string& name) const { return m_tensors.count(name) > 0; }

private:
    std::string m_path;
    std::map<std::string, torch::Tensor> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

}  // namespace catapult
