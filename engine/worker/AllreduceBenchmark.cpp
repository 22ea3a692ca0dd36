#include "AllreduceBenchmark.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>

#include "BenchSupport.h"
#include "Communicator.h"
#include "DataParallel.h"
#include "catapult/MetricsWriter.h"
#include "catapult/ProcessState.h"

namespace catapult {
namespace {

// As in training: attach() points every .grad into its bucket, and backward writes there.
void fillBucketGradients(DataParallel& dp, const std::vector<torch::Tensor>& params, float value) {
    dp.attach(params);
    for (std::size_t k = 0; k < params.size(); ++k) {
        if (!dp.gradIsBucketView(k)) throw std::logic_error("a gradient is not a view of its bucket");
        params[k].mutable_grad().fill_(value);
    }
}

}  // namespace

int runAllreduceBenchmark(const std::vector<std::string>& args) {
    std::map<std::string, int64_t> v = {{"--bytes", 64ll << 20}, {"--iterations", 10}, {"--parameters", 64}};
    if (!parseIntegerOptions(args, v, "allreduce")) return 2;
    const int64_t bytes = v["--bytes"];
    const int iterations = static_cast<int>(v["--iterations"]);
    const int64_t parameterCount = v["--parameters"];
    auto state = ProcessState::fromProcessEnvironment();
    if (!state.ok()) {
        std::fprintf(stderr, "%s\n", state.status().message().c_str());
        return 1;
    }
    try {
        const ProcessState& s = state.value();
        torch::Device device = (!s.useCpu && torch::cuda::is_available()) ? torch::Device(torch::kCUDA, s.localRank)
                                                                          : torch::Device(torch::kCPU);
        auto comm = Communicator::connect(s, device);
        const int64_t each = bytes / 4 / parameterCount;
        std::vector<torch::Tensor> params;
        for (int64_t i = 0; i < parameterCount; ++i)
            params.push_back(torch::zeros({each}, torch::TensorOptions().device(device).requires_grad(true)));
        DataParallel dp(*comm, {});
        fillBucketGradients(dp, params, static_cast<float>(s.rank + 1));
        auto sync = [&] {
            if (device.is_cuda()) torch::cuda::synchronize(device.index());
        };
        const double engineSeconds = bestSeconds(iterations, [&] {
            dp.beginBackward(true);
            for (std::size_t k = params.size(); k-- > 0;) dp.markReady(k);
            dp.finishBackward();
            sync();
        });
        torch::Tensor flat = torch::ones({each * parameterCount}, torch::TensorOptions().device(device));
        const double rawSeconds = bestSeconds(iterations, [&] {
            comm->allreduceSum(flat);
            flat.div_(s.worldSize);
            sync();
        });
        // Every rank holds (r + 1) before averaging: the mean is (W + 1) / 2.
        const double expected = (s.worldSize + 1) / 2.0;
        const double got = params.front().grad()[0].item<double>();
        if (std::abs(got - expected) > 1e-4) {
            std::fprintf(stderr, "bench allreduce: wrong average %f, expected %f\n", got, expected);
            return 1;
        }
        const double payload = static_cast<double>(each * parameterCount * 4);
        const double busFactor = 2.0 * (s.worldSize - 1) / s.worldSize;
        if (s.rank == 0) {
            JsonObject o;
            o.add("type", "bench").add("name", "allreduce").add("backend", comm->backendName())
                .add("world_size", s.worldSize).add("bytes", static_cast<int64_t>(payload))
                .add("parameters", parameterCount).add("buckets", static_cast<int64_t>(dp.bucketCount()))
                .add("engine_seconds", engineSeconds).add("raw_seconds", rawSeconds)
                .add("engine_busbw_gbps", busFactor * payload / engineSeconds / 1e9)
                .add("raw_busbw_gbps", busFactor * payload / rawSeconds / 1e9)
                .add("engine_vs_raw", rawSeconds / engineSeconds);
            std::printf("%s\n", o.str().c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench allreduce failed on rank %s: %s\n", std::getenv("RANK") ? std::getenv("RANK") : "0",
                     e.what());
        return 1;
    }
    return 0;
}

}  // namespace catapult
