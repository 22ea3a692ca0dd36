#include "Fp8Benchmark.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "BenchSupport.h"
#include "MemoryStats.h"
#include "catapult/Accelerator.h"
#include "catapult/Fp8Linear.h"
#include "catapult/GptModel.h"
#include "catapult/MetricsWriter.h"
#ifdef CATAPULT_HAVE_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#endif

namespace catapult {
namespace {

using Clock = std::chrono::steady_clock;

void synchronize(const torch::Device& d) {
    if (d.is_cuda()) torch::cuda::synchronize(d.index());
}

template <typename F>
double secondsPerCall(const torch::Device& d, int warmup, int iterations, F&& f) {
    for (int i = 0; i < warmup; ++i) f();
    synchronize(d);
    const auto t0 = Clock::now();
    for (int i = 0; i < iterations; ++i) f();
    synchronize(d);
    return std::chrono::duration<double>(Clock::now() - t0).count() / iterations;
}

struct StepResult {
    double seconds = 0;
    int64_t peakBytes = 0;
    double loss = 0;
};

StepResult trainSteps(MixedPrecision precision, const torch::Device& device, const GptConfig& model, int64_t batch,
                      int steps, int warmup) {
    ProcessState s;
    s.useCpu = !device.is_cuda();
    s.mixedPrecision = precision;
    auto made = Accelerator::create(s);
    if (!made.ok()) throw std::runtime_error(made.status().message());
    Accelerator& acc = *made.value();
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda()) {
        c10::cuda::CUDACachingAllocator::emptyCache();
        c10::cuda::CUDACachingAllocator::resetPeakStats(device.index());
    }
#endif
    torch::manual_seed(1);
    GptModel gpt(model);
    if (Status s = acc.prepare(*gpt); !s.ok()) throw std::runtime_error(s.message());
    torch::optim::AdamW optimizer(gpt->parameters(), torch::optim::AdamWOptions(3e-4));
    const auto tokens = torch::TensorOptions().dtype(torch::kLong).device(acc.device());
    auto x = torch::randint(0, model.vocabSize, {batch, model.seqLen}, tokens);
    auto y = torch::randint(0, model.vocabSize, {batch, model.seqLen}, tokens);
    StepResult r;
    r.seconds = secondsPerCall(acc.device(), warmup, steps, [&] {
        auto guard = acc.accumulate();
        torch::Tensor loss;
        {
            auto amp = acc.autocast();
            loss = gpt->loss(x, y);
        }
        acc.backward(loss);
        acc.clipGradNorm(1.0);
        acc.step(optimizer);
        r.loss = loss.item<double>();
    });
    const MemorySample m = sampleMemory(acc.device());
    r.peakBytes = m.cudaPeakBytes >= 0 ? m.cudaPeakBytes : m.peakRssBytes;
    return r;
}

}  // namespace

int runFp8Benchmark(const std::vector<std::string>& args) {
    const bool gpu = torch::cuda::is_available();
    const torch::Device device = gpu ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    std::map<std::string, int64_t> v = {{"--size", gpu ? 8192 : 1024}, {"--width", gpu ? 4096 : 128},
                                        {"--layers", gpu ? 4 : 2},     {"--heads", gpu ? 32 : 4},
                                        {"--seq_len", gpu ? 1024 : 64}, {"--batch_size", 8},
                                        {"--steps", gpu ? 20 : 5},     {"--warmup", gpu ? 5 : 2}};
    if (!parseIntegerOptions(args, v, "fp8")) return 2;
    try {
        const int64_t n = v["--size"];
        const auto bf = torch::TensorOptions().dtype(torch::kBFloat16).device(device);
        auto a = torch::randn({n, n}, bf), b = torch::randn({n, n}, bf);
        const int iterations = gpu ? 50 : 3;
        const double bf16Seconds = secondsPerCall(device, 2, iterations, [&] { (void)torch::mm(a, b.t()); });
        const auto sa = torch::ones({}, torch::TensorOptions().dtype(torch::kFloat).device(device));
        auto aq = a.clamp(-448, 448).to(at::kFloat8_e4m3fn), bq = b.clamp(-448, 448).to(at::kFloat8_e4m3fn);
        const double fp8Seconds = secondsPerCall(device, 2, iterations, [&] {
            (void)scaledMatmul(aq, bq.t(), sa, sa, at::kBFloat16, true);
        });
        const double flops = 2.0 * static_cast<double>(n) * n * n;
        const double bf16Tflops = flops / bf16Seconds / 1e12, fp8Tflops = flops / fp8Seconds / 1e12;
        std::printf("matrix product %lld^3 on %s: bf16 %.2f TFLOP/s, fp8 %.2f TFLOP/s (%.2fx)\n", static_cast<long long>(n),
                    device.str().c_str(), bf16Tflops, fp8Tflops, fp8Tflops / bf16Tflops);
        std::fflush(stdout);

        GptConfig model;
        model.width = v["--width"];
        model.layers = v["--layers"];
        model.heads = v["--heads"];
        model.seqLen = v["--seq_len"];
        if (Status st = model.validate(); !st.ok()) throw std::runtime_error(st.message());
        const int steps = static_cast<int>(v["--steps"]), warmup = static_cast<int>(v["--warmup"]);
        const StepResult b16 = trainSteps(MixedPrecision::Bf16, device, model, v["--batch_size"], steps, warmup);
        std::printf("GPT width %lld, %lld layers, seq %lld, batch %lld: bf16 %.4f s/step, peak %lld bytes\n",
                    static_cast<long long>(model.width), static_cast<long long>(model.layers),
                    static_cast<long long>(model.seqLen), static_cast<long long>(v["--batch_size"]), b16.seconds,
                    static_cast<long long>(b16.peakBytes));
        std::fflush(stdout);
        const StepResult f8 = trainSteps(MixedPrecision::Fp8, device, model, v["--batch_size"], steps, warmup);
        std::printf("                                    fp8  %.4f s/step, peak %lld bytes (%.2fx faster end to end)\n",
                    f8.seconds, static_cast<long long>(f8.peakBytes), b16.seconds / f8.seconds);
        JsonObject out;
        out.add("bench", "fp8").add("device", device.str()).add("gemm_size", n)
            .add("bf16_gemm_tflops", bf16Tflops).add("fp8_gemm_tflops", fp8Tflops).add("gemm_speedup", fp8Tflops / bf16Tflops)
            .add("width", model.width).add("layers", model.layers).add("seq_len", model.seqLen)
            .add("batch_size", v["--batch_size"]).add("bf16_step_s", b16.seconds).add("fp8_step_s", f8.seconds)
            .add("end_to_end_speedup", b16.seconds / f8.seconds).add("bf16_peak_bytes", b16.peakBytes)
            .add("fp8_peak_bytes", f8.peakBytes).add("peak_is", gpu ? "cuda_peak_allocated" : "process_peak_rss")
            .add("bf16_loss", b16.loss).add("fp8_loss", f8.loss);
        std::printf("%s\n", out.str().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench fp8: %s\n", e.what());
        return 1;
    }
    return 0;
}

}  // namespace catapult
