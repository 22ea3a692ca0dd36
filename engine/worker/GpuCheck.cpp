#include "GpuCheck.h"

#include <torch/cuda.h>
#include <torch/torch.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef CATAPULT_HAVE_CUDA
#include <ATen/core/CachingHostAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <stdexcept>
#include <utility>

#include "BenchSupport.h"
#include "WorkerFlags.h"
#include "MemoryStats.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/TokenCorpus.h"
#include "catapult/GptModel.h"
#include "catapult/MetricsWriter.h"
#include "catapult/ProcessState.h"
#include "catapult/ReferenceTrainer.h"
#include "catapult/TrainingSettings.h"

namespace catapult {
namespace {

using Clock = std::chrono::steady_clock;

struct CheckOptions {
    std::string corpus;  // empty: the recipe's default corpus
    int64_t steps = 5;
};

// The test GPT: small enough for a CPU dry run, with every kind of parameter and two units.
GptConfig checkModel() {
    return GptConfig{.layers = 2, .heads = 2, .width = 64, .seqLen = 64};
}
constexpr int64_t kBatchPerRank = 4;
constexpr uint64_t kSeed = 7;

TrainingSettings checkSettings(int64_t steps) {
    return TrainingSettings{.lr = 1e-3, .warmupSteps = 2, .totalSteps = steps, .gradClip = 1.0};
}

// The engine paths compute what the reference computes in another order (the batch split over
// ranks, flat shards, CpuAdamW); cuBLAS also picks its kernels by shape, so CUDA gets ten
// times the CPU's room (the engine tests hold the CPU paths to 1e-5).
double parameterTolerance(const torch::Device& device) {
    return device.is_cuda() ? 1e-4 : 1e-5;
}

// Mixed precision against fp32 after a few steps: the largest loss difference of any step and
// the relative difference of the whole parameter update (|update - fp32 update| / |fp32 update|).
// bf16 keeps 8 bits of mantissa, fp16 11, hence the two bounds; on the CPU the differences come
// out at about a sixth of the update bound and a hundredth of the loss bound. A difference of
// exactly zero fails too: the forward pass did not run in the lower precision.
struct PrecisionTolerance {
    double loss;
    double update;
};
PrecisionTolerance precisionTolerance(MixedPrecision p) {
    return p == MixedPrecision::Bf16 ? PrecisionTolerance{0.01, 0.15}
                                     : PrecisionTolerance{0.002, 0.05};
}

void synchronize(const torch::Device& device) {
    if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string jsonNumbers(const std::vector<double>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        char buf[32];
        if (std::isfinite(values[i]))
            std::snprintf(buf, sizeof buf, "%.9g", values[i]);
        else
            std::snprintf(buf, sizeof buf, "null");
        if (i) out += ',';
        out += buf;
    }
    return out + "]";
}

std::string scientific(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", value);
    return buf;
}

std::string fixed(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    return buf;
}

bool allFinite(const std::vector<double>& values) {
    for (double v : values)
        if (!std::isfinite(v)) return false;
    return !values.empty();
}

double maxDifference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
    double out = 0;
    for (std::size_t i = 0; i < a.size(); ++i) out = std::max(out, std::abs(a[i] - b[i]));
    return out;
}

JsonObject header(const std::string& check, const torch::Device& device, int worldSize) {
    JsonObject o;
    o.add("check", check).add("device", device.str()).add("world_size", worldSize);
    return o;
}

// The CUDA caching allocator's figures (what the recipe's memory lines carry), or "skipped".
void addMemory(JsonObject& line, const torch::Device& device) {
    const MemorySample m = sampleMemory(device);
    line.add("peak_rss_bytes", m.peakRssBytes);
    if (m.cudaAllocatedBytes < 0) {
        for (const char* key : {"cuda_allocated_bytes", "cuda_reserved_bytes", "cuda_peak_bytes"})
            line.add(key, "skipped");
        return;
    }
    line.add("cuda_allocated_bytes", m.cudaAllocatedBytes)
        .add("cuda_reserved_bytes", m.cudaReservedBytes)
        .add("cuda_peak_bytes", m.cudaPeakBytes);
}

// Rank 0 prints the line; every rank's exit code says whether its own part passed.
int finish(JsonObject& line, bool pass, const std::string& summary, int rank) {
    line.add("summary", summary).add("pass", pass);
    if (rank == 0) {
        std::printf("%s\n", line.str().c_str());
        std::fflush(stdout);
    }
    return pass ? 0 : 1;
}

// A check that could not run: every rank says why, so the script can name the rank.
int fail(const std::string& check, const std::string& message) {
    const char* rank = std::getenv("RANK");
    JsonObject line;
    line.add("check", check)
        .add("rank", rank ? std::atoi(rank) : 0)
        .add("error", firstLine(message))
        .add("pass", false);
    std::printf("%s\n", line.str().c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "gpu-check %s: %s\n", check.c_str(), message.c_str());
    return 1;
}

torch::Device checkDevice(const ProcessState& s) {
    if (s.useCpu || !torch::cuda::is_available()) return torch::Device(torch::kCPU);
    if (s.localRank >= static_cast<int>(torch::cuda::device_count()))
        throw std::runtime_error("LOCAL_RANK=" + std::to_string(s.localRank) + " but only " +
                                 std::to_string(torch::cuda::device_count()) +
                                 " CUDA device(s) are visible.");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(s.localRank));
}

