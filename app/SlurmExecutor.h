#pragma once
// Runs a job on Slurm and follows it like a local one: writes the sbatch script (SlurmScript.h)
// into the run directory as job.sbatch, submits it (sbatch --parsable), then once a second reads
// what the job has added to the run directory, which lies on a filesystem the nodes share:
// slurm-JOBID.out (each node launcher's "[rank N] ..." lines go to rank N's log) and rank 0's
// metrics.jsonl (as the rank's metrics lines, so the dashboard and the history fill live), and
// asks `scontrol show job` for its state. COMPLETED ends the job successfully; any other end
// fails it, naming the rank a node's launcher reported as failed. Stop is scancel (Slurm sends
// SIGTERM, then SIGKILL after its KillWait); the kill is scancel --signal=KILL. Closing the
// launcher leaves a submitted job running (`catapult runs import RUN_DIR` records it later).
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QProcess>
#include <QTimer>

#include "JobExecutor.h"
#include "SlurmScript.h"

namespace catapult {

class SlurmExecutor : public JobExecutor {
    Q_OBJECT
public:
    explicit SlurmExecutor(SlurmJobSpec spec, QObject* parent = nullptr);

    void start(const LaunchPlan& plan) override;
    void dumpStacks(const QString& pySpy) override;  // none: the ranks run on the cluster's nodes
    QString jobId() const { return m_jobId; }

protected:
    void signalRanks(int signal) override;
    void abandonRanks() override;

private:
    void onSubmitted(int exitCode);
    void poll();
    void readOutput();
    void readMetrics();
    void onState(const QString& line);
    void finish(const QString& state, int exitCode);

    SlurmJobSpec m_spec;
    QString m_jobId;
    QProcess* m_sbatch = nullptr;
    QProcess* m_query = nullptr;
    QTimer m_poll;
    qint64 m_outOffset = 0, m_metricsOffset = 0;
    int m_failedRank = -1;  // as a node's launcher reported it
    bool m_ended = false;
};

}  // namespace catapult
