#pragma once
// Runs one job for the desktop app through the LaunchSession that `catapult launch` uses. With
// onHosts, the job runs on the machines list of the run store (machine rank order); host keys
// and passphrases are asked through the SshOptions callbacks the UI sets. Emits log lines,
// notices (first letter capitalised, for the log view), series updates and the outcome.
//
// Thread safety: a QObject of the GUI thread.

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include "JobExecutor.h"
#include "LaunchSession.h"
#include "RunRecorder.h"
#include "RunStore.h"
#include "SshSession.h"

namespace catapult {

class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(RunStore* store, QObject* parent = nullptr);

    // How to connect to hosts (policy, known_hosts file, prompts).
    void setSshOptions(const SshOptions& options) { m_session.setSshOptions(options); }

    // `launchArgs` are `catapult launch` arguments (flags, then `--` and a program, or none for
    // the built-in recipe), parsed by the caller; `commandLine` is how the run is recorded.
    // Returns an error (bad flag value, bad config, no machines) without starting anything; on
    // hosts, a failed pre-flight ends in finished() naming the problems.
    Status start(LaunchRequest request, bool onHosts = false);
    void stop() { m_session.stop(); }
    bool isRunning() const { return m_session.isRunning(); }

    const LaunchSession& session() const { return m_session; }
    const RunRecorder* recorder() const { return m_session.recorder(); }
    QString configFile() const { return m_session.settings().configFile; }
    QString runDir() const { return m_session.settings().runDir; }
    int numProcesses() const { return m_session.settings().numProcesses; }
    QString rankLabel(int rank) const { return m_session.rankLabel(rank); }

signals:
    void started(qint64 runId);
    void notice(const QString& line);  // the launcher's notes, pre-flight progress and its per-host report
    void logLine(int rank, const QString& line);  // what a rank printed; its error and alert events as lines
    void metricsReceived(int rank, const QJsonObject& metrics);
    void seriesChanged();
    void finished(const catapult::JobOutcome& outcome);

private:
    RunStore* m_store;
    LaunchSession m_session;
};

}  // namespace catapult