Result<TokenCorpus> loadCorpus(const CheckOptions& o) {
    return TokenCorpus::load(o.corpus.empty() ? TokenCorpus::defaultPaths()
                                             : std::vector<std::string>{o.corpus});
}

// ---- nccl: a process group of the check's own -------------------------------------------

struct Group {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::Backend> backend;
    std::string name;
};

// The rendezvous and group as c10d builds them, without the engine's Communicator (which has
// no group for one rank, where NCCL's own initialisation still deserves a check).
Group openGroup(const ProcessState& s, const torch::Device& device) {
    c10d::TCPStoreOptions opts;
    opts.port = static_cast<std::uint16_t>(s.masterPort);
    opts.isServer = s.rank == 0;
    opts.numWorkers = static_cast<std::size_t>(s.worldSize);
    opts.waitWorkers = true;
    opts.timeout = s.rendezvousTimeout;
    opts.useLibUV = false;
    Group g;
    g.store = c10::make_intrusive<c10d::TCPStore>(s.masterAddr, opts);
    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("catapult/gpu-check/", g.store);
    if (device.is_cuda()) {
#ifdef CATAPULT_HAVE_CUDA
        auto o = c10d::ProcessGroupNCCL::Options::create();
        o->timeout = s.collectiveTimeout;
        g.backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, s.rank, s.worldSize, o);
        g.name = "nccl";
        return g;
#else
        throw std::runtime_error("this worker was built without CUDA support: no NCCL group.");
#endif
    }
    auto o = c10d::ProcessGroupGloo::Options::create(s.collectiveTimeout);
    o->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    g.backend = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, s.rank, s.worldSize, o);
    g.name = "gloo";
    return g;
}

