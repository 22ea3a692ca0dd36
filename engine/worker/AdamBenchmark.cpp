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

}  // namespace

int runAdamBenchmark(const std::vector<std::string>& args) {
    std::map<std::string, int64_t> v = {{"--parameters", 50'000'000}, {"--tensors", 24}, {"--steps", 5}};
    if (!parseIntegerOptions(args, v, "adam")) return 2;
    torch::manual_seed(0);
    const auto base = makeParameters(v["--parameters"], v["--tensors"]);
    auto forTorch = copies(base), forCatapult = copies(base);
    torch::optim::AdamW reference(forTorch, torch::optim::AdamWOptions(1e-3).betas({0.9, 0.95}).weight_decay(0.1));
    CpuAdamW fused(forCatapult, {1e-3, 0.9, 0.95, 1e-8, 0.1});
    const int steps = static_cast<int>(v["--steps"]);
    torch::NoGradGuard noGrad;
    const double torchSeconds = bestSeconds(steps, [&] { reference.step(); }, 0);
    const double fusedSeconds = bestSeconds(steps, [&] { fused.step(); }, 0);
    double maxRelative = 0;
    for (std::size_t i = 0; i < base.size(); ++i)
        maxRelative = std::max(maxRelative, (forCatapult[i] - forTorch[i]).abs().max().item<double>() /
                                                forTorch[i].abs().max().item<double>());
    const double n = static_cast<double>(v["--parameters"]);
    std::printf("AdamW step over %.0fM fp32 parameters, %d thread(s): torch::optim::AdamW %.1f ms, CpuAdamW %.1f ms (%.2fx); "
                "max |difference| / max |parameter| after %d steps %.2e\n",
                n / 1e6, torch::get_num_threads(), 1e3 * torchSeconds, 1e3 * fusedSeconds, torchSeconds / fusedSeconds, steps,
                maxRelative);
    JsonObject out;
    out.add("bench", "adam").add("parameters", v["--parameters"]).add("threads", torch::get_num_threads())
        .add("torch_adamw_step_s", torchSeconds).add("cpu_adamw_step_s", fusedSeconds)
        .add("speedup", torchSeconds / fusedSeconds).add("torch_gparams_per_s", n / torchSeconds / 1e9)
        .add("cpu_adamw_gparams_per_s", n / fusedSeconds / 1e9).add("max_relative_difference", maxRelative);
    std::printf("%s\n", out.str().c_str());
    return 0;
}

}  // namespace catapult
