#pragma once
// Runs a LaunchPlan whose ranks live on other machines, over the SSH sessions a pre-flight
// opened (one per host, in plan order). Each host's ranks run as RemoteRankGroups (at most 8
// ranks per SSH connection, as OpenSSH allows 10 sessions per connection; more ranks open more
// connections). Stop and failure signal the process group of every rank on every host, never
// anything else. A lost connection fails the job naming the host; the remote watchdog stops
// that host's ranks. Rank 0's metrics lines are also appended to the local run directory's
// metrics.jsonl.
//
// Thread safety: a QObject of the thread that created it; signals are emitted there.

#include <QFile>
#include <memory>
#include <vector>

#include "JobExecutor.h"
#include "RemoteRankGroup.h"
#include "SshSession.h"

namespace catapult {

class RemoteExecutor : public JobExecutor {
    Q_OBJECT
public:
    RemoteExecutor(std::vector<std::unique_ptr<SshSession>> sessions, SshOptions options, int hostTimeoutMs,
                   QObject* parent = nullptr);
    ~RemoteExecutor() override;

    void start(const LaunchPlan& plan) override;
    QString rankLabel(int rank) const override;
    // The process group of each rank of a host, as the host reported it (tests list them).
    std::vector<qint64> processGroups(int host) const;
    void dumpStacks(const QString& pySpy) override;

protected:
    void signalRanks(int signal) override;
    void abandonRanks() override;

private:
    void startGroup(int host, std::unique_ptr<SshSession> session, const std::vector<const RankLaunch*>& ranks);
    // Copies Catapult's Python package to the host (kRemotePythonDir); false when it could not.
    bool uploadPythonPackage(SshSession& session, int host, int firstRank);

    std::vector<std::unique_ptr<SshSession>> m_sessions;
    SshOptions m_options;
    int m_hostTimeoutMs;
    std::vector<HostSpec> m_hosts;
    std::vector<int> m_rankHost;
    std::vector<std::pair<int, RemoteRankGroup*>> m_groups;  // (host, group)
    QFile m_metrics;
    QMap<QString, QByteArray> m_pythonFiles;  // the package's files, read once per job
    std::vector<RankStack> m_stacks;  // a dump in progress
    int m_stackGroups = 0;            // groups yet to answer it
};

}  // namespace catapult
