#pragma once
// Runs a LaunchPlan on this machine: one process per rank, each in its own process group and
// bound to the launcher's life (PR_SET_PDEATHSIG), so no rank outlives the launcher. Failure
// handling and output are JobExecutor's.
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QProcess>
#include <memory>
#include <vector>

#include "JobExecutor.h"
#include "ProcessSampler.h"
#include "StackDumper.h"

namespace catapult {

class LocalExecutor : public JobExecutor {
    Q_OBJECT
public:
    explicit LocalExecutor(QObject* parent = nullptr);
    ~LocalExecutor() override;

    void start(const LaunchPlan& plan) override;
    QString rankLabel(int rank) const override;  // "rank N" with N the global rank
    // Process ids of the ranks (0 for a rank not running).
    std::vector<qint64> processIds() const;
    void dumpStacks(const QString& pySpy) override;

protected:
    void signalRanks(int signal) override;

private:
    struct Process {
        QProcess* process = nullptr;
        qint64 pid = 0;
    };
    void sample();

    std::vector<Process> m_processes;
    int m_firstRank = 0;
    QTimer m_sampleTimer;
    std::unique_ptr<ProcessSampler> m_sampler;
    StackDumper* m_dumper = nullptr;
};

}  // namespace catapult
