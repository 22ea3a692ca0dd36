#pragma once
// Catapult jobs on Slurm, headless:
//   catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A]
//                         [--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]
//     writes the sbatch script (SlurmScript.h) to FILE, or stdout;
//   catapult launch --slurm [the same flags]
//     submits it (sbatch) and follows the job like a local one: the nodes' output, a progress
//     line from the run directory's metrics, the outcome from Slurm; Ctrl-C cancels it (scancel);
//     the finished run is imported into the run history.
// The run directory (--run_dir, default ./catapult-runs/slurm-STAMP) must be on a filesystem
// every node shares.

#include <QStringList>

namespace catapult {

int runExportCommand(const QStringList& args);
int runSlurmLaunch(const QStringList& args);

}  // namespace catapult
