#include "IntegerAxisTicker.h"

#include <cmath>

namespace catapult {

double IntegerAxisTicker::getTickStep(const QCPRange& range) {
    const double step = QCPAxisTicker::getTickStep(range);  // 1, 2, 2.5 or 5 times a power of ten
    return step < 1 ? 1 : std::floor(step);
}

int IntegerAxisTicker::getSubTickCount(double tickStep) {
    int count = QCPAxisTicker::getSubTickCount(tickStep);
    while (count > 0 && std::fmod(tickStep, count + 1) != 0) --count;
    return count;
}

}  // namespace catapult
