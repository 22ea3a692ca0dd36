#include "catapult/GptRecipe.h"

#include <torch/torch.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>

#include "FaultInjection.h"
#include "MemoryStats.h"
#include "RecipeModel.h"
#include "Validation.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/TokenCorpus.h"
#include "catapult/MetricsWriter.h"

namespace catapult {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// `time`: seconds since the run started, as on step lines (the x of the wall-time charts).
void writeMemory(Accelerator& acc, MetricsWriter& metrics, int64_t step, double time) {
    const MemorySample m = sampleMemory(acc.device());
    auto mine = torch::tensor({m.rssBytes, m.peakRssBytes, m.cudaAllocatedBytes, m.cudaReservedBytes, m.cudaPeakBytes},
                              torch::kLong)
                    .to(acc.device());
    auto all = acc.gather(mine).cpu().view({acc.numProcesses(), 5});
    if (!acc.isMainProcess()) return;
    std::string ranks = "[";
    for (int r = 0; r < acc.numProcesses(); ++r) {
        auto row = all[r];
        JsonObject o;
        o.add("rank", r).add("rss_bytes", row[0].item<int64_t>()).add("peak_rss_bytes", row[1].item<int64_t>());
        if (row[2].item<int64_t>() >= 0)
            o.add("cuda_allocated_bytes", row[2].item<int64_t>())
                .add("cuda_reserved_bytes", row[3].item<int64_t>())
                .add("cuda_peak_bytes", row[4].item<int64_t>());
        if (r > 0) ranks += ",";
        ranks += o.str();
    }
    ranks += "]";
    metrics.write(JsonObject().add("type", "memory").add("step", step).add("time", time).addRaw("ranks", ranks));
}

// The dataset settings that decide the samples, as one value.
std::string datasetIdentity(const DatasetOptions& d) {
    std::string id;
    for (const std::string& p : d.paths) id += p + " ";
    for (const std::string& p : d.validationPaths) id += "validation " + p + " ";
    id += std::string(formatName(d.format)) + " " + overlongName(d.overlong) + " " + d.chatTemplate + " " + d.columns;
    if (d.trainOnPrompt) id += " train_on_prompt";
    if (d.packing) id += " packing";
    if (d.validationSplit > 0) id += " validation_split " + std::to_string(d.validationSplit);
    return id;
}

// The recipe settings a resumed run must share with the checkpoint it continues.
std::map<std::string, std::string> recipeIdentity(const RecipeOptions& o, const RecipeModel& model) {
    std::map<std::string, std::string> same = model.identity();
    same.insert({{"seq_len", std::to_string(o.model.seqLen)}, {"batch_size", std::to_string(o.batchSize)},
                 {"seed", std::to_string(o.seed)}, {"corpus", o.corpus}, {"shuffle", o.shuffle ? "" : "false"}});
    if (o.dataset.any()) same.insert({"dataset", datasetIdentity(o.dataset)});
    return same;
}

std::string flagOf(const std::string& key) {
    if (key == "dataset") return "the dataset settings";
    return key == "corpus" ? "--text (--corpus)" : "--" + key;
}

// A whole number the recipe keeps in a checkpoint's manifest (CheckpointState::values): the
// error names the checkpoint, the value's key and what it holds.
template <typename T>
Result<T> manifestNumber(const LoadedCheckpoint& ck, const std::string& key) {
    auto it = ck.state.values.find(key);
    if (it == ck.state.values.end())
        return Status::error("The checkpoint " + ck.directory + " has no " + key + " in its manifest; it was not "
                             "written by this recipe and cannot be resumed by it.");
    const std::string& text = it->second;
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return Status::error("The checkpoint " + ck.directory + " has " + key + " \"" + text + "\" in its manifest, "
                             "which is not a whole number in range; it cannot be resumed.");
    return value;
}

Status validateOptions(const RecipeOptions& options) {
    std::error_code ec;
    if (!options.exportDir.empty() && std::filesystem::exists(options.exportDir, ec) &&
        !std::filesystem::is_directory(options.exportDir, ec))
        return Status::error("The export directory " + options.exportDir + " is a file; give --export_dir a directory.");
    if (Status s = options.model.validate(); !s.ok() && options.hfModel.empty()) return s;
    if (options.model.seqLen < 1) return Status::error("seq_len must be at least 1.");
    if (options.batchSize < 1) return Status::error("batch_size must be at least 1.");
    if (options.training.totalSteps < 1) return Status::error("steps must be at least 1.");
    if (options.lora.enabled && options.hfModel.empty())
        return Status::error("LoRA (--lora, --lora_rank, ...) adapts a Hugging Face model: give --model DIR.");
    if (options.dataset.any() && !options.corpus.empty())
        return Status::error("--dataset and --text are two kinds of training data; give one of them.");
    return Status::success();
}

// One run of the recipe on this rank: the model, its optimizer and data, and what the step,
// checkpoint and finished lines report. The steps of runGptRecipe() in order: prepare(),
// resume(), reportStarted(), train(), finish().
class RecipeRun {
public:
    RecipeRun(Accelerator& acc, const RecipeOptions& options, MetricsWriter& metrics, const FaultInjection& faults)
        : m_acc(acc), m_options(options), m_metrics(metrics), m_faults(faults) {}

