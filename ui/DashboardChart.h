#pragma once
// One chart of the dashboard: a QCustomPlot with a title, its legend below the plot area (so
// it never covers data; shown when there is more than one series), an x axis of steps (whole
// number ticks) or seconds, an optional logarithmic y axis, drag to pan and wheel to zoom, a
// hover readout (hovered/left signals) and a right-click menu: copy the values at the cursor,
// reset the zoom, show or hide each series. Clicking a legend entry also shows or hides its
// series. Hidden series stay hidden, by name, when the chart is filled again.
//
// Thread safety: a widget of the GUI thread.

#include <qcustomplot.h>

#include <QSet>

namespace catapult {

class DashboardChart : public QCustomPlot {
    Q_OBJECT
public:
    explicit DashboardChart(const QString& title, QWidget* parent = nullptr);
    ~DashboardChart() override;

    // A new, empty series named `name` (unique in the chart), hidden if one of that name was.
    void removeSeries(QCPGraph* graph);
    QCPGraph* addSeries(const QString& name, const QPen& pen,
                        QCPScatterStyle::ScatterShape marker = QCPScatterStyle::ssNone);
    // The series named `name`, or null.
    QCPGraph* series(const QString& name) const;
    void clearSeries();

    void setStepAxis(bool steps);  // false: seconds
    void setLogScale(bool log);    // the y axis
    // After data changed: rescales unless the user zoomed or panned, updates the legend and
    // the "no data" note, and replots (queued).
    void refresh();
    void resetZoom();
    // "x = 12   name: value   ..." for the visible series' points nearest to `x`, at most
    // `maxSeries` of them (-1: all); empty when the chart has no data.
    QString valuesAt(double x, int maxSeries = -1) const;

signals:
    void hovered(const QString& text);
    void left();

protected:
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void toggleSeries(QCPGraph* graph);
    void applyVisibility(QCPGraph* graph);
    void showLegend(bool show);
    void chooseLogTicker();
    void thinMarkers();
    bool hasData() const;
    void fitConstantSeries();
    QString xText(double x) const;
    QSet<QString> m_hidden;
    QCPItemText* m_noData;
    bool m_autoRange = true;
    bool m_stepAxis = true;
    bool m_log = false;
    bool m_legendShown = false;
};

}  // namespace catapult
