#include "RunGraphs.h"

#include <algorithm>

#include "DashboardChart.h"

namespace catapult {
namespace {

constexpr double kMiB = 1048576.0;
const QCPScatterStyle::ScatterShape kRankMarkers[] = {
    QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle, QCPScatterStyle::ssDiamond,
    QCPScatterStyle::ssCross,  QCPScatterStyle::ssPlus,   QCPScatterStyle::ssStar,     QCPScatterStyle::ssTriangleInverted};

// One pixel wide: wider pens take Qt's general stroker, several times slower to draw with many
// points (bench/run dashboard).
QPen makePen(const QColor& color, Qt::PenStyle style = Qt::SolidLine) {
    QPen pen(color);
    pen.setStyle(style);
    return pen;
}

// Rank k's shade of the run's colour: the colour itself, lighter, darker, lighter still.
QColor rankShade(const QColor& color, int rank) {
    switch (rank % 4) {
    case 1: return color.lighter(140);
    case 2: return color.darker(150);
    case 3: return color.lighter(180);
    default: return color;
    }
}

// Where on a step axis a sample taken at `time` falls: between the steps around it.
double stepAtTime(const QVector<StepPoint>& steps, double time) {
    auto after = std::upper_bound(steps.begin(), steps.end(), time, [](double t, const StepPoint& p) { return t < p.time; });
    if (after == steps.end()) return steps.isEmpty() ? 0.0 : static_cast<double>(steps.back().step);
    const double t0 = after == steps.begin() ? 0.0 : std::prev(after)->time;
    const double s0 = after == steps.begin() ? 0.0 : static_cast<double>(std::prev(after)->step);
    const double span = after->time - t0;
    return span > 0 ? s0 + (static_cast<double>(after->step) - s0) * (time - t0) / span : s0;
}

void append(QCPGraph* graph, const QVector<double>& keys, const QVector<double>& values) {
    const bool sorted = std::is_sorted(keys.begin(), keys.end()) &&
                        (graph->data()->isEmpty() || keys.first() >= (graph->data()->constEnd() - 1)->key);
    graph->addData(keys, values, sorted);
}

}  // namespace

RunGraphs::RunGraphs(const Charts& charts, Style style)
    : m_charts(charts), m_style(std::move(style)), m_smoothing(m_style.smoothing) {
    const QString& label = m_style.label;
    QColor faint = m_style.color;
    faint.setAlpha(80);
    m_graphs[0] = charts[int(ChartKind::Loss)]->addSeries(tr("%1 raw").arg(label), makePen(faint));
    m_smoothed = charts[int(ChartKind::Loss)]->addSeries(tr("%1 smoothed").arg(label), makePen(m_style.color));
    for (ChartKind kind : {ChartKind::LearningRate, ChartKind::Throughput, ChartKind::GradNorm})
        m_graphs[int(kind)] = charts[int(kind)]->addSeries(label, makePen(m_style.color));
}

bool RunGraphs::update(const RunSeries& series) {
    if (series.steps.size() < m_steps || series.memory.size() < m_memory || series.scalars.size() < m_scalars) return false;
    addSteps(series);
    addMemory(series);
    addEval(series);
    return true;
}

void RunGraphs::addEval(const RunSeries& series) {
    QVector<double> x, y;
    for (qsizetype i = m_scalars; i < series.scalars.size(); ++i) {
        const ScalarPoint& p = series.scalars[i];
        if (p.name != QLatin1String("eval/loss")) continue;
        x << (m_style.byTime ? p.time : static_cast<double>(p.step));
        y << p.value;
    }
    m_scalars = series.scalars.size();
    if (x.isEmpty()) return;
    if (!m_eval)
        m_eval = m_charts[int(ChartKind::Loss)]->addSeries(tr("%1 validation").arg(m_style.label),
                                                           makePen(m_style.color.darker(140), Qt::DashLine), QCPScatterStyle::ssDisc);
    append(m_eval, x, y);
}

void RunGraphs::addSteps(const RunSeries& series) {
    const qsizetype n = series.steps.size() - m_steps;
    if (n == 0) return;
    QVector<double> x(n), smoothed(n);
    QVector<double> values[kChartKinds - 1];  // loss, learning rate, tokens/s, gradient norm
    for (QVector<double>& v : values) v.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        const StepPoint& p = series.steps[m_steps + i];
        x[i] = m_style.byTime ? p.time : static_cast<double>(p.step);
        values[0][i] = p.loss;
        values[1][i] = p.lr;
        values[2][i] = p.tokensPerSecond;
        values[3][i] = p.gradNorm;
        smoothed[i] = m_smoothing.add(p.loss);
    }
    for (int k = 0; k < kChartKinds - 1; ++k) append(m_graphs[k], x, values[k]);
    append(m_smoothed, x, smoothed);
    m_steps = series.steps.size();
}