// Each collective runs on small integers in fp32, whose results are exact.
bool allreduceIsExact(c10d::Backend& b, const ProcessState& s, const torch::TensorOptions& f) {
    std::vector<at::Tensor> t{torch::full({1 << 16}, s.rank + 1.0, f)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::SUM;
    b.allreduce(t, o)->wait();
    return t[0].eq(s.worldSize * (s.worldSize + 1) / 2.0).all().item<bool>();
}

bool allgatherIsExact(c10d::Backend& b, const ProcessState& s, const torch::TensorOptions& f) {
    auto in = torch::full({8}, static_cast<double>(s.rank), f);
    auto out = torch::empty({8 * s.worldSize}, f);
    b._allgather_base(out, in)->wait();
    return out.equal(torch::arange(s.worldSize, f).repeat_interleave(8));
}

bool reduceScatterIsExact(c10d::Backend& b, const ProcessState& s, const torch::TensorOptions& f) {
    auto in = torch::arange(8 * s.worldSize, f);  // the same on every rank: the sum is W times it
    auto out = torch::empty({8}, f);
    c10d::ReduceScatterOptions o;
    o.reduceOp = c10d::ReduceOp::SUM;
    b._reduce_scatter_base(out, in, o)->wait();
    return out.equal(torch::arange(8 * s.rank, 8 * (s.rank + 1), f) * s.worldSize);
}

bool broadcastIsExact(c10d::Backend& b, const ProcessState& s, const torch::TensorOptions& f) {
    std::vector<at::Tensor> t{torch::full({8}, s.rank == 0 ? 42.0 : -1.0, f)};
    c10d::BroadcastOptions o;
    o.rootRank = 0;
    b.broadcast(t, o)->wait();
    return t[0].eq(42.0).all().item<bool>();
}

// Ranks whose own checks failed, counted over the group (so rank 0's line speaks for all).
int64_t failedRanks(c10d::Backend& b, bool mine, const torch::TensorOptions& f) {
    std::vector<at::Tensor> t{torch::full({1}, mine ? 0.0 : 1.0, f)};
    c10d::AllreduceOptions o;
    o.reduceOp = c10d::ReduceOp::SUM;
    b.allreduce(t, o)->wait();
    return static_cast<int64_t>(t[0].item<double>());
}

int runNcclCheck(const CheckOptions&) {
    auto state = ProcessState::fromProcessEnvironment();
    if (!state.ok()) return fail("nccl", state.status().message());
    const ProcessState& s = state.value();
    const torch::Device device = checkDevice(s);
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda()) c10::cuda::set_device(device.index());
#endif
    const auto start = Clock::now();
    Group g = openGroup(s, device);
    c10d::Backend& b = *g.backend;
    const auto f = torch::TensorOptions().dtype(torch::kFloat).device(device);
    // The first collective creates the communicator.
    const bool allreduce = allreduceIsExact(b, s, f);
    const double initSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    const bool allgather = allgatherIsExact(b, s, f);
    const bool reduceScatter = reduceScatterIsExact(b, s, f);
    const bool broadcast = broadcastIsExact(b, s, f);
    const int64_t bytes = device.is_cuda() ? int64_t{256} << 20 : int64_t{8} << 20;
    std::vector<at::Tensor> payload{torch::ones({bytes / 4}, f)};
    auto once = [&] {
        b.allreduce(payload, c10d::AllreduceOptions())->wait();
        synchronize(device);
    };
    const double seconds = bestSeconds(5, once, 2);
    const int64_t failed = failedRanks(b, allreduce && allgather && reduceScatter && broadcast, f);
    b.shutdown();

    JsonObject line = header("nccl", device, s.worldSize);
    const double algbw = static_cast<double>(bytes) / seconds / 1e9;
    line.add("backend", g.name)
        .add("allreduce_exact", allreduce)
        .add("allgather_exact", allgather)
        .add("reduce_scatter_exact", reduceScatter)
        .add("broadcast_exact", broadcast)
        .add("failed_ranks", failed)
        .add("init_and_first_allreduce_s", initSeconds)
        .add("allreduce_bytes", bytes)
        .add("allreduce_s", seconds)
        .add("algbw_gbps", algbw);
    std::string summary =
        g.name + ", " + std::to_string(s.worldSize) + " rank(s): collectives " +
        (failed == 0 ? "exact" : "WRONG on " + std::to_string(failed) + " rank(s)") +
        "; all-reduce of " + std::to_string(bytes >> 20) + " MiB in " + scientific(seconds) + " s";
    if (s.worldSize > 1) {
        const double busbw = algbw * 2.0 * (s.worldSize - 1) / s.worldSize;
        line.add("busbw_gbps", busbw);
        summary += ", bus bandwidth " + fixed(busbw) + " GB/s";
    }
    finish(line, failed == 0, summary, s.rank);
    return failed == 0 ? 0 : 1;
}

// ---- dp, zero3, offload, offload3: the Accelerator against the reference trainer ------------

struct TrainOutcome {
    std::vector<double> losses;             // the global batch's mean loss of each step (before it)
    std::vector<torch::Tensor> parameters;  // full, after the last step, on every rank
    double secondsPerStep = 0;
};

// The model is initialised as the reference trainer initialises its own.
GptModel seededModel() {
    torch::manual_seed(kSeed);
    return GptModel(checkModel());
}

