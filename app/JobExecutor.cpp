#include "JobExecutor.h"

#include <signal.h>
#include <string.h>

#include "MetricsLine.h"

namespace catapult {
namespace {
constexpr std::size_t kTailLines = 15;
constexpr int kGiveUpMs = 5000;
}  // namespace

JobExecutor::JobExecutor(QObject* parent) : QObject(parent) {
    m_killTimer.setSingleShot(true);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        signalRanks(SIGKILL);
        m_giveUpTimer.start(kGiveUpMs);
    });
    m_giveUpTimer.setSingleShot(true);
    connect(&m_giveUpTimer, &QTimer::timeout, this, [this] {
        abandonRanks();
        for (int r = 0; r < rankCount(); ++r)
            if (!m_ranks[r].done) markDone(r);
        finishIfDone();
    });
}

QString JobExecutor::rankLabel(int rank) const { return tr("rank %1").arg(rank); }

void JobExecutor::beginJob(int ranks) {
    m_ranks.assign(ranks, Rank{});
    m_outcome = JobOutcome{};
    m_stopping = false;
    m_reported = false;
    m_running = ranks;
}

void JobExecutor::reportUsage(int rank, RankUsage usage) {
    if (rank < 0 || rank >= rankCount() || m_ranks[rank].done) return;
    if (!m_clock.isValid()) m_clock.start();
    Rank& r = m_ranks[rank];
    const qint64 now = m_clock.elapsed();
    if (r.lastSampleMs >= 0 && now > r.lastSampleMs)
        usage.cpuPercent = std::max(0.0, (usage.cpuSeconds - r.lastCpuSeconds) * 100000.0 / double(now - r.lastSampleMs));
    r.lastSampleMs = now;
    r.lastCpuSeconds = usage.cpuSeconds;
    emit usageSampled(rank, usage);
}

void JobExecutor::rankOutput(int rank, const QByteArray& data) {
    m_ranks[rank].pending += data;
    drain(rank, false);
}

void JobExecutor::drain(int rank, bool flushAll) {
    Rank& r = m_ranks[rank];
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = r.pending.indexOf('\n', start);
        if (nl < 0) break;
        QString line = QString::fromUtf8(r.pending.constData() + start, nl - start);
        if (line.endsWith('\r')) line.chop(1);
        start = nl + 1;
        // A progress bar (tqdm, on the merged stderr) redraws its line with '\r' and no newline: a
        // metrics line written after it is glued to the bar's text. What comes before it is log.
        if (const qsizetype at = line.lastIndexOf(QLatin1String("@catapult {")); at > 0 && parseMetricsLine(line.mid(at))) {
            if (const QString before = line.left(at); !QString(before).remove('\r').trimmed().isEmpty()) emit logLine(rank, before);
            line = line.mid(at);
        }
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

void JobExecutor::markDone(int rank) {
    drain(rank, true);
    m_ranks[rank].done = true;
    --m_running;
}

void JobExecutor::rankEnded(int rank, int exitCode, bool crashed) {
    if (m_ranks[rank].done) return;
    markDone(rank);
    if (!m_stopping) {
        // As a shell reports it: 128 + the signal (137 for SIGKILL, the kernel's OOM killer).
        if (crashed) fail(rank, tr("%1 was killed by signal %2 (%3)").arg(rankLabel(rank)).arg(exitCode).arg(QString::fromLocal8Bit(::strsignal(exitCode))),
                          128 + exitCode, {});
        else if (exitCode != 0) fail(rank, tr("%1 exited with code %2").arg(rankLabel(rank)).arg(exitCode), exitCode, {});
    }
    finishIfDone();
}

void JobExecutor::rankLost(int rank, const QString& reason, int exitCode, const QString& host) {
    if (m_ranks[rank].done) return;
    markDone(rank);
    if (!m_stopping || m_outcome.failingRank < 0) fail(rank, reason, exitCode, host);
    finishIfDone();
}

void JobExecutor::fail(int rank, const QString& reason, int exitCode, const QString& host) {
    if (m_outcome.failingRank >= 0) return;
    m_outcome.failingRank = rank;
    m_outcome.failingHost = host;
    m_outcome.reason = reason;
    m_outcome.exitCode = exitCode;
    m_outcome.errorMessage = m_ranks[rank].errorMessage;
    m_outcome.lastLines = QStringList(m_ranks[rank].tail.begin(), m_ranks[rank].tail.end());
    stopAll();
}

void JobExecutor::abort(int rank, const QString& reason) {
    if (m_reported || m_stopping || rank < 0 || rank >= rankCount()) return;
    fail(rank, reason, 1, {});
    finishIfDone();
}

void JobExecutor::cancel() {
    if (m_reported || m_stopping) return;
    m_outcome.cancelled = true;
    stopAll();
    finishIfDone();
}

void JobExecutor::kill() {
    signalRanks(SIGKILL);
    if (!m_giveUpTimer.isActive()) m_giveUpTimer.start(kGiveUpMs);
}

void JobExecutor::stopAll() {
    if (m_stopping) return;
    m_stopping = true;
    emit stopping(m_outcome.reason);
    signalRanks(SIGTERM);
    m_killTimer.start(m_graceMs);
}

void JobExecutor::finishIfDone() {
    if (m_running > 0 || m_reported) return;
    m_reported = true;
    m_killTimer.stop();
    m_giveUpTimer.stop();
    if (m_outcome.failingRank < 0 && !m_outcome.cancelled) m_outcome.success = true;
    if (m_outcome.cancelled && m_outcome.failingRank < 0) m_outcome.exitCode = 130;
    emit finished(m_outcome);
}

}  // namespace catapult
