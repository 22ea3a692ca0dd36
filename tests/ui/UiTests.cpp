// The desktop app driven as a person would (offscreen): the setup wizard for six setups
// produces the expected YAML; a real 2-rank run shows on the dashboard and lands in the
// history. Screenshots go to $CATAPULT_SCREENSHOT_DIR (default: the build's screenshots/).


#include "DashboardTests.h"
#include "FineTuneTests.h"
#include "UiTestSupport.h"

using namespace catapult;
using namespace catapult::uitest;

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
            pick(child<QComboBox>(&wizard, "offloadParams"), int(OffloadDevice::Cpu));
            child<QCheckBox>(&wizard, "activationCheckpointing")->setChecked(true);
        }
        if (setup == 3) {
            pick(child<QComboBox>(&wizard, "offloadOptimizer"), int(OffloadDevice::Cpu));
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
            // Every part name shows whole (no "Optimizer state and master ...").
            auto* table = child<QTableView>(&wizard, "memoryTable");
            for (int r = 0; r < table->model()->rowCount(); ++r) {
                const QString part = table->model()->index(r, 0).data().toString();
                QVERIFY2(table->columnWidth(0) >= table->fontMetrics().horizontalAdvance(part), qPrintable(part));
            }
        }
    }

    void dashboardDuringRealRunAndHistory() {
        QTemporaryDir home;
        useTestHome(home);
        MainWindow window;
        JobPanel* panel = window.jobPanel();
        QSignalSpy finished(window.controller(), &JobController::finished);
        startRecipe(window, 64, 64, 8, 200);
        QVERIFY2(window.controller()->isRunning(), qPrintable(child<QLabel>(panel, "jobStatus")->text()));
        window.tabs()->setCurrentWidget(window.dashboardPage());
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
        QVERIFY(window.tabs()->currentWidget()->isAncestorOf(window.dashboard()));
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

    void desktopLaunchEqualsCommandLine() {
        // The Job form and the command line a person types for the same job give the same
        // ranks, each with the same argv and environment.
        QTemporaryDir home;
        useTestHome(home);
        JobController controller(nullptr);
        JobPanel panel(&controller);
        smallRecipe(&panel, 32, 16, 4, 7);
        child<QSpinBox>(&panel, "processes")->setValue(2);
        child<QLineEdit>(&panel, "extraFlags")
            ->setText("--mixed-precision=bf16 --main_process_port 29611 --gradient_accumulation_steps 2 "
                      "--use_deepspeed --zero_stage 2 --env A=1");
        const auto gui = panel.launchRequest();
        QVERIFY2(gui.ok(), gui.status().message().c_str());
        const QStringList form = panel.launchArguments();
        const QStringList typed = QStringList{"--num-processes=2", "--cpu", "--mixed_precision", "bf16",
                                              "--main_process_port=29611", "--gradient-accumulation-steps", "2",
                                              "--use_deepspeed", "--zero-stage=2", "--env", "A=1"} +
                                  form.mid(form.indexOf("--"));
        const auto cli = parseLaunchArguments(typed);
        QVERIFY2(cli.ok(), cli.status().message().c_str());
        const auto fromGui = LaunchSession::settingsFor(gui.value().arguments, nullptr);
        const auto fromCli = LaunchSession::settingsFor(cli.value(), nullptr);
        QVERIFY(fromGui.ok() && fromCli.ok());
        const LaunchPlan a = buildLaunchPlan(fromGui.value(), QProcessEnvironment::systemEnvironment());
        const LaunchPlan b = buildLaunchPlan(fromCli.value(), QProcessEnvironment::systemEnvironment());
        QCOMPARE(a.ranks.size(), std::size_t(2));
        QCOMPARE(b.ranks.size(), a.ranks.size());
        for (std::size_t r = 0; r < a.ranks.size(); ++r) {
            QCOMPARE(a.ranks[r].argv, b.ranks[r].argv);
            QCOMPARE(a.ranks[r].environment.toStringList(), b.ranks[r].environment.toStringList());
        }
        QCOMPARE(a.ranks[1].environment.value("ACCELERATE_MIXED_PRECISION"), QStringLiteral("bf16"));
        QCOMPARE(a.ranks[1].environment.value("ACCELERATE_DEEPSPEED_ZERO_STAGE"), QStringLiteral("2"));
        QCOMPARE(a.ranks[1].environment.value("ACCELERATE_GRADIENT_ACCUMULATION_STEPS"), QStringLiteral("2"));
        QCOMPARE(a.ranks[1].environment.value("A"), QStringLiteral("1"));
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
        QCOMPARE(*a.mixedPrecision, MixedPrecision::Bf16);
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

    void iconAboutAndTemplates() {
        // The window and the about box show the icon and the version; each template of the
        // Templates menu fills the form with a job that parses.
        QTemporaryDir home;
        useTestHome(home);
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));  // main() sets the build's
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.windowIcon().isNull());
        QCOMPARE(window.windowIcon().availableSizes().size(), 7);
        window.showAbout();
        auto* about = child<QMessageBox>(&window, "aboutBox");
        QVERIFY2(about->text().contains("Catapult 9.8.7"), qPrintable(about->text()));
        QCOMPARE(about->iconPixmap().width(), 64);
        QVERIFY(about->iconPixmap().toImage().pixelColor(32, 32).alpha() > 0);
        window.grab().save(screenshotDir() + "/main-window-icon.png");
        about->grab().save(screenshotDir() + "/about-box.png");
        about->close();
        auto* templates = child<QToolButton>(window.jobPanel(), "jobTemplates");
        const QList<QAction*> actions = templates->menu()->actions();
        QCOMPARE(actions.size(), jobTemplates().size());
        QVERIFY(actions.size() >= 4);
        for (QAction* a : actions) {
            a->trigger();
            QVERIFY2(child<QLabel>(window.jobPanel(), "jobStatus")->text().contains(a->text()), qPrintable(a->text()));
            auto parsed = parseLaunchArguments(window.jobPanel()->launchArguments());
            QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.status().message().c_str());
        }
        actions.first()->trigger();  // the built-in recipe on 2 CPU processes
        QCOMPARE(child<QSpinBox>(window.jobPanel(), "processes")->value(), 2);
        QVERIFY(parseLaunchArguments(window.jobPanel()->launchArguments()).value().cpu);
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
    // CATAPULT_TEST_SUITE=DashboardTests runs one suite (ctest has an entry per suite).
    const QByteArray only = qgetenv("CATAPULT_TEST_SUITE");
    UiTests tests;
    DashboardTests dashboard;
    FineTuneTests fineTune;
    int failed = 0;
    for (QObject* suite : std::initializer_list<QObject*>{&tests, &dashboard, &fineTune})
        if (only.isEmpty() || only == suite->metaObject()->className()) failed += QTest::qExec(suite, argc, argv);
    return failed;
}

#include "UiTests.moc"
