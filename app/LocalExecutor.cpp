#include "LocalExecutor.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "MetricsLine.h"

namespace catapult {
namespace {
constexpr std::size_t kTailLines = 15;
}

LocalExecutor::LocalExecutor(QObject* parent) : QObject(parent) {
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] { signalAll(SIGKILL); });
}

LocalExecutor::~LocalExecutor() {
    signalAll(SIGKILL);
    for (auto& r : m_ranks)
        if (r.process) r.process->waitForFinished(2000);
}

void LocalExecutor::start(const LaunchPlan& plan) {
    m_ranks.assign(plan.ranks.size(), Rank{});
    m_outcome = JobOutcome{};
    m_stopping = false;
    m_reported = false;
    m_running = static_cast<int>(plan.ranks.size());
    for (const RankLaunch& launch : plan.ranks) {
        const int rank = launch.rank;
        auto* p = new QProcess(this);
        m_ranks[rank].process = p;
        p->setProgram(launch.argv.front());
        p->setArguments(launch.argv.mid(1));
        p->setProcessEnvironment(launch.environment);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setChildProcessModifier([] {
            ::setpgid(0, 0);                    // own process group: stop it and its children together
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the launcher
            if (::getppid() == 1) ::_exit(1);    // the launcher died before the line above
        });
        connect(p, &QProcess::readyReadStandardOutput, this, [this, rank] { drain(rank, false); });
        connect(p, &QProcess::finished, this,
                [this, rank](int code, QProcess::ExitStatus status) { onRankFinished(rank, code, status); });
        connect(p, &QProcess::errorOccurred, this, [this, rank](QProcess::ProcessError e) { onRankError(rank, e); });
        p->start(QIODevice::ReadOnly);
        m_ranks[rank].pid = p->processId();
    }
}

std::vector<qint64> LocalExecutor::processIds() const {
    std::vector<qint64> pids;
    for (const auto& r : m_ranks) pids.push_back(r.done ? 0 : r.pid);
    return pids;
}

void LocalExecutor::drain(int rank, bool flushAll) {
    Rank& r = m_ranks[rank];
    r.pending += r.process->readAllStandardOutput();
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = r.pending.indexOf('\n', start);
        if (nl < 0) break;
        QString line = QString::fromUtf8(r.pending.constData() + start, nl - start);
        if (line.endsWith('\r')) line.chop(1);
        start = nl + 1;
        if (auto metrics = parseMetricsLine(line)) {
            if (metrics->value("type").toString() == QLatin1String("error"))
                r.errorMessage = metrics->value("message").toString();
            emit metricsReceived(rank, *metrics);
        } else {
            r.tail.push_back(line);
            if (r.tail.size() > kTailLines) r.tail.pop_front();
            emit logLine(rank, line);
        }
    }
    r.pending.remove(0, start);
    if (flushAll && !r.pending.isEmpty()) {
        const QString line = QString::fromUtf8(r.pending);
        r.pending.clear();
        r.tail.push_back(line);
        emit logLine(rank, line);
    }
}

void LocalExecutor::onRankFinished(int rank, int exitCode, QProcess::ExitStatus status) {
    Rank& r = m_ranks[rank];
    if (r.done) return;
    drain(rank, true);
    r.done = true;
    --m_running;
    ::kill(-static_cast<pid_t>(r.pid), SIGKILL);  // whatever the rank left behind in its group
    if (!m_stopping) {
        if (status == QProcess::CrashExit)
            fail(rank, tr("rank %1 was killed by a signal").arg(rank), 1);
        else if (exitCode != 0)
            fail(rank, tr("rank %1 exited with code %2").arg(rank).arg(exitCode), exitCode);
    }
    finishIfDone();
}

void LocalExecutor::onRankError(int rank, QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;
    Rank& r = m_ranks[rank];
    if (r.done) return;
    r.done = true;
    --m_running;
    fail(rank, tr("rank %1 could not start '%2': %3").arg(rank).arg(r.process->program(), r.process->errorString()), 127);
    finishIfDone();
}

void LocalExecutor::fail(int rank, const QString& reason, int exitCode) {
    if (m_outcome.failingRank >= 0) return;
    m_outcome.failingRank = rank;
    m_outcome.reason = reason;
    m_outcome.exitCode = exitCode;
    m_outcome.errorMessage = m_ranks[rank].errorMessage;
    m_outcome.lastLines = QStringList(m_ranks[rank].tail.begin(), m_ranks[rank].tail.end());
    stopAll();
}

void LocalExecutor::cancel() {
    if (m_reported || m_stopping) return;
    m_outcome.cancelled = true;
    stopAll();
    finishIfDone();
}

void LocalExecutor::kill() { signalAll(SIGKILL); }

void LocalExecutor::stopAll() {
    if (m_stopping) return;
    m_stopping = true;
    signalAll(SIGTERM);
    m_killTimer.start(m_graceMs);
}

void LocalExecutor::signalAll(int signal) {
    for (const auto& r : m_ranks)
        if (!r.done && r.pid > 0) ::kill(-static_cast<pid_t>(r.pid), signal);
}

void LocalExecutor::finishIfDone() {
    if (m_running > 0 || m_reported) return;
    m_reported = true;
    m_killTimer.stop();
    if (m_outcome.failingRank < 0 && !m_outcome.cancelled) m_outcome.success = true;
    if (m_outcome.cancelled && m_outcome.failingRank < 0) m_outcome.exitCode = 130;
    emit finished(m_outcome);
}

}  // namespace catapult