    Status makeModel();
    Result<TrainingData> data() const;
    Status prepare(const TrainingData& data);
    Status resume();
    void reportStarted(const TrainingData& data) const;
    Status train();
    Status finish() const;

private:
    // resume()
    Status checkSameRecipe(const LoadedCheckpoint& ck) const;
    Status checkSameModel(const LoadedCheckpoint& ck) const;
    Status seekData(const LoadedCheckpoint& ck);
    void reportResumed(const LoadedCheckpoint& ck) const;
    // train()
    Status trainStep(int64_t step);
    torch::Tensor microStepLoss(int64_t step, int micro);
    void agreeOnLossAndStop(const torch::Tensor& lossSum);
    Status updateParameters(int64_t step, double gradNorm);
    Status handleNonFinite(int64_t step, const std::string& what, bool fp16);
    void reportStep(int64_t step, double lr, double gradNorm, double stepSeconds) const;
    void afterStep(int64_t step);
    void validateIfDue(int64_t step);
    bool saveCheckpoint(int64_t step);
    CheckpointState checkpointState(int64_t step);
    // finish()
    void reportStopped() const;
    Status exportModel() const;
    void reportFinished() const;

    bool isMain() const { return m_acc.isMainProcess(); }
    // Asked for by the flag or by the config (fsdp_activation_checkpointing).
    bool activationCheckpointing() const {
        return m_options.activationCheckpointing || m_acc.state().sharding.activationCheckpointing;
    }

    Accelerator& m_acc;
    const RecipeOptions& m_options;
    MetricsWriter& m_metrics;
    const FaultInjection& m_faults;

    int64_t m_rssBeforeModel = 0;
    MemorySample m_afterPrepare;  // the model in place: its weights loaded (and sharded)
    std::unique_ptr<RecipeModel> m_model;
    std::vector<torch::Tensor> m_params;
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<BatchStream> m_batches;
    const TokenCorpus* m_validation = nullptr;
    int64_t m_evalEvery = 0;
    double m_stepTokens = 0;       // input positions of this step's batches, this rank
    int m_accumulation = 1;        // micro-steps per optimizer step
    double m_gradClip = 0;         // 0: none
    int64_t m_tokensPerStep = 0;   // all ranks, all micro-steps

