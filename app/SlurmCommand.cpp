#include "SlurmCommand.h"

#include <csignal>
#include <thread>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>

#include "CommandLine.h"
#include "CommandOutput.h"
#include "LaunchFacts.h"
#include "LaunchSettings.h"
#include "ProgressLine.h"
#include "RunStore.h"
#include "SlurmScript.h"

namespace catapult {
namespace {

using cli::tr;

volatile std::sig_atomic_t g_interrupted = 0;
void onInterrupt(int) { g_interrupted = 1; }

// The Slurm job the flags describe, checked as `catapult launch` would check them here.
Result<SlurmJobSpec> specOf(const QStringList& args, QString* output) {
    const qsizetype dash = args.indexOf(QStringLiteral("--"));
    SlurmJobSpec spec;
    spec.program = dash < 0 ? QStringList() : args.mid(dash + 1);
    QMap<QString, QString> f;
    spec.launchArgs = takeFlags(dash < 0 ? args : args.mid(0, dash),
                                {"nodes", "partition", "time", "account", "job_name", "output", "run_dir", "main_process_port", "slurm"},
                                {"slurm"}, f);
    auto parsed = parseLaunchArguments(spec.launchArgs + (spec.program.isEmpty() ? QStringList() : QStringList{"--"} + spec.program));
    if (!parsed.ok()) return parsed.status();
    auto settings = resolveLaunchSettings(parsed.value(), gatherLaunchFacts());
    if (!settings.ok()) return settings.status();
    bool ok = true;
    spec.nodes = f.contains("nodes") ? f.value("nodes").toInt(&ok) : settings.value().numMachines;
    if (!ok || spec.nodes < 1) return Status::error(tr("--nodes '%1' is not a number of nodes.").arg(f.value("nodes")).toStdString());
    if (!parsed.value().numProcesses && settings.value().configFile.isEmpty())
        return Status::error(tr("Slurm jobs need the number of ranks: pass --num_processes (the total over all nodes) or a config "
                                "file with num_processes.").toStdString());
    if (settings.value().numProcesses % spec.nodes != 0)
        return Status::error(tr("num_processes %1 (the total over all nodes) does not divide into %2 nodes.")
                                 .arg(settings.value().numProcesses).arg(spec.nodes).toStdString());
    spec.partition = f.value("partition");
    spec.time = f.value("time");
    spec.account = f.value("account");
    if (f.contains("job_name")) spec.jobName = f.value("job_name");
    if (f.contains("main_process_port")) spec.port = f.value("main_process_port").toInt();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    spec.runDir = QDir(f.value("run_dir", QStringLiteral("catapult-runs/slurm-") + stamp)).absolutePath();
    spec.catapult = QCoreApplication::applicationFilePath();
    if (output) *output = f.value("output");
    return spec;
}

Status writeText(const QString& path, const QString& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return Status::error(tr("%1: cannot write: %2").arg(path, file.errorString()).toStdString());
    QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner);
    return Status::success();
}

// A Slurm command's standard output, or nothing when it failed (its error in *error).
std::optional<QString> slurm(const QString& program, const QStringList& args, QString* error = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error) *error = p.error() == QProcess::FailedToStart ? tr("%1 not found (is this a Slurm login node?)").arg(program)
                                                                 : QString::fromUtf8(p.readAllStandardError()).trimmed();
        return std::nullopt;
    }
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// What a file has gained since `offset` (whole lines only), which then points past it.
QStringList newLines(const QString& path, qint64& offset) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset)) return {};
    const QByteArray data = file.readAll();
    const qsizetype end = data.lastIndexOf('\n');
    if (end < 0) return {};
    offset += end + 1;
    return QString::fromUtf8(data.left(end)).split('\n');
}

// JobState and the exit code of a job Slurm still knows ("" when it no longer does).
std::pair<QString, int> jobState(const QString& id) {
    const QString line = slurm(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("job"), QStringLiteral("-o"), id}).value_or(QString());
    QString state;
    int code = 0;
    for (const QString& field : line.split(' ')) {
        if (field.startsWith(QLatin1String("JobState="))) state = field.mid(9);
        if (field.startsWith(QLatin1String("ExitCode="))) code = field.mid(9).section(':', 0, 0).toInt();
    }
    return {state, code};
}

bool finishedState(const QString& state) {
    return state.isEmpty() || !QStringList{"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING"}.contains(state);
}

