#pragma once
// The built-in recipe: trains the byte-level GPT with the Accelerator and reports through the
// metrics line protocol (started, step, memory, finished; alert and error on failure).

#include <cstdint>
#include <string>

#include "catapult/GptConfig.h"
#include "catapult/Status.h"
#include "catapult/TrainingSettings.h"

namespace catapult {

class Accelerator;
class MetricsWriter;

struct RecipeOptions {
    GptConfig model;
    TrainingSettings training;
    int64_t batchSize = 16;  // per rank, per micro-step
    uint64_t seed = 1337;
    std::string corpus;      // empty: ByteCorpus::defaultPaths()
    int64_t memoryEvery = 10;  // steps between memory lines (a small all-gather)
};

// Runs to completion on every rank. Returns an error (bad corpus, non-finite loss, ...) that
// the caller reports; collective failures propagate as std::runtime_error.
Status runGptRecipe(Accelerator& accelerator, const RecipeOptions& options, MetricsWriter& metrics);

}  // namespace catapult