    int64_t m_firstStep = 1;
    int64_t m_lastStep = 0;
    Clock::time_point m_start;
    double m_lastLoss = 0;
    int64_t m_skippedNonFinite = 0;
    int64_t m_lastSaved = 0;
    bool m_stopping = false;
};

Status RecipeRun::makeModel() {
    m_rssBeforeModel = sampleMemory(torch::Device(torch::kCPU)).rssBytes;
    if (m_options.hfModel.empty()) {
        m_model = makeGptRecipeModel(m_options);
        return Status::success();
    }
    auto made = makeHfRecipeModel(m_options);
    if (!made.ok()) return made.status();
    m_model = std::move(made).value();
    return Status::success();
}

Result<TrainingData> RecipeRun::data() const {
    if (m_options.dataset.any()) return m_model->dataset(m_options);
    auto corpus = m_model->corpus(m_options.corpus.empty() ? std::vector<std::string>{} : std::vector<std::string>{m_options.corpus});
    if (!corpus.ok()) return corpus.status();
    return TrainingData{std::move(corpus).value(), std::nullopt, {}, {}};
}

Status RecipeRun::prepare(const TrainingData& data) {
    m_model->setActivationCheckpointing(activationCheckpointing());
    if (Status s = m_model->prepare(m_acc); !s.ok()) return s;
    m_afterPrepare = sampleMemory(torch::Device(torch::kCPU));
    for (const torch::Tensor& p : m_model->module().parameters())
        if (p.requires_grad()) m_params.push_back(p);  // with LoRA, the adapters only
    m_optimizer = m_options.training.makeOptimizer(m_params);
    try {
        m_batches = std::make_unique<BatchStream>(data.train, m_options.model.seqLen, m_options.batchSize, m_acc.numProcesses(),
                                                  m_acc.processIndex(), m_options.seed, m_acc.device(), m_options.shuffle);
    } catch (const std::invalid_argument& e) {
        return Status::error(e.what());
    }
    m_accumulation = m_acc.gradientAccumulationSteps();
    // DeepSpeed's gradient_clipping (ACCELERATE_GRADIENT_CLIPPING) is the config's word on clipping.
    m_gradClip = m_acc.state().sharding.gradientClipping.value_or(m_options.training.gradClip);
    m_tokensPerStep = m_options.batchSize * m_options.model.seqLen * m_accumulation * m_acc.numProcesses();
    m_validation = data.validation ? &*data.validation : nullptr;
    m_evalEvery = m_options.dataset.evalEvery > 0 ? m_options.dataset.evalEvery
                                                  : std::max<int64_t>(1, (m_options.training.totalSteps + 9) / 10);
    return Status::success();
}

Status RecipeRun::resume() {
    if (m_options.resumeFrom.empty()) return Status::success();
    auto loaded = m_acc.loadState(m_options.resumeFrom, *m_optimizer,
                                  [this](const LoadedCheckpoint& ck) { return checkSameRecipe(ck); });
    if (!loaded.ok()) return loaded.status();
    const LoadedCheckpoint& ck = loaded.value();
    m_firstStep = ck.state.step + 1;
    if (Status s = seekData(ck); !s.ok()) return s;
    reportResumed(ck);
    return Status::success();
}

// The model first: a checkpoint of the built-in GPT has no "model" value, one of a Hugging Face
// model names its directory.
Status RecipeRun::checkSameModel(const LoadedCheckpoint& ck) const {
    auto it = ck.state.values.find("model");
    const std::string trained = it == ck.state.values.end() ? std::string() : it->second;
    if (trained == m_options.hfModel) return Status::success();
    auto describe = [](const std::string& dir) { return dir.empty() ? std::string("the built-in GPT") : "the model in " + dir; };
    return Status::error("The checkpoint " + ck.directory + " holds " + describe(trained) + " and this run trains " +
                         describe(m_options.hfModel) + "; resume with " +
                         (trained.empty() ? std::string("no --model") : "--model " + trained) + ".");
}

Status RecipeRun::checkSameRecipe(const LoadedCheckpoint& ck) const {
    if (Status s = checkSameModel(ck); !s.ok()) return s;
    for (const auto& [key, value] : recipeIdentity(m_options, *m_model)) {
        auto it = ck.state.values.find(key);
        if (it != ck.state.values.end() && it->second != value)
            return Status::error("The checkpoint " + ck.directory + " was trained with " + flagOf(key) + " " +
                                 (it->second.empty() ? "(default)" : it->second) + " and this run asks for " +
                                 (value.empty() ? "(default)" : value) + "; resume with the same setting.");
    }
    return Status::success();
}

// The data position: this rank's own, or with another number of processes the same point of
// the epoch (samples taken by all old ranks, shared out among the new ones). Every rank reads
// every old rank's position, so a bad manifest stops all of them alike.
Status RecipeRun::seekData(const LoadedCheckpoint& ck) {
    std::vector<std::size_t> taken;
    for (int r = 0; r < ck.worldSize; ++r) {
        auto position = manifestNumber<std::size_t>(ck, "sample_index_" + std::to_string(r));
        if (!position.ok()) return position.status();
        taken.push_back(position.value());
    }
    auto epoch = manifestNumber<int64_t>(ck, "epoch");
    if (!epoch.ok()) return epoch.status();
    const std::size_t position =
        ck.worldSize == m_acc.numProcesses()
            ? taken[static_cast<std::size_t>(m_acc.processIndex())]
            : std::accumulate(taken.begin(), taken.end(), std::size_t{0}) / static_cast<std::size_t>(m_acc.numProcesses());
    m_batches->seek(epoch.value(), position);
    return Status::success();
}

void RecipeRun::reportResumed(const LoadedCheckpoint& ck) const {
    if (!isMain()) return;
    if (ck.worldSize != m_acc.numProcesses())
        m_metrics.write(JsonObject().add("type", "alert").add("kind", "resharded").add("step", ck.state.step)
                            .add("message", "resumed a checkpoint of " + std::to_string(ck.worldSize) + " processes with " +
                                                std::to_string(m_acc.numProcesses()) + (m_acc.state().sharding.sharded() ? ": the ZeRO optimizer shards were re-split, " : ": ") +
                                                "the data continues from the same point of the epoch, and each step now takes " +
                                                std::to_string(m_tokensPerStep) + " tokens"));
    for (const auto& why : ck.skipped)
        m_metrics.write(JsonObject().add("type", "alert").add("kind", "checkpoint").add("message", why));
    m_metrics.write(JsonObject().add("type", "checkpoint").add("action", "loaded").add("step", ck.state.step)
                        .add("path", ck.directory).add("bytes", ck.bytes).add("seconds", ck.seconds)
                        .add("message", "resumed from " + ck.directory));
}

void RecipeRun::reportStarted(const TrainingData& data) const {
    if (!isMain()) return;
    const JsonObject model = m_model->description();
    m_metrics.write(JsonObject()
                        .add("type", "started")
                        .add("world_size", m_acc.numProcesses())
                        .add("device", m_acc.device().str())
                        .add("backend", m_acc.backendName())
                        .add("steps", m_options.training.totalSteps)
                        .add("start_step", m_firstStep)
                        .add("resumed_from", m_options.resumeFrom)
                        .add("batch_size", m_options.batchSize)
                        .add("gradient_accumulation_steps", m_accumulation)
                        .add("mixed_precision", toString(m_acc.mixedPrecision()))
                        .add("sharding", m_acc.shardingDescription())
                        .add("rss_before_model_bytes", m_rssBeforeModel)
                        .add("rss_after_prepare_bytes", m_afterPrepare.rssBytes)
                        .add("peak_rss_after_prepare_bytes", m_afterPrepare.peakRssBytes)
                        .add("fp8_recipe", m_acc.mixedPrecision() == MixedPrecision::Fp8 ? m_acc.state().fp8.describe() : std::string())
                        .add("tokens_per_step", m_tokensPerStep)
                        .add("seq_len", m_options.model.seqLen)
                        .add("activation_checkpointing", activationCheckpointing())
                        .addRaw("model", model.str())
                        .add("corpus", data.train.description())
                        .add("corpus_tokens", static_cast<int64_t>(data.train.size()))
                        .add("unigram_entropy", data.train.unigramEntropy())
                        .addRaw("dataset", data.datasetJson.empty() ? "null" : data.datasetJson));
    for (const std::string& notice : data.notices)
        m_metrics.write(JsonObject().add("type", "alert").add("kind", "data").add("message", notice));
}

Status RecipeRun::train() {
    m_start = Clock::now();
    int64_t step = m_firstStep;
    for (; step <= m_options.training.totalSteps && !m_stopping; ++step)
        if (Status s = trainStep(step); !s.ok()) return s;
    m_lastStep = step - 1;
    return Status::success();
}

// One optimizer step: K micro-steps of forward and backward, then the update (or not, for a
// non-finite loss), the step line, and the memory line and checkpoint when due.
Status RecipeRun::trainStep(int64_t step) {
    const auto stepStart = Clock::now();
    const double lr = m_options.training.lrAt(step);
    if (m_faults.hangAt(step, m_acc.processIndex(), m_acc.numProcesses())) FaultInjection::hangForever();
    TrainingSettings::setLr(*m_optimizer, lr);
    torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat).device(m_acc.device()));
    double gradNorm = 0;
    m_stepTokens = 0;
    for (int micro = 0; micro < m_accumulation; ++micro) {
        auto guard = m_acc.accumulate();
        const torch::Tensor loss = microStepLoss(step, micro);
        m_acc.backward(loss);
        lossSum += loss.detach().to(torch::kFloat);
        if (!m_acc.syncGradients()) {
            m_acc.step(*m_optimizer);
            continue;
        }
        gradNorm = m_gradClip > 0 ? m_acc.clipGradNorm(m_gradClip) : m_acc.clipGradNorm(INFINITY);
        agreeOnLossAndStop(lossSum);
        if (Status s = updateParameters(step, gradNorm); !s.ok()) return s;
    }
    reportStep(step, lr, gradNorm, secondsSince(stepStart));
    afterStep(step);
    return Status::success();
}

