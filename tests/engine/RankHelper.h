#pragma once
// One rank of the multi-process tests: engine_tests --rank-helper --steps K --out FILE trains
// the test GPT with the Accelerator (worker environment from ProcessState::toEnvironment) and
// saves its parameters with torch::save.

#include <torch/nn/module.h>
#include <torch/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "LocalRanks.h"
#include "catapult/GptConfig.h"
#include "catapult/ProcessState.h"
#include "catapult/TrainingSettings.h"

namespace catapult {
class Accelerator;
class GptModel;
}

namespace catapult::test {

GptConfig helperModel();
TrainingSettings helperSettings(int64_t steps);
constexpr int64_t kHelperBatch = 4;
constexpr uint64_t kHelperSeed = 7;

int runRankHelper(int argc, char** argv);

// Accelerator::prepare, ending the process with the message if it fails.
void prepareOrFail(Accelerator& acc, torch::nn::Module& model);

// The loss of one batch with the forward pass in the accelerator's mixed precision scope.
torch::Tensor autocastLoss(Accelerator& acc, GptModel& model, const torch::Tensor& x, const torch::Tensor& y);

// Runs `ranks` CPU ranks of this test binary as `--rank-helper helperArgs...` on a free port,
// each with this process's environment, `environment` and its ProcessState's variables, and
// waits (5 min at most) for the outcome; the ranks' lines are printed prefixed with the rank.
RanksOutcome launchRankHelpers(int ranks, const std::vector<std::string>& helperArgs, const std::string& runDir,
                               MixedPrecision mixedPrecision = MixedPrecision::No, int accumulation = 1,
                               const std::map<std::string, std::string>& environment = {});

// The same for any program: `argv` (argv[0] included) of `program`, e.g. catapult-worker train.
RanksOutcome launchRanks(int ranks, const std::string& program, const std::vector<std::string>& argv,
                         const std::string& runDir, const std::map<std::string, std::string>& environment = {},
                         MixedPrecision mixedPrecision = MixedPrecision::No, int accumulation = 1);

}  // namespace catapult::test
