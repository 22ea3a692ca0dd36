#include "DashboardWidget.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextStream>
#include <QVBoxLayout>
#include <cmath>

namespace catapult {
namespace {

const QColor kColors[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(255, 127, 14),
                          QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127)};

QCPGraph* addGraph(QCustomPlot* plot, const QString& name, const QColor& color, Qt::PenStyle style = Qt::SolidLine,
                   int width = 1) {
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    QPen pen(color);
    pen.setStyle(style);
    pen.setWidth(width);
    g->setPen(pen);
    return g;
}

}  // namespace

DashboardWidget::DashboardWidget(QWidget* parent) : QWidget(parent) {
    const QString titles[PlotCount] = {tr("Loss (nats)"), tr("Learning rate"), tr("Tokens/s"), tr("Gradient norm"),
                                       tr("Memory per rank (MiB)")};
    auto* grid = new QGridLayout;
    for (int i = 0; i < PlotCount; ++i) {
        auto* plot = new QCustomPlot(this);
        plot->setObjectName(QStringLiteral("plot%1").arg(i));
        plot->setMinimumSize(320, 200);
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, titles[i], QFont(font().family(), 10, QFont::Bold)));
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plot->legend->setVisible(i == Loss || i == Memory);
        plot->legend->setFont(QFont(font().family(), 8));
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
        connect(plot, &QCustomPlot::mouseMove, this, [this, plot](QMouseEvent* e) { onHover(plot, e); });
        connect(plot, &QCustomPlot::mouseWheel, this, [this] { m_autoRange = false; });
        connect(plot, &QCustomPlot::mousePress, this, [this] { m_autoRange = false; });
        m_plots[i] = plot;
        grid->addWidget(plot, i / 2, i % 2);
    }
    m_axis = new QComboBox(this);
    m_axis->setObjectName(QStringLiteral("xAxis"));
    m_axis->addItem(tr("Step"));
    m_axis->addItem(tr("Wall time (s)"));
    m_readout = new QLabel(tr("Hover a chart to read values; drag to pan, wheel to zoom."), this);
    m_readout->setObjectName(QStringLiteral("readout"));
    auto* reset = new QPushButton(tr("Reset zoom"), this);
    auto* png = new QPushButton(tr("Export PNG..."), this);
    auto* csv = new QPushButton(tr("Export CSV..."), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("X axis:"), this));
    bar->addWidget(m_axis);
    bar->addWidget(reset);
    bar->addWidget(png);
    bar->addWidget(csv);
    bar->addWidget(m_readout, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);

    m_replot.setInterval(200);
    m_replot.setSingleShot(true);
    connect(&m_replot, &QTimer::timeout, this, &DashboardWidget::rebuild);
    connect(m_axis, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] {
        m_autoRange = true;
        rebuild();
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_autoRange = true;
        rebuild();
    });
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), QStringLiteral("catapult-charts.png"), tr("PNG (*.png)"));
        if (!path.isEmpty()) exportPng(path);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export series"), QStringLiteral("catapult-series.csv"), tr("CSV (*.csv)"));
        if (!path.isEmpty()) exportCsv(path);
    });
}

void DashboardWidget::setRuns(const QVector<Run>& runs) {
    m_live = nullptr;
    m_runs = runs;
    m_autoRange = true;
    rebuild();
}

void DashboardWidget::followLive(const QString& label, const RunSeries* series) {
    m_liveLabel = label;
    m_live = series;
    m_runs.clear();
    m_autoRange = true;
    rebuild();
}

void DashboardWidget::scheduleReplot() {
    if (!m_replot.isActive()) m_replot.start();
}