torch::Tensor RecipeRun::microStepLoss(int64_t step, int micro) {
    auto [x, y] = m_batches->next();
    m_stepTokens += static_cast<double>(x.numel());
    torch::Tensor loss;
    {
        auto amp = m_acc.autocast();
        loss = m_model->loss(x, y);
    }
    if (micro == 0 && m_faults.nanLossAt(step, m_acc.processIndex())) loss = loss * std::nan("");
    return loss;
}

// The step's loss and whether any rank was asked to stop, agreed before the update.
void RecipeRun::agreeOnLossAndStop(const torch::Tensor& lossSum) {
    const bool stopHere = m_options.stopRequested && m_options.stopRequested->load();
    auto agreed = m_acc.reduce(torch::stack({lossSum / static_cast<double>(m_accumulation),
                                             torch::full({}, stopHere ? 1.0f : 0.0f, lossSum.options()),
                                             torch::full({}, static_cast<float>(m_stepTokens), lossSum.options())}));
    m_lastLoss = agreed[0].item<double>();
    m_stopping = agreed[1].item<double>() > 0;
    m_stepTokens = agreed[2].item<double>() * m_acc.numProcesses();
}

Status RecipeRun::updateParameters(int64_t step, double gradNorm) {
    const bool fp16 = m_acc.mixedPrecision() == MixedPrecision::Fp16;
    if (std::isfinite(m_lastLoss) && (fp16 || std::isfinite(gradNorm))) {
        m_acc.step(*m_optimizer);
        return Status::success();
    }
    return handleNonFinite(step, std::isfinite(m_lastLoss) ? "the gradient norm" : "the loss", fp16);
}

