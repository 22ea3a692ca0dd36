// The dashboard alone (offscreen), on synthetic runs through the metrics protocol's parser:
// smoothing, the empty state, the wall-time axis, ticks, hover, legends, comparing runs,
// export, log scale and the chart menu.

#include "DashboardTests.h"

#include <QFont>
#include <QSet>

#include "RunCompareModel.h"
#include "RunCompareWidget.h"
#include "UiTestSupport.h"

using namespace catapult;
using namespace catapult::uitest;

void DashboardTests::smoothingMatchesHandComputedValues() {
    // w = 0.5 over 4, 2, 1: last = 2, 2, 1.5, divided by 1 - 0.5^n = 0.5, 0.75, 0.875.
    const QVector<double> s = Smoothing::smooth({4, 2, 1}, 0.5);
    QCOMPARE(s.size(), 3);
    QCOMPARE(s[0], 4.0);
    QCOMPARE(s[1], 8.0 / 3);
    QCOMPARE(s[2], 12.0 / 7);
    // w = 0.9 over 5, 3: last = 0.5, 0.75, divided by 0.1, 0.19.
    Smoothing t(0.9);
    QCOMPARE(t.add(5), 5.0);
    QCOMPARE(t.add(3), 0.75 / 0.19);
    // A value that is not finite passes through and does not count.
    const QVector<double> gap = Smoothing::smooth({4, NAN, 2}, 0.5);
    QCOMPARE(gap[0], 4.0);
    QVERIFY(std::isnan(gap[1]));
    QCOMPARE(gap[2], 8.0 / 3);
    QCOMPARE(Smoothing::smooth({3, 1, 2}, 0), (QVector<double>{3, 1, 2}));
    QCOMPARE(Smoothing(1.5).weight(), Smoothing::kMaxWeight);
}

void DashboardTests::dashboardSaysNoRunInsteadOfEmptyAxes() {
    QTemporaryDir dir;
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    auto* empty = child<QLabel>(&dashboard, "emptyState");
    auto* charts = child<QWidget>(&dashboard, "charts");
    QVERIFY(empty->isVisible() && !charts->isVisible());
    QVERIFY2(empty->text().startsWith("No run yet"), qPrintable(empty->text()));
    dashboard.grab().save(screenshotDir() + "/dashboard-empty.png");
    QVERIFY(!dashboard.exportPng(dir.filePath("empty.png")));
    QVERIFY(!dashboard.exportCsv(dir.filePath("empty.csv")));
    RunSeries live;
    dashboard.followLive("current run", &live);
    QVERIFY(empty->isVisible());
    QVERIFY2(empty->text().contains("waiting for the first step"), qPrintable(empty->text()));
    live = syntheticRun(3);
    dashboard.scheduleReplot();
    QTRY_VERIFY(charts->isVisible());
    QVERIFY(!empty->isVisible());
    QCOMPARE(dashboard.seriesPoints(ChartKind::Loss, "current run raw").size(), 3);
    // No memory sample yet: that chart says so, without made-up axis labels.
    QVERIFY(!chartOf(&dashboard, ChartKind::Memory)->xAxis->tickLabels());
    QVERIFY(chartOf(&dashboard, ChartKind::Loss)->xAxis->tickLabels());
    QTest::qWait(50);
    dashboard.grab().save(screenshotDir() + "/dashboard-first-steps.png");
    dashboard.followLive(QString(), nullptr);
    QVERIFY(empty->isVisible() && empty->text().startsWith("No run yet"));
}