// One rank's part: the recipe's loop without its extras (no accumulation, the same schedule
// and clipping as the reference). `model` must outlive `acc`: ZeRO-3 finds its units by module
// address, and a model built later at a freed address would run into the old unit hooks.
TrainOutcome trainWithAccelerator(Accelerator& acc, GptModel& model, const TokenCorpus& corpus,
                                  int64_t steps) {
    const GptConfig config = checkModel();
    const TrainingSettings settings = checkSettings(steps);
    if (Status s = acc.prepare(*model); !s.ok()) throw std::runtime_error(s.message());
    auto optimizer = settings.makeOptimizer(model->parameters());
    BatchStream batches(corpus, config.seqLen, kBatchPerRank, acc.numProcesses(),
                        acc.processIndex(), kSeed, acc.device());
    TrainOutcome out;
    const auto start = Clock::now();
    for (int64_t step = 1; step <= steps; ++step) {
        TrainingSettings::setLr(*optimizer, settings.lrAt(step));
        auto guard = acc.accumulate();
        auto [x, y] = batches.next();
        torch::Tensor loss;
        {
            auto amp = acc.autocast();
            loss = model->loss(x, y);
        }
        acc.backward(loss);
        acc.clipGradNorm(settings.gradClip);
        acc.step(*optimizer);
        out.losses.push_back(acc.reduce(loss.detach().to(torch::kFloat)).item<double>());
    }
    synchronize(acc.device());
    out.secondsPerStep =
        std::chrono::duration<double>(Clock::now() - start).count() / static_cast<double>(steps);
    out.parameters = acc.gatheredParameters();
    return out;
}

struct ReferenceOutcome {
    std::vector<double> losses;
    std::vector<torch::Tensor> initial;
    std::vector<torch::Tensor> final;
};

// The plain trainer on the global batch (every rank's batch of each step, rank-major), on the
// engine's device, so that only the engine's own work differs.
ReferenceOutcome trainReference(const TokenCorpus& corpus, int worldSize, int64_t steps,
                                const torch::Device& device) {
    const GptConfig config = checkModel();
    ReferenceTrainer reference(config, checkSettings(steps), kSeed);
    reference.model()->to(device);  // parameters keep their identity: the optimizer follows them
    ReferenceOutcome out;
    for (const auto& p : reference.parameters()) out.initial.push_back(p.detach().clone());
    std::vector<std::unique_ptr<BatchStream>> ranks;
    for (int r = 0; r < worldSize; ++r)
        ranks.push_back(std::make_unique<BatchStream>(corpus, config.seqLen, kBatchPerRank,
                                                      worldSize, r, kSeed, device));
    for (int64_t step = 0; step < steps; ++step) {
        std::vector<torch::Tensor> xs, ys;
        for (auto& stream : ranks) {
            auto [x, y] = stream->next();
            xs.push_back(x);
            ys.push_back(y);
        }
        out.losses.push_back(reference.step(torch::cat(xs), torch::cat(ys)));
    }
    for (const auto& p : reference.parameters()) out.final.push_back(p.detach().clone());
    return out;
}

struct Difference {
    double maxAbs = 0;     // max |parameter - reference|
    double maxChange = 0;  // max |reference - initial|: how far training moved
    double relative = 0;   // |parameters - reference| / |reference - initial| (L2 over the model)
};

Difference compare(const std::vector<torch::Tensor>& got, const ReferenceOutcome& ref) {
    if (got.size() != ref.final.size())
        throw std::runtime_error("the engine returned " + std::to_string(got.size()) +
                                 " parameters, the reference has " +
                                 std::to_string(ref.final.size()) + ".");
    Difference d;
    double diffSquared = 0, changeSquared = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const auto g = got[i].detach().to(torch::kCPU, torch::kDouble);
        const auto r = ref.final[i].to(torch::kCPU, torch::kDouble);
        if (g.sizes() != r.sizes())
            throw std::runtime_error("parameter " + std::to_string(i) + " has another shape.");
        const auto diff = g - r, change = r - ref.initial[i].to(torch::kCPU, torch::kDouble);
        d.maxAbs = std::max(d.maxAbs, diff.abs().max().item<double>());
        d.maxChange = std::max(d.maxChange, change.abs().max().item<double>());
        diffSquared += diff.pow(2).sum().item<double>();
        changeSquared += change.pow(2).sum().item<double>();
    }
    d.relative = changeSquared > 0 ? std::sqrt(diffSquared / changeSquared)
                                   : std::numeric_limits<double>::infinity();
    return d;
}

// Page-locked host memory the CUDA host allocator holds (-1 off CUDA): where pin_memory() and
// non-blocking copies to the CPU take their buffers.
int64_t pinnedHostBytes(const torch::Device& device) {
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda())
        return at::getHostAllocator(at::kCUDA)->get_stats().allocated_bytes.current;
#endif
    (void)device;
    return -1;
}

