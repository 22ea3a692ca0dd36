#pragma once
// One job, from typed launch arguments to its outcome, the same way for `catapult launch` and
// the desktop app: resolve --resume against the run history, merge the arguments with the
// config file (resolveLaunchSettings), settle the main process port, run the pre-flight of a
// multi-machine job on a background thread and take each host's cores from it, record the run
// in the run store, start the ranks (LocalExecutor here, RemoteExecutor over SSH), keep rank
// 0's metrics and every rank's errors in the record, and restart a failed job of this machine
// up to --max_restarts times from its newest checkpoint. What is shown (console lines, widgets)
// is the caller's: the session says it through its signals.
//
// Thread safety: a QObject of the thread that runs the event loop.

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>

#include "JobExecutor.h"
#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "RunRecorder.h"
#include "SshSession.h"

namespace catapult {

class HangMonitor;
class PreflightTask;
class RunStore;

struct LaunchRequest {
    LaunchArguments arguments;
    QStringList commandLine;  // the same launch as `catapult launch` arguments: recorded, relaunchable
    QString name;             // the run's name in the history; empty: the run directory's name
};

class LaunchSession : public QObject {
    Q_OBJECT
public:
    enum class Notice { Always, Detail };  // Detail: what `catapult launch -q` leaves out

    // `store` may be null (no history); it must outlive the session.
    explicit LaunchSession(RunStore* store, QObject* parent = nullptr);
    ~LaunchSession() override;

    void setSshOptions(const SshOptions& options) { m_ssh = options; }
    // Errors (a bad flag value, a bad config, an unknown run to resume) start nothing. On hosts,
    // a failed pre-flight ends in finished() naming the problems.
    Status start(const LaunchRequest& request);
    void stop();  // graceful: SIGTERM to every rank (before the start: nothing starts)
    void kill();  // SIGKILL to every rank
    bool isRunning() const;

    // The settings of the current (or last) attempt, and its plan once started.
    const LaunchSettings& settings() const { return m_settings; }
    const LaunchPlan& plan() const { return m_plan; }
    const RunRecorder* recorder() const { return m_recorder.get(); }
    QString rankLabel(int rank) const;

    // The settings a request gives on this machine, with the main process port settled as a
    // launch would (pure apart from reading the config file and probing ports).
    static Result<LaunchSettings> settingsFor(LaunchArguments arguments, RunStore* store, QStringList* notes = nullptr);

signals:
    void notice(const QString& line, catapult::LaunchSession::Notice kind);
    void preflightProgress(const QString& step);
    void started(qint64 runId);  // an attempt's ranks were started (plan() is theirs)
    void logLine(int rank, const QString& line);  // rank: the index in plan().ranks
    void eventLine(int rank, const QString& text);  // a rank's error or alert event as a line
    void metricsReceived(int rank, const QJsonObject& metrics);
    void usageSampled(int rank, const catapult::RankUsage& usage);
    void seriesChanged();
    void stopping(const QString& reason);
    void attemptFinished(const catapult::JobOutcome& outcome);  // each attempt's end (recorded)
    void finished(const catapult::JobOutcome& outcome);         // the job's end: no restart follows

private:
    void announce();
    void onPreflightFinished();
    void launchAttempt(std::unique_ptr<JobExecutor> executor);
    std::unique_ptr<JobExecutor> thisMachinesExecutor() const;
    void onMetrics(int rank, const QJsonObject& metrics);
    void onUsage(int rank, const RankUsage& usage);
    void raiseNanAlert(const QJsonObject& step);
    void watchForStalls();
    void onStallReport(const QStringList& lines, QJsonObject alert, int blamedRank);
    void onAttemptFinished(const JobOutcome& outcome);

    RunStore* m_store;
    SshOptions m_ssh;
    LaunchRequest m_request;
    LaunchSettings m_settings;
    LaunchPlan m_plan;
    QString m_firstRunDir;
    std::unique_ptr<JobExecutor> m_executor;
    std::unique_ptr<RunRecorder> m_recorder;
    std::unique_ptr<HangMonitor> m_hang;
    PreflightTask* m_preflight = nullptr;
    qint64 m_launchedAtMs = 0;
    bool m_firstStepSeen = false;
    QElapsedTimer m_attemptClock;
    qint64 m_lastStep = 0;
    bool m_nanAlerted = false;  // this attempt raised (or got from the program) a NaN alert
    bool m_stopRequested = false;
};

}  // namespace catapult
