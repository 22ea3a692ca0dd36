#pragma once
// `catapult-worker bench fp8 [--size N] [--width W] [--layers L] [--heads H] [--seq_len T]
//                            [--batch_size B] [--steps S] [--warmup K]`, one process:
//  1. matrix product throughput at N x N x N: bf16 torch::mm against FP8 at::_scaled_mm
//     (e4m3 x e4m3, tensorwise scales, fast accumulation, bf16 result; operands quantized
//     beforehand, as GEMM benchmarks do), in TFLOP/s;
//  2. end-to-end training step time of the GPT recipe (AdamW, random tokens) with
//     mixed_precision bf16 against fp8, and the peak memory of each (CUDA peak allocated on a
//     GPU, peak RSS on CPU, where the second run's figure includes the first's).
// Defaults: on a GPU N 8192, width 4096, 4 layers, 32 heads, seq 1024, batch 8, 20 timed steps
// after 5; on CPU N 1024, width 128, 2 layers, 4 heads, seq 64, batch 8, 5 after 2 (CPU bf16
// and FP8 are emulated: the CPU part checks the path, not the speed). The last line printed is one JSON object.

#include <string>
#include <vector>

namespace catapult {

int runFp8Benchmark(const std::vector<std::string>& args);

}  // namespace catapult