struct TransferRates {
    // GB/s
    double deviceToPageable = 0;
    double deviceToPinned = 0;
    double pageableToDevice = 0;
    double pinnedToDevice = 0;
    bool pinned = false;  // the pinned buffer is page-locked
    bool exact = false;   // the data made the round trips unchanged
};

// What offload's shard traffic can reach on this host: copies of `bytes` between the GPU and
// pageable memory (a plain CPU tensor) and page-locked memory (pin_memory(), which also lets
// a copy run asynchronously beside compute).
TransferRates measureTransfers(const torch::Device& device, int64_t bytes) {
    const int64_t n = bytes / 4;
    auto onDevice = torch::randn({n}, torch::TensorOptions().device(device));
    auto back = torch::empty_like(onDevice);
    auto pageable = torch::empty({n});
    auto pinned = torch::empty({n}, torch::TensorOptions().pinned_memory(true));
    TransferRates r;
    r.pinned = pinned.is_pinned();
    auto rate = [&](auto&& copy) {
        const double seconds = bestSeconds(5, [&] {
            copy();
            synchronize(device);
        });
        return static_cast<double>(bytes) / seconds / 1e9;
    };
    r.deviceToPageable = rate([&] { pageable.copy_(onDevice); });
    r.deviceToPinned = rate([&] { pinned.copy_(onDevice, /*non_blocking=*/true); });
    r.pageableToDevice = rate([&] { back.copy_(pageable); });
    r.pinnedToDevice = rate([&] { back.copy_(pinned, /*non_blocking=*/true); });
    r.exact = back.equal(onDevice) && pageable.equal(pinned);
    return r;
}

// Adds the pinned-memory figures; false when pinned memory does not work on this host.
bool addTransfers(JsonObject& line, const torch::Device& device, int64_t enginePinnedBytes) {
    if (!device.is_cuda()) {
        for (const char* key :
             {"engine_pinned_host_bytes", "engine_offload_pinned", "pinned_is_page_locked",
              "transfer_bytes", "transfers_exact", "d2h_pageable_gbps", "d2h_pinned_gbps",
              "h2d_pageable_gbps", "h2d_pinned_gbps"})
            line.add(key, "skipped");
        return true;
    }
    const int64_t bytes = int64_t{256} << 20;
    const TransferRates r = measureTransfers(device, bytes);
    line.add("engine_pinned_host_bytes", enginePinnedBytes)
        .add("engine_offload_pinned", enginePinnedBytes > 0)
        .add("pinned_is_page_locked", r.pinned)
        .add("transfer_bytes", bytes)
        .add("transfers_exact", r.exact)
        .add("d2h_pageable_gbps", r.deviceToPageable)
        .add("d2h_pinned_gbps", r.deviceToPinned)
        .add("h2d_pageable_gbps", r.pageableToDevice)
        .add("h2d_pinned_gbps", r.pinnedToDevice);
    return r.pinned && r.exact;
}

struct TrainingCheck {
    const char* name;
    // The worker variables it runs under.
    std::vector<std::pair<const char*, const char*>> environment;
    bool transfers;  // also measure the pinned-memory path
};

const std::vector<TrainingCheck>& trainingChecks() {
    static const std::vector<TrainingCheck> checks = {
        {"dp", {{"ACCELERATE_USE_DEEPSPEED", "false"}}, false},
        {"zero3",
         {{"ACCELERATE_USE_DEEPSPEED", "true"},
          {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "none"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "none"}},
         false},
        {"offload",
         {{"ACCELERATE_USE_DEEPSPEED", "true"},
          {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "2"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "cpu"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "none"}},
         true},
        {"offload3",
         {{"ACCELERATE_USE_DEEPSPEED", "true"},
          {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "cpu"},
          {"ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE", "cpu"}},
         false},
    };
    return checks;
}

// fp32, one optimizer step per batch and nothing from FSDP, whatever the caller's environment
// says: the reference does exactly that.
void setCommonEnvironment() {
    ::setenv("ACCELERATE_USE_FSDP", "false", 1);
    ::setenv("ACCELERATE_MIXED_PRECISION", "no", 1);
    ::setenv("ACCELERATE_GRADIENT_ACCUMULATION_STEPS", "1", 1);
}

