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
    // NaN where the line did not carry the value (many programs report no throughput).
    double loss = 0, lr = 0, tokensPerSecond = 0, gradNorm = 0;
};

struct MemoryPoint {
    qint64 step = 0;
    double time = 0;
    int rank = 0;
    qint64 rssBytes = 0, peakRssBytes = 0, cudaAllocatedBytes = 0, cudaReservedBytes = 0, cudaPeakBytes = 0;
    // Sampled by the launcher from outside (any program; "source": "sampled"), not reported by
    // the engine: then these are what the sample saw (-1: not known).
    bool sampled = false;
    qint64 pssBytes = -1, gpuUsedBytes = -1;
    double cpuPercent = -1, gpuUtilPercent = -1;
};

// A named value at a step that is not one of the dashboard's fixed series: a program's extra
// log values ("extra" of a step line) and evaluations ("eval" lines, as eval/loss, eval/...).
struct ScalarPoint {
    qint64 step = 0;
    double time = 0;
    QString name;
    double value = 0;
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
    QVector<ScalarPoint> scalars;
    bool isEmpty() const { return steps.isEmpty() && memory.isEmpty() && events.isEmpty() && scalars.isEmpty(); }
};

// The time of the last step at or before `step` (0 if none; `steps` ascending by step). A memory
// sample without a time (a program's line without "time", or one recorded before memory lines
// carried it) takes the time of the step line it follows.
double timeOfStep(const QVector<StepPoint>& steps, qint64 step);

// Adds a step; a second line for the same step (a program that logs loss and throughput in
// separate calls) fills in what the first left out instead of adding a row.
void appendStep(RunSeries& series, const StepPoint& point);

// Adds one metrics-protocol object to a series (step, eval, memory and event lines). A step line
// that carries none of the step series (only `extra` values) adds only those.
void appendMetrics(RunSeries& series, const QJsonObject& metrics);

}  // namespace catapult
