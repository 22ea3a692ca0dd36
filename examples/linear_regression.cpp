// A user's own training loop on the Accelerator API: fit y = 3x - 2 (plus noise) with a tiny
// MLP, data parallel over however many processes `catapult launch` starts.
//
//   catapult launch --num_processes 2 --cpu -- build/bin/example_linear_regression
//
// With a run directory (CATAPULT_RUN_DIR, set by `catapult launch`) it checkpoints after every
// epoch; started with `catapult launch --resume RUN_OR_DIR` (CATAPULT_RESUME_FROM) it continues
// from the newest usable checkpoint there.
//
// Exits 0 when the fitted function is within 0.05 of the truth at x = 0.5, 1 otherwise.

#include <catapult/Accelerator.h>
#include <catapult/ShardedSampler.h>
#include <torch/torch.h>

#include <cstdlib>
#include <iostream>
#include <string>

int main() {
    auto made = catapult::Accelerator::create();
    if (!made.ok()) {
        std::cerr << made.status().message() << "\n";
        return 1;
    }
    catapult::Accelerator& acc = *made.value();

    // The dataset: the same on every rank (seeded); each rank trains on its own shard.
    torch::manual_seed(0);
    const int64_t n = 4096;
    auto x = torch::rand({n, 1}) * 2 - 1;
    auto y = 3 * x - 2 + 0.01 * torch::randn({n, 1});

    auto model = torch::nn::Sequential(torch::nn::Linear(1, 16), torch::nn::Tanh(), torch::nn::Linear(16, 1));
    if (auto prepared = acc.prepare(*model); !prepared.ok()) {
        std::cerr << prepared.message() << "\n";
        return 1;
    }
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-2));
    catapult::ShardedSampler sampler(n, acc.numProcesses(), acc.processIndex(), /*seed=*/1);

    int firstEpoch = 0;
    if (const char* from = std::getenv("CATAPULT_RESUME_FROM")) {
        auto loaded = acc.loadState(from, optimizer);
        if (!loaded.ok()) {
            std::cerr << loaded.status().message() << "\n";
            return 1;
        }
        firstEpoch = static_cast<int>(loaded.value().state.step);
        acc.print("resumed after epoch " + std::to_string(firstEpoch) + " from " + loaded.value().directory);
    }
    const char* runDir = std::getenv("CATAPULT_RUN_DIR");

    const int64_t batch = 64;
    for (int epoch = firstEpoch; epoch < 20; ++epoch) {
        const auto shard = sampler.indices(epoch);
        for (std::size_t start = 0; start + batch <= shard.size(); start += batch) {
            std::vector<int64_t> rows(shard.begin() + start, shard.begin() + start + batch);
            auto index = torch::tensor(rows);
            auto guard = acc.accumulate();
            auto loss = torch::mse_loss(model->forward(x.index_select(0, index).to(acc.device())),
                                        y.index_select(0, index).to(acc.device()));
            acc.backward(loss);
            if (acc.syncGradients()) acc.clipGradNorm(1.0);
            acc.step(optimizer);
        }
        auto epochLoss = acc.reduce(torch::mse_loss(model->forward(x.to(acc.device())), y.to(acc.device())));
        acc.log({{"loss", epochLoss.item<double>()}, {"epoch", epoch}}, epoch + 1);
        if (runDir) {
            auto saved = acc.saveState(std::string(runDir) + "/checkpoints", optimizer, {epoch + 1, {}}, /*keepLast=*/2);
            if (!saved.ok()) acc.print(saved.status().message());  // training goes on
        }
    }
    const double at = model->forward(torch::full({1, 1}, 0.5).to(acc.device())).item<double>();
    acc.print("f(0.5) = " + std::to_string(at) + " (truth -0.5) on " + std::to_string(acc.numProcesses()) +
              " process(es), backend " + acc.backendName());
    return std::abs(at - (-0.5)) < 0.05 ? 0 : 1;
}