// Follows job `id` until Slurm says it ended: its output and progress on the console; Ctrl-C cancels it.
int follow(const QString& id, const SlurmJobSpec& spec) {
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    qint64 outOffset = 0, metricsOffset = 0;
    ProgressLine progress;
    QString shown;
    bool cancelled = false;
    for (;;) {
        const auto [state, code] = jobState(id);
        for (const QString& line : newLines(spec.runDir + QStringLiteral("/slurm-%1.out").arg(id), outOffset)) cli::out(line);
        for (const QString& line : newLines(spec.runDir + QStringLiteral("/metrics.jsonl"), metricsOffset))
            progress.update(QJsonDocument::fromJson(line.toUtf8()).object());
        if (progress.hasProgress() && progress.text() != shown) cli::err(QStringLiteral("[progress] ") + (shown = progress.text()));
        if (g_interrupted && !cancelled) {
            cancelled = true;
            cli::err(tr("catapult: cancelling Slurm job %1 (scancel)").arg(id));
            slurm(QStringLiteral("scancel"), {id});
        }
        if (finishedState(state)) {
            const int exitCode = state == QLatin1String("COMPLETED") ? 0 : state == QLatin1String("CANCELLED") || cancelled ? 130 : std::max(1, code);
            cli::err(exitCode == 0 ? tr("catapult: Slurm job %1 finished successfully").arg(id)
                                   : tr("catapult: Slurm job %1 ended: %2 (exit code %3)").arg(id, state.isEmpty() ? tr("gone") : state).arg(code));
            return exitCode;
        }
        std::this_thread::sleep_for(std::chrono::seconds(1));
    }
}

// The finished run into the history (a problem is said, never fatal: the run directory keeps everything).
void record(const QString& runDir) {
    auto store = RunStore::open(RunStore::defaultPath());
    auto imported = store.ok() ? store.value()->importRunDir(runDir) : Result<qint64>(store.status());
    if (imported.ok()) cli::err(tr("catapult: recorded as run %1 (catapult runs show %1)").arg(imported.value()));
    else cli::err(tr("catapult: not in the run history: %1").arg(QString::fromStdString(imported.status().message())));
}

}  // namespace

int runExportCommand(const QStringList& args) {
    if (args.value(0) != QLatin1String("slurm"))
        return cli::fail(tr("usage: catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A] "
                            "[--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]"), 2);
    QString output;
    auto spec = specOf(args.mid(1), &output);
    if (!spec.ok()) return cli::fail(QStringLiteral("catapult export slurm: ") + QString::fromStdString(spec.status().message()), 2);
    auto script = slurmScript(spec.value());
    if (!script.ok()) return cli::fail(QStringLiteral("catapult export slurm: ") + QString::fromStdString(script.status().message()), 2);
    if (output.isEmpty()) {
        std::fputs(script.value().toUtf8().constData(), stdout);
        return 0;
    }
    if (Status s = writeText(output, script.value()); !s.ok()) return cli::fail(QString::fromStdString(s.message()), 1);
    QDir().mkpath(spec.value().runDir);  // where sbatch opens the job's output file
    cli::err(tr("catapult: wrote %1 (sbatch %1); run directory %2").arg(output, spec.value().runDir));
    return 0;
}

int runSlurmLaunch(const QStringList& args) {
    auto spec = specOf(args, nullptr);
    if (!spec.ok()) return cli::fail(QStringLiteral("catapult launch --slurm: ") + QString::fromStdString(spec.status().message()), 2);
    auto script = slurmScript(spec.value());
    if (!script.ok()) return cli::fail(QStringLiteral("catapult launch --slurm: ") + QString::fromStdString(script.status().message()), 2);
    const QString path = spec.value().runDir + QStringLiteral("/job.sbatch");
    QDir().mkpath(spec.value().runDir);
    if (Status s = writeText(path, script.value()); !s.ok()) return cli::fail(QString::fromStdString(s.message()), 1);
    QString error;
    const auto id = slurm(QStringLiteral("sbatch"), {QStringLiteral("--parsable"), path}, &error);
    if (!id) return cli::fail(tr("catapult launch --slurm: sbatch %1 failed: %2").arg(path, error), 1);
    const QString jobId = id->section(';', 0, 0);
    cli::err(tr("catapult: submitted Slurm job %1 (%2 node(s), script %3); run directory %4; Ctrl-C cancels it")
                 .arg(jobId).arg(spec.value().nodes).arg(path, spec.value().runDir));
    const int exitCode = follow(jobId, spec.value());
    record(spec.value().runDir);
    return exitCode;
}

}  // namespace catapult
