#include "SlurmScript.h"

#include <QCoreApplication>

#include "CommandLine.h"
#include "RemoteCommand.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

QString quoted(const QStringList& words) {
    QStringList out;
    for (const QString& w : words) out << shellQuote(w);
    return out.join(' ');
}

// The #SBATCH lines: the allocation, and the job's output in the run directory.
QString directives(const SlurmJobSpec& s) {
    QString out = QStringLiteral("#SBATCH --job-name=%1\n#SBATCH --nodes=%2\n#SBATCH --ntasks-per-node=1\n"
                                 "#SBATCH --output=%3/slurm-%j.out\n")
                      .arg(shellQuote(s.jobName), QString::number(s.nodes), shellQuote(s.runDir));
    if (!s.partition.isEmpty()) out += QStringLiteral("#SBATCH --partition=%1\n").arg(shellQuote(s.partition));
    if (!s.time.isEmpty()) out += QStringLiteral("#SBATCH --time=%1\n").arg(shellQuote(s.time));
    if (!s.account.isEmpty()) out += QStringLiteral("#SBATCH --account=%1\n").arg(shellQuote(s.account));
    return out;
}

}  // namespace

void setNodeArguments(SlurmJobSpec& spec, const QStringList& commandLine) {
    const qsizetype dash = commandLine.indexOf(QStringLiteral("--"));
    spec.program = dash < 0 ? QStringList() : commandLine.mid(dash + 1);
    QMap<QString, QString> dropped;
    spec.launchArgs = takeFlags(dash < 0 ? commandLine : commandLine.mid(0, dash),
                                {"slurm", "nodes", "partition", "time", "account", "job_name", "run_dir", "main_process_port"},
                                {"slurm"}, dropped);
}

Result<QString> slurmScript(const SlurmJobSpec& s) {
    QMap<QString, QString> taken;
    takeFlags(s.launchArgs, {"num_machines", "machine_rank", "main_process_ip", "run_dir", "hosts", "mpirun_hostfile"}, {}, taken);
    if (!taken.isEmpty())
        return Status::error(tr("--%1 is set by the Slurm script itself (from the allocation); leave it out.")
                                 .arg(taken.firstKey()).toStdString());
    // Each node's part: its own catapult launch, its variables from srun's environment.
    const QString node = QStringLiteral(
        "exec \"$0\" launch --num_machines \"$SLURM_NNODES\" --machine_rank \"$SLURM_NODEID\" "
        "--main_process_ip \"$CATAPULT_MAIN_ADDR\" \"$@\"");
    QStringList args = QStringList{QStringLiteral("--main_process_port"), QString::number(s.port), QStringLiteral("--run_dir"), s.runDir}
                       + s.launchArgs;
    if (!s.program.isEmpty()) args << QStringLiteral("--") << s.program;
    QString script = QStringLiteral("#!/bin/bash\n# A Catapult job for Slurm: `sbatch FILE`, or `catapult launch --slurm` (which also follows it).\n");
    script += directives(s);
    script += QStringLiteral(
                  "set -euo pipefail\n"
                  "export CATAPULT_JOB_DIR=%1\n"
                  "mkdir -p \"$CATAPULT_JOB_DIR\"\n"
                  "# The main process runs on the allocation's first node, reached at its NodeAddr.\n"
                  "first=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | head -n 1)\n"
                  "CATAPULT_MAIN_ADDR=$(scontrol show node \"$first\" | sed -n 's/.*NodeAddr=\\([^ ]*\\).*/\\1/p')\n"
                  "export CATAPULT_MAIN_ADDR\n"
                  "# One task per node; each node's launcher keeps its own history file in the run directory.\n"
                  "srun --ntasks-per-node=1 --kill-on-bad-exit=1 --export=ALL bash -c "
                  "'export CATAPULT_STORE=\"$CATAPULT_JOB_DIR/history-node-$SLURM_NODEID.sqlite\"; %2' \\\n    %3 %4\n")
                  .arg(shellQuote(s.runDir), node, shellQuote(s.catapult), quoted(args));
    return script;
}

}  // namespace catapult
