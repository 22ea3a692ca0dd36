#pragma once
// Turns the metrics stream of a job into a one-line progress summary:
// "step 120/300 | loss 2.412 | 18.3k tok/s | 2:03 elapsed | eval loss 2.530 | ETA 2:45".

#include <QJsonObject>
#include <QString>

#include <cmath>

namespace catapult {

class ProgressLine {
public:
    // Feeds one metrics object (started, step, ...). Returns true if the text changed.
    bool update(const QJsonObject& metrics);
    QString text() const;
    bool hasProgress() const { return m_step > 0; }
    double lastLoss() const { return m_loss; }
    qint64 step() const { return m_step; }
    qint64 totalSteps() const { return m_totalSteps; }  // 0 until a started line said it

private:
    qint64 m_totalSteps = 0;
    qint64 m_step = 0;
    double m_loss = 0;
    double m_evalLoss = NAN;  // the last eval line's (a validation loss), NaN until one came
    double m_tokensPerSecond = 0;
    double m_elapsed = 0;
};

}  // namespace catapult