// Rank 0's part after training: the reference, the comparison and the line.
int reportTrainingCheck(const TrainingCheck& check, Accelerator& acc, const TokenCorpus& corpus,
                        const TrainOutcome& run, int64_t steps, int64_t enginePinned) {
    const torch::Device device = acc.device();
    const ReferenceOutcome ref = trainReference(corpus, acc.numProcesses(), steps, device);
    const Difference d = compare(run.parameters, ref);
    const double lossDiff = maxDifference(run.losses, ref.losses);
    const double tolerance = parameterTolerance(device);
    const std::string expectedBackend = acc.numProcesses() == 1 ? "none"
                                        : device.is_cuda()      ? "nccl"
                                                                : "gloo";
    JsonObject line = header(check.name, device, acc.numProcesses());
    line.add("backend", acc.backendName())
        .add("sharding", acc.shardingDescription())
        .add("steps", steps)
        .add("batch_per_rank", kBatchPerRank)
        .add("parameters", checkModel().parameterCount())
        .addRaw("losses", jsonNumbers(run.losses))
        .addRaw("reference_losses", jsonNumbers(ref.losses))
        .add("max_loss_diff", lossDiff)
        .add("max_param_diff", d.maxAbs)
        .add("max_param_change", d.maxChange)
        .add("tolerance", tolerance)
        .add("seconds_per_step", run.secondsPerStep);
    addMemory(line, device);
    const bool transfersOk = !check.transfers || addTransfers(line, device, enginePinned);
    // The comparison means something only if training moved the parameters well beyond the
    // tolerance.
    const bool pass = allFinite(run.losses) && d.maxAbs <= tolerance && lossDiff <= tolerance &&
                      d.maxChange > 10 * tolerance && acc.backendName() == expectedBackend &&
                      transfersOk;
    std::string summary = acc.shardingDescription() + " on " + std::to_string(acc.numProcesses()) +
                          " rank(s) (" + acc.backendName() + "): max |parameter - reference| " +
                          scientific(d.maxAbs) + " (tolerance " + scientific(tolerance) +
                          ", training moved them " + scientific(d.maxChange) +
                          "), max |loss - reference| " + scientific(lossDiff);
    if (check.transfers && device.is_cuda())
        summary +=
            "; pinned host memory held by the offload: " + std::to_string(enginePinned) + " bytes";
    return finish(line, pass, summary, 0);
}

int runTrainingCheck(const TrainingCheck& check, const CheckOptions& o) {
    setCommonEnvironment();
    for (const auto& [name, value] : check.environment) ::setenv(name, value, 1);
    auto state = ProcessState::fromProcessEnvironment();
    if (!state.ok()) return fail(check.name, state.status().message());
    auto corpus = loadCorpus(o);
    if (!corpus.ok()) return fail(check.name, corpus.status().message());
    GptModel model = seededModel();
    auto made = Accelerator::create(state.value());
    if (!made.ok()) return fail(check.name, made.status().message());
    Accelerator& acc = *made.value();
    const int64_t pinnedBefore = pinnedHostBytes(acc.device());
    const TrainOutcome run = trainWithAccelerator(acc, model, corpus.value(), o.steps);
    const int64_t enginePinned =
        acc.device().is_cuda() ? pinnedHostBytes(acc.device()) - pinnedBefore : -1;
    acc.waitForEveryone();
    if (!acc.isMainProcess()) return 0;
    return reportTrainingCheck(check, acc, corpus.value(), run, o.steps, enginePinned);
}

// ---- precision: bf16, and fp16 with the loss scaler, against fp32 --------------------------

