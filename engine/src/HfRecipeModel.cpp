// A Hugging Face model directory as a RecipeModel: HfCausalLM with fp32 master weights, text
// tokenized by the model's own tokenizer (TokenizerStep.h), exported as a model directory that
// transformers loads (HfExport.h).
#include <torch/torch.h>

#include "DatasetStep.h"
#include "HfCausalLM.h"
#include "HfExport.h"
#include "RecipeModel.h"
#include "SafetensorsFile.h"
#include "TokenizerStep.h"
#include "catapult/Accelerator.h"

namespace catapult {
namespace {

class HfRecipeModel final : public RecipeModel {
public:
    HfRecipeModel(const RecipeOptions& options, std::shared_ptr<HfCausalLM> model, HfWeights weights, torch::Dtype fileDtype)
        : m_dir(options.hfModel), m_model(std::move(model)), m_weights(std::move(weights)), m_fileDtype(fileDtype),
          m_maxShardBytes(options.maxShardBytes) {}

    torch::nn::Module& module() override { return *m_model; }

    // Each element read from the memory-mapped files straight into its place (a shard under
    // ZeRO-3), converted to fp32.
    Status prepare(Accelerator& acc) override {
        std::vector<std::string> names;
        for (const auto& item : m_model->named_parameters())
            if (item.value().requires_grad()) names.push_back(item.key());
        Status s = acc.prepare(*m_model, [this, names](std::size_t index, int64_t offset, int64_t count, float* out) {
            const torch::Tensor source = m_weights.tensor(names[index]).value().reshape({-1}).narrow(0, offset, count);
            torch::from_blob(out, {count}, torch::kFloat).copy_(source);
        });
        m_weights = HfWeights();  // the files are unmapped: training holds the weights now
        return s;
    }
    torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y) override { return m_model->loss(x, y); }
    void setActivationCheckpointing(bool on) override { m_model->setActivationCheckpointing(on); }

    Result<TokenCorpus> corpus(const std::vector<std::string>& paths) const override {
        const std::vector<std::string> files = paths.empty() ? TokenCorpus::defaultPaths() : paths;
        auto ids = tokenizeFiles(m_dir, files);
        if (!ids.ok()) return ids.status();
        const std::string description = files.size() == 1 ? files.front() : std::to_string(files.size()) + " files";
        try {
            return TokenCorpus::fromIds(ids.value(), m_model->config().vocabSize, description + " (" + m_dir + "'s tokenizer)");
        } catch (const std::invalid_argument& e) {
            return Status::error(e.what());
        }
    }

    Result<TrainingData> dataset(const RecipeOptions& options) const override {
        auto prepared = prepareDataset(m_dir, options.dataset, options.model.seqLen, options.seed);
        if (!prepared.ok()) return prepared.status();
        const PreparedDataset& d = prepared.value();
        const bool packed = options.dataset.packing || d.text;
        const int64_t vocab = m_model->config().vocabSize;
        try {
            TrainingData data{TokenCorpus::fromExamples(d.train.ids, d.train.mask, d.train.starts, vocab, d.description, packed),
                              std::nullopt, d.summaryJson, d.notices};
            if (d.validation.examples() > 0)
                data.validation = TokenCorpus::fromExamples(d.validation.ids, d.validation.mask, d.validation.starts, vocab,
                                                            d.description + " (validation)", packed);
            return data;
        } catch (const std::invalid_argument& e) {
            return Status::error(e.what());
        }
    }

    JsonObject description() const override {
        const HfModelConfig& c = m_model->config();
        JsonObject model;
        model.add("source", m_dir).add("architecture", c.architectureName).add("layers", c.layers)
            .add("heads", c.heads).add("kv_heads", c.kvHeads).add("width", c.hiddenSize)
            .add("vocab_size", c.vocabSize).add("parameters", c.parameterCount())
            .add("weights_dtype", safetensorsDtypeNames().at(m_fileDtype));
        return model;
    }

    std::map<std::string, std::string> identity() const override { return {{"model", m_dir}}; }

    Status exportTo(Accelerator& acc, const std::string& dir, int64_t, double) override {
        const HfExportOptions options{m_dir, m_maxShardBytes, m_fileDtype};
        return acc.writeModel("The model was not exported to " + dir, [&](const Accelerator::NamedTensors& tensors) {
            writeHfDirectory(dir, tensors, options);
        });
    }

private:
    std::string m_dir;
    std::shared_ptr<HfCausalLM> m_model;
    HfWeights m_weights;
    torch::Dtype m_fileDtype;
    int64_t m_maxShardBytes;
};

}  // namespace

Result<std::unique_ptr<RecipeModel>> makeHfRecipeModel(const RecipeOptions& options) {
    auto config = HfModelConfig::read(options.hfModel);
    if (!config.ok()) return config.status();
    if (Status s = config.value().checkSequenceLength(options.model.seqLen); !s.ok())
        return Status::error(options.hfModel + ": " + s.message() + ".");
    auto weights = HfWeights::open(options.hfModel);
    if (!weights.ok()) return weights.status();
    auto model = std::make_shared<HfCausalLM>(config.value());
    if (Status s = model->checkShapes(weights.value()); !s.ok()) return Status::error(options.hfModel + ": " + s.message());
    const torch::Dtype fileDtype = weights.value().tensor(weights.value().names().front()).value().scalar_type();
    return std::unique_ptr<RecipeModel>(
        std::make_unique<HfRecipeModel>(options, std::move(model), std::move(weights).value(), fileDtype));
}

}  // namespace catapult
