#pragma once
// The Accelerator's state, shared by its implementation files (Accelerator.cpp,
// AcceleratorCheckpoint.cpp). Internal to the engine.

#include <memory>
#include <string>
#include <vector>

#include "Communicator.h"
#include "GradientSync.h"
#include "LossScaler.h"
#include "ZeroSharding.h"
#include "catapult/Accelerator.h"

namespace catapult {

class MetricsWriter;

struct Accelerator::Impl {
    ProcessState state;
    AcceleratorOptions options;
    torch::Device device{torch::kCPU};
    std::unique_ptr<Communicator> comm;
    std::unique_ptr<GradientSync> sync;     // data parallel (ZeRO stage 0) or one process
    std::unique_ptr<ZeroSharding> zero;     // ZeRO stages 1-3
    std::vector<torch::Tensor> parameters;
    std::vector<std::string> parameterNames;  // model.named_parameters() names of `parameters`
    torch::nn::Module* model = nullptr;        // the prepared model (not owned)
    MetricsWriter* writer = nullptr;
    std::unique_ptr<LossScaler> scaler;  // fp16 only
    int64_t microStep = 0;
    bool inAccumulate = false;
    bool syncNow = true;
};

}  // namespace catapult
