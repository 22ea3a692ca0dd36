#include "JobController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "LaunchFacts.h"
#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "PortPicker.h"

namespace catapult {

JobController::JobController(RunStore* store, QObject* parent) : QObject(parent), m_store(store) {}

JobController::~JobController() {
    if (m_executor && m_executor->isRunning()) m_executor->kill();
}

bool JobController::isRunning() const { return m_executor && m_executor->isRunning(); }

Status JobController::start(const QStringList& launchArgs, const QString& name) {
    if (isRunning()) return Status::error(tr("A job is already running; stop it first.").toStdString());
    auto parsed = parseLaunchArguments(launchArgs);
    if (!parsed.ok()) return parsed.status();
    auto resolved = resolveLaunchSettings(parsed.value(), gatherLaunchFacts());
    if (!resolved.ok()) return resolved.status();
    LaunchSettings settings = resolved.value();
    settings.port = resolvePort(settings.port);
    QDir().mkpath(settings.runDir);
    m_configFile = settings.configFile;
    m_runDir = settings.runDir;
    m_numProcesses = settings.numProcesses;

    m_executor = std::make_unique<LocalExecutor>();
    m_recorder = std::make_unique<RunRecorder>(m_store);
    RunRecord record;
    record.name = name.isEmpty() ? QFileInfo(settings.runDir).fileName() : name;
    record.runDir = QFileInfo(settings.runDir).absoluteFilePath();
    record.configPath = settings.configFile;
    if (!settings.configFile.isEmpty()) {
        QFile f(settings.configFile);
        if (f.open(QIODevice::ReadOnly)) record.configYaml = QString::fromUtf8(f.readAll());
    }
    record.command = QStringLiteral("catapult launch ") + launchArgs.join(' ');
    record.hosts = QStringLiteral("localhost");
    record.numProcesses = settings.numProcesses;
    m_recorder->begin(record);  // a store error is kept in lastError(); the job still runs

    connect(m_executor.get(), &LocalExecutor::logLine, this, &JobController::logLine);
    connect(m_executor.get(), &LocalExecutor::metricsReceived, this, [this](int rank, const QJsonObject& m) {
        if (rank == 0 || m.value("type").toString() == QLatin1String("error")) m_recorder->addMetrics(m);
    });
    connect(m_recorder.get(), &RunRecorder::seriesChanged, this, &JobController::seriesChanged);
    connect(m_executor.get(), &LocalExecutor::finished, this, [this](const JobOutcome& o) {
        m_recorder->finish(o);
        emit finished(o);
    });
    m_executor->start(buildLaunchPlan(settings, QProcessEnvironment::systemEnvironment()));
    emit started(m_recorder->runId());
    return Status::success();
}

void JobController::stop() {
    if (isRunning()) m_executor->cancel();
}

}  // namespace catapult
