#include "catapult/GptRecipe.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <thread>

#include "MemoryStats.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/ByteCorpus.h"
#include "catapult/GptModel.h"
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
        ranks += (r ? "," : "") + o.str();
    }
    ranks += "]";
    metrics.write(JsonObject().add("type", "memory").add("step", step).add("time", time).addRaw("ranks", ranks));
}

// The recipe settings a resumed run must share with the checkpoint it continues.
std::map<std::string, std::string> recipeIdentity(const RecipeOptions& o) {
    return {{"layers", std::to_string(o.model.layers)}, {"heads", std::to_string(o.model.heads)},
            {"width", std::to_string(o.model.width)},   {"seq_len", std::to_string(o.model.seqLen)},
            {"batch_size", std::to_string(o.batchSize)}, {"seed", std::to_string(o.seed)},
            {"corpus", o.corpus}};
}

std::string flagOf(const std::string& key) { return "--" + key; }

// Fault drills (README, "Fault drills"): CATAPULT_FAULT_NAN_STEP makes that step's loss NaN on
// rank 0; CATAPULT_FAULT_HANG_STEP makes the last rank stop in that step without dying.
int64_t drillStep(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::atoll(v) : -1;
}

}  // namespace

Status runGptRecipe(Accelerator& acc, const RecipeOptions& options, MetricsWriter& metrics) {
    if (Status s = options.model.validate(); !s.ok()) return s;
    if (options.batchSize < 1) return Status::error("batch_size must be at least 1.");
    if (options.training.totalSteps < 1) return Status::error("steps must be at least 1.");

    auto corpus = ByteCorpus::load(options.corpus.empty() ? ByteCorpus::defaultPaths()
                                                          : std::vector<std::string>{options.corpus});
    if (!corpus.ok()) return corpus.status();
    const ByteCorpus& data = corpus.value();

    const int64_t rssBeforeModel = sampleMemory(torch::Device(torch::kCPU)).rssBytes;
    torch::manual_seed(options.seed);
    GptModel model(options.model);
    if (Status s = acc.prepare(*model); !s.ok()) return s;
    std::vector<torch::Tensor> params = model->parameters();
    auto optimizer = options.training.makeOptimizer(params);
    std::unique_ptr<BatchStream> batches;
    try {
        batches = std::make_unique<BatchStream>(data, options.model.seqLen, options.batchSize, acc.numProcesses(),
                                                acc.processIndex(), options.seed, acc.device());
    } catch (const std::invalid_argument& e) {
        return Status::error(e.what());
    }

    int64_t firstStep = 1;
    if (!options.resumeFrom.empty()) {
        auto loaded = acc.loadState(options.resumeFrom, *optimizer);
        if (!loaded.ok()) return loaded.status();
        const LoadedCheckpoint& ck = loaded.value();
        for (const auto& [key, value] : recipeIdentity(options)) {
            auto it = ck.state.values.find(key);
            if (it != ck.state.values.end() && it->second != value)
                return Status::error("The checkpoint " + ck.directory + " was trained with " + flagOf(key) + " " +
                                     (it->second.empty() ? "(default)" : it->second) + " and this run asks for " +
                                     (value.empty() ? "(default)" : value) + "; resume with the same setting.");
        }
        firstStep = ck.state.step + 1;
        // The data position: this rank's own, or with another number of processes the same
        // point of the epoch (samples taken by all old ranks, shared out among the new ones).
        std::size_t position = 0;
        if (ck.worldSize == acc.numProcesses()) {
            position = std::stoull(ck.state.values.at("sample_index_" + std::to_string(acc.processIndex())));
        } else {
            std::size_t taken = 0;
            for (int r = 0; r < ck.worldSize; ++r) taken += std::stoull(ck.state.values.at("sample_index_" + std::to_string(r)));
            position = taken / static_cast<std::size_t>(acc.numProcesses());
        }
        batches->seek(std::stoll(ck.state.values.at("epoch")), position);
        if (acc.isMainProcess() && ck.worldSize != acc.numProcesses())
            metrics.write(JsonObject().add("type", "alert").add("kind", "resharded").add("step", ck.state.step)
                              .add("message", "resumed a checkpoint of " + std::to_string(ck.worldSize) + " processes with " +
                                                  std::to_string(acc.numProcesses()) + (acc.state().sharding.sharded() ? ": the ZeRO optimizer shards were re-split, " : ": ") +
                                                  "the data continues from the same point of the epoch, and each step now takes " +
                                                  std::to_string(options.batchSize * options.model.seqLen * acc.gradientAccumulationSteps() * acc.numProcesses()) + " tokens"));
        if (acc.isMainProcess()) {
            for (const auto& why : ck.skipped)
                metrics.write(JsonObject().add("type", "alert").add("kind", "checkpoint").add("message", why));
            metrics.write(JsonObject().add("type", "checkpoint").add("action", "loaded").add("step", ck.state.step)
                              .add("path", ck.directory).add("bytes", ck.bytes).add("seconds", ck.seconds)
                              .add("message", "resumed from " + ck.directory));
        }
    }
    // Per-rank data positions travel to rank 0 for the manifest (one small all-gather).
    auto saveCheckpoint = [&](int64_t step) -> bool {
        auto position = torch::tensor({static_cast<int64_t>(batches->position())}, torch::kLong).to(acc.device());
        auto positions = acc.gather(position).cpu();
        CheckpointState state{step, recipeIdentity(options)};
        state.values["epoch"] = std::to_string(batches->epoch());
        for (int r = 0; r < acc.numProcesses(); ++r)
            state.values["sample_index_" + std::to_string(r)] = std::to_string(positions[r].item<int64_t>());
        state.values["steps"] = std::to_string(options.training.totalSteps);
        auto saved = acc.saveState(options.checkpointRoot, *optimizer, state, options.keepLast);
        if (!acc.isMainProcess()) return saved.ok();
        if (!saved.ok()) {
            metrics.write(JsonObject().add("type", "alert").add("kind", "checkpoint").add("step", step)
                              .add("message", saved.status().message() + " Training continues; earlier checkpoints are intact."));
            return false;
        }
        metrics.write(JsonObject().add("type", "checkpoint").add("action", "saved").add("step", step)
                          .add("path", saved.value().directory).add("bytes", saved.value().bytes)
                          .add("seconds", saved.value().seconds).add("removed", static_cast<int64_t>(saved.value().removed.size()))
                          .add("message", "saved " + saved.value().directory));
        return true;
    };

    const int k = acc.gradientAccumulationSteps();
    // DeepSpeed's gradient_clipping (ACCELERATE_GRADIENT_CLIPPING) is the config's word on clipping.
    const double gradClip = acc.state().sharding.gradientClipping.value_or(options.training.gradClip);
    const int64_t tokensPerStep = options.batchSize * options.model.seqLen * k * acc.numProcesses();
    if (acc.isMainProcess()) {
        JsonObject model_;
        model_.add("layers", options.model.layers).add("heads", options.model.heads)
            .add("width", options.model.width).add("seq_len", options.model.seqLen)
            .add("parameters", options.model.parameterCount());
        metrics.write(JsonObject()
                          .add("type", "started")
                          .add("world_size", acc.numProcesses())
                          .add("device", acc.device().str())
                          .add("backend", acc.backendName())
                          .add("steps", options.training.totalSteps)
                          .add("start_step", firstStep)
                          .add("resumed_from", options.resumeFrom)
                          .add("batch_size", options.batchSize)
                          .add("gradient_accumulation_steps", k)
                          .add("mixed_precision", toString(acc.mixedPrecision()))
                          .add("sharding", acc.shardingDescription())
                          .add("rss_before_model_bytes", rssBeforeModel)
                          .add("fp8_recipe", acc.mixedPrecision() == MixedPrecision::Fp8 ? acc.state().fp8.describe() : std::string())
                          .add("tokens_per_step", tokensPerStep)
                          .addRaw("model", model_.str())
                          .add("corpus", data.description())
                          .add("corpus_bytes", static_cast<int64_t>(data.size()))
                          .add("unigram_entropy", data.unigramEntropy()));
    }

    const auto start = Clock::now();
    const int64_t nanStep = drillStep("CATAPULT_FAULT_NAN_STEP");
    const int64_t hangStep = drillStep("CATAPULT_FAULT_HANG_STEP");
    double lastLoss = 0;
    int64_t skippedNonFinite = 0;
    int64_t lastSaved = 0;
    bool stopping = false;
    int64_t step = firstStep;
    for (; step <= options.training.totalSteps && !stopping; ++step) {
        const auto stepStart = Clock::now();
        const double lr = options.training.lrAt(step);
        if (step == hangStep && acc.processIndex() == acc.numProcesses() - 1)
            for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
        TrainingSettings::setLr(*optimizer, lr);
        torch::Tensor lossSum = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat).device(acc.device()));
        double gradNorm = 0;
        for (int micro = 0; micro < k; ++micro) {
            auto guard = acc.accumulate();
            auto [x, y] = batches->next();
            torch::Tensor loss;
            {
                auto amp = acc.autocast();
                loss = model->loss(x, y);
            }
            if (step == nanStep && micro == 0 && acc.isMainProcess()) loss = loss * std::nan("");
            acc.backward(loss);
            lossSum += loss.detach().to(torch::kFloat);
            if (!acc.syncGradients()) {
                acc.step(*optimizer);
                continue;
            }
            gradNorm = gradClip > 0 ? acc.clipGradNorm(gradClip) : acc.clipGradNorm(INFINITY);
            // The step's loss and whether any rank was asked to stop, agreed before the update.
            const bool stopHere = options.stopRequested && options.stopRequested->load();
            auto agreed = acc.reduce(torch::stack({lossSum / static_cast<double>(k),
                                                   torch::full({}, stopHere ? 1.0f : 0.0f, lossSum.options())}));
            lastLoss = agreed[0].item<double>();
            stopping = agreed[1].item<double>() > 0;
            const bool fp16 = acc.mixedPrecision() == MixedPrecision::Fp16;
            if (std::isfinite(lastLoss) && (fp16 || std::isfinite(gradNorm))) {
                acc.step(*optimizer);
                continue;
            }
            const std::string what = std::isfinite(lastLoss) ? "the gradient norm" : "the loss";
            if (options.onNonFinite == NonFinitePolicy::Stop) {
                if (acc.isMainProcess())
                    metrics.write(JsonObject().add("type", "alert").add("kind", "nan").add("step", step).add("action", "stop")
                                      .add("message", what + " is not finite; stopping before the update"));
                return Status::error("At step " + std::to_string(step) + " " + what + " became non-finite; stopped before "
                                     "the optimizer step, so the parameters and checkpoints are clean (--on_nan skip "
                                     "drops such steps instead; a lower --lr may help).");
            }
            if (fp16) acc.step(*optimizer);  // the loss scaler skips it and backs off
            else acc.skipStep(*optimizer);
            ++skippedNonFinite;
            if (acc.isMainProcess())
                metrics.write(JsonObject().add("type", "alert").add("kind", "nan").add("step", step).add("action", "skip")
                                  .add("skipped", skippedNonFinite)
                                  .add("message", what + " is not finite; the step was skipped"));
        }
        const double stepSeconds = secondsSince(stepStart);
        if (acc.isMainProcess()) {
            JsonObject line;
            line.add("type", "step")
                .add("step", step)
                .add("loss", lastLoss)
                .add("lr", lr)
                .add("tokens_per_s", static_cast<double>(tokensPerStep) / stepSeconds)
                .add("grad_norm", gradNorm)
                .add("step_time", stepSeconds)
                .add("time", secondsSince(start))
                .add("epoch", batches->epoch());
            if (acc.mixedPrecision() == MixedPrecision::Fp16)
                line.add("loss_scale", acc.lossScale()).add("skipped_steps", acc.skippedSteps());
            metrics.write(line);
        }
        if (options.memoryEvery > 0 && (step % options.memoryEvery == 0 || step == firstStep))
            writeMemory(acc, metrics, step, secondsSince(start));
        const bool due = options.checkpointEvery > 0 && step % options.checkpointEvery == 0;
        if (!options.checkpointRoot.empty() && (due || stopping || step == options.training.totalSteps))
            if (saveCheckpoint(step)) lastSaved = step;
    }
    const int64_t lastStep = step - 1;
    if (stopping) {
        if (acc.isMainProcess())
            metrics.write(JsonObject().add("type", "alert").add("kind", "stopped").add("step", lastStep)
                              .add("message", lastSaved == lastStep ? "stopped on request after step " + std::to_string(lastStep) +
                                                                          "; resume from the checkpoint of that step"
                                                                    : "stopped on request after step " + std::to_string(lastStep)));
        return Status::success();
    }
    if (!options.exportDir.empty()) {
        JsonObject tensors;
        for (const auto& p : model->named_parameters()) {
            std::string shape = "[";
            for (int64_t d = 0; d < p.value().dim(); ++d) shape += (d ? "," : "") + std::to_string(p.value().size(d));
            tensors.addRaw(p.key(), JsonObject().add("dtype", "F32").addRaw("shape", shape + "]").str());
        }
        const std::string description =
            JsonObject()
                .add("format", "catapult-gpt")
                .add("architecture", "byte-level decoder-only transformer (pre-LayerNorm, causal attention)")
                .add("vocab_size", 256)
                .add("layers", options.model.layers).add("heads", options.model.heads)
                .add("width", options.model.width).add("seq_len", options.model.seqLen)
                .add("parameters", options.model.parameterCount())
                .add("steps", lastStep).add("final_loss", lastLoss)
                .add("weights", "model.safetensors")
                .addRaw("tensors", tensors.str())
                .str();
        if (Status s = acc.saveModel(options.exportDir, description); !s.ok() && acc.isMainProcess())
            metrics.write(JsonObject().add("type", "alert").add("kind", "export").add("message", s.message()));
    }
    const double elapsed = secondsSince(start);
    const int64_t stepsRun = lastStep - firstStep + 1;
    if (acc.isMainProcess())
        metrics.write(JsonObject()
                          .add("type", "finished")
                          .add("steps", options.training.totalSteps)
                          .add("steps_run", stepsRun)
                          .add("skipped_nonfinite", skippedNonFinite)
                          .add("loss", lastLoss)
                          .add("time", elapsed)
                          .add("tokens_per_s", static_cast<double>(tokensPerStep * stepsRun) / elapsed));
    return Status::success();
}

}  // namespace catapult