// `what` (the loss or the gradient norm) is not finite: stop before the update, or skip it.
Status RecipeRun::handleNonFinite(int64_t step, const std::string& what, bool fp16) {
    if (m_options.onNonFinite == NonFinitePolicy::Stop) {
        if (isMain())
            m_metrics.write(JsonObject().add("type", "alert").add("kind", "nan").add("step", step).add("action", "stop")
                                .add("message", what + " is not finite; stopping before the update"));
        return Status::error("At step " + std::to_string(step) + " " + what + " became non-finite; stopped before "
                             "the optimizer step, so the parameters and checkpoints are clean (--on_nan skip "
                             "drops such steps instead; a lower --lr may help).");
    }
    if (fp16) m_acc.step(*m_optimizer);  // the loss scaler skips it and backs off
    else m_acc.skipStep(*m_optimizer);
    ++m_skippedNonFinite;
    if (isMain())
        m_metrics.write(JsonObject().add("type", "alert").add("kind", "nan").add("step", step).add("action", "skip")
                            .add("skipped", m_skippedNonFinite)
                            .add("message", what + " is not finite; the step was skipped"));
    return Status::success();
}

void RecipeRun::reportStep(int64_t step, double lr, double gradNorm, double stepSeconds) const {
    if (!isMain()) return;
    JsonObject line;
    line.add("type", "step")
        .add("step", step)
        .add("loss", m_lastLoss)
        .add("lr", lr)
        .add("tokens_per_s", m_stepTokens / stepSeconds)
        .add("grad_norm", gradNorm)
        .add("step_time", stepSeconds)
        .add("time", secondsSince(m_start))
        .add("epoch", m_batches->epoch());
    if (m_acc.mixedPrecision() == MixedPrecision::Fp16)
        line.add("loss_scale", m_acc.lossScale()).add("skipped_steps", m_acc.skippedSteps());
    m_metrics.write(line);
}

