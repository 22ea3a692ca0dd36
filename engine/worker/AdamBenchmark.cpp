#include "AdamBenchmark.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "BenchSupport.h"
#include "catapult/CpuAdamW.h"
#include "catapult/MetricsWriter.h"

namespace catapult {
namespace {

constexpr double kLr = 1e-3, kBeta1 = 0.9, kBeta2 = 0.95, kEps = 1e-8, kDecay = 0.1;
// An AdamW step reads parameter, gradient and both moments and writes parameter and moments:
// 7 x 4 bytes, or 3 x 4 + 4 x 2 with the moments in bf16.
constexpr double kBytesPerParameter = 28;
constexpr double kBytesPerParameterBf16Moments = 20;

std::vector<torch::Tensor> makeParameters(int64_t total, int64_t tensors) {
    std::vector<torch::Tensor> out;
    const int64_t each = total / tensors;
    for (int64_t i = 0; i < tensors; ++i) {
        auto p = torch::randn({i + 1 == tensors ? total - each * (tensors - 1) : each});
        p.mutable_grad() = torch::randn_like(p) * 1e-2;
        out.push_back(p);
    }
    return out;
}

std::vector<torch::Tensor> copies(const std::vector<torch::Tensor>& params) {
    std::vector<torch::Tensor> out;
    for (const auto& p : params) {
        auto c = p.detach().clone();
        c.mutable_grad() = p.grad().clone();
        out.push_back(c);
    }
    return out;
}

// PyTorch's fastest CPU AdamW, torch.optim.AdamW(fused=True): the _fused_adamw_ op over every tensor at once.
struct TorchFused {
    std::vector<torch::Tensor> params, grads, expAvg, expAvgSq, steps;
    explicit TorchFused(const std::vector<torch::Tensor>& ps) {
        for (const auto& p : ps) {
            params.push_back(p);
            grads.push_back(p.grad());
            expAvg.push_back(torch::zeros_like(p));
            expAvgSq.push_back(torch::zeros_like(p));
            steps.push_back(torch::zeros({}, torch::kFloat));
        }
    }
    void step() {
        for (auto& s : steps) s.add_(1);
        at::_fused_adamw_(params, grads, expAvg, expAvgSq, {}, steps, kLr, kBeta1, kBeta2, kDecay, kEps, false, false);
    }
};

// STREAM's triad a = b + s * c over arrays far larger than the caches: bytes counted as STREAM
// counts them (3 x 4 per element), per second.
double triadBandwidth(int steps) {
    const int64_t n = 32'000'000;
    torch::Tensor a = torch::empty({n}), b = torch::rand({n}), c = torch::rand({n});
    const double seconds = bestSeconds(steps, [&] { torch::add_out(a, b, c, 3.0); });
    return 12.0 * static_cast<double>(n) / seconds;
}

double maxRelativeDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>() / b[i].abs().max().item<double>());
    return worst;
}

struct Row {
    JsonObject json;
    double vsFused = 0, bandwidthFraction = 0;
};

// CpuAdamW with its moments in bf16, on its own copy: reported apart from the fp32 comparison.
JsonObject measureBf16Moments(const std::vector<torch::Tensor>& base, int steps, double n, double fusedSeconds,
                              double triad) {
    auto params = copies(base);
    CpuAdamW ours(params, {kLr, kBeta1, kBeta2, kEps, kDecay, MomentStorage::Bf16});
    const double seconds = bestSeconds(steps, [&] { ours.step(); }, 0);
    const double bandwidth = kBytesPerParameterBf16Moments * n / seconds;
    std::printf("    CpuAdamW with bf16 moments %.1f ms: %.2fx the fused op (fp32 moments); %.1f GB/s moved, %.0f%% of triad\n",
                1e3 * seconds, fusedSeconds / seconds, bandwidth / 1e9, 100 * bandwidth / triad);
    JsonObject o;
    o.add("step_s", seconds).add("vs_torch_fused", fusedSeconds / seconds).add("bandwidth_bytes_per_s", bandwidth)
        .add("bandwidth_fraction", bandwidth / triad);
    return o;
}

