#pragma once
// `catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A]
// [--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]`: the sbatch script of the job
// (SlurmScript.h) to FILE, or stdout, checked as `catapult launch --slurm` checks it (which
// submits the same script and follows the job: SlurmExecutor.h).

#include <QStringList>

namespace catapult {

int runExportCommand(const QStringList& args);

}  // namespace catapult
