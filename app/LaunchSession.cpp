#include "LaunchSession.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>

#include <cmath>

#include "CommandLine.h"
#include "EventText.h"
#include "HangMonitor.h"
#include "StackDumper.h"
#include "LaunchFacts.h"
#include "LocalExecutor.h"
#include "MpiExecutor.h"
#include "SlurmExecutor.h"
#include "PortPicker.h"
#include "PreflightTask.h"
#include "RemoteExecutor.h"
#include "ResumeTarget.h"
#include "RunStore.h"

namespace catapult {

namespace {

// The first global rank this machine runs.
int firstRank(const LaunchSettings& s) { return s.machineRank * (s.numProcesses / std::max(1, s.numMachines)); }

// The main process port: on this machine a free one (none named or 0: one the kernel picks;
// busy: the next free one);
// machine 1, 2, ... of a job launched on every machine keeps machine 0's as given; over SSH
// host 0's is checked by the pre-flight.
Status settlePort(LaunchSettings& s, QStringList* notes) {
    if (s.slurm) return Status::success();  // the port is on the allocation's first node
    if (!s.hosts.empty()) {
        if (s.port == 0) s.port = 29500;
        return Status::success();
    }
    if (s.machineRank > 0) {
        if (s.port == 0)
            return Status::error(LaunchSession::tr("--machine_rank %1 needs the main process's port: pass "
                                                   "--main_process_port.").arg(s.machineRank).toStdString());
        return Status::success();
    }
    // A job on this machine alone with no port named takes one the kernel gives (as torchrun
    // --standalone does), so two such jobs never meet on 29500.
    if (!s.portGiven && s.numMachines <= 1) {
        s.port = resolvePort(0);
        return Status::success();
    }
    const int requested = s.port;
    s.port = resolvePort(requested);
    if (s.port != requested && notes)
        *notes << LaunchSession::tr("port %1 is %2; using free port %3")
                      .arg(requested).arg(requested == 0 ? LaunchSession::tr("0 (pick one)") : LaunchSession::tr("busy")).arg(s.port);
    return Status::success();
}

// --max_restarts: the next attempt of a failed job, in a run directory of its own, continuing
// from the newest checkpoint of the attempt before when it wrote one (torchrun restarts from
// the script's own checkpoints the same way).
LaunchSettings restartOf(const LaunchSettings& failed, const QString& firstRunDir, int attempt) {
    LaunchSettings next = failed;
    next.restartCount = attempt;
    next.runDir = firstRunDir + QStringLiteral("-restart-%1").arg(attempt);
    const QDir checkpoints(failed.runDir + QStringLiteral("/checkpoints"));
    if (checkpoints.entryList({QStringLiteral("step-*")}, QDir::Dirs).isEmpty()) return next;
    next.resumeFrom = failed.runDir;
    if (next.builtinRecipe) {
        const qsizetype at = next.program.indexOf(QStringLiteral("--resume"));
        if (at >= 0 && at + 1 < next.program.size()) next.program[at + 1] = next.resumeFrom;
        else next.program << QStringLiteral("--resume") << next.resumeFrom;
    }
    return next;
}

RunRecord recordOf(const LaunchSettings& s, const LaunchRequest& request, RunStore* store) {
    RunRecord record;
    record.name = request.name.isEmpty() ? QFileInfo(s.runDir).fileName() : request.name;
    record.runDir = QFileInfo(s.runDir).absoluteFilePath();
    record.configPath = s.configFile;
    if (QFile f(s.configFile); !s.configFile.isEmpty() && f.open(QIODevice::ReadOnly)) record.configYaml = QString::fromUtf8(f.readAll());
    record.command = launchCommandLine(request.commandLine);
    QStringList names;
    for (const HostSpec& h : s.hosts) names << h.name;
    record.hosts = names.isEmpty() ? QStringLiteral("localhost") : names.join(QStringLiteral(","));
    record.numProcesses = s.numProcesses;
    if (!s.resumeFrom.isEmpty() && store) record.resumedFrom = store->runOwning(s.resumeFrom);
    return record;
}

}  // namespace

LaunchSession::LaunchSession(RunStore* store, QObject* parent) : QObject(parent), m_store(store) {}

LaunchSession::~LaunchSession() {
    if (m_executor && m_executor->isRunning()) m_executor->kill();
}

bool LaunchSession::isRunning() const { return m_preflight || (m_executor && m_executor->isRunning()); }

QString LaunchSession::rankLabel(int rank) const { return m_executor ? m_executor->rankLabel(rank) : tr("rank %1").arg(rank); }

Result<LaunchSettings> LaunchSession::settingsFor(LaunchArguments arguments, RunStore* store, QStringList* notes) {
    if (arguments.resume) {
        auto target = resolveResumeTarget(*arguments.resume, store);
        if (!target.ok()) return target.status();
        arguments.resume = target.value();
    }
    auto resolved = resolveLaunchSettings(arguments, gatherLaunchFacts());
    if (!resolved.ok()) return resolved.status();
    if (Status s = settlePort(resolved.value(), notes); !s.ok()) return s;
    return resolved;
}

Status LaunchSession::start(const LaunchRequest& request) {
    if (isRunning()) return Status::error(tr("A job is already running; stop it first.").toStdString());
    QStringList portNotes;
    auto settings = settingsFor(request.arguments, m_store, &portNotes);
    if (!settings.ok()) return settings.status();
    if (settings.value().slurm && QStandardPaths::findExecutable(QStringLiteral("sbatch")).isEmpty())
        return Status::error(tr("--slurm: sbatch is not on PATH; submit from a Slurm login node (or write the script with "
                                "catapult export slurm).").toStdString());
    m_request = request;
    m_settings = settings.value();
    m_settings.notes << portNotes;
    m_firstRunDir = m_settings.runDir;
    m_stopRequested = false;
    m_firstStepSeen = false;
    m_launchedAtMs = QDateTime::currentMSecsSinceEpoch();
    announce();
    if (m_settings.hosts.empty()) {
        launchAttempt(thisMachinesExecutor());
        return Status::success();
    }
    emit notice(tr("pre-flight of %n host(s)", nullptr, static_cast<int>(m_settings.hosts.size())), Notice::Always);
    m_preflight = new PreflightTask(this);
    connect(m_preflight, &PreflightTask::progress, this, &LaunchSession::preflightProgress);
    connect(m_preflight, &PreflightTask::finished, this, &LaunchSession::onPreflightFinished);
    m_preflight->start(m_settings, m_ssh);
    return Status::success();
}

// What a launch says before its ranks start.
void LaunchSession::announce() {
    const LaunchSettings& s = m_settings;
    for (const QString& note : s.notes) emit notice(note, Notice::Detail);
    emit notice(s.configFile.isEmpty() ? tr("config file: none (built-in defaults)") : tr("config file: %1").arg(s.configFile),
                Notice::Detail);
    if (s.hosts.empty()) {
        const int local = s.numProcesses / std::max(1, s.numMachines);
        if (s.numMachines > 1)
            emit notice(tr("machine %1 of %2 (ranks %3 to %4 of %5), main process %6:%7")
                            .arg(s.machineRank).arg(s.numMachines).arg(firstRank(s)).arg(firstRank(s) + local - 1)
                            .arg(s.numProcesses).arg(s.masterAddr).arg(s.port), Notice::Detail);
        emit notice(tr("%1 process(es), %2, run directory %3").arg(local).arg(s.useCpu ? tr("CPU") : tr("GPU if present"), s.runDir),
                    Notice::Detail);
        if (!s.mpirunHostfile.isEmpty())
            emit notice(tr("started by mpirun on the %n machine(s) of %1", nullptr, s.mpirunMachines).arg(s.mpirunHostfile), Notice::Detail);
        if (s.slurm) emit notice(tr("a Slurm job on %n node(s), each running its share of the ranks", nullptr, s.slurm->nodes), Notice::Detail);
    }
    emit notice(tr("command: %1").arg(s.program.join(' ')), Notice::Detail);
}

void LaunchSession::onPreflightFinished() {
    PreflightResult result = m_preflight->takeResult();
    m_preflight->deleteLater();
    m_preflight = nullptr;
    for (const QString& line : result.report()) emit notice(line, Notice::Always);
    if (!result.ok() || m_stopRequested) {
        JobOutcome o;
        o.cancelled = m_stopRequested && result.ok();
        o.exitCode = o.cancelled ? 130 : 2;
        o.reason = o.cancelled ? tr("stopped before the start") : tr("pre-flight failed: %1").arg(result.problems().join(QStringLiteral("; ")));
        if (!o.cancelled) {
            emit notice(tr("not starting; pre-flight failed:"), Notice::Always);
            for (const QString& p : result.problems()) emit notice(QStringLiteral("    ") + p, Notice::Always);
        }
        emit finished(o);
        return;
    }
    for (const HostPreflight& h : result.hosts) m_settings.hostCores.push_back(h.hardware ? h.hardware->cores : 1);
    QStringList names;
    for (const HostSpec& h : m_settings.hosts) names << QStringLiteral("%1 (%2)").arg(h.name).arg(h.slotCount);
    emit notice(tr("%1 process(es) on %2 machines: %3; main process %4:%5")
                    .arg(m_settings.numProcesses).arg(m_settings.hosts.size())
                    .arg(names.join(QStringLiteral(", ")), m_settings.masterAddr).arg(m_settings.port), Notice::Always);
    launchAttempt(std::make_unique<RemoteExecutor>(std::move(result.sessions), m_ssh, m_settings.hostTimeoutS * 1000));
}

// A job started from here: its ranks as processes of this machine, or mpirun's on its hostfile's machines.
std::unique_ptr<JobExecutor> LaunchSession::thisMachinesExecutor() const {
    if (m_settings.slurm) {
        SlurmJobSpec spec = *m_settings.slurm;
        setNodeArguments(spec, m_request.commandLine);
        return std::make_unique<SlurmExecutor>(spec);
    }
    if (!m_settings.mpirunHostfile.isEmpty()) return std::make_unique<MpiExecutor>(m_settings.mpirunHostfile, m_settings.mpirunMachines);
    return std::make_unique<LocalExecutor>();
}

void LaunchSession::launchAttempt(std::unique_ptr<JobExecutor> executor) {
    QDir().mkpath(m_settings.runDir);
    m_executor = std::move(executor);
    m_recorder = std::make_unique<RunRecorder>(m_store);
    m_recorder->begin(recordOf(m_settings, m_request, m_store));  // a store error is kept in lastError(); the job still runs
    if (!m_recorder->lastError().isEmpty())
        emit notice(tr("this run is not in the history: %1").arg(m_recorder->lastError()), Notice::Always);
    connect(m_executor.get(), &JobExecutor::logLine, this, &LaunchSession::logLine);
    connect(m_executor.get(), &JobExecutor::metricsReceived, this, &LaunchSession::onMetrics);
    connect(m_executor.get(), &JobExecutor::usageSampled, this, &LaunchSession::onUsage);
    m_attemptClock.start();
    m_lastStep = 0;
    m_nanAlerted = false;
    connect(m_recorder.get(), &RunRecorder::seriesChanged, this, &LaunchSession::seriesChanged);
    connect(m_executor.get(), &JobExecutor::stopping, this, [this](const QString& reason) {
        if (!reason.isEmpty()) emit notice(tr("%1; stopping every rank").arg(reason), Notice::Always);
        emit stopping(reason);
    });
    connect(m_executor.get(), &JobExecutor::finished, this, &LaunchSession::onAttemptFinished);
    // Under mpirun the plan holds only what the launch sets: MpiExecutor hands each of it on by name.
    const bool mpirun = !m_settings.mpirunHostfile.isEmpty();
    LaunchSettings planned = m_settings;
    if (planned.slurm) planned.numMachines = 1;  // a Slurm job's plan: every rank of the allocation (their logs and labels)
    m_plan = buildLaunchPlan(planned, mpirun ? QProcessEnvironment() : QProcessEnvironment::systemEnvironment());
    emit started(m_recorder->runId());
    m_executor->start(m_plan);
    watchForStalls();
}

void LaunchSession::watchForStalls() {
    std::optional<double> timeout;
    if (m_settings.hangTimeoutS) timeout = *m_settings.hangTimeoutS;
    m_hang = std::make_unique<HangMonitor>(timeout, m_executor.get(), StackDumper::pySpyPath(m_settings.program.value(0)));
    connect(m_hang.get(), &HangMonitor::stallNoticed, this, [this](const QString& line) { emit notice(line, Notice::Always); });
    connect(m_hang.get(), &HangMonitor::reported, this, &LaunchSession::onStallReport);
}

// The stacks go to the log and to <run dir>/stacks.txt, the alert into the record; under
// --hang_policy stop the job then fails, naming the odd rank.
void LaunchSession::onStallReport(const QStringList& lines, QJsonObject alert, int blamedRank) {
    for (const QString& line : lines) emit notice(line, Notice::Always);
    if (QFile f(m_settings.runDir + QStringLiteral("/stacks.txt")); f.open(QIODevice::Append | QIODevice::Text))
        f.write((lines.join('\n') + QStringLiteral("\n\n")).toUtf8());
    alert.insert("step", m_lastStep);
    alert.insert("rank", blamedRank >= 0 ? blamedRank : 0);
    alert.insert("time", m_attemptClock.elapsed() / 1000.0);
    alert.insert("action", m_settings.hangPolicy == HangPolicy::Stop ? "stop" : "wait");
    m_recorder->addMetrics(alert);
    emit eventLine(blamedRank >= 0 ? blamedRank : 0, eventLogText(alert));
    emit metricsReceived(0, alert);
    if (m_settings.hangPolicy != HangPolicy::Stop) {
        emit notice(tr("hang policy wait: the job keeps running (stop it, or pass --hang_policy stop)"), Notice::Always);
        return;
    }
    int index = 0;  // the blamed rank's place in this machine's plan
    for (int i = 0; i < static_cast<int>(m_plan.ranks.size()); ++i)
        if (m_plan.ranks[i].rank == blamedRank) index = i;
    m_stopRequested = true;  // a stalled job is not restarted
    m_executor->abort(index, blamedRank >= 0 ? tr("the job stalled; rank %1's stack differs from the rest").arg(blamedRank)
                                             : tr("the job stalled"));
}

// Rank 0's metrics and every rank's errors go into the record; error and alert events become lines.
void LaunchSession::onMetrics(int rank, const QJsonObject& m) {
    const QString type = m.value("type").toString();
    if (!m_settings.hosts.empty() && !m_firstStepSeen && type == QLatin1String("step")) {
        m_firstStepSeen = true;
        emit notice(tr("first step %1 s after launch (pre-flight included)")
                        .arg((QDateTime::currentMSecsSinceEpoch() - m_launchedAtMs) / 1000.0, 0, 'f', 1), Notice::Always);
    }
    if (type == QLatin1String("alert") && m.value("kind").toString() == QLatin1String("nan")) m_nanAlerted = true;
    if (rank == 0 && type == QLatin1String("step")) {
        m_lastStep = m.value("step").toInteger();
        if (m_hang) m_hang->step();
        if (m.contains("loss") && !std::isfinite(m.value("loss").toDouble(NAN)) && !m_nanAlerted) raiseNanAlert(m);
    }
    if (rank == 0 || type == QLatin1String("error")) m_recorder->addMetrics(m);
    if (const QString event = eventLogText(m); !event.isEmpty()) emit eventLine(m.value("rank").toInt(m_plan.ranks[rank].rank), event);
    emit metricsReceived(rank, m);
}

// Any program's non-finite loss raises the NaN alert the engine raises for its own (once per attempt;
// the engine's own alert comes first and stands for it).
void LaunchSession::raiseNanAlert(const QJsonObject& step) {
    m_nanAlerted = true;
    const qint64 at = step.value("step").toInteger();
    const QJsonObject alert{{"type", "alert"},
                            {"kind", "nan"},
                            {"action", "none"},
                            {"step", at},
                            {"time", step.value("time").toDouble()},
                            {"source", "launcher"},
                            {"message", tr("the loss reported at step %1 is not a finite number").arg(at)}};
    m_recorder->addMetrics(alert);
    emit eventLine(m_plan.ranks.empty() ? 0 : m_plan.ranks.front().rank, eventLogText(alert));
    emit metricsReceived(0, alert);
}

// A sample of a rank taken from outside: a memory line of the run (marked "sampled").
void LaunchSession::onUsage(int rank, const RankUsage& u) {
    QJsonObject r{{"rank", rank < static_cast<int>(m_plan.ranks.size()) ? m_plan.ranks[rank].rank : rank},
                  {"rss_bytes", u.rssBytes},
                  {"processes", u.processes}};
    if (u.pssBytes >= 0) r.insert("pss_bytes", u.pssBytes);
    if (u.cpuPercent >= 0) r.insert("cpu_percent", u.cpuPercent);
    if (u.gpuBytes >= 0) r.insert("gpu_used_bytes", u.gpuBytes);
    if (u.gpuUtilPercent >= 0) r.insert("gpu_util_percent", u.gpuUtilPercent);
    const QJsonObject line{{"type", "memory"}, {"source", "sampled"}, {"step", m_lastStep},
                           {"time", m_attemptClock.elapsed() / 1000.0}, {"ranks", QJsonArray{r}}};
    m_recorder->addMetrics(line);
    if (m_hang && u.cpuPercent >= 0) m_hang->usage(rank, u.cpuPercent);
    emit usageSampled(rank, u);
}

void LaunchSession::onAttemptFinished(const JobOutcome& outcome) {
    if (m_hang) m_hang.release()->deleteLater();  // it may be what is reporting
    m_recorder->finish(outcome);
    emit attemptFinished(outcome);
    const int attempt = m_settings.restartCount + 1;
    if (outcome.success || outcome.cancelled || m_stopRequested || attempt > m_settings.maxRestarts) {
        emit finished(outcome);
        return;
    }
    m_settings = restartOf(m_settings, m_firstRunDir, attempt);
    emit notice(m_settings.resumeFrom.isEmpty()
                    ? tr("restart %1 of %2 from the start (no checkpoint was written), run directory %3")
                          .arg(attempt).arg(m_settings.maxRestarts).arg(m_settings.runDir)
                    : tr("restart %1 of %2 from the newest checkpoint of %3, run directory %4")
                          .arg(attempt).arg(m_settings.maxRestarts).arg(m_settings.resumeFrom, m_settings.runDir),
                Notice::Always);
    if (m_settings.port > 0) m_settings.port = resolvePort(m_settings.port);
    m_executor.release()->deleteLater();  // we are in its signal
    launchAttempt(thisMachinesExecutor());
}

void LaunchSession::stop() {
    m_stopRequested = true;
    if (!m_preflight && isRunning()) m_executor->cancel();
}

void LaunchSession::kill() {
    m_stopRequested = true;
    if (m_executor && m_executor->isRunning()) m_executor->kill();
}

}  // namespace catapult
