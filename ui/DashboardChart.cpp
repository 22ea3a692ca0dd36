#include "DashboardChart.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <cmath>

#include "IntegerAxisTicker.h"

namespace catapult {
namespace {

// The point of `data` (not empty, ascending keys) whose key is nearest to `x`.
QCPGraphDataContainer::const_iterator nearest(const QCPGraphDataContainer& data, double x) {
    auto it = data.findBegin(x, false);  // the first point at or after x
    if (it == data.constEnd()) return it - 1;
    if (it != data.constBegin() && x - (it - 1)->key < it->key - x) return it - 1;
    return it;
}

}  // namespace

DashboardChart::DashboardChart(const QString& title, QWidget* parent) : QCustomPlot(parent) {
    setMinimumSize(320, 200);
    plotLayout()->insertRow(0);
    plotLayout()->addElement(0, 0, new QCPTextElement(this, title, QFont(font().family(), 10, QFont::Bold)));
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    axisRect()->insetLayout()->take(legend);  // below the plot area (showLegend), never over the data
    legend->setVisible(true);
    legend->setFont(QFont(font().family(), 8));
    legend->setIconSize(20, 10);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_noData = new QCPItemText(this);
    m_noData->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_noData->position->setCoords(0.5, 0.5);
    m_noData->setText(tr("No data yet"));
    m_noData->setColor(Qt::gray);
    setStepAxis(true);
    connect(this, &QCustomPlot::legendClick, this, [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
        if (auto* entry = qobject_cast<QCPPlottableLegendItem*>(item))
            if (auto* graph = qobject_cast<QCPGraph*>(entry->plottable())) toggleSeries(graph);
    });
    connect(yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (m_log) chooseLogTicker();
    });
    connect(this, &QCustomPlot::afterLayout, this, &DashboardChart::thinMarkers);  // in each replot, before drawing
}

DashboardChart::~DashboardChart() { showLegend(true); }  // so that QCustomPlot deletes it with its layout

void DashboardChart::removeSeries(QCPGraph* graph) {
    removeGraph(graph);
    refresh();
}

QCPGraph* DashboardChart::addSeries(const QString& name, const QPen& pen, QCPScatterStyle::ScatterShape marker) {
    QCPGraph* graph = addGraph();
    graph->setName(name);
    graph->setPen(pen);
    if (marker != QCPScatterStyle::ssNone) graph->setScatterStyle(QCPScatterStyle(marker, 5));
    applyVisibility(graph);
    return graph;
}

QCPGraph* DashboardChart::series(const QString& name) const {
    for (int i = 0; i < graphCount(); ++i)
        if (graph(i)->name() == name) return graph(i);
    return nullptr;
}

void DashboardChart::clearSeries() { clearGraphs(); }

void DashboardChart::setStepAxis(bool steps) {
    m_stepAxis = steps;
    if (steps) xAxis->setTicker(QSharedPointer<IntegerAxisTicker>::create());
    else xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    xAxis->setNumberFormat(steps ? QStringLiteral("f") : QStringLiteral("gb"));
    xAxis->setNumberPrecision(steps ? 0 : 6);
    xAxis->setLabel(steps ? tr("step") : tr("seconds"));
}

void DashboardChart::setLogScale(bool log) {
    m_log = log;
    yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) chooseLogTicker();
    else yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    m_autoRange = true;
    refresh();
}

// Decades when the range spans more than one; otherwise plain ticks (a log ticker would
// leave a range like 1.9-5.5 without a single label).
void DashboardChart::chooseLogTicker() {
    const QCPRange r = yAxis->range();
    const bool decades = r.lower > 0 && r.upper / r.lower > 10;
    const bool isLog = !yAxis->ticker().dynamicCast<QCPAxisTickerLog>().isNull();
    if (decades == isLog) return;
    if (decades) yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    else yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
}

void DashboardChart::refresh() {
    const bool data = hasData();
    m_noData->setVisible(!data);
    xAxis->setTickLabels(data);
    yAxis->setTickLabels(data);
    showLegend(graphCount() > 1);
    if (m_autoRange && data) {
        rescaleAxes(true);
        yAxis->scaleRange(1.08);  // a margin, so that the extremes and their markers show whole
        fitConstantSeries();
    }
    replot(rpQueuedReplot);
}

// A series that never changes (a constant learning rate) gets ±10% around its value, not the
// ±1 that QCustomPlot gives an empty span, which flattens 0.01 onto zero.
void DashboardChart::fitConstantSeries() {
    QCPRange values;
    bool any = false;
    for (int i = 0; i < graphCount(); ++i) {
        bool found = false;
        const QCPRange r = graph(i)->getValueRange(found);
        if (!found) continue;
        values = any ? QCPRange(std::min(values.lower, r.lower), std::max(values.upper, r.upper)) : r;
        any = true;
    }
    const double center = values.center(), half = center != 0 ? std::abs(center) * 0.1 : 1.0;
    if (any && values.size() <= 1e-9 * std::abs(center) && yAxis->scaleType() == QCPAxis::stLinear)
        yAxis->setRange(center - half, center + half);
}

