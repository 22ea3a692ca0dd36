// The built-in byte-level GPT as a RecipeModel.
#include <torch/torch.h>

#include "MappedSafetensors.h"
#include "RecipeModel.h"
#include "catapult/Accelerator.h"
#include "catapult/GptModel.h"

namespace catapult {
namespace {

class GptRecipeModel final : public RecipeModel {
public:
    explicit GptRecipeModel(const RecipeOptions& options) : m_config(options.model), m_initWeights(options.initWeights) {
        torch::manual_seed(options.seed);
        m_model = GptModel(m_config);
    }

    torch::nn::Module& module() override { return *m_model; }
    Status prepare(Accelerator& acc) override {
        if (Status s = loadInitialWeights(); !s.ok()) return s;
        return acc.prepare(*m_model);
    }
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
    // Every parameter from m_initWeights by its name, of the same shape; a tensor of the file
    // that the model lacks is an error too (a different shape of model). The file is mapped and
    // each tensor's pages let go once copied: no second copy of the weights stays resident.
    Status loadInitialWeights() {
        if (m_initWeights.empty()) return Status::success();
        auto file = MappedSafetensors::open(m_initWeights);
        if (!file.ok()) return file.status();
        torch::NoGradGuard noGrad;
        std::size_t used = 0;
        for (auto& p : m_model->named_parameters()) {
            if (!file.value()->contains(p.key())) return Status::error(m_initWeights + " has no tensor " + p.key() + ".");
            auto t = file.value()->tensor(p.key());
            if (!t.ok()) return t.status();
            if (t.value().sizes() != p.value().sizes())
                return Status::error(m_initWeights + ": " + p.key() + " has shape " + shapeText(t.value()) +
                                     ", the model's is " + shapeText(p.value()) + " (--layers, --heads, --width, --seq_len).");
            p.value().copy_(t.value());
            MappedSafetensors::dropPages(t.value());
            ++used;
        }
        if (used != file.value()->names().size())
            return Status::error(m_initWeights + " holds " + std::to_string(file.value()->names().size()) +
                                 " tensors; the built-in GPT has " + std::to_string(used) + ".");
        return Status::success();
    }

    static std::string shapeText(const torch::Tensor& t) {
        std::string text = "[";
        for (int64_t d = 0; d < t.dim(); ++d) text += (d ? ", " : "") + std::to_string(t.size(d));
        return text + "]";
    }

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
    std::string m_initWeights;
    GptModel m_model{nullptr};
};

}  // namespace

std::unique_ptr<RecipeModel> makeGptRecipeModel(const RecipeOptions& options) {
    return std::make_unique<GptRecipeModel>(options);
}

}  // namespace catapult
