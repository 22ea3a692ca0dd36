#pragma once
// The pure half of the launcher: settings in, one argv and environment per rank out, with
// the worker environment of `accelerate launch` + torchrun (accelerate-contract.md §3.4, §3.5.3).
// No processes are started here; LocalExecutor runs a plan.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <vector>

#include "LaunchSettings.h"

namespace catapult {

struct RankLaunch {
    int rank = 0;
    QStringList argv;
    QProcessEnvironment environment;
};

struct LaunchPlan {
    QString configFile;
    QString runDir;
    int port = 0;
    std::vector<RankLaunch> ranks;
};

// REQUIRES: settings.port > 0 (resolve 0 or a busy port first, see PortPicker).
LaunchPlan buildLaunchPlan(const LaunchSettings& settings, const QProcessEnvironment& base);

}  // namespace catapult
