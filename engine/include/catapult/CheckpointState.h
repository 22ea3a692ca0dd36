#pragma once
// What Accelerator::saveState() / loadState() exchange with the training program.
//
// On disk, a checkpoint root (by default <run dir>/checkpoints) holds one directory per saved
// step, written crash-safe (README, "Checkpoints"):
//   step-00000100/
//     manifest.json          written last: format, step, world size, strategy, the program's
//                            values, and every file's size and CRC-32
//     model.safetensors      the full parameters (and buffers) by name, fp32
//     optimizer.safetensors  data parallel: the optimizer state by parameter name (rank 0)
//     rank-00000.safetensors every rank: its RNG state, loss scaler, ZeRO shard moments
//   .step-00000200.partial/  a save in progress (or one that died): never loaded
// A checkpoint is used only when its manifest is complete and every checksum matches.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace catapult {

struct CheckpointState {
    int64_t step = 0;
    // The program's own state (data position, configuration, ...), kept in the manifest.
    std::map<std::string, std::string> values;
};

struct SavedCheckpoint {
    std::string directory;   // .../step-00000100
    int64_t bytes = 0;       // all files, all ranks
    double seconds = 0;      // from the call to the checkpoint being in place
    std::vector<std::string> removed;  // older checkpoints pruned by keepLast
};

struct LoadedCheckpoint {
    CheckpointState state;
    std::string directory;
    int worldSize = 0;  // the processes that wrote it (may differ from this job's: resharded)
    int64_t bytes = 0;
    double seconds = 0;
    // Newer checkpoints that were passed over, each with the reason (incomplete, bad checksum).
    std::vector<std::string> skipped;
};

}  // namespace catapult
