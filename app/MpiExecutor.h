#pragma once
// Runs a LaunchPlan through mpirun, as `accelerate launch` does with an mpirun hostfile: one
// mpirun process starts every rank on the hostfile's machines (Open MPI: --hostfile H --npernode N
// -n TOTAL --bind-to socket; MPICH and Intel MPI: -f H -ppn N -n TOTAL). Each rank takes its place
// from the MPI launcher's own variables (OMPI_COMM_WORLD_*, PMI_*, read by ProcessState), and
// every other variable of the plan is handed to the ranks by name (-x NAME, -genvlist). Output
// lines carry their rank (--tag-output, -prepend-rank) and go to that rank's log; the rank that
// failed first is read from mpirun's report. Stop signals mpirun, which passes SIGTERM on.
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QProcess>

#include "JobExecutor.h"

namespace catapult {

class MpiExecutor : public JobExecutor {
    Q_OBJECT
public:
    enum class Flavour { OpenMpi, Mpich };
    MpiExecutor(QString hostfile, int machines, QObject* parent = nullptr);
    ~MpiExecutor() override;

    void start(const LaunchPlan& plan) override;
    // No stacks: the ranks are mpirun's children, on its machines (an empty report).
    void dumpStacks(const QString& pySpy) override;

    // The mpirun command line (the program first) that runs `plan`'s ranks.
    static QStringList commandLine(const QString& mpirun, Flavour flavour, const QString& hostfile, int machines,
                                   const LaunchPlan& plan);
    // The variables every rank is handed: the plan's, less those that give a rank its place.
    static QProcessEnvironment sharedEnvironment(const LaunchPlan& plan);

protected:
    void signalRanks(int signal) override;

private:
    void onOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void route(const QByteArray& line);

    QString m_hostfile;
    int m_machines = 1;
    QProcess* m_process = nullptr;
    qint64 m_pid = 0;
    QByteArray m_pending;
    int m_failedRank = -1;  // from mpirun's report
    int m_failedCode = 0;
};

}  // namespace catapult
