#pragma once
// Runs some ranks of a job on one host over one SSH session, on a thread of its own: starts
// each rank's command (see rankCommand), streams its output back, reports the process group
// each rank runs in and its exit status, and signals those groups on request. The remote
// wrapper's heartbeat is watched: no data from the host for heartbeatTimeoutMs, or a broken
// connection, is reported as connectionLost and ends the group.
//
// Thread safety: construct, start and requestSignal from the owner's thread; signals are
// emitted from the group's own thread (connect with the default, queued, connection).

#include <QByteArray>
#include <QElapsedTimer>
#include <QMutex>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

#include "SshSession.h"

namespace catapult {

struct RemoteRank {
    int rank = 0;
    QString command;
};

class RemoteRankGroup : public QThread {
    Q_OBJECT
public:
    RemoteRankGroup(std::unique_ptr<SshSession> session, std::vector<RemoteRank> ranks, int heartbeatTimeoutMs,
                    QObject* parent = nullptr);
    ~RemoteRankGroup() override;

    QString hostLabel() const { return m_label; }
    QString hostName() const { return m_hostName; }
    // Sends `signal` to the process group of every rank of this group that has not exited;
    // ranks that report their group later get it too.
    void requestSignal(int signal);
    // Dumps the stack of every rank of this group that is running (stackDumpCommand), on the
    // group's thread; each arrives as rankStack, then stacksDone.
    void requestStacks(const QString& pySpy);
    // Stops watching; the thread ends soon after (the remote watchdogs stop what is left).
    void abandon() { m_abandon = true; }
    // For tests: the process groups reported so far (rank order; 0 when not yet known).
    std::vector<qint64> processGroups() const;

signals:
    void output(int rank, const QByteArray& data);
    void rankStarted(int rank, qint64 processGroup);
    void rankExited(int rank, int exitCode);
    // The wrapper's sample of the rank's session, with each heartbeat: CPU seconds so far,
    // resident bytes, processes.
    void usageReported(int rank, double cpuSeconds, qint64 rssBytes, int processes);
    void connectionLost(const QString& reason);
    void rankStack(int rank, const QString& tool, const QString& text);  // tool empty: none could read it
    void stacksDone();

protected:
    void run() override;

private:
    struct Live;  // one rank's channel and what its wrapper said
    bool startRanks(std::vector<Live>& live);
    // Reads what rank i sent; false when the connection broke (reported).
    bool readRank(std::size_t i, Live& l, bool& gotData);
    void handleControlLine(std::size_t i, Live& l, const QByteArray& line);
    void deliverSignals(std::vector<Live>& live);
    void dumpStacks(const std::vector<Live>& live);
    // False when the host is gone: closed, or silent past the heartbeat timeout (reported).
    bool hostAlive(const QElapsedTimer& sinceData);
    void sendSignal(int signal, const std::vector<qint64>& groups);

    std::unique_ptr<SshSession> m_session;
    std::vector<RemoteRank> m_ranks;
    int m_heartbeatTimeoutMs;
    QString m_label;
    QString m_hostName;
    std::atomic<int> m_pendingSignal{0};
    std::atomic<int> m_stopSignal{0};  // last signal asked for: late groups get it too
    std::atomic<bool> m_abandon{false};
    std::atomic<bool> m_stacksWanted{false};
    QString m_pySpy;  // guarded by m_mutex
    mutable QMutex m_mutex;
    std::vector<qint64> m_groups;
};

}  // namespace catapult