void RunGraphs::addMemory(const RunSeries& series) {
    struct Columns {
        QVector<double> x, rss, allocated, reserved, peak;
    };
    QMap<int, Columns> columns;
    // A program that reports its own memory (the engine) keeps the chart: once one of its lines is
    // in the series, the launcher's samples of it are not drawn, and those drawn before go.
    const bool engine = std::any_of(series.memory.begin() + m_memory, series.memory.end(), [](const MemoryPoint& m) { return !m.sampled; });
    if (engine && !m_engineMemory) dropSampled();
    m_engineMemory = m_engineMemory || engine;
    for (qsizetype i = m_memory; i < series.memory.size(); ++i) {
        const MemoryPoint& m = series.memory[i];
        if (m.sampled) {
            addSampled(m, series);
            continue;
        }
        rank(m.rank, m.cudaAllocatedBytes > 0 || m.cudaReservedBytes > 0);
        Columns& c = columns[m.rank];
        c.x << (m_style.byTime ? m.time : static_cast<double>(m.step));
        c.rss << m.rssBytes / kMiB;
        c.allocated << m.cudaAllocatedBytes / kMiB;
        c.reserved << m.cudaReservedBytes / kMiB;
        c.peak << m.cudaPeakBytes / kMiB;
    }
    for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
        const RankGraphs& g = m_ranks[it.key()];
        append(g.rss, it->x, it->rss);
        if (!g.allocated) continue;
        append(g.allocated, it->x, it->allocated);
        append(g.reserved, it->x, it->reserved);
        append(g.peak, it->x, it->peak);
    }
    m_memory = series.memory.size();
}

// The engine's own memory lines keep the chart for engine runs; any other program's ranks are
// drawn from the launcher's samples: RSS of the rank's processes and, with NVML, their GPU memory.
void RunGraphs::addSampled(const MemoryPoint& m, const RunSeries& series) {
    if (m_engineMemory) return;
    RankGraphs& g = m_ranks[m.rank];
    if (!g.sampledRss) g.sampledRss = memoryGraph(m.rank, tr("RSS (sampled)"), Qt::SolidLine);
    const double x = m_style.byTime ? m.time : stepAtTime(series.steps, m.time);
    append(g.sampledRss, {x}, {m.rssBytes / kMiB});
    if (m.gpuUsedBytes < 0) return;
    if (!g.sampledGpu) g.sampledGpu = memoryGraph(m.rank, tr("GPU used (sampled)"), Qt::DashLine);
    append(g.sampledGpu, {x}, {m.gpuUsedBytes / kMiB});
}

void RunGraphs::dropSampled() {
    DashboardChart* memory = m_charts[int(ChartKind::Memory)];
    for (RankGraphs& g : m_ranks) {
        for (QCPGraph** graph : {&g.sampledRss, &g.sampledGpu}) {
            if (*graph) memory->removeSeries(*graph);
            *graph = nullptr;
        }
    }
}

RunGraphs::RankGraphs& RunGraphs::rank(int rank, bool cuda) {
    RankGraphs& g = m_ranks[rank];
    if (!g.rss) g.rss = memoryGraph(rank, tr("RSS"), Qt::SolidLine);
    if (cuda && !g.allocated) {
        g.allocated = memoryGraph(rank, tr("CUDA allocated"), Qt::DashLine);
        g.reserved = memoryGraph(rank, tr("CUDA reserved"), Qt::DotLine);
        g.peak = memoryGraph(rank, tr("CUDA peak"), Qt::DashDotLine);
    }
    return g;
}

QCPGraph* RunGraphs::memoryGraph(int rank, const QString& kind, Qt::PenStyle style) {
    const QString name = m_style.labelMemory ? tr("%1 rank %2 %3").arg(m_style.label).arg(rank).arg(kind)
                                             : tr("rank %1 %2").arg(rank).arg(kind);
    return m_charts[int(ChartKind::Memory)]->addSeries(name, makePen(rankShade(m_style.color, rank), style),
                                                       kRankMarkers[rank % 8]);
}

}  // namespace catapult
