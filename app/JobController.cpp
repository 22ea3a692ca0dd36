#include "JobController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "CommandLine.h"
#include "EventText.h"
#include "LaunchFacts.h"
#include "LaunchPlan.h"
#include "LocalExecutor.h"
#include "PortPicker.h"
#include "PreflightTask.h"
#include "RemoteExecutor.h"
#include "ResumeTarget.h"

namespace catapult {

JobController::JobController(RunStore* store, QObject* parent) : QObject(parent), m_store(store) {}

JobController::~JobController() {
    if (m_executor && m_executor->isRunning()) m_executor->kill();
}

bool JobController::isRunning() const { return m_preflight || (m_executor && m_executor->isRunning()); }

QString JobController::rankLabel(int rank) const { return m_executor ? m_executor->rankLabel(rank) : tr("rank %1").arg(rank); }

Status JobController::start(const QStringList& launchArgs, const QString& name, bool onHosts) {
    if (isRunning()) return Status::error(tr("A job is already running; stop it first.").toStdString());
    auto parsed = parseLaunchArguments(launchArgs);
    if (!parsed.ok()) return parsed.status();
    LaunchArguments args = parsed.value();
    if (args.resume) {
        auto target = resolveResumeTarget(*args.resume, m_store);
        if (!target.ok()) return target.status();
        args.resume = target.value();
    }
    if (onHosts && !args.hostsFile) {
        args.hostList = m_store ? m_store->hosts() : std::vector<HostSpec>();
        if (args.hostList.empty())
            return Status::error(tr("There are no machines to run on: add them on the Machines tab.").toStdString());
    }
    auto resolved = resolveLaunchSettings(args, gatherLaunchFacts());
    if (!resolved.ok()) return resolved.status();
    LaunchSettings settings = resolved.value();
    m_configFile = settings.configFile;
    m_runDir = settings.runDir;
    m_numProcesses = settings.numProcesses;
    m_launchArgs = launchArgs;
    m_name = name;
    m_stopRequested = false;
    if (settings.hosts.empty()) {
        const int requested = settings.port;
        // On machine 1, 2, ... the port belongs to machine 0's main process: keep it as given.
        if (settings.machineRank == 0) settings.port = resolvePort(requested);
        if (settings.port != requested)
            emit notice(tr("Port %1 is %2; using free port %3.")
                            .arg(requested).arg(requested == 0 ? tr("0 (pick one)") : tr("busy")).arg(settings.port));
        launch(settings, std::make_unique<LocalExecutor>());
        return Status::success();
    }
    if (settings.port == 0) settings.port = 29500;
    m_pending = settings;
    m_preflight = new PreflightTask(this);
    connect(m_preflight, &PreflightTask::progress, this, &JobController::notice);
    connect(m_preflight, &PreflightTask::finished, this, &JobController::onPreflightFinished);
    emit notice(tr("Pre-flight of %1 machine(s)...").arg(settings.hosts.size()));
    m_preflight->start(settings, m_ssh);
    return Status::success();
}

void JobController::onPreflightFinished() {
    PreflightResult result = m_preflight->takeResult();
    m_preflight->deleteLater();
    m_preflight = nullptr;
    for (const QString& line : result.report()) emit notice(line);
    if (!result.ok() || m_stopRequested) {
        JobOutcome o;
        o.cancelled = m_stopRequested && result.ok();
        o.exitCode = o.cancelled ? 130 : 2;
        o.reason = o.cancelled ? tr("stopped before the start") : tr("pre-flight failed: %1").arg(result.problems().join(QStringLiteral("; ")));
        emit finished(o);
        return;
    }
    LaunchSettings settings = m_pending;
    for (const HostPreflight& h : result.hosts) settings.hostCores.push_back(h.hardware ? h.hardware->cores : 1);
    launch(settings, std::make_unique<RemoteExecutor>(std::move(result.sessions), m_ssh, settings.hostTimeoutS * 1000));
}

void JobController::launch(const LaunchSettings& settings, std::unique_ptr<JobExecutor> executor) {
    QDir().mkpath(settings.runDir);
    m_executor = std::move(executor);
    m_recorder = std::make_unique<RunRecorder>(m_store);
    RunRecord record;
    record.name = m_name.isEmpty() ? QFileInfo(settings.runDir).fileName() : m_name;
    record.runDir = QFileInfo(settings.runDir).absoluteFilePath();
    record.configPath = settings.configFile;
    if (!settings.configFile.isEmpty()) {
        QFile f(settings.configFile);
        if (f.open(QIODevice::ReadOnly)) record.configYaml = QString::fromUtf8(f.readAll());
    }
    record.command = launchCommandLine(m_launchArgs);
    QStringList hostNames;
    for (const HostSpec& h : settings.hosts) hostNames << h.name;
    record.hosts = hostNames.isEmpty() ? QStringLiteral("localhost") : hostNames.join(QStringLiteral(","));
    record.numProcesses = settings.numProcesses;
    if (!settings.resumeFrom.isEmpty() && m_store) record.resumedFrom = m_store->runOwning(settings.resumeFrom);
    m_recorder->begin(record);  // a store error is kept in lastError(); the job still runs

    connect(m_executor.get(), &JobExecutor::logLine, this, &JobController::logLine);
    connect(m_executor.get(), &JobExecutor::metricsReceived, this, [this](int rank, const QJsonObject& m) {
        if (rank == 0 || m.value("type").toString() == QLatin1String("error")) m_recorder->addMetrics(m);
        if (const QString event = eventLogText(m); !event.isEmpty()) emit logLine(m.value("rank").toInt(rank), event);
        emit metricsReceived(rank, m);
    });
    connect(m_recorder.get(), &RunRecorder::seriesChanged, this, &JobController::seriesChanged);
    connect(m_executor.get(), &JobExecutor::finished, this, [this](const JobOutcome& o) {
        m_recorder->finish(o);
        emit finished(o);
    });
    announce(settings);
    m_executor->start(buildLaunchPlan(settings, QProcessEnvironment::systemEnvironment()));
    emit started(m_recorder->runId());
}

// What the command line says before a job starts, for the Job tab's log.
void JobController::announce(const LaunchSettings& s) {
    for (const QString& note : s.notes) emit notice(note);
    emit notice(s.configFile.isEmpty() ? tr("Config file: none (built-in defaults)") : tr("Config file: %1").arg(s.configFile));
    emit notice(tr("%1 process(es) on %2, run directory %3")
                    .arg(s.numProcesses)
                    .arg(s.hosts.empty() ? tr("this machine") : tr("%n machine(s)", nullptr, static_cast<int>(s.hosts.size())), s.runDir));
    emit notice(tr("Command: %1").arg(s.program.join(' ')));
}

void JobController::stop() {
    if (m_preflight) m_stopRequested = true;
    else if (isRunning()) m_executor->cancel();
}

}  // namespace catapult
