#pragma once
// Notices a stalled job from outside, for any program: no step line and no CPU use by any rank
// for the hang timeout. The timeout is --hang_timeout_s, or else 20 times the run's median time
// between step lines, at least 60 s. A job that spins while it waits (NCCL's busy polling on a
// GPU) uses CPU and is not seen as stalled here; the engine's own watchdog covers its runs.
// Fires once per stall: a new step line, or CPU use again, re-arms it.
//
// Thread safety: a plain value of one thread. Times are seconds on one monotonic clock.

#include <QVector>
#include <optional>

namespace catapult {

class StallWatch {
public:
    static constexpr double kMinimumTimeoutS = 60;
    static constexpr double kIdleCpuPercent = 5;  // of one core: below it a rank does nothing

    explicit StallWatch(std::optional<double> timeoutS = std::nullopt, double startS = 0);

    void step(double nowS);
    void usage(int rank, double cpuPercent, double nowS);
    // True once when the job has been stalled for the timeout.
    bool stalled(double nowS);

    double timeoutS() const;
    double quietForS(double nowS) const;  // since the last step line or CPU use

private:
    std::optional<double> m_fixed;
    double m_lastStep;
    double m_lastBusy;
    QVector<double> m_intervals;
    bool m_fired = false;
};

}  // namespace catapult