// One mixed precision run against the fp32 reference: adds its figures to `line` and its verdict
// to `summary`, and returns whether it passed. Throws when the Accelerator cannot be made.
bool checkPrecision(MixedPrecision precision, const ProcessState& base, const TokenCorpus& corpus,
                    const ReferenceOutcome& ref, int64_t steps, JsonObject& line,
                    std::string& summary) {
    ProcessState s = base;
    s.mixedPrecision = precision;
    GptModel model = seededModel();
    auto made = Accelerator::create(s);
    if (!made.ok()) throw std::runtime_error(made.status().message());
    Accelerator& acc = *made.value();
    const TrainOutcome run = trainWithAccelerator(acc, model, corpus, steps);
    const Difference d = compare(run.parameters, ref);
    const double lossDiff = maxDifference(run.losses, ref.losses);
    const PrecisionTolerance tol = precisionTolerance(precision);
    const std::string k = toString(precision);
    line.addRaw(k + "_losses", jsonNumbers(run.losses))
        .add(k + "_max_loss_diff", lossDiff)
        .add(k + "_update_rel_diff", d.relative)
        .add(k + "_loss_tolerance", tol.loss)
        .add(k + "_update_tolerance", tol.update)
        .add(k + "_seconds_per_step", run.secondsPerStep);
    bool ok = allFinite(run.losses) && lossDiff <= tol.loss && lossDiff > 0;
    // A step the fp16 scaler skipped is the scaler working, but the reference took that step:
    // then the updates differ by design and only the losses are compared.
    if (precision != MixedPrecision::Fp16 || acc.skippedSteps() == 0)
        ok = ok && d.relative <= tol.update;
    summary += (summary.empty() ? "" : "; ") + k + ": max |loss - fp32| " + scientific(lossDiff) +
               ", update off by " + scientific(d.relative);
    if (precision == MixedPrecision::Fp16) {
        line.add("fp16_loss_scale", acc.lossScale()).add("fp16_skipped_steps", acc.skippedSteps());
        ok = ok && std::isfinite(acc.lossScale()) && acc.lossScale() > 0 &&
             acc.skippedSteps() < steps;
        summary += ", loss scale " + std::to_string(static_cast<int64_t>(acc.lossScale())) + ", " +
                   std::to_string(acc.skippedSteps()) + " skipped";
    }
    if (!ok) summary += " (beyond tolerance)";
    return ok;
}

int runPrecisionCheck(const CheckOptions& o) {
    setCommonEnvironment();
    ::setenv("ACCELERATE_USE_DEEPSPEED", "false", 1);
    auto state = ProcessState::fromProcessEnvironment();
    if (!state.ok()) return fail("precision", state.status().message());
    if (state.value().worldSize != 1)
        return fail("precision",
                    "runs on one rank (two Accelerators, one after the other); WORLD_SIZE is " +
                        std::to_string(state.value().worldSize) + ".");
    auto corpus = loadCorpus(o);
    if (!corpus.ok()) return fail("precision", corpus.status().message());
    const torch::Device device = checkDevice(state.value());
    const ReferenceOutcome ref = trainReference(corpus.value(), 1, o.steps, device);
    JsonObject line = header("precision", device, 1);
    line.add("steps", o.steps).addRaw("fp32_losses", jsonNumbers(ref.losses));
    std::string summary;
    const bool bf16 = checkPrecision(MixedPrecision::Bf16, state.value(), corpus.value(), ref,
                                     o.steps, line, summary);
    const bool fp16 = checkPrecision(MixedPrecision::Fp16, state.value(), corpus.value(), ref,
                                     o.steps, line, summary);
    addMemory(line, device);
    return finish(line, bf16 && fp16, summary, 0);
}

// The step and its flags; an error names what is wrong.
Status parseOptions(const std::vector<std::string>& args, std::string& step, CheckOptions& o) {
    std::vector<std::string> steps;
    WorkerFlags flags("gpu-check");
    flags.positional("step", steps, "nccl, dp, zero3, offload, offload3 or precision")->required();
    flags.add("--corpus", o.corpus, "text to train on");
    flags.add("--steps", o.steps, "training steps of each check")->check(WorkerFlags::atLeast(1));
    if (Status s = flags.parse(args); !s.ok()) return s;
    if (steps.size() != 1) return Status::error("gpu-check: one step at a time (catapult-worker gpu-check --help)");
    step = steps.front();
    return Status::success();
}

}  // namespace

int runGpuCheck(const std::vector<std::string>& args) {
    const char* usage =
        "usage: catapult-worker gpu-check nccl|dp|zero3|offload|offload3|precision "
        "[--corpus FILE] [--steps N]\n";
    CheckOptions o;
    std::string step;
    if (Status s = parseOptions(args, step, o); !s.ok()) {
        std::fprintf(stderr, "%s\n%s", s.message().c_str(), usage);
        return 2;
    }
    try {
        if (step == "nccl") return runNcclCheck(o);
        if (step == "precision") return runPrecisionCheck(o);
        for (const TrainingCheck& check : trainingChecks())
            if (step == check.name) return runTrainingCheck(check, o);
    } catch (const std::exception& e) {
        return fail(step, e.what());
    }
    std::fputs(usage, stderr);
    return 2;
}

}  // namespace catapult
