#pragma once
// The series of one run on the dashboard's charts: loss (raw and smoothed, and the validation
// loss of "eval" lines, dashed with markers), learning rate,
// tokens/s, gradient norm, and memory per rank (RSS; CUDA allocated/reserved/peak when the
// rank reports them). Fed incrementally: update() adds only the points the series gained since
// the last call, so following a live run costs the new points, not the whole history.
//
// Colours: every series of a run has the run's colour (the same on every chart); on the memory
// chart each rank has its own marker and shade of it, and each kind of memory its line style.
//
// Thread safety: GUI thread (it adds graphs to the charts, which it does not own).

#include <QColor>
#include <QCoreApplication>
#include <QMap>
#include <array>

#include "ChartKind.h"
#include "RunStore.h"
#include "Smoothing.h"

class QCPGraph;

namespace catapult {

class DashboardChart;

class RunGraphs {
    Q_DECLARE_TR_FUNCTIONS(RunGraphs)
public:
    using Charts = std::array<DashboardChart*, kChartKinds>;
    struct Style {
        QString label;           // the run's name in series names ("run 3 raw")
        QColor color;
        bool byTime = false;     // x = seconds since the start, else the step
        double smoothing = 0.6;  // Smoothing's weight for the smoothed loss
        bool labelMemory = false;  // prefix memory series with the label (several runs shown)
    };

    RunGraphs(const Charts& charts, Style style);

    // Adds the points of `series` beyond those added before. Returns false, adding nothing,
    // when `series` has fewer points than were added (it is not the same run any more).
    bool update(const RunSeries& series);

private:
    struct RankGraphs {
        QCPGraph* rss = nullptr;
        QCPGraph* allocated = nullptr;
        QCPGraph* reserved = nullptr;
        QCPGraph* peak = nullptr;
        QCPGraph* sampledRss = nullptr;  // sampled by the launcher: programs that report no memory
        QCPGraph* sampledGpu = nullptr;
    };
    void addSteps(const RunSeries& series);
    void addMemory(const RunSeries& series);
    void addEval(const RunSeries& series);
    RankGraphs& rank(int rank, bool cuda);
    QCPGraph* memoryGraph(int rank, const QString& kind, Qt::PenStyle style);
    void addSampled(const MemoryPoint& m, const RunSeries& series);
    void dropSampled();

    Charts m_charts;
    Style m_style;
    Smoothing m_smoothing;
    QCPGraph* m_graphs[kChartKinds - 1] = {};  // loss raw, learning rate, tokens/s, gradient norm
    QCPGraph* m_smoothed = nullptr;
    QCPGraph* m_eval = nullptr;  // made when the first validation loss comes
    QMap<int, RankGraphs> m_ranks;
    qsizetype m_steps = 0;
    qsizetype m_memory = 0;
    qsizetype m_scalars = 0;
    bool m_engineMemory = false;  // the program reports its own memory: sampled points are not drawn
};

}  // namespace catapult
