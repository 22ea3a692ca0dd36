#pragma once
// What a run recorded over time: steps, per-rank memory samples and events, made from the
// metrics lines of the ranks (MetricsLine.h) and kept by the run store.

#include <QJsonObject>
#include <QString>
#include <QVector>

namespace catapult {

struct StepPoint {
    qint64 step = 0;
    double time = 0;  // seconds since the run started
    double loss = 0, lr = 0, tokensPerSecond = 0, gradNorm = 0;
};

struct MemoryPoint {
    qint64 step = 0;
    double time = 0;
    int rank = 0;
    qint64 rssBytes = 0, peakRssBytes = 0, cudaAllocatedBytes = 0, cudaReservedBytes = 0, cudaPeakBytes = 0;
};

struct RunEvent {
    double time = 0;
    QString type;  // started, alert, error, finished, checkpoint
    int rank = 0;
    QString message;
};

struct RunSeries {
    QVector<StepPoint> steps;
    QVector<MemoryPoint> memory;
    QVector<RunEvent> events;
};

// The time of the last step at or before `step` (0 if none; `steps` ascending by step). A memory
// sample without a time (a program's line without "time", or one recorded before memory lines
// carried it) takes the time of the step line it follows.
double timeOfStep(const QVector<StepPoint>& steps, qint64 step);

// Adds one metrics-protocol object to a series (step, memory and event lines; others ignored).
void appendMetrics(RunSeries& series, const QJsonObject& metrics);

}  // namespace catapult
