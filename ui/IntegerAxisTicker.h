#pragma once
// An axis ticker for counts (training steps): tick marks only at whole numbers, at least 1
// apart, and sub-ticks only where they also fall on whole numbers. Labels are best shown with
// the axis' number format "f" and precision 0.

#include <qcustomplot.h>

namespace catapult {

class IntegerAxisTicker : public QCPAxisTicker {
protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
};

}  // namespace catapult