void DashboardTests::dashboardSmoothsLossAsTensorBoard() {
    isolateSettings();
    QSettings().remove("dashboard");
    const RunSeries run = syntheticRun(120);
    {
        DashboardWidget dashboard;
        auto* slider = child<QSlider>(&dashboard, "smoothing");
        QCOMPARE(slider->value(), 600);  // TensorBoard's default 0.6
        QCOMPARE(slider->maximum(), 999);
        dashboard.setRuns({{"run A", run}});
        const auto raw = dashboard.seriesPoints(ChartKind::Loss, "run A raw");
        auto smoothed = dashboard.seriesPoints(ChartKind::Loss, "run A smoothed");
        const QVector<double> expected = Smoothing::smooth(losses(run), 0.6);
        QCOMPARE(smoothed.size(), expected.size());
        for (int i = 0; i < expected.size(); ++i) QCOMPARE(smoothed[i].y(), expected[i]);
        QCOMPARE(smoothed.front().y(), raw.front().y());  // debiased: no lag behind the first points
        slider->setValue(950);
        QTRY_COMPARE(dashboard.seriesPoints(ChartKind::Loss, "run A smoothed").back().y(),
                     Smoothing::smooth(losses(run), 0.95).back());
        QCOMPARE(QSettings().value("dashboard/smoothing").toDouble(), 0.95);
        QCOMPARE(child<QLabel>(&dashboard, "smoothingValue")->text(), QString("0.950"));
    }
    DashboardWidget again;  // the weight is remembered
    QCOMPARE(child<QSlider>(&again, "smoothing")->value(), 950);
    again.setRuns({{"run A", run}});
    QCOMPARE(again.seriesPoints(ChartKind::Loss, "run A smoothed")[60].y(), Smoothing::smooth(losses(run), 0.95)[60]);
    QSettings().remove("dashboard");
}

void DashboardTests::dashboardMemoryByWallTime() {
    RunSeries run = syntheticRun(40);
    // A program's memory line without "time" takes the time of the step line it follows.
    appendMetrics(run, QJsonObject{{"type", "step"}, {"step", 41}, {"loss", 2.3}, {"lr", 1e-3}, {"tokens_per_s", 1041},
                                   {"grad_norm", 0.02}, {"time", 20.5}});
    appendMetrics(run, QJsonObject{{"type", "memory"}, {"step", 41}, {"ranks", QJsonArray{QJsonObject{{"rank", 0}, {"rss_bytes", 150 << 20}}}}});
    QCOMPARE(run.memory.back().time, 20.5);
    QCOMPARE(run.memory.front().time, 5.01);
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    dashboard.setRuns({{"run A", run}});
    child<QComboBox>(&dashboard, "xAxis")->setCurrentIndex(1);
    const auto rss = dashboard.seriesPoints(ChartKind::Memory, "rank 0 RSS");
    QCOMPARE(rss.size(), 5);
    QCOMPARE(rss.front().x(), 5.01);
    QCOMPARE(rss[3].x(), 20.01);
    QCOMPARE(rss.back().x(), 20.5);
    QCPRange shown = chartOf(&dashboard, ChartKind::Memory)->xAxis->range();
    QVERIFY2(shown.lower >= 5 && shown.upper <= 21 && shown.size() > 10, qPrintable(QString::number(shown.size())));
    QTest::qWait(50);  // the queued replots, before the screenshot
    dashboard.grab().save(screenshotDir() + "/dashboard-walltime.png");
}

void DashboardTests::dashboardStepAxisHasWholeNumberTicks() {
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    for (int steps : {3, 12, 285}) {
        dashboard.setRuns({{"run A", syntheticRun(steps)}});
        for (ChartKind kind : {ChartKind::Loss, ChartKind::Memory}) {
            DashboardChart* chart = chartOf(&dashboard, kind);
            chart->replot(QCustomPlot::rpImmediateRefresh);
            const QVector<double> ticks = chart->xAxis->tickVector();
            QVERIFY(!ticks.isEmpty());
            for (double t : ticks) QVERIFY2(t == std::round(t), qPrintable(QString("tick %1 of %2 steps").arg(t).arg(steps)));
            for (const QString& label : chart->xAxis->tickVectorLabels()) QVERIFY2(!label.contains('.'), qPrintable(label));
        }
    }
}