// One thread count: the three optimizers side by side on copies of the same parameters.
Row measure(const std::vector<torch::Tensor>& base, int threads, int steps, double n) {
    torch::set_num_threads(threads);
    auto forTorch = copies(base), forFused = copies(base), forCatapult = copies(base);
    torch::optim::AdamW reference(forTorch, torch::optim::AdamWOptions(kLr).betas({kBeta1, kBeta2}).weight_decay(kDecay).eps(kEps));
    TorchFused fused(forFused);
    CpuAdamW ours(forCatapult, {kLr, kBeta1, kBeta2, kEps, kDecay});
    const double triad = triadBandwidth(steps);
    const double torchSeconds = bestSeconds(steps, [&] { reference.step(); }, 0);
    const double fusedSeconds = bestSeconds(steps, [&] { fused.step(); }, 0);
    const double oursSeconds = bestSeconds(steps, [&] { ours.step(); }, 0);
    const double bandwidth = kBytesPerParameter * n / oursSeconds;
    std::printf("%d thread(s): torch::optim::AdamW %.1f ms | _fused_adamw_ %.1f ms | CpuAdamW %.1f ms: %.2fx the fused op, "
                "%.2fx AdamW; %.1f GB/s moved, %.0f%% of triad %.1f GB/s; max |ours - fused| / max |p| %.1e\n",
                threads, 1e3 * torchSeconds, 1e3 * fusedSeconds, 1e3 * oursSeconds, fusedSeconds / oursSeconds,
                torchSeconds / oursSeconds, bandwidth / 1e9, 100 * bandwidth / triad, triad / 1e9,
                maxRelativeDifference(forCatapult, forFused));
    JsonObject row;
    row.add("threads", threads).add("torch_adamw_step_s", torchSeconds).add("torch_fused_step_s", fusedSeconds)
        .add("cpu_adamw_step_s", oursSeconds).add("catapult_vs_torch_fused", fusedSeconds / oursSeconds)
        .add("catapult_vs_torch_adamw", torchSeconds / oursSeconds).add("bandwidth_bytes_per_s", bandwidth)
        .add("triad_bytes_per_s", triad).add("bandwidth_fraction", bandwidth / triad)
        .add("max_relative_difference_vs_fused", maxRelativeDifference(forCatapult, forFused))
        .addRaw("bf16_moments", measureBf16Moments(base, steps, n, fusedSeconds, triad).str());
    return {row, fusedSeconds / oursSeconds, bandwidth / triad};
}

}  // namespace

int runAdamBenchmark(const std::vector<std::string>& args) {
    std::map<std::string, int64_t> v = {{"--parameters", 50'000'000}, {"--tensors", 24}, {"--steps", 5}};
    if (!parseIntegerOptions(args, v, "adam")) return 2;
    torch::manual_seed(0);
    const auto base = makeParameters(v["--parameters"], v["--tensors"]);
    const double n = static_cast<double>(v["--parameters"]);
    const int all = torch::get_num_threads(), steps = static_cast<int>(v["--steps"]);
    std::printf("AdamW step over %.0fM fp32 parameters in %lld tensors (%g bytes moved per parameter), best of %d:\n", n / 1e6,
                static_cast<long long>(v["--tensors"]), kBytesPerParameter, steps);
    torch::NoGradGuard noGrad;
    std::vector<Row> rows{measure(base, 1, steps, n)};
    if (all > 1) rows.push_back(measure(base, all, steps, n));
    torch::set_num_threads(all);
    // The headline figures are the worse of the thread counts.
    double vsFused = 1e30, fraction = 1e30;
    JsonObject out;
    out.add("bench", "adam").add("parameters", v["--parameters"]).add("tensors", v["--tensors"]).add("threads", all);
    for (const Row& r : rows) {
        vsFused = std::min(vsFused, r.vsFused);
        fraction = std::min(fraction, r.bandwidthFraction);
    }
    out.add("catapult_vs_torch_fused", vsFused).add("bandwidth_fraction", fraction).addRaw("threads_1", rows.front().json.str());
    if (rows.size() > 1) out.addRaw("threads_all", rows.back().json.str());
    std::printf("%s\n", out.str().c_str());
    return 0;
}

}  // namespace catapult