void DashboardChart::resetZoom() {
    m_autoRange = true;
    refresh();
}

// Markers (the memory chart's ranks) at most about one per 8 pixels: each series draws only
// every n-th of the points in view.
void DashboardChart::thinMarkers() {
    const double pixels = std::max(1, axisRect()->width());
    for (int i = 0; i < graphCount(); ++i) {
        QCPGraph* g = graph(i);
        if (g->scatterStyle().isNone() || g->data()->isEmpty()) continue;
        const auto inView = g->data()->findEnd(xAxis->range().upper) - g->data()->findBegin(xAxis->range().lower);
        g->setScatterSkip(int(inView * 8 / pixels));
    }
}

// A point with a finite value: a series the program never reported (NaN throughout) is no data.
bool DashboardChart::hasData() const {
    for (int i = 0; i < graphCount(); ++i)
        for (const QCPGraphData& d : *graph(i)->data())
            if (std::isfinite(d.value)) return true;
    return false;
}

void DashboardChart::showLegend(bool show) {
    if (show == m_legendShown) return;
    m_legendShown = show;
    if (show) {
        plotLayout()->addElement(2, 0, legend);
        plotLayout()->setRowStretchFactor(2, 0.001);
    } else {
        plotLayout()->take(legend);
        plotLayout()->simplify();
    }
}

void DashboardChart::resizeEvent(QResizeEvent* event) {
    legend->setWrap(std::max(1, event->size().width() / 170));
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // rearranges to the new wrap
    QCustomPlot::resizeEvent(event);
}

void DashboardChart::toggleSeries(QCPGraph* graph) {
    if (!m_hidden.remove(graph->name())) m_hidden.insert(graph->name());
    applyVisibility(graph);
    refresh();
}

void DashboardChart::applyVisibility(QCPGraph* graph) {
    const bool hidden = m_hidden.contains(graph->name());
    graph->setVisible(!hidden);
    if (QCPPlottableLegendItem* item = legend->itemWithPlottable(graph))
        item->setTextColor(hidden ? QColor(Qt::gray) : QColor(Qt::black));
}

QString DashboardChart::xText(double x) const {
    return m_stepAxis ? tr("step %1").arg(std::llround(x)) : tr("%1 s").arg(x, 0, 'f', 1);
}

QString DashboardChart::valuesAt(double x, int maxSeries) const {
    QStringList parts;
    double shownX = NAN;
    for (int i = 0; i < graphCount() && (maxSeries < 0 || parts.size() < maxSeries); ++i) {
        const QCPGraph* g = graph(i);
        if (!g->visible() || g->data()->isEmpty()) continue;
        const auto point = nearest(*g->data(), x);
        if (std::isnan(shownX)) shownX = point->key;
        parts << tr("%1: %2").arg(g->name()).arg(point->value, 0, 'g', 5);
    }
    if (parts.isEmpty()) return {};
    parts.prepend(xText(shownX));
    return parts.join(QStringLiteral("   "));
}

void DashboardChart::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (!axisRect()->rect().contains(event->position().toPoint())) {
        emit left();
        return;
    }
    const QString text = valuesAt(xAxis->pixelToCoord(event->position().x()), 6);
    if (text.isEmpty()) emit left();
    else emit hovered(text);
}

void DashboardChart::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && axisRect()->rect().contains(event->position().toPoint())) m_autoRange = false;
    QCustomPlot::mousePressEvent(event);
}

void DashboardChart::wheelEvent(QWheelEvent* event) {
    if (axisRect()->rect().contains(event->position().toPoint())) m_autoRange = false;
    QCustomPlot::wheelEvent(event);
}

void DashboardChart::leaveEvent(QEvent* event) {
    QCustomPlot::leaveEvent(event);
    emit left();
}

void DashboardChart::contextMenuEvent(QContextMenuEvent* event) {
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("chartMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QString values = valuesAt(xAxis->pixelToCoord(event->pos().x()));
    QAction* copy = menu->addAction(tr("Copy values at the cursor"), this, [values] { QGuiApplication::clipboard()->setText(values); });
    copy->setObjectName(QStringLiteral("copyValues"));
    copy->setEnabled(!values.isEmpty());
    menu->addAction(tr("Reset zoom"), this, &DashboardChart::resetZoom)->setObjectName(QStringLiteral("resetZoom"));
    QMenu* shown = menu->addMenu(tr("Show series"));
    shown->setObjectName(QStringLiteral("showSeries"));
    shown->setEnabled(graphCount() > 0);
    for (int i = 0; i < graphCount(); ++i) {
        const QString name = graph(i)->name();
        QAction* action = shown->addAction(name, this, [this, name] {
            if (QCPGraph* g = series(name)) toggleSeries(g);
        });
        action->setCheckable(true);
        action->setChecked(graph(i)->visible());
    }
    menu->popup(event->globalPos());
}

}  // namespace catapult