void DashboardTests::dashboardHoverReadoutClearsOnLeaveAndNewRuns() {
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    auto* readout = child<QLabel>(&dashboard, "readout");
    const QString hint = readout->text();
    dashboard.setRuns({{"run A", syntheticRun(100)}});
    DashboardChart* loss = chartOf(&dashboard, ChartKind::Loss);
    hoverMiddle(loss);
    QVERIFY2(readout->text().contains("run A raw: "), qPrintable(readout->text()));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(loss, &leave);
    QCOMPARE(readout->text(), hint);
    hoverMiddle(loss);
    QVERIFY(readout->text() != hint);
    dashboard.setRuns({{"run B", syntheticRun(50)}});
    QCOMPARE(readout->text(), hint);
    hoverMiddle(loss);
    QVERIFY(readout->text().contains("run B raw: "));
    RunSeries live;
    dashboard.followLive("current run", &live);
    QCOMPARE(readout->text(), hint);
}

void DashboardTests::dashboardLegendsStayOutOfThePlotArea() {
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.setRuns({{"run A", syntheticRun(100)}});
    for (ChartKind kind : {ChartKind::Loss, ChartKind::Memory}) {
        DashboardChart* chart = chartOf(&dashboard, kind);
        chart->replot(QCustomPlot::rpImmediateRefresh);
        QCOMPARE(chart->legend->itemCount(), 2);
        QVERIFY(chart->legend->layout() == chart->plotLayout());
        QVERIFY(!chart->legend->outerRect().intersects(chart->axisRect()->rect()));
    }
    // One series: no legend box at all.
    QVERIFY(chartOf(&dashboard, ChartKind::LearningRate)->legend->layout() == nullptr);
}

void DashboardTests::dashboardComparesMemoryOfEveryRun() {
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.setRuns({{"run A", syntheticRun(100)}, {"run B", syntheticRun(80, 2, 10, 0.5)}});
    const QStringList names = dashboard.seriesNames(ChartKind::Memory);
    QCOMPARE(names, (QStringList{"run A rank 0 RSS", "run A rank 1 RSS", "run B rank 0 RSS", "run B rank 1 RSS"}));
    QCOMPARE(dashboard.seriesPoints(ChartKind::Memory, "run B rank 1 RSS").size(), 8);
    DashboardChart* memory = chartOf(&dashboard, ChartKind::Memory);
    DashboardChart* loss = chartOf(&dashboard, ChartKind::Loss);
    const auto hue = [](DashboardChart* chart, const QString& name) { return chart->series(name)->pen().color().hsvHue(); };
    // Colour = run, as on the other charts; ranks of a run differ by marker (and shade).
    for (const QString run : {"run A", "run B"}) {
        QCOMPARE(hue(memory, run + " rank 0 RSS"), hue(loss, run + " smoothed"));
        QCOMPARE(hue(memory, run + " rank 1 RSS"), hue(loss, run + " smoothed"));
        QVERIFY(memory->series(run + " rank 0 RSS")->scatterStyle().shape() != memory->series(run + " rank 1 RSS")->scatterStyle().shape());
    }
    QVERIFY(hue(memory, "run A rank 1 RSS") != hue(memory, "run B rank 1 RSS"));
    QTest::qWait(50);
    dashboard.grab().save(screenshotDir() + "/dashboard-compare.png");
}

namespace {

// The row of the compare table for a setting, or -1.
int compareRow(const QAbstractItemModel* model, const QString& name) {
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, RunCompareModel::SettingColumn).data().toString() == name) return r;
    return -1;
}

RunRecord recordedRun(const QString& name, const QString& command, const QString& yaml, double loss) {
    RunRecord r;
    r.name = name;
    r.runDir = "/runs/" + name;
    r.command = command;
    r.configYaml = yaml;
    r.configPath = "/configs/" + name + ".yaml";
    r.hosts = "localhost";
    r.numProcesses = 2;
    r.status = "finished";
    r.startedAt = QDateTime::currentDateTime();
    r.endedAt = r.startedAt.addSecs(60);
    r.finalLoss = loss;
    r.finalStep = 100;
    return r;
}

}  // namespace

