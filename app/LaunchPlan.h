#pragma once
// The pure half of the launcher: settings in, one argv and environment per rank out, with
// the worker environment of `accelerate launch` + torchrun (docs/worker-environment.md).
// No processes are started here; LocalExecutor and RemoteExecutor run a plan.
//
// On several machines, host h runs the next slotCount(h) ranks: RANK is global, LOCAL_RANK and
// LOCAL_WORLD_SIZE count that host's ranks, GROUP_RANK is the machine rank and MASTER_ADDR is
// host 0 as the others reach it. A remote rank's environment holds only what the contract sets
// and the host's own extra variables (never this machine's environment); its run directory is
// catapult-runs/NAME under the host's working directory.

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <vector>

#include "LaunchSettings.h"

namespace catapult {

struct RankLaunch {
    int rank = 0;
    int host = -1;  // index into LaunchPlan::hosts; -1: this machine
    QStringList argv;
    QProcessEnvironment environment;
};

struct LaunchPlan {
    QString configFile;
    QString runDir;
    int port = 0;
    std::vector<HostSpec> hosts;  // empty: this machine
    std::vector<RankLaunch> ranks;
    // Catapult's Python package on this machine (empty: Python ranks are not instrumented).
    // Remote ranks get a copy in kRemotePythonDir of their host's working directory.
    QString pythonPackageDir;
};

inline constexpr const char* kRemotePythonDir = "catapult-runs/.python";

// REQUIRES: settings.port > 0 (resolve 0 or a busy port first, see PortPicker).
// `base` is the environment local ranks inherit; remote ranks ignore it.
LaunchPlan buildLaunchPlan(const LaunchSettings& settings, const QProcessEnvironment& base);

// The directory a remote rank writes its run files to, relative to its host's working directory.
QString remoteRunDir(const QString& localRunDir);

}  // namespace catapult
