#pragma once
// The engine's facade, in the spirit of Hugging Face Accelerate's `Accelerator`: a user's
// training loop stays an ordinary LibTorch loop, and the Accelerator handles the process
// group, device placement, gradient synchronisation, accumulation and clipping.
//
//   auto made = catapult::Accelerator::create();            // reads the worker environment
//   if (!made.ok()) { std::cerr << made.status().message(); return 1; }
//   auto& acc = *made.value();
//   acc.prepare(*model);                                     // device + broadcast + grad hooks
//   for (...) {
//       auto micro = acc.accumulate();                       // K micro-steps per optimizer step
//       torch::Tensor loss;
//       { auto amp = acc.autocast();                          // bf16 / fp16 / fp8 forward
//         loss = lossFn(model->forward(x.to(acc.device())), y.to(acc.device())); }
//       acc.backward(loss);                                  // averaged grads on sync steps
//       if (acc.syncGradients()) acc.clipGradNorm(1.0);
//       acc.step(optimizer);                                 // steps + zeroes on sync steps only
//   }
//
// Mixed precision (ACCELERATE_MIXED_PRECISION): parameters and optimizer state stay fp32;
// autocast() covers the forward pass; fp16 adds dynamic loss scaling inside backward() and
// step() (a step with non-finite gradients is skipped, see lossScale(), skippedSteps()); fp8
// runs Fp8Linear layers in FP8 (see Fp8Linear.h) and everything else in bf16.
//
// Errors: create() returns an error value for a bad environment, an unsupported setting (FP8
// on a GPU older than compute capability 8.9) or a failed rendezvous. Collective failures later throw std::runtime_error naming the rank.
// Thread safety: one Accelerator per process, used from the training thread.

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "catapult/Autocast.h"
#include "catapult/CheckpointState.h"
#include "catapult/ProcessState.h"
#include "catapult/Status.h"

namespace catapult {

class MetricsWriter;

struct AcceleratorOptions {
    // 0: take ACCELERATE_GRADIENT_ACCUMULATION_STEPS from the environment.
    int gradientAccumulationSteps = 0;
    std::size_t bucketBytes = 25u << 20;
    std::size_t firstBucketBytes = 1u << 20;
    // fp16 dynamic loss scaling (torch.amp.GradScaler's defaults).
    double initialLossScale = 65536.0;
    int64_t lossScaleGrowthInterval = 2000;
};

enum class Reduction { Sum, Mean };

// Bytes of training state one rank holds, counted from the tensors' sizes (not the allocator):
// parameters (full and shards), gradients, optimizer state (AdamW moments and fp32 master copies),
// and what the disk tier keeps in files.
struct ModelStateBytes {
    int64_t parameterBytes = 0;
    int64_t gradientBytes = 0;
    int64_t optimizerBytes = 0;
    int64_t diskBytes = 0;
    int64_t total() const { return parameterBytes + gradientBytes + optimizerBytes; }
};

class Accelerator {
public:
    class AccumulateGuard;

    static Result<std::unique_ptr<Accelerator>> create(AcceleratorOptions options = {});
    static Result<std::unique_ptr<Accelerator>> create(const ProcessState& state, AcceleratorOptions options = {});
    ~Accelerator();
    Accelerator(const Accelerator&) = delete;
    Accelerator& operator=(const Accelerator&) = delete;

    // Moves the model to device(), makes every rank start from rank 0's parameters and
    // buffers, and installs the gradient synchronisation: data parallel, or ZeRO stage 1-3
    // with offload as the worker environment says (ShardingSettings.h; stage 3 needs the unit
    // modules to open a UnitScope, see UnitScope.h). Call once, before the optimizer is built
    // from model.parameters(). Errors: unit classes the model lacks, a missing offload directory.
    [[nodiscard]] Status prepare(torch::nn::Module& model);
    // Fills elements [offset, offset + count) of trainable parameter `index` (in
    // model.parameters() order, counting those that require grad), flattened, as fp32.
    using ParameterLoader = std::function<void(std::size_t index, int64_t offset, int64_t count, float* out)>;
    // prepare() for a model whose parameters are allocated but not yet loaded: every rank reads
    // them through `loader` instead of receiving rank 0's by broadcast; under ZeRO stage 3 only
    // the elements of its own shards, so the full model is never in any rank's memory
    // (Accelerate's fsdp_cpu_ram_efficient_loading, DeepSpeed's zero3_init). Allocations that
    // are never written take no memory.
    [[nodiscard]] Status prepare(torch::nn::Module& model, const ParameterLoader& loader);

    // Marks one micro-step of gradient accumulation; keep the guard alive through backward()
    // and step(). syncGradients() is true on every K-th micro-step.
    AccumulateGuard accumulate();
    bool syncGradients() const;
    int gradientAccumulationSteps() const;

    // The mixed precision scope for the forward pass and the loss (inactive for "no").
    AutocastScope autocast() const;
    MixedPrecision mixedPrecision() const;