// Two runs of the history, compared: their charts overlaid and, under them, their settings
// side by side with the differing ones marked and, by default, the only ones shown.
void DashboardTests::historyComparesSettingsSideBySide() {
    QTemporaryDir home;
    useTestHome(home);
    {
        auto store = RunStore::open(RunStore::defaultPath());
        QVERIFY(store.ok());
        const QString base = "catapult launch --cpu --num_processes 2 -- catapult-worker train --model /m/qwen --dataset /d/chat.jsonl ";
        for (const RunRecord& r : {recordedRun("lr-small", base + "--lr 1e-4 --lora_rank 8", "distributed_type: MULTI_CPU\nmixed_precision: 'no'\n", 2.5),
                                   recordedRun("lr-large", base + "--lr 1e-3 --lora_rank 8", "distributed_type: MULTI_CPU\nmixed_precision: bf16\n", 2.1)}) {
            auto id = store.value()->createRun(r);
            QVERIFY(id.ok());
            QVERIFY(store.value()->appendSeries(id.value(), syntheticRun(100, 2, 10, r.finalLoss - 2)).ok());
            QVERIFY(store.value()->finishRun([&] { RunRecord f = r; f.id = id.value(); return f; }()).ok());
        }
    }
    MainWindow window;
    window.resize(1300, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.tabs()->setCurrentWidget(window.history());
    window.history()->view()->selectAll();
    QTest::mouseClick(child<QPushButton>(window.history(), "compareRuns"), Qt::LeftButton);
    QVERIFY(window.tabs()->currentWidget()->isAncestorOf(window.dashboard()));
    QCOMPARE(window.dashboard()->seriesNames(ChartKind::Loss).filter("raw").size(), 2);
    RunCompareWidget* compare = window.compare();
    QVERIFY(compare->isVisible());
    const QAbstractItemModel* table = compare->view()->model();
    QCOMPARE(table->columnCount(), RunCompareModel::FirstRunColumn + 2);
    QVERIFY(compare->onlyDifferences()->isChecked());
    const int lr = compareRow(table, "--lr"), precision = compareRow(table, "mixed_precision");
    QVERIFY(lr >= 0 && precision >= 0);
    QSet<QString> values{table->index(lr, RunCompareModel::FirstRunColumn).data().toString(),
                         table->index(lr, RunCompareModel::FirstRunColumn + 1).data().toString()};
    QCOMPARE(values, (QSet<QString>{"1e-4", "1e-3"}));
    QSet<QString> precisions{table->index(precision, RunCompareModel::FirstRunColumn).data().toString(),
                             table->index(precision, RunCompareModel::FirstRunColumn + 1).data().toString()};
    QCOMPARE(precisions, (QSet<QString>{"no", "bf16"}));
    QVERIFY(table->index(lr, RunCompareModel::FirstRunColumn).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(compareRow(table, "--lora_rank"), -1);  // the same in both: hidden
    QVERIFY(compare->findChild<QLabel*>("compareSummary")->text().contains("2 run(s)"));
    QTest::qWait(50);
    window.grab().save(screenshotDir() + "/history-compare.png");
    compare->onlyDifferences()->setChecked(false);
    const int rank = compareRow(table, "--lora_rank");
    QVERIFY(rank >= 0);
    QCOMPARE(table->index(rank, RunCompareModel::FirstRunColumn).data().toString(), QStringLiteral("8"));
    QVERIFY(!table->index(rank, RunCompareModel::FirstRunColumn).data(RunCompareModel::DiffersRole).toBool());
    QVERIFY(table->index(compareRow(table, "--lr"), RunCompareModel::FirstRunColumn).data(RunCompareModel::DiffersRole).toBool());
    QCOMPARE(table->index(compareRow(table, "method"), RunCompareModel::FirstRunColumn).data().toString(), QStringLiteral("LoRA r 8"));
    window.showRuns({window.history()->model()->runAt(0)->id});  // one run: nothing to compare
    QVERIFY(!compare->isVisible());
}

void DashboardTests::sampledMemoryOnlyForProgramsWithoutTheirOwn() {
    auto sample = [](double time, int rank, qint64 rss) {
        return QJsonObject{{"type", "memory"}, {"source", "sampled"}, {"step", 0}, {"time", time},
                           {"ranks", QJsonArray{QJsonObject{{"rank", rank}, {"rss_bytes", rss}, {"gpu_used_bytes", rss / 2}}}}};
    };
    RunSeries python;
    for (int i = 0; i < 4; ++i) {
        appendMetrics(python, QJsonObject{{"type", "step"}, {"step", i + 1}, {"loss", 2.0}, {"time", 2.0 * (i + 1)}});
        appendMetrics(python, sample(2.0 * (i + 1) + 1, 0, 100 << 20));
    }
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    dashboard.setRuns({{"python", python}});
    QCOMPARE(dashboard.seriesNames(ChartKind::Memory), (QStringList{"rank 0 RSS (sampled)", "rank 0 GPU used (sampled)"}));
    const auto rss = dashboard.seriesPoints(ChartKind::Memory, "rank 0 RSS (sampled)");
    QCOMPARE(rss.size(), 4);
    QCOMPARE(rss[1], QPointF(2.5, 100));  // 5 s lies halfway between step 2 (4 s) and step 3 (6 s)
    QVERIFY(dashboard.seriesPoints(ChartKind::Throughput, "python").isEmpty() ||
            std::isnan(dashboard.seriesPoints(ChartKind::Throughput, "python").front().y()));  // not reported: not zero
    // An engine run's own memory lines keep the chart: its samples are not drawn.
    RunSeries engine = syntheticRun(40);
    engine.memory.prepend(MemoryPoint{0, 0.5, 0, 90 << 20, 0, 0, 0, 0, true});
    dashboard.setRuns({{"engine", engine}});
    QVERIFY(!dashboard.seriesNames(ChartKind::Memory).join(',').contains("sampled"));
}

void DashboardTests::dashboardExportsChartsOnlyAndEverySeries() {
    QTemporaryDir dir;
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    const RunSeries a = syntheticRun(100), b = syntheticRun(30);
    dashboard.setRuns({{"run A", a}, {"run B", b}});
    hoverMiddle(chartOf(&dashboard, ChartKind::Loss));
    QVERIFY(dashboard.exportPng(dir.filePath("charts.png")));
    const QImage image(dir.filePath("charts.png"));
    auto* charts = child<QWidget>(&dashboard, "charts");
    QCOMPARE(image.size(), charts->size() * charts->devicePixelRatio());  // no toolbar, no readout
    QVERIFY(image.height() < dashboard.height());
    image.save(screenshotDir() + "/dashboard-export.png");

    QVERIFY(dashboard.exportCsv(dir.filePath("series.csv")));
    QFile f(dir.filePath("series.csv"));
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines[0], QString("run,type,step,time_s,loss,loss_smoothed,lr,tokens_per_s,grad_norm,rank,rss_bytes,"
                               "peak_rss_bytes,cuda_allocated_bytes,cuda_reserved_bytes,cuda_peak_bytes"));
    QCOMPARE(lines.filter(QRegularExpression("^\"run [AB]\",step,")).size(), 130);
    const QStringList memoryRows = lines.filter(",memory,");
    QCOMPARE(memoryRows.size(), a.memory.size() + b.memory.size());
    const QStringList step50 = lines.filter("\"run A\",step,50,").first().split(',');
    QCOMPARE(step50.size(), 15);
    QCOMPARE(step50[4].toDouble(), a.steps[49].loss);
    QCOMPARE(step50[5].toDouble(), Smoothing::smooth(losses(a), 0.6)[49]);
    const QStringList mem = memoryRows.first().split(',');
    QCOMPARE(mem.size(), 15);
    QCOMPARE(mem[9].toInt(), a.memory.first().rank);
    QCOMPARE(mem[10].toLongLong(), a.memory.first().rssBytes);
}

void DashboardTests::dashboardLogScaleAndChartMenu() {
    isolateSettings();
    QSettings().remove("dashboard");
    const RunSeries run = syntheticRun(100);
    {
        DashboardWidget dashboard;
        dashboard.resize(1100, 750);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.setRuns({{"run A", run}});
        DashboardChart* loss = chartOf(&dashboard, ChartKind::Loss);
        QCOMPARE(loss->yAxis->scaleType(), QCPAxis::stLinear);
        child<QCheckBox>(&dashboard, "logLoss")->setChecked(true);
        QCOMPARE(loss->yAxis->scaleType(), QCPAxis::stLogarithmic);
        QCOMPARE(chartOf(&dashboard, ChartKind::Memory)->yAxis->scaleType(), QCPAxis::stLinear);
        loss->replot(QCustomPlot::rpImmediateRefresh);
        QVERIFY(!loss->yAxis->tickVector().isEmpty());  // labelled even within one decade

        // Right-click: copy the values at the cursor.
        const QPoint at = loss->axisRect()->rect().center();
        const qint64 step = std::llround(loss->xAxis->pixelToCoord(at.x()));
        QContextMenuEvent click(QContextMenuEvent::Mouse, at, loss->mapToGlobal(at));
        QApplication::sendEvent(loss, &click);
        auto* menu = loss->findChild<QMenu*>("chartMenu");
        QVERIFY(menu);
        child<QAction>(menu, "copyValues")->trigger();
        const QString copied = QGuiApplication::clipboard()->text();
        QVERIFY2(copied.startsWith(QString("step %1").arg(step)), qPrintable(copied));
        QVERIFY2(copied.contains(QString("run A raw: %1").arg(run.steps[step - 1].loss, 0, 'g', 5)), qPrintable(copied));
        // Hide a series; it stays hidden when the chart is filled again.
        QAction* raw = nullptr;
        for (QAction* a : child<QMenu>(menu, "showSeries")->actions()) if (a->text() == "run A raw") raw = a;
        QVERIFY(raw && raw->isChecked());
        raw->trigger();
        QVERIFY(!loss->series("run A raw")->visible());
        QVERIFY(loss->series("run A smoothed")->visible());
        menu->close();
        dashboard.setRuns({{"run A", run}});
        QVERIFY(!loss->series("run A raw")->visible());
        // Zoom in by hand, then reset from the menu.
        QTest::mousePress(loss, Qt::LeftButton, Qt::NoModifier, at);
        QTest::mouseRelease(loss, Qt::LeftButton, Qt::NoModifier, at);
        loss->xAxis->setRange(40, 50);
        dashboard.scheduleReplot();
        QTest::qWait(300);
        QCOMPARE(loss->xAxis->range().upper, 50.0);
        hoverMiddle(loss);
        dashboard.grab().save(screenshotDir() + "/dashboard-log-zoomed.png");
        QApplication::sendEvent(loss, &click);
        child<QAction>(loss->findChild<QMenu*>("chartMenu"), "resetZoom")->trigger();
        QVERIFY(loss->xAxis->range().lower <= 1 && loss->xAxis->range().upper >= 100);
    }
    DashboardWidget again;  // the log scale is remembered
    QVERIFY(child<QCheckBox>(&again, "logLoss")->isChecked());
    QCOMPARE(chartOf(&again, ChartKind::Loss)->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QSettings().remove("dashboard");
}
