#include "Smoothing.h"

#include <algorithm>
#include <cmath>

namespace catapult {

Smoothing::Smoothing(double weight) : m_weight(std::clamp(weight, 0.0, kMaxWeight)) {}

double Smoothing::add(double value) {
    if (!std::isfinite(value)) return value;
    m_last = m_last * m_weight + (1 - m_weight) * value;
    m_weightPower *= m_weight;
    return m_last / (1 - m_weightPower);
}

QVector<double> Smoothing::smooth(const QVector<double>& values, double weight) {
    Smoothing s(weight);
    QVector<double> out;
    out.reserve(values.size());
    for (double v : values) out.push_back(s.add(v));
    return out;
}

}  // namespace catapult
