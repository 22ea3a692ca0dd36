#include "SlurmExecutor.h"

#include <signal.h>

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>

namespace catapult {
namespace {

// What a file has gained since `offset` (whole lines only), which then points past them.
QList<QByteArray> newLines(const QString& path, qint64& offset) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset)) return {};
    const QByteArray data = file.readAll();
    const qsizetype end = data.lastIndexOf('\n');
    if (end < 0) return {};
    offset += end + 1;
    return data.left(end).split('\n');
}

bool stillGoing(const QString& state) {
    static const QStringList going{"PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "SIGNALING"};
    return going.contains(state);
}

}  // namespace

SlurmExecutor::SlurmExecutor(SlurmJobSpec spec, QObject* parent) : JobExecutor(parent), m_spec(std::move(spec)) {
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &SlurmExecutor::poll);
    // Slurm ends a cancelled job in its own time (SIGTERM, then SIGKILL after KillWait, 30 s by
    // default); the job's end is awaited that long before SIGKILL is asked for.
    setGracePeriodMs(35000);
}

// Given up on (the job did not end after the kill): nothing more is read or reported.
void SlurmExecutor::abandonRanks() {
    m_ended = true;
    m_poll.stop();
}

void SlurmExecutor::start(const LaunchPlan& plan) {
    beginJob(static_cast<int>(plan.ranks.size()));  // every rank of the allocation
    auto script = slurmScript(m_spec);
    const QString path = m_spec.runDir + QStringLiteral("/job.sbatch");
    QDir().mkpath(m_spec.runDir);  // where sbatch opens the job's output
    QSaveFile file(path);
    if (!script.ok() || !file.open(QIODevice::WriteOnly) || file.write(script.value().toUtf8()) < 0 || !file.commit()) {
        rankLost(0, script.ok() ? tr("cannot write %1: %2").arg(path, file.errorString()) : QString::fromStdString(script.status().message()), 2);
        return;
    }
    m_sbatch = new QProcess(this);
    connect(m_sbatch, &QProcess::finished, this, &SlurmExecutor::onSubmitted);
    connect(m_sbatch, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) rankLost(0, tr("sbatch not found: is this a Slurm login node?"), 127);
    });
    m_sbatch->start(QStringLiteral("sbatch"), {QStringLiteral("--parsable"), path});
}

void SlurmExecutor::onSubmitted(int exitCode) {
    const QString out = QString::fromUtf8(m_sbatch->readAllStandardOutput()).trimmed();
    if (exitCode != 0 || out.isEmpty()) {
        rankLost(0, tr("sbatch refused the job: %1").arg(QString::fromUtf8(m_sbatch->readAllStandardError()).trimmed()), 1);
        return;
    }
    m_jobId = out.section(';', 0, 0);
    rankOutput(0, tr("submitted as Slurm job %1 (%2 node(s), %3/job.sbatch)\n").arg(m_jobId).arg(m_spec.nodes).arg(m_spec.runDir).toUtf8());
    m_poll.start();
}

void SlurmExecutor::poll() {
    if (m_ended || !isRunning()) {  // the job was reported ended: nothing may follow its end
        m_poll.stop();
        return;
    }
    readOutput();
    readMetrics();
    if (m_query) return;  // the last question is not answered yet
    m_query = new QProcess(this);
    connect(m_query, &QProcess::finished, this, [this] {
        const QString line = QString::fromUtf8(m_query->readAllStandardOutput());
        m_query->deleteLater();
        m_query = nullptr;
        if (!m_ended && isRunning()) onState(line);
    });
    m_query->start(QStringLiteral("scontrol"), {QStringLiteral("show"), QStringLiteral("job"), QStringLiteral("-o"), m_jobId});
}

// The nodes' launchers' lines: "[rank N] text" to rank N's log, their notes to rank 0's.
void SlurmExecutor::readOutput() {
    static const QRegularExpression ranked(QStringLiteral("^\\[rank (\\d+)\\] (.*)$"));
    static const QRegularExpression failed(QStringLiteral("job failed: rank (\\d+)"));
    for (const QByteArray& raw : newLines(m_spec.runDir + QStringLiteral("/slurm-%1.out").arg(m_jobId), m_outOffset)) {
        const QString line = QString::fromUtf8(raw);
        // Their progress lines (the progress comes from the metrics) and their own history records (files in the run directory).
        if (line.startsWith(QLatin1String("[progress]")) || line.startsWith(QLatin1String("catapult: recorded as run"))) continue;
        if (const auto m = failed.match(line); m.hasMatch() && m_failedRank < 0) m_failedRank = m.captured(1).toInt();
        const auto m = ranked.match(line);
        const int rank = m.hasMatch() ? m.captured(1).toInt() : 0;
        rankOutput(rank < rankCount() ? rank : 0, (m.hasMatch() ? m.captured(2) : line).toUtf8() + '\n');
    }
}

void SlurmExecutor::readMetrics() {
    for (const QByteArray& line : newLines(m_spec.runDir + QStringLiteral("/metrics.jsonl"), m_metricsOffset))
        if (!line.isEmpty()) rankOutput(0, "@catapult " + line + '\n');
}

void SlurmExecutor::onState(const QString& line) {
    QString state;
    int code = 0;
    for (const QString& field : line.split(QRegularExpression(QStringLiteral("\\s+")))) {
        if (field.startsWith(QLatin1String("JobState="))) state = field.mid(9);
        if (field.startsWith(QLatin1String("ExitCode="))) code = field.mid(9).section(':', 0, 0).toInt();
    }
    if (!stillGoing(state)) finish(state, code);
}

void SlurmExecutor::finish(const QString& state, int exitCode) {
    if (m_ended) return;
    m_ended = true;
    m_poll.stop();
    readOutput();
    readMetrics();
    if (state == QLatin1String("COMPLETED") || state == QLatin1String("CANCELLED")) {  // cancelled: by Stop, or by scancel elsewhere
        for (int r = 0; r < rankCount(); ++r) rankEnded(r, state == QLatin1String("COMPLETED") ? 0 : 128 + SIGTERM, false);
        return;
    }
    const int failing = std::clamp(m_failedRank, 0, rankCount() - 1);
    rankLost(failing, tr("Slurm job %1 ended %2 (exit code %3)").arg(m_jobId, state.isEmpty() ? tr("unknown to Slurm") : state).arg(exitCode),
             std::max(1, exitCode));
    for (int r = 0; r < rankCount(); ++r)
        if (!rankDone(r)) rankEnded(r, 0, false);
}

void SlurmExecutor::dumpStacks(const QString&) { emit stacksDumped({}); }

void SlurmExecutor::signalRanks(int signal) {
    if (m_jobId.isEmpty() || m_ended) return;
    QStringList args{m_jobId};
    if (signal == SIGKILL) args.prepend(QStringLiteral("--signal=KILL"));
    QProcess::startDetached(QStringLiteral("scancel"), args);
}

}  // namespace catapult
