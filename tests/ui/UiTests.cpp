// The desktop app driven as a person would (offscreen): the setup wizard for six setups
// produces the expected YAML; a real 2-rank run shows on the dashboard and lands in the
// history. Screenshots go to $CATAPULT_SCREENSHOT_DIR (default: the build's screenshots/).

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "DashboardChart.h"
#include "DashboardWidget.h"
#include "HistoryWidget.h"
#include "IssueListModel.h"
#include "JobController.h"
#include "JobPanel.h"
#include "MainWindow.h"
#include "ReviewPage.h"
#include "RunListModel.h"
#include "SetupWizard.h"
#include "Smoothing.h"
#include "CommandLine.h"
#include "LaunchSettings.h"
#include "catapult/ConfigReader.h"

using namespace catapult;

namespace {

QString screenshotDir() {
    const QString dir = qEnvironmentVariable("CATAPULT_SCREENSHOT_DIR", QStringLiteral(CATAPULT_BINARY_DIR "/screenshots"));
    QDir().mkpath(dir);
    return dir;
}

HardwareReport machine(int gpus, const char* name, const char* cc, qint64 memory) {
    QJsonArray list;
    for (int i = 0; i < gpus; ++i)
        list.append(QJsonObject{{"index", i}, {"name", name}, {"uuid", QStringLiteral("GPU-%1").arg(i)}, {"total_bytes", memory},
                                {"free_bytes", memory}, {"compute_capability", cc}});
    QJsonObject doc{{"hostname", "node0"}, {"os", QJsonObject{{"name", "Debian"}, {"kernel", "6"}, {"arch", "x86_64"}}},
                    {"cpu", QJsonObject{{"model", "CPU"}, {"sockets", 2}, {"cores", 64}, {"threads", 128}, {"numa_nodes", 2}}},
                    {"memory", QJsonObject{{"total_bytes", 1024.0 * 1024 * 1024 * 1024}, {"available_bytes", 900.0 * 1024 * 1024 * 1024}}},
                    {"gpus", list}, {"disk", QJsonObject{{"path", "/tmp"}, {"free_bytes", 1e12}}}};
    auto r = HardwareReport::fromJson(QJsonDocument(doc).toJson());
    if (!r.ok()) qFatal("bad test machine");
    return r.value();
}

template <typename T>
T* child(QWidget* w, const char* name) {
    T* c = w->findChild<T*>(QString::fromLatin1(name));
    if (!c) qFatal("no widget %s", name);
    return c;
}

void pick(QComboBox* combo, const QVariant& data) { combo->setCurrentIndex(combo->findData(data)); }

// QSettings of the tests in a directory of their own (not the user's), from the first call on.
void isolateSettings() {
    static QTemporaryDir dir;
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
}

// The desktop app's run history, runs, worker and settings for one test, inside `home`: each
// test starts with the app's defaults (no form or window remembered from another test).
void useTestHome(const QTemporaryDir& home) {
    isolateSettings();
    QSettings().clear();
    qputenv("CATAPULT_STORE", (home.path() + "/runs.sqlite").toUtf8());
    qputenv("CATAPULT_RUNS_DIR", (home.path() + "/runs").toUtf8());
    qputenv("HF_HOME", (home.path() + "/hf").toUtf8());
    qputenv("CATAPULT_WORKER", CATAPULT_WORKER_PATH);
}

// A 2-layer recipe of the given size in the job form.
void smallRecipe(JobPanel* panel, int width, int seqLen, int batch, int steps) {
    child<QSpinBox>(panel, "layers")->setValue(2);
    child<QSpinBox>(panel, "width")->setValue(width);
    child<QSpinBox>(panel, "seqLen")->setValue(seqLen);
    child<QSpinBox>(panel, "batchSize")->setValue(batch);
    child<QSpinBox>(panel, "steps")->setValue(steps);
}



// A run of `steps` step lines (loss falling from 5.5, time 0.5 s a step) and, every
// `memoryEvery` steps, a memory line for `ranks` ranks, through the metrics protocol's parser.
RunSeries syntheticRun(int steps, int ranks = 2, int memoryEvery = 10, double lossOffset = 0) {
    RunSeries s;
    for (int i = 1; i <= steps; ++i) {
        appendMetrics(s, QJsonObject{{"type", "step"}, {"step", i}, {"loss", lossOffset + 2 + 3.5 * std::exp(-i / 20.0) + 0.1 * (i % 3)},
                                     {"lr", 1e-3 * i / steps}, {"tokens_per_s", 1000.0 + i}, {"grad_norm", 1.0 / i}, {"time", 0.5 * i}});
        if (i % memoryEvery != 0) continue;
        QJsonArray list;
        for (int r = 0; r < ranks; ++r)
            list.append(QJsonObject{{"rank", r}, {"rss_bytes", double((100 + i + 10 * r) << 20)}, {"peak_rss_bytes", double((200 + i) << 20)}});
        appendMetrics(s, QJsonObject{{"type", "memory"}, {"step", i}, {"time", 0.5 * i + 0.01}, {"ranks", list}});
    }
    return s;
}

QVector<double> losses(const RunSeries& s) {
    QVector<double> v;
    for (const StepPoint& p : s.steps) v << p.loss;
    return v;
}

DashboardChart* chartOf(DashboardWidget* dashboard, ChartKind kind) {
    auto* chart = dashboard->findChild<DashboardChart*>(QStringLiteral("plot%1").arg(int(kind)));
    if (!chart) qFatal("no chart %d", int(kind));
    return chart;
}

// The mouse over the middle of a chart's plot area.
void hoverMiddle(DashboardChart* chart) {
    chart->replot(QCustomPlot::rpImmediateRefresh);
    const QPointF at = chart->axisRect()->rect().center();
    QMouseEvent move(QEvent::MouseMove, at, chart->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(chart, &move);
}

// The metrics lines of one type in a run directory's metrics.jsonl, in order.
QVector<QJsonObject> metricsLines(const QString& runDir, const QString& type) {
    QVector<QJsonObject> lines;
    QFile f(runDir + "/metrics.jsonl");
    if (!f.open(QIODevice::ReadOnly)) return lines;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (o.value("type").toString() == type) lines << o;
    }
    return lines;
}

// The dashboard shows every step and memory line of the run in `runDir` under `label`, the last
// points equal to the last lines; by wall time the memory samples sit at their own times.
void checkDashboardShowsRun(DashboardWidget* dashboard, const QString& label, const QString& runDir) {
    const QVector<QJsonObject> steps = metricsLines(runDir, "step");
    const QVector<QJsonObject> memory = metricsLines(runDir, "memory");
    QVERIFY(steps.size() >= 2 && memory.size() >= 2);
    const QJsonObject lastStep = steps.back(), lastMemory = memory.back();
    const auto raw = dashboard->seriesPoints(ChartKind::Loss, label + " raw");
    QCOMPARE(raw.size(), steps.size());
    QCOMPARE(dashboard->seriesPoints(ChartKind::Loss, label + " smoothed").size(), steps.size());
    QCOMPARE(raw.back(), QPointF(lastStep["step"].toDouble(), lastStep["loss"].toDouble()));
    QCOMPARE(dashboard->seriesPoints(ChartKind::LearningRate, label).back().y(), lastStep["lr"].toDouble());
    QCOMPARE(dashboard->seriesPoints(ChartKind::Throughput, label).back().y(), lastStep["tokens_per_s"].toDouble());
    QCOMPARE(dashboard->seriesPoints(ChartKind::GradNorm, label).back().y(), lastStep["grad_norm"].toDouble());
    const QJsonArray ranks = lastMemory["ranks"].toArray();
    QCOMPARE(ranks.size(), 2);
    for (int r = 0; r < ranks.size(); ++r) {
        const auto rss = dashboard->seriesPoints(ChartKind::Memory, QStringLiteral("rank %1 RSS").arg(r));
        QCOMPARE(rss.size(), memory.size());
        QCOMPARE(rss.back(), QPointF(lastMemory["step"].toDouble(), ranks[r].toObject()["rss_bytes"].toDouble() / 1048576.0));
    }
    QVERIFY2(lastMemory.contains("time"), "memory lines carry the time");
    auto* axis = child<QComboBox>(dashboard, "xAxis");
    axis->setCurrentIndex(1);
    QCOMPARE(dashboard->seriesPoints(ChartKind::Loss, label + " raw").back().x(), lastStep["time"].toDouble());
    const auto rssByTime = dashboard->seriesPoints(ChartKind::Memory, "rank 0 RSS");
    QCOMPARE(rssByTime.back().x(), lastMemory["time"].toDouble());
    QVERIFY(rssByTime.front().x() > 0 && rssByTime.back().x() > rssByTime.front().x());
    axis->setCurrentIndex(0);
}

// Shows the window, fills its job form with a 2-layer recipe and presses Start.
void startRecipe(MainWindow& window, int width, int seqLen, int batch, int steps) {
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) qFatal("the main window was not shown");
    smallRecipe(window.jobPanel(), width, seqLen, batch, steps);
    QTest::mouseClick(child<QPushButton>(window.jobPanel(), "start"), Qt::LeftButton);
}

}  // namespace

