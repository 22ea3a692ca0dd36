#pragma once
// A Hugging Face model loaded by a device map (catapult/DeviceMap.h) on this machine's CPU,
// without ever holding the whole model: parts placed on "cpu" are copied from the memory-mapped
// safetensors into memory; parts on "disk" stay in the model's own files, their weights views of
// the mapping. As a disk-offloaded decoder layer starts, the next one's pages are asked for
// (read-ahead, madvise WILLNEED) and, where the files' dtype is not the one computed in, the
// layer's weights are converted for the time it runs; as it ends, its pages are let go
// (MADV_DONTNEED: the mapping is private and never written, so the file has them). So the
// memory the model takes is its CPU parts plus about one layer. Disk parts outside the layers
// (a head placed last) stay mapped once read. With an offload folder, a disk layer whose files
// hold another dtype is written there once, converted (FOLDER/model.layers.N.safetensors), and
// mapped from there, so it is not converted each time it runs. Internal.
//
// Errors: the model's files as HfWeights names them; an offload folder that cannot be written,
// with the system's reason.

#include <torch/types.h>

#include <memory>
#include <string>

#include "HfCausalLM.h"
#include "catapult/DeviceMap.h"
#include "catapult/Status.h"

namespace catapult {

struct OffloadedModel {
    std::shared_ptr<HfCausalLM> model;
    DeviceMapPlan plan;
    int64_t diskBytes = 0;  // weights left in the files
};

struct OffloadOptions {
    torch::Dtype dtype = torch::kFloat;  // what the model computes in
    std::string folder;                  // where converted disk layers go; empty: converted as they run
    LoadProgress progress;               // the bytes copied into memory (the disk parts are not read)
};

// REQUIRES: every part of `plan` on "cpu" or "disk".
Result<OffloadedModel> loadOffloaded(const std::string& dir, const DeviceMapPlan& plan, const OffloadOptions& options = {});

}  // namespace catapult
