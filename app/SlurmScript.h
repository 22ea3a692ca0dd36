#pragma once
// The sbatch script of a Catapult job on a Slurm allocation (`catapult export slurm`, and what
// `catapult launch --slurm` submits): one task per node (srun --ntasks-per-node=1), each running
// `catapult launch` for its node's share of the ranks with the same worker environment as any
// launch: --num_machines = the allocation's nodes, --machine_rank = SLURM_NODEID, the main
// process on the allocation's first node (its NodeAddr). Every node writes into one run
// directory on the shared filesystem (metrics, checkpoints; each node's launcher keeps its own
// history file there), so the desktop app can follow and import the job.

#include <QString>
#include <QStringList>

#include "catapult/Status.h"

namespace catapult {

struct SlurmJobSpec {
    int nodes = 1;
    QString partition, time, account;  // empty: the cluster's defaults
    QString jobName = QStringLiteral("catapult");
    QString runDir;     // absolute, on the shared filesystem
    QString catapult;   // the catapult executable every node runs (same path on each)
    int port = 29500;   // the main process's port on the first node
    QStringList launchArgs;  // catapult launch's flags for the job (config file, precision, ...)
    QStringList program;     // after "--"; empty: the built-in recipe
};

// The script's text. Errors: flags the script sets itself given in launchArgs (--num_machines,
// --machine_rank, --main_process_ip, --run_dir, --hosts), named.
Result<QString> slurmScript(const SlurmJobSpec& spec);

// What each node's `catapult launch` is given of a `catapult launch --slurm` command line: the
// launch flags without the Slurm ones (--slurm, --nodes, ...), --run_dir and
// --main_process_port (the spec has them), into spec.launchArgs, and the program after "--"
// into spec.program.
void setNodeArguments(SlurmJobSpec& spec, const QStringList& commandLine);

}  // namespace catapult