// The memory line and the checkpoint, when due.
void RecipeRun::afterStep(int64_t step) {
    if (m_options.memoryEvery > 0 && (step % m_options.memoryEvery == 0 || step == m_firstStep))
        writeMemory(m_acc, m_metrics, step, secondsSince(m_start));
    validateIfDue(step);
    const bool due = m_options.checkpointEvery > 0 && step % m_options.checkpointEvery == 0;
    if (!m_options.checkpointRoot.empty() && (due || m_stopping || step == m_options.training.totalSteps))
        if (saveCheckpoint(step)) m_lastSaved = step;
}

// The validation loss every m_evalEvery steps and after the last.
void RecipeRun::validateIfDue(int64_t step) {
    if (!m_validation || (step % m_evalEvery != 0 && step != m_options.training.totalSteps && !m_stopping)) return;
    const ValidationResult r = validate(m_acc, *m_model, *m_validation, m_options.batchSize, m_options.model.seqLen);
    if (isMain())
        m_metrics.write(JsonObject().add("type", "eval").add("step", step).add("loss", r.loss).add("targets", r.targets)
                            .add("samples", r.samples).add("seconds", r.seconds).add("time", secondsSince(m_start))
                            .add("source", "catapult"));
}

// Per-rank data positions travel to rank 0 for the manifest (one small all-gather).
CheckpointState RecipeRun::checkpointState(int64_t step) {
    auto position = torch::tensor({static_cast<int64_t>(m_batches->position())}, torch::kLong).to(m_acc.device());
    auto positions = m_acc.gather(position).cpu();
    CheckpointState state{step, recipeIdentity(m_options, *m_model)};
    state.values["epoch"] = std::to_string(m_batches->epoch());
    for (int r = 0; r < m_acc.numProcesses(); ++r)
        state.values["sample_index_" + std::to_string(r)] = std::to_string(positions[r].item<int64_t>());
    state.values["steps"] = std::to_string(m_options.training.totalSteps);
    return state;
}

