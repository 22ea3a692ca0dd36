// bench/run dashboard: the dashboard under load, in one process with its real GUI event loop.
// 1. Ingest: metrics lines arrive at a fixed rate (default 2,000/s) through the app's own path:
//    parseMetricsLine -> RunRecorder::addMetrics (appendMetrics, batched SQLite inserts into a
//    temporary run store) -> seriesChanged -> DashboardWidget following the series live, with
//    its coalesced replots. A 5 ms timer measures how late the event loop gets: max_block_ms is
//    the longest gap between two of its ticks less the 5 ms it waits by design.
// 2. A recorded run of 1,000,000 steps: the time to show it, and replots of its loss chart
//    (raw and smoothed series) while zooming, each with the repaint (median reported).
// The last line is one JSON object.
//
//   dashboard_bench [--seconds S] [--rate LINES_PER_S] [--points N]

#include <qcustomplot.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "DashboardWidget.h"
#include "MetricsLine.h"
#include "RunRecorder.h"
#include "RunStore.h"

using namespace catapult;

namespace {

constexpr int kMeterIntervalMs = 5;
constexpr int kMemoryEvery = 10;  // steps between memory lines, as the worker's default

struct Options {
    double seconds = 10;
    int rate = 2000;
    int points = 1000000;
};

struct Ingest {
    qint64 lines = 0;
    double seconds = 0;
    double maxGapMs = 0;
    int replots = 0;
    qsizetype shownSteps = 0;
};

struct BigChart {
    qsizetype points = 0;
    double loadMs = 0;
    double replotMs = 0;
    double replotMaxMs = 0;
    double allChartsMs = 0;
};

Options parseOptions(const QApplication& app) {
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"seconds", "How long to ingest.", "S", "10"});
    parser.addOption({"rate", "Metrics lines per second to ingest.", "N", "2000"});
    parser.addOption({"points", "Steps of the large recorded run.", "N", "1000000"});
    parser.process(app);
    return {parser.value("seconds").toDouble(), parser.value("rate").toInt(), parser.value("points").toInt()};
}

double loss(qint64 step, double scale) { return 2 + 3.5 * std::exp(-step / scale) + 0.1 * std::sin(step * 0.37); }

// The lines a worker prints: step lines, and after every kMemoryEvery-th step a memory line of
// 2 ranks.
struct LineSource {
    qint64 step = 0;
    bool memoryDue = false;

    QString next() {
        if (memoryDue) {
            memoryDue = false;
            return QString::asprintf("@catapult {\"type\":\"memory\",\"step\":%lld,\"time\":%.3f,\"ranks\":["
                                     "{\"rank\":0,\"rss_bytes\":%lld,\"peak_rss_bytes\":%lld},"
                                     "{\"rank\":1,\"rss_bytes\":%lld,\"peak_rss_bytes\":%lld}]}",
                                     step, step * 0.05, (400LL << 20) + step * 4096, 500LL << 20, (410LL << 20) + step * 4096,
                                     510LL << 20);
        }
        ++step;
        memoryDue = step % kMemoryEvery == 0;
        return QString::asprintf("@catapult {\"type\":\"step\",\"step\":%lld,\"loss\":%.6f,\"lr\":%.6g,"
                                 "\"tokens_per_s\":%.1f,\"grad_norm\":%.5f,\"step_time\":0.05,\"time\":%.3f,\"epoch\":0}",
                                 step, loss(step, 2000), 3e-3, 40000.0 + step % 100, 1.0 / std::sqrt(double(step)), step * 0.05);
    }
};

Ingest ingest(DashboardWidget& dashboard, RunRecorder& recorder, const Options& options) {
    Ingest result;
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = 0;
    LineSource source;
    QTimer meter, feeder;
    meter.setTimerType(Qt::PreciseTimer);
    feeder.setTimerType(Qt::PreciseTimer);
    meter.setInterval(kMeterIntervalMs);
    feeder.setInterval(10);
    QObject::connect(&meter, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        result.maxGapMs = std::max(result.maxGapMs, (now - lastTick) / 1e6);
        lastTick = now;
    });
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        const qint64 due = qint64(options.rate * (clock.nsecsElapsed() / 1e9));
        for (; result.lines < due; ++result.lines)
            if (auto metrics = parseMetricsLine(source.next())) recorder.addMetrics(*metrics);
    });
    auto* loss = dashboard.findChild<QCustomPlot*>("plot0");
    QObject::connect(loss, &QCustomPlot::afterReplot, [&] { ++result.replots; });
    QEventLoop loop;
    QTimer::singleShot(int(options.seconds * 1000), Qt::PreciseTimer, &loop, &QEventLoop::quit);
    lastTick = clock.nsecsElapsed();
    meter.start();
    feeder.start();
    loop.exec();
    result.seconds = clock.nsecsElapsed() / 1e9;
    QObject::disconnect(loss, &QCustomPlot::afterReplot, nullptr, nullptr);
    return result;
}

