#pragma once
// Live and recorded charts (QCustomPlot): loss (raw and smoothed), learning rate, tokens/s,
// gradient norm, and memory per rank (RSS; CUDA allocated/reserved/peak on GPU). X axis by
// step or wall time; zoom and pan with the mouse; a hover readout; PNG and CSV export.
// Several runs can be overlaid to compare them. Replots are coalesced (at most 5 per second).

#include <QTimer>
#include <QVector>
#include <QWidget>

#include "RunStore.h"

class QCPGraph;
class QComboBox;
class QCustomPlot;
class QLabel;

namespace catapult {

class DashboardWidget : public QWidget {
    Q_OBJECT
public:
    explicit DashboardWidget(QWidget* parent = nullptr);

    struct Run {
        QString label;
        RunSeries series;
    };
    // Shows these runs (the first one's memory per rank); replaces what was shown.
    void setRuns(const QVector<Run>& runs);
    // Follows a live series (not owned; must outlive the widget's use of it). null: stop following.
    void followLive(const QString& label, const RunSeries* series);
    // The series changed: replot soon.
    void scheduleReplot();

    bool exportPng(const QString& path);
    bool exportCsv(const QString& path) const;

private:
    enum Plot { Loss, LearningRate, Throughput, GradNorm, Memory, PlotCount };
    void rebuild();
    void onHover(QCustomPlot* plot, QMouseEvent* event);
    QCustomPlot* m_plots[PlotCount] = {};
    QComboBox* m_axis;
    QLabel* m_readout;
    QVector<Run> m_runs;
    QString m_liveLabel;
    const RunSeries* m_live = nullptr;
    QTimer m_replot;
    bool m_autoRange = true;
};

}  // namespace catapult
