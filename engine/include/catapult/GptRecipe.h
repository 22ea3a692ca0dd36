#pragma once
// The built-in recipe: trains the byte-level GPT, or a Hugging Face model directory (hfModel),
// with the Accelerator on packed windows of a text, and reports through the metrics line
// protocol (started, step, eval, memory, checkpoint, finished; alert and error on failure).
// A Hugging Face model can instead train on a dataset (RecipeOptions::dataset): prompts and
// conversations with the loss on the completions, and a validation loss.

#include <atomic>
#include <cstdint>
#include <string>

#include "catapult/DatasetOptions.h"
#include "catapult/GptConfig.h"
#include "catapult/LoraOptions.h"
#include "catapult/Status.h"
#include "catapult/TrainingSettings.h"

namespace catapult {

class Accelerator;
class MetricsWriter;

// What to do when the loss or the gradient norm is not finite (NaN or inf).
enum class NonFinitePolicy {
    Stop,  // stop before the optimizer step (parameters and checkpoints stay clean), an error
    Skip,  // drop that step's gradients, report an alert, continue
};

struct RecipeOptions {
    GptConfig model;         // the built-in GPT's shape; model.seqLen is the window for both
    std::string hfModel;     // a Hugging Face model directory to fine-tune; empty: the built-in GPT
    std::string initWeights; // the built-in GPT's first weights from this safetensors file (its
                             // model.safetensors export, or one written by PyTorch); empty: from seed
    TrainingSettings training;
    int64_t batchSize = 16;  // per rank, per micro-step
    uint64_t seed = 1337;
    std::string corpus;      // text to train on; empty: TokenCorpus::defaultPaths()
    DatasetOptions dataset;  // with hfModel: a dataset instead of the text (eval lines with validation)
    LoraOptions lora;        // with hfModel: LoRA adapters instead of full fine-tuning (exportDir: the adapter)
    bool shuffle = true;     // each epoch's windows in a seeded order (else in file order)
    bool activationCheckpointing = false;  // recompute each block / decoder layer in backward
    int64_t memoryEvery = 10;  // steps between memory lines (a small all-gather)

    // Checkpoints go to checkpointRoot (empty: none): every checkpointEvery steps (0: only at
    // the end and when stopped), keeping the newest keepLast (0: all).
    std::string checkpointRoot;
    int64_t checkpointEvery = 0;
    int keepLast = 0;
    std::string resumeFrom;  // a checkpoint, a root of them or a run directory; empty: fresh
    // The trained model at the end (empty: none): model.safetensors + model.json for the built-in
    // GPT, a Hugging Face model directory for hfModel (shards above maxShardBytes).
    std::string exportDir;
    int64_t maxShardBytes = 5'000'000'000;
    NonFinitePolicy onNonFinite = NonFinitePolicy::Stop;
    // Set (e.g. by a SIGTERM handler) to stop at the end of the current step, after a checkpoint.
    const std::atomic<bool>* stopRequested = nullptr;
};

// Runs to completion (or to a requested stop) on every rank. Returns an error (bad corpus,
// non-finite loss under NonFinitePolicy::Stop, an unusable checkpoint to resume, ...) that the
// caller reports; collective failures propagate as std::runtime_error. A checkpoint that cannot
// be written (disk full) is reported as an alert and the run goes on.
Status runGptRecipe(Accelerator& accelerator, const RecipeOptions& options, MetricsWriter& metrics);

}  // namespace catapult
