#pragma once
// The facts about this machine and process that resolving launch settings needs: physical
// cores, visible NVIDIA GPUs, Accelerate's default config path, the worker next to the
// launcher, a fresh run directory under CATAPULT_RUNS_DIR (default
// ~/.local/share/catapult/runs), OMP_NUM_THREADS and PYTHON_EXEC of the parent.

#include "LaunchSettings.h"

namespace catapult {

LaunchEnvironmentFacts gatherLaunchFacts();
int physicalCoreCount();
// The folder that holds run directories.
QString runsBaseDir();
// catapult-worker next to the running executable (CATAPULT_WORKER overrides).
QString workerPath();

}  // namespace catapult
