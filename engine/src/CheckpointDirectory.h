#pragma once
// The file-system side of checkpoints (see catapult/CheckpointState.h for the layout):
// naming, finding the newest usable checkpoint, validating a manifest against the files,
// committing a finished save, pruning old ones. No LibTorch, no collectives.
//
// Errors: functions returning Status/Result name the directory and the reason; the others
// throw std::runtime_error naming the path.

#include <cstdint>
#include <string>
#include <vector>

#include "DurableFile.h"
#include "JsonDocument.h"
#include "catapult/Status.h"

namespace catapult {

class CheckpointDirectory {
public:
    static constexpr const char* kFormat = "catapult-checkpoint";
    static constexpr int kVersion = 1;

    static std::string stepName(int64_t step);     // "step-00000100"
    static std::string partialName(int64_t step);  // ".step-00000100.partial"
    static std::string rankFileName(int rank);     // "rank-00000.safetensors"

    // `path` is a checkpoint directory, a root of step-* directories, or a run directory with
    // a checkpoints/ root. Returns the root and, for a checkpoint directory, its step (else -1).
    struct Location {
        std::string root;
        int64_t step = -1;
    };
    static Result<Location> locate(const std::string& path);
    // The newest checkpoint under the location that validates; every newer one that does not
    // (and every .partial left by an interrupted save) is listed in `skipped` with its reason.
    static Result<int64_t> newestUsable(const Location& location, std::vector<std::string>& skipped);
    // Parses the manifest and checks every listed file's size and CRC-32.
    static Result<nlohmann::json> validate(const std::string& directory);

    // Moves a finished partial directory (manifest written) into place as stepName(step),
    // replacing an older one of the same step, and flushes the root.
    static void commit(const std::string& root, int64_t step);
    // Keeps the newest `keepLast` step directories (0: all); returns the removed ones.
    static std::vector<std::string> prune(const std::string& root, int keepLast);
    // Removes a directory tree (nftw; std::filesystem::remove_all is not used because the
    // LibTorch wheel exports a copy of it that crashes). Missing paths are fine.
    static void removeTree(const std::string& path);
    // Step numbers of the step-* directories under root, ascending.
    static std::vector<int64_t> steps(const std::string& root);
};

}  // namespace catapult