void DashboardWidget::rebuild() {
    QVector<Run> runs = m_runs;
    if (m_live) runs.prepend({m_liveLabel, *m_live});
    const bool byTime = m_axis->currentIndex() == 1;
    for (QCustomPlot* p : m_plots) p->clearGraphs();
    for (int r = 0; r < runs.size(); ++r) {
        const RunSeries& s = runs[r].series;
        const QColor color = kColors[r % 8];
        const QString label = runs[r].label;
        QVector<double> x, loss, smooth, lr, tps, norm;
        double ema = NAN;
        for (const StepPoint& p : s.steps) {
            x << (byTime ? p.time : static_cast<double>(p.step));
            loss << p.loss;
            ema = std::isfinite(ema) ? 0.95 * ema + 0.05 * p.loss : p.loss;  // exponential smoothing, as TensorBoard's 0.95
            smooth << ema;
            lr << p.lr;
            tps << p.tokensPerSecond;
            norm << p.gradNorm;
        }
        QColor faint = color;
        faint.setAlpha(runs.size() > 1 ? 90 : 110);
        addGraph(m_plots[Loss], tr("%1 raw").arg(label), faint)->setData(x, loss, true);
        addGraph(m_plots[Loss], tr("%1 smoothed").arg(label), color, Qt::SolidLine, 2)->setData(x, smooth, true);
        addGraph(m_plots[LearningRate], label, color)->setData(x, lr, true);
        addGraph(m_plots[Throughput], label, color)->setData(x, tps, true);
        addGraph(m_plots[GradNorm], label, color)->setData(x, norm, true);
        if (r == 0) {
            QMap<int, QVector<double>> mx, rss, alloc, reserved, peak;
            for (const MemoryPoint& m : s.memory) {
                mx[m.rank] << (byTime ? m.time : static_cast<double>(m.step));
                rss[m.rank] << m.rssBytes / 1048576.0;
                alloc[m.rank] << m.cudaAllocatedBytes / 1048576.0;
                reserved[m.rank] << m.cudaReservedBytes / 1048576.0;
                peak[m.rank] << m.cudaPeakBytes / 1048576.0;
            }
            for (auto it = mx.begin(); it != mx.end(); ++it) {
                const int rank = it.key();
                const QColor rc = kColors[rank % 8];
                addGraph(m_plots[Memory], tr("rank %1 RSS").arg(rank), rc)->setData(it.value(), rss[rank], true);
                bool cuda = false;
                for (double v : reserved[rank]) cuda = cuda || v > 0;
                if (cuda) {
                    addGraph(m_plots[Memory], tr("rank %1 CUDA allocated").arg(rank), rc, Qt::DashLine)->setData(it.value(), alloc[rank], true);
                    addGraph(m_plots[Memory], tr("rank %1 CUDA reserved").arg(rank), rc, Qt::DotLine)->setData(it.value(), reserved[rank], true);
                    addGraph(m_plots[Memory], tr("rank %1 CUDA peak").arg(rank), rc, Qt::DashDotLine)->setData(it.value(), peak[rank], true);
                }
            }
        }
    }
    for (QCustomPlot* p : m_plots) {
        p->xAxis->setLabel(byTime ? tr("seconds") : tr("step"));
        if (m_autoRange) p->rescaleAxes();
        p->replot(QCustomPlot::rpQueuedReplot);
    }
}

void DashboardWidget::onHover(QCustomPlot* plot, QMouseEvent* event) {
    if (plot->graphCount() == 0) return;
    const double x = plot->xAxis->pixelToCoord(event->position().x());
    QStringList parts;
    for (int i = 0; i < plot->graphCount() && parts.size() < 4; ++i) {
        QCPGraph* g = plot->graph(i);
        if (g->data()->isEmpty()) continue;
        auto it = g->data()->findBegin(x, true);
        if (it == g->data()->constEnd()) continue;
        parts << QStringLiteral("%1: %2").arg(g->name()).arg(it->value, 0, 'g', 5);
        if (i == 0) parts.prepend(QStringLiteral("x = %1").arg(it->key, 0, 'g', 6));
    }
    m_readout->setText(parts.join(QStringLiteral("   ")));
}

bool DashboardWidget::exportPng(const QString& path) { return grab().save(path, "PNG"); }

bool DashboardWidget::exportCsv(const QString& path) const {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) return false;
    QTextStream out(&f);
    out << "run,step,time_s,loss,lr,tokens_per_s,grad_norm\n";
    QVector<Run> runs = m_runs;
    if (m_live) runs.prepend({m_liveLabel, *m_live});
    for (const Run& r : runs) {
        for (const StepPoint& p : r.series.steps)
            out << '"' << QString(r.label).replace('"', QStringLiteral("\"\"")) << "\"," << p.step << ',' << p.time << ','
                << p.loss << ',' << p.lr << ',' << p.tokensPerSecond << ',' << p.gradNorm << '\n';
    }
    return out.status() == QTextStream::Ok;
}

}  // namespace catapult
