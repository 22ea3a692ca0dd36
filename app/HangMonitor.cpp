#include "HangMonitor.h"

#include <QJsonArray>

namespace catapult {

HangMonitor::HangMonitor(std::optional<double> timeoutS, JobExecutor* executor, QString pySpy, QObject* parent)
    : QObject(parent), m_watch(timeoutS), m_executor(executor), m_pySpy(std::move(pySpy)) {
    m_clock.start();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &HangMonitor::check);
    connect(m_executor, &JobExecutor::stacksDumped, this, &HangMonitor::onStacks);
    m_timer.start();
}

void HangMonitor::step() { m_watch.step(now()); }

void HangMonitor::usage(int rank, double cpuPercent) { m_watch.usage(rank, cpuPercent, now()); }

void HangMonitor::check() {
    if (!m_executor || m_dumping || !m_watch.stalled(now())) return;
    m_quietS = m_watch.quietForS(now());
    emit stallNoticed(tr("no step line and no CPU use for %1 s (hang timeout %2 s): the job looks stalled; dumping every "
                         "rank's stack").arg(m_quietS, 0, 'f', 0).arg(m_watch.timeoutS(), 0, 'f', 0));
    m_dumping = true;
    m_executor->dumpStacks(m_pySpy);
}

void HangMonitor::onStacks(const std::vector<RankStack>& stacks) {
    m_dumping = false;
    QStringList lines;
    for (const RankStack& s : stacks) {
        lines << tr("stack of rank %1 (%2):").arg(s.rank).arg(s.tool.isEmpty() ? tr("none") : s.tool);
        for (const QString& l : s.text.trimmed().split('\n')) lines << QStringLiteral("    ") + l;
    }
    const StackComparison c = compareStacks(stacks);
    QJsonArray odd;
    for (int r : c.oddRanks) odd << r;
    const QString message = stacks.empty() ? tr("no step line and no CPU use for %1 s").arg(m_quietS, 0, 'f', 0)
                                           : tr("no step line and no CPU use for %1 s; %2").arg(m_quietS, 0, 'f', 0).arg(c.summary);
    const QJsonObject alert{{"type", "alert"}, {"kind", "hang"}, {"source", "launcher"}, {"odd_ranks", odd}, {"message", message}};
    emit reported(lines, alert, c.oddRanks.empty() ? -1 : c.oddRanks.front());
}

}  // namespace catapult