    // loss / K (times the loss scale for fp16), backward, and on sync steps the gradient
    // average across ranks (then, for fp16, unscaled and checked for non-finite values).
    void backward(const torch::Tensor& loss);
    // Clips the global gradient norm (over all parameters of all ranks) to maxNorm and returns
    // the norm before clipping. REQUIRES: called on a sync step, after backward().
    double clipGradNorm(double maxNorm);
    // optimizer.step() then zero_grad(), only on sync steps; for fp16 the step is skipped when
    // a gradient was not finite, and the loss scale is updated. Under ZeRO the Accelerator runs
    // AdamW on this rank's shards with `optimizer`'s settings (it must be torch::optim::AdamW)
    // and the optimizer's own state stays empty; gradients are then not kept in .grad. Without
    // ZeRO, a torch::optim::AdamW over fp32 CPU parameters steps as one fused pass per tensor
    // (CpuAdamW) on its own state, as PyTorch's AdamW(fused=True) does.
    void step(torch::optim::Optimizer& optimizer);
    // Drops this sync step's gradients without an optimizer step (a step skipped on purpose,
    // e.g. for a non-finite loss). REQUIRES: a sync step, after backward().
    void skipStep(torch::optim::Optimizer& optimizer);
    // The model's trainable parameters in full, as copies in model.parameters() order (under
    // ZeRO-3 gathered unit by unit). Collective: every rank calls it.
    std::vector<torch::Tensor> gatheredParameters();
    // This rank's training state in bytes (see ModelStateBytes); `optimizer` is counted only
    // without ZeRO (with ZeRO the Accelerator holds the state).
    ModelStateBytes modelStateBytes(const torch::optim::Optimizer& optimizer) const;
    // "data parallel" or "ZeRO stage 3 (FSDP FULL_SHARD) ...; 5 units (h.0, ..., root); ...".
    std::string shardingDescription() const;

    // Checkpoints (layout and guarantees in CheckpointState.h). Collective: every rank calls them.
    // saveState() writes <root>/step-<state.step>/: the full parameters (gathered under ZeRO-3),
    // the optimizer state (per shard under ZeRO), the loss scaler, every rank's RNG state, the
    // accumulation counter and `state`; each rank writes its files into a partial directory,
    // rank 0 writes the manifest with every file's checksum last and renames the directory into
    // place; with keepLast > 0 older checkpoints are then removed. On failure (disk full, a
    // rank that could not write) nothing is left behind, earlier checkpoints are untouched and
    // every rank returns the same error.
    Result<SavedCheckpoint> saveState(const std::string& root, torch::optim::Optimizer& optimizer,
                                      const CheckpointState& state, int keepLast = 0);
    // Restores the newest usable checkpoint under `path` (a checkpoint, a root of them, or a run
    // directory) into the prepared model, `optimizer` (built as before), the loss scaler, the
    // RNGs and the accumulation counter. A checkpoint of another number of processes is
    // resharded (ZeRO moments put together and split anew; each rank takes the RNG state of old
    // rank (rank mod old size)); LoadedCheckpoint::worldSize tells. Errors: none usable (each
    // candidate's reason), or another sharding strategy or unit layout (the message says how).
    // `accept`, when given, sees the chosen checkpoint's directory, step and values before anything
    // is loaded; its error (e.g. "trained with another model") is returned instead.
    Result<LoadedCheckpoint> loadState(const std::string& path, torch::optim::Optimizer& optimizer,
                                       const std::function<Status(const LoadedCheckpoint&)>& accept = {});
    // Writes the full trained parameters as <directory>/model.safetensors and `descriptionJson`
    // as <directory>/model.json (rank 0 writes; both appear atomically). Collective.
    Status saveModel(const std::string& directory, const std::string& descriptionJson);
    // The full trained parameters by name (model.named_parameters() names, gathered under
    // ZeRO-3), handed to `write` on rank 0 only, for a format of the caller's (a Hugging Face
    // model directory). What `write` throws (std::exception) becomes the error every rank
    // returns, prefixed with `what`. Collective.
    using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;
    Status writeModel(const std::string& what, const std::function<void(const NamedTensors&)>& write);

    // fp16: the current loss scale and the number of skipped steps (1 and 0 otherwise).
    double lossScale() const;
    int64_t skippedSteps() const;

    // Every rank's tensor concatenated along dim 0 (rank-major); a scalar becomes shape {W}.
    torch::Tensor gather(const torch::Tensor& tensor);
    torch::Tensor reduce(const torch::Tensor& tensor, Reduction reduction = Reduction::Mean);
    void waitForEveryone();

    // Prints on the main process only (like accelerator.print).
    void print(const std::string& text) const;
    // Writes a "step" metrics line (main process only): {"type":"step","step":step, name: value...}.
    void log(const std::vector<std::pair<std::string, double>>& values, int64_t step);
    // Routes log() to `writer` (not owned). Without one, log() writes metrics lines to stdout.
    void setMetricsWriter(MetricsWriter* writer);

    bool isMainProcess() const;
    bool isLocalMainProcess() const;
    int processIndex() const;
    int numProcesses() const;
    torch::Device device() const;
    const ProcessState& state() const;
    // "gloo", "nccl" or "none" (one process).
    std::string backendName() const;

    class AccumulateGuard {
    public:
        AccumulateGuard(AccumulateGuard&& other) noexcept : m_owner(std::exchange(other.m_owner, nullptr)) {}
        AccumulateGuard(const AccumulateGuard&) = delete;
        AccumulateGuard& operator=(const AccumulateGuard&) = delete;
        ~AccumulateGuard();

    private:
        friend class Accelerator;
        explicit AccumulateGuard(Accelerator* owner) : m_owner(owner) {}
        Accelerator* m_owner;
    };

private:
    struct Impl;
    explicit Accelerator(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace catapult
