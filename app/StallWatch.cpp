#include "StallWatch.h"

#include <algorithm>

namespace catapult {

StallWatch::StallWatch(std::optional<double> timeoutS, double startS)
    : m_fixed(timeoutS), m_lastStep(startS), m_lastBusy(startS) {}

void StallWatch::step(double nowS) {
    if (nowS > m_lastStep) m_intervals.push_back(nowS - m_lastStep);
    m_lastStep = nowS;
    m_fired = false;
}

void StallWatch::usage(int, double cpuPercent, double nowS) {
    if (cpuPercent < kIdleCpuPercent) return;
    m_lastBusy = nowS;
    m_fired = false;
}

double StallWatch::timeoutS() const {
    if (m_fixed) return *m_fixed;
    if (m_intervals.size() < 3) return kMinimumTimeoutS;
    QVector<double> sorted = m_intervals;
    std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
    return std::max(kMinimumTimeoutS, 20 * sorted[sorted.size() / 2]);
}

double StallWatch::quietForS(double nowS) const { return nowS - std::max(m_lastStep, m_lastBusy); }

bool StallWatch::stalled(double nowS) {
    if (m_fired || quietForS(nowS) < timeoutS()) return false;
    m_fired = true;
    return true;
}

}  // namespace catapult