class UiTests : public QObject {
    Q_OBJECT
private slots:
    void wizardSetups_data() {
        QTest::addColumn<int>("setup");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("cpu only") << 0 << QStringList{"distributed_type: 'NO'", "num_processes: 1", "use_cpu: true", "mixed_precision: 'no'"};
        QTest::newRow("one gpu bf16") << 1 << QStringList{"distributed_type: 'NO'", "gpu_ids: 'all'", "mixed_precision: bf16", "use_cpu: false"};
        QTest::newRow("8 gpus fsdp offload") << 2 << QStringList{"distributed_type: FSDP", "num_processes: 8", "fsdp_config:",
                                                                  "  fsdp_offload_params: true", "  fsdp_version: 2",
                                                                  "  fsdp_reshard_after_forward: true", "  fsdp_activation_checkpointing: true"};
        QTest::newRow("2x8 zero3") << 3 << QStringList{"distributed_type: DEEPSPEED", "num_processes: 16", "num_machines: 2",
                                                        "main_process_ip: 10.0.0.1", "  zero_stage: 3", "  offload_optimizer_device: cpu",
                                                        "  deepspeed_multinode_launcher: standard", "  gradient_accumulation_steps: 4"};
        QTest::newRow("fp8 hopper") << 4 << QStringList{"mixed_precision: fp8", "fp8_config:", "  backend: TE", "  fp8_format: HYBRID",
                                                        "  amax_history_len: 16", "  amax_compute_algo: max", "distributed_type: MULTI_GPU"};
        QTest::newRow("multi cpu") << 5 << QStringList{"distributed_type: MULTI_CPU", "num_processes: 4", "use_cpu: true"};
    }

