#include "DashboardWidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QStackedWidget>
#include <QTextStream>
#include <QVBoxLayout>
#include <cmath>

#include "DashboardChart.h"
#include "RunGraphs.h"
#include "SeriesCsv.h"
#include "Smoothing.h"

namespace catapult {
namespace {

const QColor kRunColors[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(255, 127, 14),
                             QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127)};
const QString kSmoothingKey = QStringLiteral("dashboard/smoothing");
const QString kLogLossKey = QStringLiteral("dashboard/log_loss");
constexpr double kDefaultSmoothing = 0.6;  // TensorBoard's default
constexpr int kSliderSteps = 1000;         // the slider's value / 1000 is the weight

bool hasPoints(const RunSeries& s) { return !s.steps.isEmpty() || !s.memory.isEmpty(); }

}  // namespace

DashboardWidget::DashboardWidget(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createToolBar());
    m_stack = new QStackedWidget(this);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: gray; font-size: 14pt;"));
    m_stack->addWidget(m_empty);
    m_stack->addWidget(createCharts());
    layout->addWidget(m_stack, 1);
    m_replot.setInterval(200);
    m_replot.setSingleShot(true);
    connect(&m_replot, &QTimer::timeout, this, &DashboardWidget::replotNow);
    connectToolBar();
    resetReadout();
    updateEmptyState();
}

DashboardWidget::~DashboardWidget() = default;

QWidget* DashboardWidget::createToolBar() {
    auto* bar = new QWidget(this);
    m_axis = new QComboBox(bar);
    m_axis->setObjectName(QStringLiteral("xAxis"));
    m_axis->addItem(tr("Step"));
    m_axis->addItem(tr("Wall time (s)"));
    m_smoothing = new QSlider(Qt::Horizontal, bar);
    m_smoothing->setObjectName(QStringLiteral("smoothing"));
    m_smoothing->setRange(0, int(Smoothing::kMaxWeight * kSliderSteps));
    m_smoothing->setFixedWidth(140);
    m_smoothing->setToolTip(tr("Weight of the exponential moving average of the loss (TensorBoard's smoothing)"));
    m_smoothingValue = new QLabel(bar);
    m_smoothingValue->setObjectName(QStringLiteral("smoothingValue"));
    m_logLoss = new QCheckBox(tr("Log scale (loss)"), bar);
    m_logLoss->setObjectName(QStringLiteral("logLoss"));
    m_resetZoom = new QPushButton(tr("Reset zoom"), bar);
    m_png = new QPushButton(tr("Export PNG..."), bar);
    m_csv = new QPushButton(tr("Export CSV..."), bar);
    m_readout = new QLabel(bar);
    m_readout->setObjectName(QStringLiteral("readout"));
    auto* controls = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{new QLabel(tr("X axis:"), bar), m_axis, new QLabel(tr("Smoothing:"), bar),
                                                      m_smoothing, m_smoothingValue, m_logLoss, m_resetZoom, m_png, m_csv})
        controls->addWidget(w);
    controls->addStretch(1);
    auto* rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    rows->addLayout(controls);
    rows->addWidget(m_readout);
    return bar;
}

QWidget* DashboardWidget::createCharts() {
    const QString titles[kChartKinds] = {tr("Loss (nats)"), tr("Learning rate"), tr("Tokens/s"), tr("Gradient norm"),
                                         tr("Memory per rank (MiB)")};
    m_chartsPage = new QWidget(this);
    m_chartsPage->setObjectName(QStringLiteral("charts"));
    auto* grid = new QGridLayout(m_chartsPage);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < kChartKinds; ++i) {
        auto* chart = new DashboardChart(titles[i], m_chartsPage);
        chart->setObjectName(QStringLiteral("plot%1").arg(i));
        connect(chart, &DashboardChart::hovered, m_readout, &QLabel::setText);
        connect(chart, &DashboardChart::left, this, &DashboardWidget::resetReadout);
        m_charts[i] = chart;
        grid->addWidget(chart, i / 2, i % 2);
    }
    return m_chartsPage;
}

void DashboardWidget::connectToolBar() {
    QSettings settings;
    m_smoothing->setValue(int(std::lround(settings.value(kSmoothingKey, kDefaultSmoothing).toDouble() * kSliderSteps)));
    setSmoothing(m_smoothing->value());
    m_logLoss->setChecked(settings.value(kLogLossKey, false).toBool());
    m_charts[int(ChartKind::Loss)]->setLogScale(m_logLoss->isChecked());
    connect(m_smoothing, &QSlider::valueChanged, this, &DashboardWidget::setSmoothing);
    connect(m_logLoss, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue(kLogLossKey, on);
        m_charts[int(ChartKind::Loss)]->setLogScale(on);
    });
    connect(m_axis, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int index) {
        for (DashboardChart* chart : m_charts) chart->setStepAxis(index == 0);
        rebuild(true);
    });
    connect(m_resetZoom, &QPushButton::clicked, this, [this] {
        for (DashboardChart* chart : m_charts) chart->resetZoom();
    });
    connect(m_png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), QStringLiteral("catapult-charts.png"), tr("PNG (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(m_csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export series"), QStringLiteral("catapult-series.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
}

