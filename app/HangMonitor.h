#pragma once
// Watches one attempt of a job from outside for a stall (StallWatch: no step line, no CPU use),
// then dumps every rank's stacks (the executor's dumpStacks: here or on the hosts), compares
// them (StackReport) and reports:
// the stacks as lines, and an alert of kind "hang" naming the odd ranks. What then happens to
// the job (keep waiting, stop) is the session's --hang_policy.
//
// Thread safety: a QObject of the thread that runs the event loop.

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <optional>

#include "JobExecutor.h"
#include "StallWatch.h"

namespace catapult {

class HangMonitor : public QObject {
    Q_OBJECT
public:
    // `executor` runs the ranks and must outlive the monitor; `pySpy`: py-spy's path here (or empty).
    HangMonitor(std::optional<double> timeoutS, JobExecutor* executor, QString pySpy, QObject* parent = nullptr);

    void step();
    void usage(int rank, double cpuPercent);

signals:
    void stallNoticed(const QString& line);
    // The stacks as log lines, the alert (metrics protocol), and the rank to blame (-1: none).
    void reported(const QStringList& lines, const QJsonObject& alert, int blamedRank);

private:
    void check();
    void onStacks(const std::vector<RankStack>& stacks);
    double now() const { return m_clock.elapsed() / 1000.0; }

    StallWatch m_watch;
    QPointer<JobExecutor> m_executor;
    QString m_pySpy;
    QElapsedTimer m_clock;
    QTimer m_timer;
    double m_quietS = 0;
    bool m_dumping = false;
};

}  // namespace catapult
