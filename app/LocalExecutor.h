#pragma once
// Runs a LaunchPlan on this machine: one process per rank, each in its own process group and
// bound to the launcher's life (PR_SET_PDEATHSIG), so no rank outlives the launcher.
// Output is split into lines; metrics lines (see MetricsLine.h) and log lines are reported
// separately. When a rank exits non-zero (or fails to start) every other rank is stopped:
// SIGTERM to its process group, SIGKILL after the grace period. cancel() does the same.
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <deque>
#include <vector>

#include "LaunchPlan.h"

namespace catapult {

struct JobOutcome {
    bool success = false;
    bool cancelled = false;
    int exitCode = 0;       // what the launcher should exit with
    int failingRank = -1;   // first rank that failed, -1 if none
    QString reason;         // e.g. "rank 1 exited with code 1"
    QString errorMessage;   // the failing rank's "error" metrics message, if it sent one
    QStringList lastLines;  // the failing rank's last log lines
};

class LocalExecutor : public QObject {
    Q_OBJECT
public:
    explicit LocalExecutor(QObject* parent = nullptr);
    ~LocalExecutor() override;

    void setGracePeriodMs(int ms) { m_graceMs = ms; }
    void start(const LaunchPlan& plan);
    // Graceful stop of every rank (SIGTERM), SIGKILL after the grace period.
    void cancel();
    // Immediate SIGKILL of every rank.
    void kill();
    bool isRunning() const { return m_running > 0; }
    // Process ids of the ranks (0 for a rank not running).
    std::vector<qint64> processIds() const;

signals:
    void logLine(int rank, const QString& line);
    void metricsReceived(int rank, const QJsonObject& metrics);
    void finished(const catapult::JobOutcome& outcome);

private:
    struct Rank {
        QProcess* process = nullptr;
        qint64 pid = 0;
        QByteArray pending;
        std::deque<QString> tail;
        QString errorMessage;
        bool done = false;
    };
    void drain(int rank, bool flushAll);
    void onRankFinished(int rank, int exitCode, QProcess::ExitStatus status);
    void onRankError(int rank, QProcess::ProcessError error);
    void fail(int rank, const QString& reason, int exitCode);
    void stopAll();
    void signalAll(int signal);
    void finishIfDone();

    std::vector<Rank> m_ranks;
    int m_running = 0;
    int m_graceMs = 3000;
    bool m_stopping = false;
    bool m_reported = false;
    JobOutcome m_outcome;
    QTimer m_killTimer;
};

}  // namespace catapult
