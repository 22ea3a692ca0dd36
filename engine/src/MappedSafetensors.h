#pragma once
// A safetensors file (see SafetensorsFile.h for the format) mapped into memory rather than read:
// each tensor is a CPU view of the mapped bytes, so a model's weights are paged in from disk as
// they are copied to their place, and nothing holds a second copy of the whole file. The mapping
// is private and copy-on-write: writing to a view never changes the file. Views keep the mapping
// alive after the MappedSafetensors itself is gone.
//
// Errors: open() and tensor() return errors naming the file and, where it applies, the tensor.

#include <torch/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

class MappedSafetensors {
public:
    static Result<std::shared_ptr<MappedSafetensors>> open(const std::string& path);
    ~MappedSafetensors();
    MappedSafetensors(const MappedSafetensors&) = delete;
    MappedSafetensors& operator=(const MappedSafetensors&) = delete;

    const std::string& path() const { return m_path; }
    std::vector<std::string> names() const;
    bool contains(const std::string& name) const { return m_entries.count(name) > 0; }
    // The tensor as stored (its dtype and shape), a view of the mapping.
    Result<torch::Tensor> tensor(const std::string& name) const;
    // For a view of a mapping: lets the kernel take back its pages (the file still has them,
    // and they are read again when used: the mapping is never written), or asks for them ahead.
    static void dropPages(const torch::Tensor& view);
    static void prefetch(const torch::Tensor& view);

private:
    struct Entry {
        torch::Dtype dtype;
        std::vector<int64_t> shape;
        std::size_t begin = 0, end = 0;  // byte offsets after the header
    };
    MappedSafetensors() = default;
    Status parseHeader(std::size_t headerBytes);

    std::string m_path;
    std::shared_ptr<void> m_mapping;  // unmapped when the last view is gone
    std::size_t m_size = 0;
    std::size_t m_dataStart = 0;
    std::map<std::string, Entry> m_entries;
};

}  // namespace catapult
