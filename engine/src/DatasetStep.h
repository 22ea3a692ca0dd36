#pragma once
// A dataset prepared for training by the preparation step (python -m catapult.prepare dataset,
// engine/python/catapult/dataset.py): rows read, rendered with the model's chat template,
// tokenized, masked and cut to the sequence length, found in the content-hash cache when the
// same data was prepared before. Internal to the engine.
//
// Errors: the step's own message (file, line and field of a bad row; a file that cannot be
// read; a missing library) is the returned error. Progress lines go to stderr as they come.

#include <cstdint>
#include <string>
#include <vector>

#include "catapult/DatasetOptions.h"
#include "catapult/Status.h"

namespace catapult {

// The examples of one split as flat arrays: example i is ids[starts[i] .. starts[i + 1]).
struct DatasetSplit {
    std::vector<int32_t> ids;
    std::vector<uint8_t> mask;     // 1: the token is a target of the loss
    std::vector<int64_t> starts;   // examples + 1 offsets
    std::size_t examples() const { return starts.empty() ? 0 : starts.size() - 1; }
};

struct PreparedDataset {
    DatasetSplit train;
    DatasetSplit validation;
    std::string summaryJson;            // the "dataset" object of the started line
    std::vector<std::string> notices;   // rows skipped, examples cut or dropped: alert lines
    std::string description;            // for messages: the first path, or "N paths"
    bool text = false;                  // the text format (continued pretraining): always packed
};

Result<PreparedDataset> prepareDataset(const std::string& modelDir, const DatasetOptions& options, int64_t seqLen,
                                       uint64_t seed);
// The first `rows` examples rendered, their trained parts marked, with the counts of the first
// 2,000 rows: one JSON object (python -m catapult.prepare preview). Bad rows are listed, not fatal.
Result<std::string> previewDataset(const std::string& modelDir, const DatasetOptions& options, int64_t seqLen, int rows);

}  // namespace catapult
