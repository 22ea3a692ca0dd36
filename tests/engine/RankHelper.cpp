#include "RankHelper.h"

#include <torch/torch.h>

#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "TestSupport.h"
#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/TokenCorpus.h"
#include "catapult/GptModel.h"
#include "WorkerFlags.h"

namespace catapult::test {

GptConfig helperModel() { return GptConfig{.layers = 2, .heads = 2, .width = 32, .seqLen = 32}; }

TrainingSettings helperSettings(int64_t steps) {
    return TrainingSettings{.lr = 1e-3, .warmupSteps = 2, .totalSteps = steps, .gradClip = 1.0};
}

torch::Tensor autocastLoss(Accelerator& acc, GptModel& model, const torch::Tensor& x, const torch::Tensor& y) {
    auto amp = acc.autocast();
    return model->loss(x, y);
}

void prepareOrFail(Accelerator& acc, torch::nn::Module& model) {
    if (Status s = acc.prepare(model); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.message().c_str());
        std::abort();
    }
}

namespace {

// The test binary itself, as /proc/self/exe names it.
std::string thisProgram() {
    char path[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    return n > 0 ? std::string(path, static_cast<std::size_t>(n)) : std::string("/proc/self/exe");
}

}  // namespace

RanksOutcome launchRanks(int ranks, const std::string& program, const std::vector<std::string>& argv,
                         const std::string& runDir, const std::map<std::string, std::string>& environment,
                         MixedPrecision mixedPrecision, int accumulation) {
    ProcessState state;  // what the launcher gives a CPU rank of this machine (app/LaunchPlan.cpp)
    state.worldSize = ranks;
    state.localWorldSize = ranks;
    state.masterPort = freePort();
    state.useCpu = true;
    state.mixedPrecision = mixedPrecision;
    state.gradientAccumulationSteps = accumulation;
    state.ompNumThreads = 1;
    state.runDir = runDir;
    std::vector<RankCommand> commands;
    for (int rank = 0; rank < ranks; ++rank) {
        state.rank = rank;
        state.localRank = rank;
        RankCommand c{program, argv, processEnvironment()};
        for (const auto& [name, value] : environment) c.environment[name] = value;
        for (const auto& [name, value] : state.toEnvironment()) c.environment[name] = value;
        commands.push_back(std::move(c));
    }
    return runLocalRanks(commands, std::chrono::minutes(5));
}

RanksOutcome launchRankHelpers(int ranks, const std::vector<std::string>& helperArgs, const std::string& runDir,
                               MixedPrecision mixedPrecision, int accumulation,
                               const std::map<std::string, std::string>& environment) {
    std::vector<std::string> argv{thisProgram(), "--rank-helper"};
    argv.insert(argv.end(), helperArgs.begin(), helperArgs.end());
    return launchRanks(ranks, "/proc/self/exe", argv, runDir, environment, mixedPrecision, accumulation);
}

int runRankHelper(int argc, char** argv) {
    int64_t steps = 5;
    int64_t batch = kHelperBatch;
    std::string lossesOut, gradsOut, footprintOut;
    std::string out;
    WorkerFlags flags("rank-helper");  // the worker's own flag rules
    flags.add("--steps", steps, "optimizer steps")->check(WorkerFlags::positive());
    flags.add("--batch", batch, "micro-batch per rank")->check(WorkerFlags::positive());
    flags.add("--losses", lossesOut, "every micro-step's reduced loss, as a tensor file");
    flags.add("--first_grads", gradsOut, "the first step's gradients, as tensor files");
    flags.add("--out", out, "the final parameters, as tensor files")->required();
    flags.add("--footprint", footprintOut, "model state bytes per rank after step 2, FILE.<rank>");
    if (Status s = flags.parse(std::vector<std::string>(argv + 2, argv + argc)); !s.ok()) {
        std::fprintf(stderr, "%s\n%s", s.message().c_str(), flags.usage().c_str());
        return 2;
    }
    auto made = Accelerator::create();
    if (!made.ok()) {
        std::fprintf(stderr, "%s\n", made.status().message().c_str());
        return 1;
    }
    Accelerator& acc = *made.value();
    auto corpus = TokenCorpus::load(TokenCorpus::defaultPaths());
    if (!corpus.ok()) return 1;
    const TrainingSettings settings = helperSettings(steps);
    torch::manual_seed(kHelperSeed);
    GptModel model(helperModel());
    prepareOrFail(acc, *model);
    auto optimizer = settings.makeOptimizer(model->parameters());
    BatchStream batches(corpus.value(), helperModel().seqLen, batch, acc.numProcesses(), acc.processIndex(),
                        kHelperSeed, acc.device());
    std::vector<double> losses;
    for (int64_t step = 1; step <= steps; ++step) {
        TrainingSettings::setLr(*optimizer, settings.lrAt(step));
        for (int micro = 0; micro < acc.gradientAccumulationSteps(); ++micro) {
            auto guard = acc.accumulate();
            auto [x, y] = batches.next();
            const torch::Tensor loss = autocastLoss(acc, model, x, y);
            acc.backward(loss);
            losses.push_back(acc.reduce(loss.detach()).item<double>());
            if (step == 1 && !gradsOut.empty() && acc.isMainProcess()) {
                std::vector<torch::Tensor> grads;
                for (auto& p : model->parameters()) grads.push_back(p.grad().clone());
                torch::save(grads, gradsOut);
            }
            if (acc.syncGradients()) acc.clipGradNorm(settings.gradClip);
            if (step == 2 && micro == 0 && !footprintOut.empty()) {  // after backward, with optimizer state
                const ModelStateBytes b = acc.modelStateBytes(*optimizer);
                if (FILE* f = std::fopen((footprintOut + "." + std::to_string(acc.processIndex())).c_str(), "w")) {
                    std::fprintf(f, "%lld %lld %lld %lld\n", static_cast<long long>(b.parameterBytes),
                                 static_cast<long long>(b.gradientBytes), static_cast<long long>(b.optimizerBytes),
                                 static_cast<long long>(b.diskBytes));
                    std::fclose(f);
                }
            }
            acc.step(*optimizer);
        }
    }
    const std::vector<torch::Tensor> finalParameters = acc.gatheredParameters();  // every rank takes part
    if (acc.isMainProcess()) torch::save(finalParameters, out);
    if (acc.isMainProcess() && !lossesOut.empty()) torch::save(torch::tensor(losses, torch::kDouble), lossesOut);
    acc.waitForEveryone();
    return 0;
}

}  // namespace catapult::test
