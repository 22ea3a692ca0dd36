#pragma once
// TensorBoard's scalar smoothing: a debiased exponential moving average. For each finite value
// v, in order: last = last * w + (1 - w) * v; n = n + 1; smoothed = last / (1 - w^n). Starting
// from last = 0, dividing by 1 - w^n removes the pull towards 0 of the first points, so the
// curve starts at the first value instead of lagging behind it. A value that is not finite
// (NaN, inf) is passed through as it is and changes nothing. w = 0 gives the raw values.
//
// Thread safety: a value type; one instance per series.

#include <QVector>

namespace catapult {

class Smoothing {
public:
    static constexpr double kMaxWeight = 0.999;

    // REQUIRES: 0 <= weight <= kMaxWeight (clamped to that range otherwise).
    explicit Smoothing(double weight);

    double weight() const { return m_weight; }
    // The smoothed value after `value` (the next point of the series).
    double add(double value);
    // A whole series at once, as add() over each value from a fresh state.
    static QVector<double> smooth(const QVector<double>& values, double weight);

private:
    double m_weight;
    double m_last = 0;
    double m_weightPower = 1;  // w^n, n = the finite points so far
};

}  // namespace catapult
