#pragma once
// One rank of the data-parallel equivalence test: engine_tests --rank-helper --steps K --out FILE
// trains the test GPT with the Accelerator (worker environment from the launcher) and saves
// its parameters with torch::save.

#include <cstdint>

#include "catapult/GptConfig.h"
#include "catapult/TrainingSettings.h"

namespace catapult::test {

GptConfig helperModel();
TrainingSettings helperSettings(int64_t steps);
constexpr int64_t kHelperBatch = 4;
constexpr uint64_t kHelperSeed = 7;

int runRankHelper(int argc, char** argv);

}  // namespace catapult::test
