#pragma once
// One rank of the data-parallel equivalence test: engine_tests --rank-helper --steps K --out FILE
// trains the test GPT with the Accelerator (worker environment from the launcher) and saves
// its parameters with torch::save.

#include <torch/nn/module.h>
#include <torch/types.h>

#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cstdint>

#include "JobExecutor.h"
#include "catapult/GptConfig.h"
#include "catapult/TrainingSettings.h"

Q_DECLARE_METATYPE(catapult::JobOutcome)

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

// Runs `ranks` CPU ranks of this test binary as `--rank-helper helperArgs...` through the
// local launcher and waits (5 min at most) for the outcome; the ranks' log lines go to qInfo.
JobOutcome launchRankHelpers(int ranks, const QStringList& helperArgs, const QString& runDir,
                             const QString& mixedPrecision = QStringLiteral("no"), int accumulation = 1,
                             const QMap<QString, QString>& environment = {});

}  // namespace catapult::test
