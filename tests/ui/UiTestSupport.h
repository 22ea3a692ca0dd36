#pragma once
// What the desktop app's test suites share: test machines, a test home for the run store and
// settings, the job form's recipe, synthetic runs and the dashboard's charts.

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
#include <QMessageBox>
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
#include <QToolButton>
#include <QtTest>

#include "AppResources.h"
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

namespace catapult::uitest {

inline QString screenshotDir() {
    const QString dir = qEnvironmentVariable("CATAPULT_SCREENSHOT_DIR", QStringLiteral(CATAPULT_BINARY_DIR "/screenshots"));
    QDir().mkpath(dir);
    return dir;
}

inline HardwareReport machine(int gpus, const char* name, const char* cc, qint64 memory) {
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
inline T* child(QWidget* w, const char* name) {
    T* c = w->findChild<T*>(QString::fromLatin1(name));
    if (!c) qFatal("no widget %s", name);
    return c;
}

inline void pick(QComboBox* combo, const QVariant& data) { combo->setCurrentIndex(combo->findData(data)); }

// QSettings of the tests in a directory of their own (not the user's), from the first call on.
inline void isolateSettings() {
    static QTemporaryDir dir;
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
}

// The desktop app's run history, runs, worker and settings for one test, inside `home`: each
// test starts with the app's defaults (no form or window remembered from another test).
inline void useTestHome(const QTemporaryDir& home) {
    isolateSettings();
    QSettings().clear();
    qputenv("CATAPULT_STORE", (home.path() + "/runs.sqlite").toUtf8());
    qputenv("CATAPULT_RUNS_DIR", (home.path() + "/runs").toUtf8());
    qputenv("HF_HOME", (home.path() + "/hf").toUtf8());
    qputenv("CATAPULT_WORKER", CATAPULT_WORKER_PATH);
}

// A 2-layer recipe of the given size in the job form.
inline void smallRecipe(JobPanel* panel, int width, int seqLen, int batch, int steps) {
    child<QSpinBox>(panel, "layers")->setValue(2);
    child<QSpinBox>(panel, "width")->setValue(width);
    child<QSpinBox>(panel, "seqLen")->setValue(seqLen);
    child<QSpinBox>(panel, "batchSize")->setValue(batch);
    child<QSpinBox>(panel, "steps")->setValue(steps);
}



// A run of `steps` step lines (loss falling from 5.5, time 0.5 s a step) and, every
// `memoryEvery` steps, a memory line for `ranks` ranks, through the metrics protocol's parser.
inline RunSeries syntheticRun(int steps, int ranks = 2, int memoryEvery = 10, double lossOffset = 0) {
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

inline QVector<double> losses(const RunSeries& s) {
    QVector<double> v;
    for (const StepPoint& p : s.steps) v << p.loss;
    return v;
}

inline DashboardChart* chartOf(DashboardWidget* dashboard, ChartKind kind) {
    auto* chart = dashboard->findChild<DashboardChart*>(QStringLiteral("plot%1").arg(int(kind)));
    if (!chart) qFatal("no chart %d", int(kind));
    return chart;
}

// The mouse over the middle of a chart's plot area.
inline void hoverMiddle(DashboardChart* chart) {
    chart->replot(QCustomPlot::rpImmediateRefresh);
    const QPointF at = chart->axisRect()->rect().center();
    QMouseEvent move(QEvent::MouseMove, at, chart->mapToGlobal(at), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(chart, &move);
}

// The metrics lines of one type in a run directory's metrics.jsonl, in order.
inline QVector<QJsonObject> metricsLines(const QString& runDir, const QString& type) {
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
inline void checkDashboardShowsRun(DashboardWidget* dashboard, const QString& label, const QString& runDir) {
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
inline void startRecipe(MainWindow& window, int width, int seqLen, int batch, int steps) {
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) qFatal("the main window was not shown");
    smallRecipe(window.jobPanel(), width, seqLen, batch, steps);
    QTest::mouseClick(child<QPushButton>(window.jobPanel(), "start"), Qt::LeftButton);
}

}  // namespace catapult::uitest