void DashboardWidget::setSmoothing(int sliderValue) {
    const double weight = double(sliderValue) / kSliderSteps;
    m_smoothingValue->setText(QString::number(weight, 'f', 3));
    if (std::abs(QSettings().value(kSmoothingKey, kDefaultSmoothing).toDouble() - weight) > 1e-9)
        QSettings().setValue(kSmoothingKey, weight);
    m_rebuildPending = true;
    scheduleReplot();
}

double DashboardWidget::smoothingWeight() const { return double(m_smoothing->value()) / kSliderSteps; }

void DashboardWidget::setRuns(const QVector<Run>& runs) {
    m_live = nullptr;
    m_runs = runs;
    resetReadout();
    rebuild(true);
}

void DashboardWidget::followLive(const QString& label, const RunSeries* series) {
    m_liveLabel = label;
    m_live = series;
    m_runs.clear();
    resetReadout();
    rebuild(true);
}

void DashboardWidget::scheduleReplot() {
    if (!m_replot.isActive()) m_replot.start();
}

QVector<DashboardWidget::Run> DashboardWidget::shownRuns() const {
    QVector<Run> runs = m_runs;
    if (m_live) runs.prepend({m_liveLabel, *m_live});
    return runs;
}

void DashboardWidget::rebuild(bool resetZoom) {
    m_rebuildPending = false;
    m_graphs.clear();
    for (DashboardChart* chart : m_charts) chart->clearSeries();
    const QVector<Run> runs = shownRuns();
    for (int r = 0; r < runs.size(); ++r) {
        RunGraphs::Style style{runs[r].label, kRunColors[r % 8], m_axis->currentIndex() == 1, smoothingWeight(), runs.size() > 1};
        m_graphs.push_back(std::make_unique<RunGraphs>(m_charts, style));
        m_graphs.back()->update(runs[r].series);
    }
    refreshCharts(resetZoom);
}

// A live run only gains points: add those (its graphs are the first). Anything else, or a
// live series that shrank (another run), is drawn anew.
void DashboardWidget::replotNow() {
    const bool extended = !m_rebuildPending && (!m_live || (!m_graphs.empty() && m_graphs.front()->update(*m_live)));
    if (extended) refreshCharts(false);
    else rebuild(false);
}

void DashboardWidget::refreshCharts(bool resetZoom) {
    for (DashboardChart* chart : m_charts) {
        if (resetZoom) chart->resetZoom();
        else chart->refresh();
    }
    updateEmptyState();
}

void DashboardWidget::updateEmptyState() {
    bool points = m_live && hasPoints(*m_live);
    for (const Run& r : m_runs) points = points || hasPoints(r.series);
    if (m_live) m_empty->setText(tr("%1: waiting for the first step...").arg(m_liveLabel));
    else if (m_runs.isEmpty()) m_empty->setText(tr("No run yet. Start a job on the Job tab, or open runs from the History tab."));
    else m_empty->setText(tr("The runs shown recorded no metrics."));
    m_stack->setCurrentWidget(points ? m_chartsPage : static_cast<QWidget*>(m_empty));
    m_png->setEnabled(points);
    m_csv->setEnabled(points);
}

void DashboardWidget::resetReadout() {
    m_readout->setText(tr("Hover a chart to read values; drag to pan, wheel to zoom, right-click for more."));
}

bool DashboardWidget::exportPng(const QString& path) {
    if (m_stack->currentWidget() != m_chartsPage) return false;
    for (DashboardChart* chart : m_charts) chart->replot(QCustomPlot::rpImmediateRefresh);  // no queued replot left out
    return m_chartsPage->grab().save(path, "PNG");
}

bool DashboardWidget::exportCsv(const QString& path) const {
    const QVector<Run> runs = shownRuns();
    bool points = false;
    for (const Run& r : runs) points = points || hasPoints(r.series);
    if (!points) return false;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
    QTextStream out(&f);
    out << seriesCsvHeader();
    for (const Run& r : runs) writeSeriesCsv(out, r.label, r.series, smoothingWeight());
    out.flush();
    return out.status() == QTextStream::Ok && f.error() == QFileDevice::NoError;
}

QStringList DashboardWidget::seriesNames(ChartKind chart) const {
    QStringList names;
    const DashboardChart* c = m_charts[int(chart)];
    for (int i = 0; i < c->graphCount(); ++i) names << c->graph(i)->name();
    return names;
}

QVector<QPointF> DashboardWidget::seriesPoints(ChartKind chart, const QString& name) const {
    QVector<QPointF> points;
    const QCPGraph* graph = m_charts[int(chart)]->series(name);
    if (!graph) return points;
    points.reserve(graph->dataCount());
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) points.push_back({it->key, it->value});
    return points;
}

}  // namespace catapult
