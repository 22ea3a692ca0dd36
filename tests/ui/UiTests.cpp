// The desktop app driven as a person would (offscreen): the setup wizard for six setups
// produces the expected YAML; a real 2-rank run shows on the dashboard and lands in the
// history. Screenshots go to $CATAPULT_SCREENSHOT_DIR (default: the build's screenshots/).

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "DashboardWidget.h"
#include "HistoryWidget.h"
#include "IssueListModel.h"
#include "JobController.h"
#include "JobPanel.h"
#include "MainWindow.h"
#include "ReviewPage.h"
#include "RunListModel.h"
#include "SetupWizard.h"

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

// The desktop app's run history, runs and worker for one test, inside `home`.
void useTestHome(const QTemporaryDir& home) {
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

    void dashboardDuringRealRunAndHistory() {
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JobPanel* panel = window.jobPanel();
        smallRecipe(panel, 64, 64, 8, 200);
        QSignalSpy finished(window.controller(), &JobController::finished);
        QTest::mouseClick(child<QPushButton>(panel, "start"), Qt::LeftButton);
        QVERIFY2(window.controller()->isRunning(), qPrintable(child<QLabel>(panel, "jobStatus")->text()));
        window.tabs()->setCurrentWidget(window.dashboard());
        QTRY_VERIFY_WITH_TIMEOUT(window.controller()->recorder()->series().steps.size() >= 80, 120000);
        QTest::qWait(400);  // one coalesced replot
        window.grab().save(screenshotDir() + "/dashboard-live.png");
        QVERIFY(finished.wait(180000));
        const JobOutcome outcome = finished.takeFirst().at(0).value<JobOutcome>();
        QVERIFY(outcome.success);
        const auto& steps = window.controller()->recorder()->series().steps;
        QCOMPARE(steps.back().step, 200);
        QVERIFY(steps.back().loss < steps.front().loss);
        window.tabs()->setCurrentWidget(window.history());
        window.history()->refresh();
        QCOMPARE(window.history()->model()->rowCount(), 1);
        QCOMPARE(window.history()->model()->runAt(0)->status, QStringLiteral("finished"));
        window.history()->view()->selectRow(0);
        window.grab().save(screenshotDir() + "/history.png");
        window.showRuns({window.history()->model()->runAt(0)->id});
        QCOMPARE(window.tabs()->currentWidget(), window.dashboard());
        window.grab().save(screenshotDir() + "/dashboard-recorded.png");
    }

    void stopThenResumeFromHistory() {
        // Stop saves a checkpoint; Resume in the history continues that run from the next step.
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JobPanel* panel = window.jobPanel();
        smallRecipe(panel, 32, 32, 4, 100000);
        QSignalSpy finished(window.controller(), &JobController::finished);
        QTest::mouseClick(child<QPushButton>(panel, "start"), Qt::LeftButton);
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
        QTest::mouseClick(child<QPushButton>(panel, "stop"), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        window.history()->refresh();
        QCOMPARE(window.history()->model()->rowCount(), 2);
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    qRegisterMetaType<catapult::JobOutcome>("catapult::JobOutcome");
    UiTests tests;
    return QTest::qExec(&tests, argc, argv);
}

#include "UiTests.moc"
