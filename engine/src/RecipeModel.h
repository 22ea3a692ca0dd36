#pragma once
// What the recipe (GptRecipe.h) trains: the built-in byte-level GPT, or a Hugging Face model
// directory (RecipeOptions::hfModel). The recipe's loop, checkpoints and reports are the same
// for both; this interface is what differs: the module, its loss, how text becomes token ids,
// what a checkpoint must share to be resumed, and the export format. Internal.

#include <torch/nn/module.h>
#include <torch/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catapult/GptRecipe.h"
#include "catapult/MetricsWriter.h"
#include "catapult/Status.h"
#include "catapult/TokenCorpus.h"

namespace catapult {

class Accelerator;

// What the recipe trains on: the training samples, the validation samples if any, and for a
// dataset what its preparation reports.
struct TrainingData {
    TokenCorpus train;
    std::optional<TokenCorpus> validation;
    std::string datasetJson;             // the started line's "dataset" object; empty: text
    std::vector<std::string> notices;    // alert lines: rows skipped, examples cut
};

class RecipeModel {
public:
    virtual ~RecipeModel() = default;

    virtual torch::nn::Module& module() = 0;
    // Accelerator::prepare() of the module, with its weights in place on every rank.
    virtual Status prepare(Accelerator& acc) = 0;
    // Mean cross-entropy (nats, fp32) of next-token prediction for inputs x against targets y.
    virtual torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y) = 0;
    virtual void setActivationCheckpointing(bool on) = 0;
    // The training text (`paths`, empty: the built-in corpus) as this model's token ids.
    virtual Result<TokenCorpus> corpus(const std::vector<std::string>& paths) const = 0;
    // options.dataset prepared with this model's tokenizer and chat template, cut to seqLen.
    virtual Result<TrainingData> dataset(const RecipeOptions& options) const = 0;
    // The "model" object of the started line.
    virtual JsonObject description() const = 0;
    // Settings a checkpoint must share with the run that resumes it, by flag name.
    virtual std::map<std::string, std::string> identity() const = 0;
    // Writes the trained model to `dir` (collective: every rank calls it).
    virtual Status exportTo(Accelerator& acc, const std::string& dir, int64_t steps, double finalLoss) = 0;
    // What exportTo wrote, as fields of the "exported" line: "format" (catapult-gpt, hf-model or
    // peft-adapter) and for an adapter its "base" model and the "merged" model directory, if any.
    virtual void describeExport(JsonObject& line) const = 0;
};

// The built-in GPT of options.model, initialised from options.seed.
std::unique_ptr<RecipeModel> makeGptRecipeModel(const RecipeOptions& options);
// The Hugging Face model of options.hfModel; prepare() reads its weights (memory-mapped) in
// fp32 (master weights), under ZeRO-3 only each rank's shard. Errors name the directory and
// what is wrong with it, or a seq_len it cannot take.
Result<std::unique_ptr<RecipeModel>> makeHfRecipeModel(const RecipeOptions& options);

}  // namespace catapult
