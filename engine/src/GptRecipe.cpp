#include "catapult/GptRecipe.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

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

void writeMemory(Accelerator& acc, MetricsWriter& metrics, int64_t step) {
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
    metrics.write(JsonObject().add("type", "memory").add("step", step).addRaw("ranks", ranks));
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
    double lastLoss = 0;
    for (int64_t step = 1; step <= options.training.totalSteps; ++step) {
        const auto stepStart = Clock::now();
        const double lr = options.training.lrAt(step);
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
            acc.backward(loss);
            lossSum += loss.detach();
            if (acc.syncGradients()) {
                gradNorm = gradClip > 0 ? acc.clipGradNorm(gradClip) : acc.clipGradNorm(INFINITY);
            }
            acc.step(*optimizer);
        }
        lastLoss = acc.reduce(lossSum / static_cast<double>(k)).item<double>();
        if (!std::isfinite(lastLoss)) {
            if (acc.isMainProcess())
                metrics.write(JsonObject().add("type", "alert").add("kind", "nan").add("step", step)
                                  .add("message", "loss is not finite"));
            return Status::error("The loss became non-finite at step " + std::to_string(step) +
                                 "; stopping (try a lower --lr).");
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
        if (options.memoryEvery > 0 && (step % options.memoryEvery == 0 || step == 1)) writeMemory(acc, metrics, step);
    }
    const double elapsed = secondsSince(start);
    if (acc.isMainProcess())
        metrics.write(JsonObject()
                          .add("type", "finished")
                          .add("steps", options.training.totalSteps)
                          .add("loss", lastLoss)
                          .add("time", elapsed)
                          .add("tokens_per_s", static_cast<double>(tokensPerStep * options.training.totalSteps) / elapsed));
    return Status::success();
}

}  // namespace catapult