    void wizardSetups() {
        QFETCH(int, setup);
        QFETCH(QStringList, expected);
        const HardwareReport hw = setup == 0 || setup == 5 ? machine(0, "", "", 0)
                                  : setup == 1              ? machine(1, "NVIDIA A100-SXM4-80GB", "8.0", 80LL << 30)
                                                            : machine(8, "NVIDIA H100 80GB HBM3", "9.0", 80LL << 30);
        SetupWizard wizard(&hw);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QCOMPARE(wizard.currentId(), int(SetupWizard::HardwarePageId));
        wizard.next();  // Machines
        if (setup == 0 || setup == 1) child<QSpinBox>(&wizard, "processesPerMachine")->setValue(1);
        if (setup == 3) {
            child<QRadioButton>(&wizard, "severalMachines")->setChecked(true);
            child<QSpinBox>(&wizard, "numMachines")->setValue(2);
            child<QLineEdit>(&wizard, "mainProcessIp")->setText("10.0.0.1");
        }
        if (setup == 5) child<QSpinBox>(&wizard, "processesPerMachine")->setValue(4);
        wizard.next();  // Distribution
        auto* strategy = child<QComboBox>(&wizard, "strategy");
        if (setup <= 1) pick(strategy, int(SetupChoices::Strategy::None));
        if (setup == 2) {
            pick(strategy, int(SetupChoices::Strategy::Fsdp));
            pick(child<QComboBox>(&wizard, "fsdpVersion"), 2);
        }
        if (setup == 3) pick(strategy, int(SetupChoices::Strategy::Zero3));
        if (setup == 4 || setup == 5) pick(strategy, int(SetupChoices::Strategy::DataParallel));
        wizard.next();  // Precision
        if (setup == 1) pick(child<QComboBox>(&wizard, "mixedPrecision"), "bf16");
        if (setup == 4) {
            pick(child<QComboBox>(&wizard, "mixedPrecision"), "fp8");
            child<QSpinBox>(&wizard, "fp8History")->setValue(16);
        }
        wizard.next();  // Memory
        if (setup == 2) {
            pick(child<QComboBox>(&wizard, "offloadParams"), "cpu");
            child<QCheckBox>(&wizard, "activationCheckpointing")->setChecked(true);
        }
        if (setup == 3) {
            pick(child<QComboBox>(&wizard, "offloadOptimizer"), "cpu");
            child<QSpinBox>(&wizard, "gradientAccumulation")->setValue(4);
            pick(child<QComboBox>(&wizard, "modelSize"), 4);  // 7B shape
        }
        QVERIFY(!child<QLabel>(&wizard, "memoryVerdict")->text().isEmpty());
        wizard.next();  // Review
        QCOMPARE(wizard.currentId(), int(SetupWizard::ReviewPageId));
        auto* review = qobject_cast<ReviewPage*>(wizard.currentPage());
        const QString yaml = review->yamlText();
        for (const QString& line : expected) QVERIFY2(yaml.contains(line + "\n"), qPrintable(line + "\nin:\n" + yaml));
        QCOMPARE(review->issues()->errorCount(), 0);
        if (setup == 3) wizard.grab().save(screenshotDir() + "/wizard-review.png");
        if (setup == 2) {
            wizard.back();
            wizard.grab().save(screenshotDir() + "/wizard-memory.png");
        }
    }

