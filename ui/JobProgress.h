#pragma once
// The Job tab's progress: a bar at step / steps and one line with the step, loss, tokens/s,
// elapsed time and ETA (the command line's progress line), fed by the job's metrics lines.

#include <QJsonObject>
#include <QWidget>

#include "ProgressLine.h"

class QLabel;
class QProgressBar;

namespace catapult {

class JobProgress : public QWidget {
    Q_OBJECT
public:
    explicit JobProgress(QWidget* parent = nullptr);

    void reset();                          // a new job: no progress yet
    void update(const QJsonObject& metrics);  // a metrics line of rank 0
    void finish(bool success);             // a finished job fills the bar; a failed one keeps it

    QString text() const;
    int value() const;
    int maximum() const;

private:
    ProgressLine m_line;
    QProgressBar* m_bar;
    QLabel* m_text;
};

}  // namespace catapult
