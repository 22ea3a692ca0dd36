#pragma once
// `catapult-worker bench adam [--parameters N] [--tensors K] [--steps S]`: one optimizer step
// over N fp32 parameters (in K tensors) with torch::optim::AdamW against catapult::CpuAdamW,
// with the same intra-op threads (OMP_NUM_THREADS), plus the largest relative difference of
// the parameters after S steps. The last line printed is one JSON object.

#include <string>
#include <vector>

namespace catapult {

int runAdamBenchmark(const std::vector<std::string>& args);

}  // namespace catapult
