// A Hugging Face model directory as a RecipeModel: HfCausalLM with fp32 master weights, text
// tokenized by the model's own tokenizer (TokenizerStep.h), exported as a model directory that
// transformers loads (HfExport.h).
#include <torch/torch.h>

#include "DatasetStep.h"
#include "HfCausalLM.h"
#include "HfExport.h"
#include "LoraAdapters.h"
#include "RecipeModel.h"
#include "SafetensorsFile.h"
#include "TokenizerStep.h"
#include "catapult/Accelerator.h"

namespace catapult {
namespace {

class HfRecipeModel final : public RecipeModel {
public:
    HfRecipeModel(const RecipeOptions& options, std::shared_ptr<HfCausalLM> model, HfWeights weights, torch::Dtype fileDtype,
                  LoraOptions lora, int64_t adapterParameters)
        : m_dir(options.hfModel), m_model(std::move(model)), m_weights(std::move(weights)), m_fileDtype(fileDtype),
          m_maxShardBytes(options.maxShardBytes), m_lora(std::move(lora)), m_adapterParameters(adapterParameters) {}

    torch::nn::Module& module() override { return *m_model; }

    // Each element read from the memory-mapped files straight into its place (a shard under
    // ZeRO-3), converted to fp32; with LoRA the frozen base whole on every rank, and the
    // adapters from their initial values.
    Status prepare(Accelerator& acc) override {
        std::vector<torch::Tensor> sources;  // of the trainable parameters, in order
        {
            torch::NoGradGuard noGrad;
            for (auto& item : m_model->named_parameters()) {
                if (!item.value().requires_grad()) item.value().copy_(m_weights.tensor(item.key()).value());
                else sources.push_back(m_lora.enabled ? item.value().detach().clone() : m_weights.tensor(item.key()).value());
            }
        }
        Status s = acc.prepare(*m_model, [sources](std::size_t index, int64_t offset, int64_t count, float* out) {
            torch::from_blob(out, {count}, torch::kFloat).copy_(sources[index].reshape({-1}).narrow(0, offset, count));
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
        if (m_lora.enabled) {
            std::string targets = "[";
            for (const std::string& t : m_lora.targets) targets += (targets.size() > 1 ? "," : "") + JsonObject::quote(t);
            model.addRaw("lora", JsonObject().add("r", m_lora.rank).add("alpha", m_lora.alpha).add("dropout", m_lora.dropout)
                                     .addRaw("target_modules", targets + "]").add("trainable_parameters", m_adapterParameters)
                                     .add("initial_adapter", m_lora.initAdapter).str());
        }
        return model;
    }

    std::map<std::string, std::string> identity() const override {
        if (!m_lora.enabled) return {{"model", m_dir}};
        std::string lora = "r=" + std::to_string(m_lora.rank) + " alpha=" + std::to_string(m_lora.alpha) + " targets=";
        for (const std::string& t : m_lora.targets) lora += t + ",";
        return {{"model", m_dir}, {"lora", lora}};
    }

    // The model directory, or with LoRA the PEFT adapter (and the merged model when asked for).
    Status exportTo(Accelerator& acc, const std::string& dir, int64_t, double) override {
        const HfExportOptions options{m_dir, m_maxShardBytes, m_fileDtype};
        if (!m_lora.enabled)
            return acc.writeModel("The model was not exported to " + dir, [&](const Accelerator::NamedTensors& tensors) {
                writeHfDirectory(dir, tensors, options);
            });
        return acc.writeModel("The adapter was not exported to " + dir, [&](const Accelerator::NamedTensors& tensors) {
            writePeftAdapter(dir, tensors, m_lora, *m_model, m_dir);
            if (!m_lora.mergedDir.empty()) writeHfDirectory(m_lora.mergedDir, mergedParameters(*m_model, tensors), options);
        });
    }

    void describeExport(JsonObject& line) const override {
        if (!m_lora.enabled) {
            line.add("format", "hf-model");
            return;
        }
        line.add("format", "peft-adapter").add("base", m_dir);
        if (!m_lora.mergedDir.empty()) line.add("merged", m_lora.mergedDir);
    }

private:
    std::string m_dir;
    std::shared_ptr<HfCausalLM> m_model;
    HfWeights m_weights;
    torch::Dtype m_fileDtype;
    int64_t m_maxShardBytes;
    LoraOptions m_lora;
    int64_t m_adapterParameters;
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
    LoraOptions lora = options.lora;
    int64_t adapterParameters = 0;
    if (lora.enabled) {
        auto resolved = resolveLora(*model, lora);
        if (!resolved.ok()) return resolved.status();
        lora = resolved.value();
        auto attached = attachLora(*model, lora, options.seed);
        if (!attached.ok()) return attached.status();
        adapterParameters = attached.value();
    }
    return std::unique_ptr<RecipeModel>(std::make_unique<HfRecipeModel>(options, std::move(model), std::move(weights).value(),
                                                                        fileDtype, std::move(lora), adapterParameters));
}

}  // namespace catapult