RunSeries bigRun(int points) {
    RunSeries s;
    s.steps.resize(points);
    for (int i = 0; i < points; ++i) {
        StepPoint& p = s.steps[i];
        p.step = i + 1;
        p.time = 0.05 * p.step;
        p.loss = loss(p.step, points / 10.0);
        p.lr = 3e-3 * std::min(1.0, p.step / 1000.0);
        p.tokensPerSecond = 40000 + p.step % 100;
        p.gradNorm = 1.0 / std::sqrt(double(p.step));
    }
    for (int i = 100; i <= points; i += 100)
        for (int rank = 0; rank < 2; ++rank) s.memory.push_back({i, 0.05 * i, rank, (400LL << 20) + i * 64LL, 500LL << 20, 0, 0, 0});
    return s;
}

double msSince(const QElapsedTimer& t) { return t.nsecsElapsed() / 1e6; }

BigChart bigChart(DashboardWidget& dashboard, int points) {
    BigChart result;
    const RunSeries run = bigRun(points);
    QElapsedTimer t;
    t.start();
    dashboard.setRuns({{QStringLiteral("large run"), run}});
    QCoreApplication::processEvents();  // the queued replots
    result.loadMs = msSince(t);
    auto* loss = dashboard.findChild<QCustomPlot*>("plot0");
    result.points = loss->graph(0)->dataCount();
    QVector<double> times;
    for (double fraction : {1.0, 0.5, 0.25, 0.1, 0.01, 0.5, 1.0}) {
        loss->xAxis->setRange(points * (0.5 - fraction / 2), points * (0.5 + fraction / 2));
        t.restart();
        loss->replot(QCustomPlot::rpImmediateRefresh);
        times << msSince(t);
    }
    std::sort(times.begin(), times.end());
    result.replotMs = times[times.size() / 2];
    result.replotMaxMs = times.back();
    t.restart();
    for (QCustomPlot* chart : dashboard.findChildren<QCustomPlot*>()) chart->replot(QCustomPlot::rpImmediateRefresh);
    result.allChartsMs = msSince(t);
    return result;
}

void report(const Options& o, const Ingest& in, const BigChart& big) {
    const double maxBlock = std::max(0.0, in.maxGapMs - kMeterIntervalMs);
    std::printf("ingest: %lld metrics lines in %.1f s = %.0f lines/s (target %d) through RunRecorder and the live "
                "dashboard (%d loss-chart replots; it shows %lld steps); GUI event loop blocked at most %.1f ms "
                "(longest gap between %d ms timer ticks: %.1f ms)\n",
                in.lines, in.seconds, in.lines / in.seconds, o.rate, in.replots, qint64(in.shownSteps), maxBlock,
                kMeterIntervalMs, in.maxGapMs);
    std::printf("large run: %lld points per series, shown in %.0f ms; one replot of the loss chart (raw + smoothed) "
                "%.1f ms (median while zooming, max %.1f ms); all five charts %.1f ms\n",
                qint64(big.points), big.loadMs, big.replotMs, big.replotMaxMs, big.allChartsMs);
    const QJsonObject json{{"bench", "dashboard"},
                           {"ingest_lines_per_s", std::round(in.lines / in.seconds)},
                           {"ingest_target_lines_per_s", o.rate},
                           {"ingest_seconds", std::round(in.seconds * 100) / 100},
                           {"ingest_replots", in.replots},
                           {"max_block_ms", std::round(maxBlock * 10) / 10},
                           {"blocked_under_50ms", maxBlock < 50},
                           {"points", qint64(big.points)},
                           {"load_ms", std::round(big.loadMs)},
                           {"replot_ms", std::round(big.replotMs * 10) / 10},
                           {"replot_max_ms", std::round(big.replotMaxMs * 10) / 10},
                           {"all_charts_replot_ms", std::round(big.allChartsMs * 10) / 10}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parseOptions(app);
    QTemporaryDir dir;
    auto store = RunStore::open(dir.filePath("runs.sqlite"));
    if (!store.ok()) {
        std::fprintf(stderr, "dashboard bench: %s\n", store.status().message().c_str());
        return 1;
    }
    RunRecorder recorder(store.value().get());
    RunRecord run;
    run.name = QStringLiteral("dashboard bench");
    run.runDir = dir.filePath("run");
    if (Status s = recorder.begin(run); !s.ok()) {
        std::fprintf(stderr, "dashboard bench: %s\n", s.message().c_str());
        return 1;
    }
    DashboardWidget dashboard;
    dashboard.resize(1280, 800);
    dashboard.show();
    dashboard.followLive(QStringLiteral("bench"), &recorder.series());
    QObject::connect(&recorder, &RunRecorder::seriesChanged, &dashboard, &DashboardWidget::scheduleReplot);
    Ingest in = ingest(dashboard, recorder, options);
    dashboard.scheduleReplot();
    QEventLoop settle;
    QTimer::singleShot(400, &settle, &QEventLoop::quit);
    settle.exec();
    in.shownSteps = dashboard.seriesPoints(ChartKind::Loss, QStringLiteral("bench raw")).size();
    report(options, in, bigChart(dashboard, options.points));
    return 0;
}