// A checkpoint that cannot be written is an alert; training goes on.
bool RecipeRun::saveCheckpoint(int64_t step) {
    auto saved = m_acc.saveState(m_options.checkpointRoot, *m_optimizer, checkpointState(step), m_options.keepLast);
    if (!isMain()) return saved.ok();
    if (!saved.ok()) {
        m_metrics.write(JsonObject().add("type", "alert").add("kind", "checkpoint").add("step", step)
                            .add("message", saved.status().message() + " Training continues; earlier checkpoints are intact."));
        return false;
    }
    m_metrics.write(JsonObject().add("type", "checkpoint").add("action", "saved").add("step", step)
                        .add("path", saved.value().directory).add("bytes", saved.value().bytes)
                        .add("seconds", saved.value().seconds).add("removed", static_cast<int64_t>(saved.value().removed.size()))
                        .add("message", "saved " + saved.value().directory));
    return true;
}

// After the last step: the stop alert, or the exported model and the finished line.
Status RecipeRun::finish() const {
    if (m_stopping) {
        reportStopped();
        return Status::success();
    }
    if (!m_options.exportDir.empty())
        if (Status s = exportModel(); !s.ok()) return s;
    reportFinished();
    return Status::success();
}

void RecipeRun::reportStopped() const {
    if (!isMain()) return;
    const std::string stopped = "stopped on request after step " + std::to_string(m_lastStep);
    m_metrics.write(JsonObject().add("type", "alert").add("kind", "stopped").add("step", m_lastStep)
                        .add("message", m_lastSaved == m_lastStep ? stopped + "; resume from the checkpoint of that step"
                                                                  : stopped));
}

// The trained model at exportDir, announced; a failure is the run's error (the checkpoint of
// the last step is already written, so nothing trained is lost).
Status RecipeRun::exportModel() const {
    Status s = m_model->exportTo(m_acc, m_options.exportDir, m_lastStep, m_lastLoss);
    if (!s.ok()) {
        const std::string kept = m_lastSaved == m_lastStep ? " The checkpoint of step " + std::to_string(m_lastStep) + " holds the trained weights." : "";
        return Status::error(s.message() + kept);
    }
    if (!isMain()) return Status::success();
    JsonObject line;
    line.add("type", "checkpoint").add("action", "exported").add("step", m_lastStep).add("path", m_options.exportDir);
    m_model->describeExport(line);
    m_metrics.write(line.add("message", "exported the trained model to " + m_options.exportDir));
    return Status::success();
}

void RecipeRun::reportFinished() const {
    const double elapsed = secondsSince(m_start);
    const int64_t stepsRun = m_lastStep - m_firstStep + 1;
    if (isMain())
        m_metrics.write(JsonObject()
                            .add("type", "finished")
                            .add("steps", m_options.training.totalSteps)
                            .add("steps_run", stepsRun)
                            .add("skipped_nonfinite", m_skippedNonFinite)
                            .add("loss", m_lastLoss)
                            .add("time", elapsed)
                            .add("tokens_per_s", static_cast<double>(m_tokensPerStep * stepsRun) / elapsed));
}

}  // namespace

Status runGptRecipe(Accelerator& acc, const RecipeOptions& options, MetricsWriter& metrics) {
    if (Status s = validateOptions(options); !s.ok()) return s;
    RecipeRun run(acc, options, metrics, FaultInjection::current());
    if (Status s = run.makeModel(); !s.ok()) return s;
    auto data = run.data();
    if (!data.ok()) return data.status();
    if (Status s = run.prepare(data.value()); !s.ok()) return s;
    if (Status s = run.resume(); !s.ok()) return s;
    run.reportStarted(data.value());
    if (Status s = run.train(); !s.ok()) return s;
    return run.finish();
}

}  // namespace catapult
