#include "RankHelper.h"

#include <torch/torch.h>

#include <cstdio>
#include <string>

#include "catapult/Accelerator.h"
#include "catapult/BatchStream.h"
#include "catapult/ByteCorpus.h"
#include "catapult/GptModel.h"

namespace catapult::test {

GptConfig helperModel() {
    GptConfig c;
    c.layers = 2;
    c.heads = 2;
    c.width = 32;
    c.seqLen = 32;
    return c;
}

TrainingSettings helperSettings(int64_t steps) {
    TrainingSettings s;
    s.lr = 1e-3;
    s.warmupSteps = 2;
    s.totalSteps = steps;
    s.gradClip = 1.0;
    return s;
}

int runRankHelper(int argc, char** argv) {
    int64_t steps = 5;
    int64_t batch = kHelperBatch;
    std::string lossesOut, gradsOut;
    std::string out;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--steps") steps = std::stoll(argv[i + 1]);
        else if (flag == "--batch") batch = std::stoll(argv[i + 1]);
        else if (flag == "--losses") lossesOut = argv[i + 1];
        else if (flag == "--first_grads") gradsOut = argv[i + 1];
        else if (flag == "--out") out = argv[i + 1];
    }
    auto made = Accelerator::create();
    if (!made.ok()) {
        std::fprintf(stderr, "%s\n", made.status().message().c_str());
        return 1;
    }
    Accelerator& acc = *made.value();
    auto corpus = ByteCorpus::load(ByteCorpus::defaultPaths());
    if (!corpus.ok()) return 1;
    const TrainingSettings settings = helperSettings(steps);
    torch::manual_seed(kHelperSeed);
    GptModel model(helperModel());
    acc.prepare(*model);
    auto optimizer = settings.makeOptimizer(model->parameters());
    BatchStream batches(corpus.value(), helperModel().seqLen, batch, acc.numProcesses(), acc.processIndex(),
                        kHelperSeed, acc.device());
    std::vector<double> losses;
    for (int64_t step = 1; step <= steps; ++step) {
        TrainingSettings::setLr(*optimizer, settings.lrAt(step));
        for (int micro = 0; micro < acc.gradientAccumulationSteps(); ++micro) {
            auto guard = acc.accumulate();
            auto [x, y] = batches.next();
            torch::Tensor loss;
            {
                auto amp = acc.autocast();
                loss = model->loss(x, y);
            }
            acc.backward(loss);
            losses.push_back(acc.reduce(loss.detach()).item<double>());
            if (step == 1 && !gradsOut.empty() && acc.isMainProcess()) {
                std::vector<torch::Tensor> grads;
                for (auto& p : model->parameters()) grads.push_back(p.grad().clone());
                torch::save(grads, gradsOut);
            }
            if (acc.syncGradients()) acc.clipGradNorm(settings.gradClip);
            acc.step(*optimizer);
        }
    }
    if (acc.isMainProcess()) torch::save(model->parameters(), out);
    if (acc.isMainProcess() && !lossesOut.empty()) torch::save(torch::tensor(losses, torch::kDouble), lossesOut);
    acc.waitForEveryone();
    return 0;
}

}  // namespace catapult::test
