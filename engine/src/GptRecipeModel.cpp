// The built-in byte-level GPT as a RecipeModel.
#include <torch/torch.h>

#include "RecipeModel.h"
#include "catapult/Accelerator.h"
#include "catapult/GptModel.h"

namespace catapult {
namespace {

class GptRecipeModel final : public RecipeModel {
public:
    explicit GptRecipeModel(const RecipeOptions& options) : m_config(options.model) {
        torch::manual_seed(options.seed);
        m_model = GptModel(m_config);
    }

    torch::nn::Module& module() override { return *m_model; }
    Status prepare(Accelerator& acc) override { return acc.prepare(*m_model); }
    torch::Tensor loss(const torch::Tensor& x, const torch::Tensor& y) override { return m_model->loss(x, y); }
    void setActivationCheckpointing(bool on) override { m_model->setActivationCheckpointing(on); }

    Result<TokenCorpus> corpus(const std::vector<std::string>& paths) const override {
        return TokenCorpus::load(paths.empty() ? TokenCorpus::defaultPaths() : paths);
    }

    Result<TrainingData> dataset(const RecipeOptions&) const override {
        return Status::error("--dataset needs the model's tokenizer and chat template: give --model DIR (a Hugging Face "
                             "model directory); the built-in GPT trains on text (--text FILE).");
    }

    JsonObject description() const override {
        JsonObject model;
        model.add("layers", m_config.layers).add("heads", m_config.heads).add("width", m_config.width)
            .add("seq_len", m_config.seqLen).add("parameters", m_config.parameterCount());
        return model;
    }

    std::map<std::string, std::string> identity() const override {
        return {{"layers", std::to_string(m_config.layers)}, {"heads", std::to_string(m_config.heads)},
                {"width", std::to_string(m_config.width)}};
    }

    Status exportTo(Accelerator& acc, const std::string& dir, int64_t steps, double finalLoss) override {
        return acc.saveModel(dir, modelJson(steps, finalLoss));
    }

    void describeExport(JsonObject& line) const override { line.add("format", "catapult-gpt"); }

private:
    // model.json: the architecture, the training it had, and every tensor's dtype and shape.
    std::string modelJson(int64_t steps, double finalLoss) const {
        JsonObject tensors;
        for (const auto& p : m_model->named_parameters()) {
            std::string shape = "[";
            for (int64_t d = 0; d < p.value().dim(); ++d) shape += (d ? "," : "") + std::to_string(p.value().size(d));
            tensors.addRaw(p.key(), JsonObject().add("dtype", "F32").addRaw("shape", shape + "]").str());
        }
        return JsonObject()
            .add("format", "catapult-gpt")
            .add("architecture", "byte-level decoder-only transformer (pre-LayerNorm, causal attention)")
            .add("vocab_size", 256)
            .add("layers", m_config.layers).add("heads", m_config.heads)
            .add("width", m_config.width).add("seq_len", m_config.seqLen)
            .add("parameters", m_config.parameterCount())
            .add("steps", steps).add("final_loss", finalLoss)
            .add("weights", "model.safetensors")
            .addRaw("tensors", tensors.str())
            .str();
    }

    GptConfig m_config;
    GptModel m_model{nullptr};
};

}  // namespace

std::unique_ptr<RecipeModel> makeGptRecipeModel(const RecipeOptions& options) {
    return std::make_unique<GptRecipeModel>(options);
}

}  // namespace catapult
