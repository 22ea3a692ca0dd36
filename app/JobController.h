#pragma once
// Runs one job for the desktop app, exactly as `catapult launch` does: the same argument
// parsing and merge with the config file, the same launch plan and executors, and the run
// recorded in the run store. With onHosts, the job runs on the machines list of the run store
// (machine rank order) after a pre-flight on a background thread; host keys and passphrases
// are asked through the SshOptions callbacks the UI sets. Emits log lines, pre-flight notices,
// series updates and the outcome.
//
// Thread safety: a QObject of the GUI thread.

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <memory>

#include "JobExecutor.h"
#include "LaunchSettings.h"
#include "RunRecorder.h"
#include "RunStore.h"
#include "SshSession.h"

namespace catapult {

class PreflightTask;

class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(RunStore* store, QObject* parent = nullptr);
    ~JobController() override;

    // How to connect to hosts (policy, known_hosts file, prompts).
    void setSshOptions(const SshOptions& options) { m_ssh = options; }

    // `launchArgs` are `catapult launch` arguments (flags, then `--` and a program, or none for
    // the built-in recipe). Returns an error (bad flag, bad config, no machines) without
    // starting anything; on hosts, a failed pre-flight ends in finished() naming the problems.
    Status start(const QStringList& launchArgs, const QString& name, bool onHosts = false);
    void stop();
    bool isRunning() const;

    const RunRecorder* recorder() const { return m_recorder.get(); }
    QString configFile() const { return m_configFile; }
    QString runDir() const { return m_runDir; }
    int numProcesses() const { return m_numProcesses; }
    QString rankLabel(int rank) const;

signals:
    void started(qint64 runId);
    void notice(const QString& line);  // pre-flight progress and its per-host report
    void logLine(int rank, const QString& line);  // what a rank printed; its error and alert events as lines
    void metricsReceived(int rank, const QJsonObject& metrics);
    void seriesChanged();
    void finished(const catapult::JobOutcome& outcome);

private:
    void launch(const LaunchSettings& settings, std::unique_ptr<JobExecutor> executor);
    void announce(const LaunchSettings& settings);
    void onPreflightFinished();

    RunStore* m_store;
    SshOptions m_ssh;
    std::unique_ptr<JobExecutor> m_executor;
    std::unique_ptr<RunRecorder> m_recorder;
    PreflightTask* m_preflight = nullptr;
    LaunchSettings m_pending;
    QStringList m_launchArgs;
    QString m_name;
    bool m_stopRequested = false;
    QString m_configFile;
    QString m_runDir;
    int m_numProcesses = 0;
};

}  // namespace catapult
