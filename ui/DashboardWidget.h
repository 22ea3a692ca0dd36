#pragma once
// Live and recorded charts: loss (raw and smoothed), learning rate, tokens/s, gradient norm,
// and memory per rank (RSS; CUDA allocated/reserved/peak on GPU) of every run shown. X axis by
// step (whole-number ticks) or wall time; drag to pan, wheel to zoom, a hover readout, a
// right-click menu per chart (copy values, reset zoom, show/hide series); log scale for the
// loss; PNG (the charts only) and CSV (steps with smoothed loss, and memory) export. The
// smoothed loss is TensorBoard's debiased exponential moving average (Smoothing), its weight a
// slider (0-0.999) kept in QSettings ("dashboard/smoothing"), as is the log scale
// ("dashboard/log_loss"). With nothing to show it says so instead of drawing empty axes.
// A live run is followed incrementally: each replot adds only the new points, and replots
// are coalesced (at most 5 per second).
//
// Thread safety: a widget of the GUI thread.

#include <QPointF>
#include <QTimer>
#include <QVector>
#include <QWidget>
#include <array>
#include <memory>
#include <vector>

#include "ChartKind.h"
#include "RunStore.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QStackedWidget;

namespace catapult {

class DashboardChart;
class RunGraphs;

class DashboardWidget : public QWidget {
    Q_OBJECT
public:
    explicit DashboardWidget(QWidget* parent = nullptr);
    ~DashboardWidget() override;

    struct Run {
        QString label;
        RunSeries series;
    };
    // Shows these runs, overlaid (colour = run); replaces what was shown, live run included.
    void setRuns(const QVector<Run>& runs);
    // Follows a live series (not owned; must outlive the widget's use of it) instead of the
    // runs shown. null: stop following.
    void followLive(const QString& label, const RunSeries* series);
    // The series changed: replot soon.
    void scheduleReplot();

    // False when there is nothing to export or the file cannot be written.
    bool exportPng(const QString& path);
    bool exportCsv(const QString& path) const;

    // What a chart shows, for tests and benchmarks: the names of its series, and the (x, y)
    // points of one (empty when it has no series of that name).
    QStringList seriesNames(ChartKind chart) const;
    QVector<QPointF> seriesPoints(ChartKind chart, const QString& name) const;

private:
    QWidget* createToolBar();
    QWidget* createCharts();
    void connectToolBar();
    void rebuild(bool resetZoom);
    void replotNow();
    void refreshCharts(bool resetZoom);
    void updateEmptyState();
    void setSmoothing(int sliderValue);
    void resetReadout();
    QVector<Run> shownRuns() const;
    double smoothingWeight() const;

    std::array<DashboardChart*, kChartKinds> m_charts = {};
    std::vector<std::unique_ptr<RunGraphs>> m_graphs;  // the live run's first
    QStackedWidget* m_stack = nullptr;
    QLabel* m_empty = nullptr;
    QWidget* m_chartsPage = nullptr;
    QComboBox* m_axis = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QCheckBox* m_logLoss = nullptr;
    QPushButton* m_resetZoom = nullptr;
    QPushButton* m_png = nullptr;
    QPushButton* m_csv = nullptr;
    QLabel* m_readout = nullptr;
    QVector<Run> m_runs;
    QString m_liveLabel;
    const RunSeries* m_live = nullptr;
    QTimer m_replot;
    bool m_rebuildPending = false;
};

}  // namespace catapult