    void smoothingMatchesHandComputedValues() {
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

    void dashboardSaysNoRunInsteadOfEmptyAxes() {
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

    void dashboardSmoothsLossAsTensorBoard() {
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

    void dashboardMemoryByWallTime() {
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

    void dashboardStepAxisHasWholeNumberTicks() {
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

    void dashboardHoverReadoutClearsOnLeaveAndNewRuns() {
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

    void dashboardLegendsStayOutOfThePlotArea() {
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

    void dashboardComparesMemoryOfEveryRun() {
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

    void dashboardExportsChartsOnlyAndEverySeries() {
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

    void dashboardLogScaleAndChartMenu() {
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

    void dashboardDuringRealRunAndHistory() {
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        JobPanel* panel = window.jobPanel();
        QSignalSpy finished(window.controller(), &JobController::finished);
        startRecipe(window, 64, 64, 8, 200);
        QVERIFY2(window.controller()->isRunning(), qPrintable(child<QLabel>(panel, "jobStatus")->text()));
        window.tabs()->setCurrentWidget(window.dashboard());
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->recorder()->series().steps.size() >= 80, 120000);
        DashboardWidget* dashboard = window.dashboard();
        QTRY_VERIFY(dashboard->seriesPoints(ChartKind::Loss, "current run raw").size() >= 80);  // followed live
        QVERIFY(dashboard->seriesPoints(ChartKind::Memory, "rank 1 RSS").size() >= 8);
        window.grab().save(screenshotDir() + "/dashboard-live.png");
        QVERIFY(finished.wait(180000));
        const JobOutcome outcome = finished.takeFirst().at(0).value<JobOutcome>();
        QVERIFY(outcome.success);
        const auto& steps = window.controller()->recorder()->series().steps;
        QCOMPARE(steps.back().step, 200);
        QVERIFY(steps.back().loss < steps.front().loss);
        const QString runDir = window.controller()->recorder()->run().runDir;
        QTRY_COMPARE(dashboard->seriesPoints(ChartKind::Loss, "current run raw").size(), steps.size());
        checkDashboardShowsRun(dashboard, "current run", runDir);
        if (QTest::currentTestFailed()) return;
        window.tabs()->setCurrentWidget(window.history());
        window.history()->refresh();
        QCOMPARE(window.history()->model()->rowCount(), 1);
        QCOMPARE(window.history()->model()->runAt(0)->status, QStringLiteral("finished"));
        window.history()->view()->selectRow(0);
        window.grab().save(screenshotDir() + "/history.png");
        const qint64 id = window.history()->model()->runAt(0)->id;
        window.showRuns({id});
        QCOMPARE(window.tabs()->currentWidget(), window.dashboard());
        QVERIFY(dashboard->seriesPoints(ChartKind::Loss, "current run raw").isEmpty());
        checkDashboardShowsRun(dashboard, QStringLiteral("run %1").arg(id), runDir);
        if (QTest::currentTestFailed()) return;
        window.grab().save(screenshotDir() + "/dashboard-recorded.png");
    }

    void laptopPreparesAClusterConfig() {
        // On a machine without GPUs, a config for 2 machines x 8 H100 with ZeRO-3 in bf16: the
        // target is described, so the pages offer GPUs, memory is checked against 80 GiB GPUs
        // and the config never says use_cpu: true.
        const HardwareReport laptop = machine(0, "", "", 0);
        SetupWizard wizard(&laptop);
        wizard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wizard));
        QVERIFY(child<QRadioButton>(&wizard, "targetThisMachine")->isChecked());
        child<QRadioButton>(&wizard, "targetDescribed")->setChecked(true);
        pick(child<QComboBox>(&wizard, "gpuModel"), "NVIDIA H100 80GB HBM3");
        child<QSpinBox>(&wizard, "gpusPerMachine")->setValue(8);
        QVERIFY2(child<QPlainTextEdit>(&wizard, "hardwareText")->toPlainText().contains("GPU 7: NVIDIA H100 80GB HBM3"),
                 qPrintable(child<QPlainTextEdit>(&wizard, "hardwareText")->toPlainText()));
        wizard.grab().save(screenshotDir() + "/wizard-target.png");
        wizard.next();  // Machines
        QCOMPARE(child<QSpinBox>(&wizard, "processesPerMachine")->value(), 8);
        child<QRadioButton>(&wizard, "severalMachines")->setChecked(true);
        child<QSpinBox>(&wizard, "numMachines")->setValue(2);
        child<QLineEdit>(&wizard, "mainProcessIp")->setText("10.0.0.1");
        wizard.next();  // Distribution
        QVERIFY(child<QCheckBox>(&wizard, "useCpu")->isEnabled());
        QVERIFY(!child<QCheckBox>(&wizard, "useCpu")->isChecked());
        pick(child<QComboBox>(&wizard, "strategy"), int(SetupChoices::Strategy::Zero3));
        wizard.next();  // Precision
        pick(child<QComboBox>(&wizard, "mixedPrecision"), "bf16");
        wizard.next();  // Memory
        child<QComboBox>(&wizard, "modelSize")->setCurrentIndex(4);  // 7B shape
        const QString verdict = child<QLabel>(&wizard, "memoryVerdict")->text();
        QVERIFY2(verdict.contains("80.00 GiB"), qPrintable(verdict));
        wizard.next();  // Review
        auto* review = qobject_cast<ReviewPage*>(wizard.currentPage());
        const QString yaml = review->yamlText();
        QVERIFY2(yaml.contains("use_cpu: false\n") && !yaml.contains("use_cpu: true"), qPrintable(yaml));
        QVERIFY(yaml.contains("num_processes: 16\n"));
        QVERIFY(yaml.contains("  zero_stage: 3\n"));
        QCOMPARE(review->issues()->errorCount(), 0);
        // Back to this machine: its own hardware is the target again.
        wizard.restart();
        child<QRadioButton>(&wizard, "targetThisMachine")->setChecked(true);
        QVERIFY(wizard.choices().useCpu);
    }

    void wizardLaunchesWhatItShows() {
        // Launch runs the settings on the Review page: never an older saved file, and never by
        // writing Accelerate's default config behind the user's back.
        QTemporaryDir home;
        useTestHome(home);
        qputenv("XDG_DATA_HOME", (home.path() + "/data").toUtf8());
        const HardwareReport hw = machine(0, "", "", 0);
        const QString defaultPath = QString::fromStdString(defaultConfigPath());
        const auto read = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        const auto launch = [](SetupWizard& wizard) {
            QSignalSpy launched(&wizard, &SetupWizard::launchRequested);
            child<QPushButton>(&wizard, "launch")->click();
            return launched.isEmpty() ? QString() : launched.first().first().toString();
        };
        const auto toReview = [](SetupWizard& wizard) {
            wizard.show();
            for (int page = 0; page < 8 && wizard.currentId() != int(SetupWizard::ReviewPageId); ++page) wizard.next();
            QCOMPARE(wizard.currentId(), int(SetupWizard::ReviewPageId));
        };
        {
            SetupWizard wizard(&hw);
            toReview(wizard);
            const QString path = launch(wizard);
            QVERIFY2(path.startsWith(home.path() + "/data/catapult/configs/wizard-"), qPrintable(path));
            QVERIFY(!QFileInfo::exists(defaultPath));
        }
        SetupWizard wizard(&hw);
        toReview(wizard);
        child<QPushButton>(&wizard, "saveDefault")->click();
        const QString saved = read(defaultPath);
        QVERIFY(saved.contains("mixed_precision: 'no'"));
        wizard.back();  // Memory
        wizard.back();  // Precision
        pick(child<QComboBox>(&wizard, "mixedPrecision"), "bf16");
        toReview(wizard);
        const QString edited = launch(wizard);
        QVERIFY(edited != defaultPath);
        QVERIFY2(read(edited).contains("mixed_precision: bf16\n"), qPrintable(read(edited)));
        QCOMPARE(read(defaultPath), saved);  // the saved file is left as it was
        SetupWizard again(&hw);
        toReview(again);
        child<QPushButton>(&again, "saveDefault")->click();
        QCOMPARE(launch(again), defaultPath);  // saved and unchanged: that file runs
    }

    void relaunchKeepsEveryFlag() {
        // A recorded command line goes back into the form and out again with nothing lost,
        // including flags the form has no field for, both spellings and values with spaces.
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        JobPanel* panel = window.jobPanel();
        const QStringList recorded{"--mixed_precision", "bf16", "--gpu_ids=0,1", "--use_deepspeed", "--zero-stage", "2",
                                   "--num_processes", "3", "--cpu", "--env", "NOTE=two words", "--resume", "7", "--",
                                   "catapult-worker", "train", "--steps", "7", "--seed", "5", "--on_nan", "skip",
                                   "--checkpoint_every", "2", "--keep_last", "5"};
        const QString stored = launchCommandLine(recorded);
        panel->setLaunchArguments(QProcess::splitCommand(stored));  // as History's Relaunch does
        QCOMPARE(child<QSpinBox>(panel, "processes")->value(), 3);
        QCOMPARE(child<QSpinBox>(panel, "steps")->value(), 7);
        QCOMPARE(child<QSpinBox>(panel, "checkpointEvery")->value(), 2);
        auto parsed = parseLaunchArguments(panel->launchArguments());
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.status().message().c_str());
        const LaunchArguments& a = parsed.value();
        QCOMPARE(*a.mixedPrecision, QString("bf16"));
        QCOMPARE(*a.gpuIds, QString("0,1"));
        QVERIFY(a.sharding.useDeepSpeed);
        QCOMPARE(a.sharding.values.value("zero_stage"), QString("2"));
        QCOMPARE(*a.numProcesses, 3);
        QVERIFY(a.cpu);
        QCOMPARE(a.environment.value("NOTE"), QString("two words"));
        QVERIFY(!a.resume);  // a relaunch starts afresh
        const QString program = a.program.join(' ');
        for (const char* part : {"--seed 5", "--on_nan skip", "--steps 7", "--checkpoint_every 2", "--keep_last 5"})
            QVERIFY2(program.contains(QLatin1String(part)), qPrintable(program));
        QVERIFY(!program.contains("--keep_last 3"));
        QCOMPARE(QProcess::splitCommand(joinCommandLine({"a b", "it\"s", "x"})), QStringList({"a b", "it\"s", "x"}));
    }

    void windowAndFormAreRemembered() {
        isolateSettings();
        QTemporaryDir home;
        useTestHome(home);
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(1100, 720);
            child<QSpinBox>(window.jobPanel(), "steps")->setValue(77);
            child<QLineEdit>(window.jobPanel(), "extraFlags")->setText("--mixed_precision bf16");
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(1100, 720));
        QCOMPARE(child<QSpinBox>(again.jobPanel(), "steps")->value(), 77);
        QCOMPARE(child<QLineEdit>(again.jobPanel(), "extraFlags")->text(), QString("--mixed_precision bf16"));
        QVERIFY(again.minimumWidth() >= 900 && again.minimumHeight() >= 600);
        // At the smallest size every field of the job form shows its whole value.
        again.resize(again.minimumSize());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        again.grab().save(screenshotDir() + "/job-minimum-size.png");
        for (const char* name : {"steps", "batchSize", "checkpointEvery", "layers", "width"}) {
            auto* box = child<QAbstractSpinBox>(again.jobPanel(), name);
            QVERIFY2(box->width() >= box->minimumSizeHint().width(), qPrintable(QStringLiteral("%1 %2 < %3").arg(name).arg(box->width()).arg(box->minimumSizeHint().width())));
        }
        auto* lr = child<QAbstractSpinBox>(again.jobPanel(), "lr");
        QVERIFY2(lr->width() >= lr->sizeHint().width(), qPrintable(QStringLiteral("lr %1 < %2").arg(lr->width()).arg(lr->sizeHint().width())));
        again.grab().save(screenshotDir() + "/job-minimum-size.png");
        again.close();
    }

    void jobTabShowsLogAndProgress() {
        // While a job runs the Job tab shows its progress and a live log, as the command line does.
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        JobPanel* panel = window.jobPanel();
        QSignalSpy finished(window.controller(), &JobController::finished);
        startRecipe(window, 32, 32, 4, 60);
        auto* bar = child<QProgressBar>(panel, "jobProgress");
        auto* text = child<QLabel>(panel, "jobProgressText");
        const QAbstractItemModel* log = child<QTableView>(panel, "logView")->model();
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 60000);
        QCOMPARE(bar->maximum(), 60);  // from the started line's steps
        QVERIFY2(text->text().contains(QStringLiteral("/60 | loss ")), qPrintable(text->text()));
        QVERIFY2(text->text().contains("ETA"), qPrintable(text->text()));
        QStringList lines;
        for (int r = 0; r < log->rowCount(); ++r) lines << log->index(r, log->columnCount() - 1).data().toString();
        QVERIFY2(lines.filter("Config file:").size() == 1, qPrintable(lines.join('\n')));
        QVERIFY2(lines.filter("Command: ").size() == 1, qPrintable(lines.join('\n')));
        window.grab().save(screenshotDir() + "/job-running.png");
        QVERIFY(finished.wait(120000));
        QCOMPARE(bar->value(), 60);
        QVERIFY(text->text().startsWith("step 60/60"));
        const QString last = log->index(log->rowCount() - 1, log->columnCount() - 1).data().toString();
        QCOMPARE(last, QString("Finished successfully (exit code 0)."));
    }

    void stopThenResumeFromHistory() {
        // Stop saves a checkpoint; Resume in the history continues that run from the next step.
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        JobPanel* panel = window.jobPanel();
        QSignalSpy finished(window.controller(), &JobController::finished);
        startRecipe(window, 32, 32, 4, 100000);
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->recorder()->series().steps.size() >= 20, 60000);
        QTest::mouseClick(child<QPushButton>(panel, "stop"), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.takeFirst().at(0).value<JobOutcome>().cancelled);
        const qint64 stoppedAt = window.controller()->recorder()->series().steps.back().step;

        window.tabs()->setCurrentWidget(window.history());
        window.history()->refresh();
        QCOMPARE(window.history()->model()->rowCount(), 1);
        window.history()->view()->selectRow(0);
        window.grab().save(screenshotDir() + "/history-resume.png");
        QTest::mouseClick(child<QPushButton>(window.history(), "resumeRun"), Qt::LeftButton);
        QVERIFY2(window.controller()->isRunning(), qPrintable(child<QLabel>(panel, "jobStatus")->text()));
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->recorder()->series().steps.size() >= 5, 60000);
        QCOMPARE(window.controller()->recorder()->series().steps.front().step, stoppedAt + 1);
        // The Job tab's log says where the run continues from.
        const QAbstractItemModel* log = child<QTableView>(panel, "logView")->model();
        QStringList lines;
        for (int r = 0; r < log->rowCount(); ++r) lines << log->index(r, log->columnCount() - 1).data().toString();
        QVERIFY2(!lines.filter(QStringLiteral("training continues with step %1").arg(stoppedAt + 1)).isEmpty(),
                 qPrintable(lines.join('\n')));
        QTest::mouseClick(child<QPushButton>(panel, "stop"), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        window.history()->refresh();
        QCOMPARE(window.history()->model()->rowCount(), 2);
        // History links the resumed run to the run it continues (newest first).
        const RunListModel* runs = window.history()->model();
        QCOMPARE(runs->runAt(0)->resumedFrom, runs->runAt(1)->id);
        QCOMPARE(runs->index(0, RunListModel::ResumedFromColumn).data().toString(), QStringLiteral("run %1").arg(runs->runAt(1)->id));
        QVERIFY(runs->index(1, RunListModel::ResumedFromColumn).data().toString().isEmpty());
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    qRegisterMetaType<catapult::JobOutcome>("catapult::JobOutcome");
    isolateSettings();  // never the user's settings
    UiTests tests;
    return QTest::qExec(&tests, argc, argv);
}

#include "UiTests.moc"
