#pragma once
// What every way of running a LaunchPlan shares: output split into lines (metrics lines, see
// MetricsLine.h, apart from log lines), the last lines of each rank kept, and the rule that
// when one rank fails (exits non-zero, cannot start, loses its host) every other rank is
// stopped: SIGTERM, SIGKILL after the grace period, and if a rank still does not report its
// end 5 s after that, it is given up on so the job always ends. cancel() stops the same way.
// LocalExecutor runs ranks on this machine, RemoteExecutor on hosts over SSH.
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QElapsedTimer>
#include <QTimer>
#include <deque>
#include <vector>

#include "LaunchPlan.h"
#include "RankUsage.h"
#include "StackReport.h"

namespace catapult {

struct JobOutcome {
    bool success = false;
    bool cancelled = false;
    int exitCode = 0;       // what the launcher should exit with
    int failingRank = -1;   // first rank that failed, -1 if none
    QString failingHost;    // its host, for multi-machine jobs
    QString reason;         // e.g. "rank 1 exited with code 1"
    QString errorMessage;   // the failing rank's "error" metrics message, if it sent one
    QStringList lastLines;  // the failing rank's last log lines
};

class JobExecutor : public QObject {
    Q_OBJECT
public:
    static constexpr int kSampleIntervalMs = 1500;
    explicit JobExecutor(QObject* parent = nullptr);

    void setGracePeriodMs(int ms) { m_graceMs = ms; }
    virtual void start(const LaunchPlan& plan) = 0;
    // Graceful stop of every rank (SIGTERM), SIGKILL after the grace period.
    void cancel();
    // Stops every rank because of `rank` (a stalled job's odd rank): the job fails with `reason`.
    void abort(int rank, const QString& reason);
    // Immediate SIGKILL of every rank.
    void kill();
    bool isRunning() const { return m_running > 0; }
    // "rank 3", or "rank 3 on host-b" for a multi-machine job.
    virtual QString rankLabel(int rank) const;
    // Dumps the stack of every running rank (py-spy, or gdb; `pySpy` is py-spy's path here, or
    // empty); the result arrives as stacksDumped, one entry per running rank.
    virtual void dumpStacks(const QString& pySpy) = 0;

signals:
    void logLine(int rank, const QString& line);
    void metricsReceived(int rank, const QJsonObject& metrics);
    // A sample of the rank's processes taken from outside, every kSampleIntervalMs or so.
    void usageSampled(int rank, const catapult::RankUsage& usage);
    // Every rank is being stopped (a rank failed, or cancel()); `reason` is empty for cancel().
    void stopping(const QString& reason);
    void finished(const catapult::JobOutcome& outcome);
    void stacksDumped(const std::vector<catapult::RankStack>& stacks);

protected:
    void beginJob(int ranks);
    void rankOutput(int rank, const QByteArray& data);
    // The rank ended; a non-zero code (or a crash) fails the job unless it is being stopped.
    void rankEnded(int rank, int exitCode, bool crashed);
    // The rank is gone without an exit status (could not start, host lost): fails the job.
    void rankLost(int rank, const QString& reason, int exitCode, const QString& host = {});
    bool rankDone(int rank) const { return m_ranks[rank].done; }
    // A rank's usage with its CPU seconds so far: emitted with the CPU percentage since its last one.
    void reportUsage(int rank, RankUsage usage);
    int rankCount() const { return static_cast<int>(m_ranks.size()); }
    // Sends a signal to every rank that is still running.
    virtual void signalRanks(int signal) = 0;
    // Called when the ranks ignored even SIGKILL for 5 s: stop watching them.
    virtual void abandonRanks() {}

private:
    struct Rank {
        QByteArray pending;
        std::deque<QString> tail;
        QString errorMessage;
        bool done = false;
        qint64 lastSampleMs = -1;
        double lastCpuSeconds = 0;
    };
    void drain(int rank, bool flushAll);
    void markDone(int rank);
    void fail(int rank, const QString& reason, int exitCode, const QString& host);
    void stopAll();
    void finishIfDone();

    std::vector<Rank> m_ranks;
    int m_running = 0;
    int m_graceMs = 3000;
    bool m_stopping = false;
    bool m_reported = false;
    JobOutcome m_outcome;
    QTimer m_killTimer;
    QTimer m_giveUpTimer;
    QElapsedTimer m_clock;
};

}  // namespace catapult
