#include "MainWindow.h"

#include <QActionGroup>
#include <algorithm>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QSettings>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include "AppResources.h"
#include "ChatWidget.h"
#include "ConfigIssueText.h"
#include "DashboardWidget.h"
#include "HistoryWidget.h"
#include "HostsWidget.h"
#include "SshPrompts.h"
#include "JobController.h"
#include "JobPanel.h"
#include "RunLineage.h"
#include "RunCompareWidget.h"
#include "RunStore.h"
#include "SetupWizard.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigValidator.h"
#include "catapult/ConfigWriter.h"

namespace catapult {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowIcon(applicationIcon());
    setWindowTitle(tr("Catapult"));
    auto opened = RunStore::open(RunStore::defaultPath());
    QString storeProblem;
    if (opened.ok()) {
        m_store = std::move(opened.value());
        m_store->recoverInterrupted();
    } else {
        storeProblem = QString::fromStdString(opened.status().message());
    }
    m_controller = new JobController(m_store.get(), this);
    m_jobPanel = new JobPanel(m_controller, this);
    m_dashboard = new DashboardWidget(this);
    m_history = new HistoryWidget(m_store.get(), this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_jobPanel, tr("Job"));
    m_compare = new RunCompareWidget(this);
    m_compare->hide();
    m_dashboardPage = new QSplitter(Qt::Vertical, this);
    m_dashboardPage->setObjectName(QStringLiteral("dashboardPage"));
    auto* charts = new QScrollArea(this);  // the charts keep a readable size and scroll when the settings take room
    charts->setWidgetResizable(true);
    charts->setFrameShape(QFrame::NoFrame);
    charts->setWidget(m_dashboard);
    m_dashboardPage->addWidget(charts);
    m_dashboardPage->addWidget(m_compare);
    m_dashboardPage->setStretchFactor(0, 3);
    m_dashboardPage->setStretchFactor(1, 1);
    m_tabs->addTab(m_dashboardPage, tr("Dashboard"));
    m_tabs->addTab(m_history, tr("History"));
    m_hosts = new HostsWidget(m_store.get(), this);
    m_tabs->addTab(m_hosts, tr("Machines"));
    m_chat = new ChatWidget(m_store.get(), this);
    m_tabs->addTab(m_chat, tr("Chat"));
    m_controller->setSshOptions(interactiveSshOptions(this));
    setCentralWidget(m_tabs);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Setup &wizard..."), this, &MainWindow::openWizard);
    file->addAction(tr("&Import config..."), this, &MainWindow::importConfig);
    file->addAction(tr("&Export config..."), this, &MainWindow::exportConfig);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu* settings = menuBar()->addMenu(tr("&Settings"));
    QMenu* language = settings->addMenu(tr("&Language"));
    auto* group = new QActionGroup(this);
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    for (const auto& [code, name] : {std::pair{QString(), tr("System default")}, {QStringLiteral("en"), QStringLiteral("English")},
                                     {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}}) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] { chooseLanguage(code); });
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Catapult"), this, &MainWindow::showAbout);

    m_configLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_configLabel);
    if (!storeProblem.isEmpty()) statusBar()->showMessage(tr("Run history unavailable: %1").arg(storeProblem));
    updateConfigLabel();

    connect(m_controller, &JobController::started, this, [this] {
        m_dashboard->followLive(tr("current run"), &m_controller->recorder()->series());
        m_compare->hide();
    });
    connect(m_controller, &JobController::seriesChanged, m_dashboard, &DashboardWidget::scheduleReplot);
    connect(m_controller, &JobController::finished, this, [this] {
        m_dashboard->scheduleReplot();
        m_history->refresh();
        m_chat->refreshRuns();
    });
    connect(m_history, &HistoryWidget::openRuns, this, &MainWindow::showRuns);
    connect(m_history, &HistoryWidget::relaunch, this, [this](const QString& command) {
        m_jobPanel->setLaunchArguments(QProcess::splitCommand(command));
        m_tabs->setCurrentWidget(m_jobPanel);
        m_jobPanel->start();
    });
    connect(m_history, &HistoryWidget::resume, this, [this](qint64 runId, const QString& command) {
        m_jobPanel->setLaunchArguments(QProcess::splitCommand(command));
        m_jobPanel->setResume(QString::number(runId));
        m_tabs->setCurrentWidget(m_jobPanel);
        m_jobPanel->start();
    });
    setMinimumSize(960, 640);
    if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray())) resize(1280, 860);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_jobPanel->saveForm();
    QMainWindow::closeEvent(event);
}

MainWindow::~MainWindow() = default;

QWidget* MainWindow::dashboardPage() const { return m_dashboardPage; }

void MainWindow::openWizard() {
    SetupWizard wizard(nullptr, this);
    wizard.setMachinesTab(m_hosts);
    connect(&wizard, &SetupWizard::launchRequested, this, [this](const QString& path) {
        m_configFile = path;
        m_jobPanel->setConfigFile(path);
        updateConfigLabel();
        m_tabs->setCurrentWidget(m_jobPanel);
        QMetaObject::invokeMethod(m_jobPanel, &JobPanel::start, Qt::QueuedConnection);
    });
    wizard.exec();
    if (!wizard.savedPath().isEmpty()) {
        m_configFile = wizard.savedPath();
        m_jobPanel->setConfigFile(m_configFile);
        updateConfigLabel();
    }
}

void MainWindow::showRuns(const QVector<qint64>& runIds) {
    if (!m_store) return;
    QVector<DashboardWidget::Run> runs;
    QList<RunRecord> records;
    for (qint64 id : runIds) {
        const auto run = m_store->run(id);
        if (!run) continue;
        records << *run;
        // A resumed run is shown joined with the runs it continues.
        const QString label = run->resumedFrom > 0 ? tr("run %1 (resumed from run %2)").arg(id).arg(run->resumedFrom)
                                                   : tr("run %1").arg(id);
        runs.push_back({label, joinedSeries(*m_store, id)});
    }
    m_dashboard->setRuns(runs);
    std::sort(records.begin(), records.end(), [](const RunRecord& a, const RunRecord& b) { return a.id < b.id; });
    m_compare->setRuns(records);
    const bool comparing = records.size() > 1;
    if (comparing && !m_compare->isVisible()) {  // the charts over 2/3, the settings under them
        const int height = std::max(m_dashboardPage->height(), 600);
        m_dashboardPage->setSizes({height * 2 / 3, height / 3});
    }
    m_compare->setVisible(comparing);
    m_tabs->setCurrentWidget(m_dashboardPage);
}

void MainWindow::importConfig() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import config"), QString(), tr("Accelerate config (*.yaml *.yml *.json)"));
    if (path.isEmpty()) return;
    auto loaded = readConfigFile(path.toStdString());
    if (!loaded.ok()) {
        QMessageBox::warning(this, tr("Import config"), QString::fromStdString(loaded.status().message()));
        return;
    }
    QStringList lines;
    for (const ConfigIssue& i : loaded.value().notes) lines << severityText(i.severity) + QStringLiteral(": ") + issueText(i);
    for (const ConfigIssue& i : validateConfig(loaded.value().config, {})) lines << severityText(i.severity) + QStringLiteral(": ") + issueText(i);
    m_configFile = path;
    m_jobPanel->setConfigFile(path);
    updateConfigLabel();
    QMessageBox::information(this, tr("Import config"),
                             tr("Using %1.").arg(path) + (lines.isEmpty() ? QString() : QStringLiteral("\n\n") + lines.join('\n')));
}

void MainWindow::exportConfig() {
    const QString source = m_configFile.isEmpty() ? QString::fromStdString(defaultConfigPath()) : m_configFile;
    auto loaded = readConfigFile(source.toStdString());
    if (!loaded.ok()) {
        QMessageBox::warning(this, tr("Export config"), QString::fromStdString(loaded.status().message()));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export config"), QStringLiteral("accelerate_config.yaml"),
                                                      tr("YAML (*.yaml *.yml);;JSON (*.json)"));
    if (path.isEmpty()) return;
    if (Status s = writeConfigFile(loaded.value().config, path.toStdString()); !s.ok())
        QMessageBox::warning(this, tr("Export config"), QString::fromStdString(s.message()));
}

void MainWindow::chooseLanguage(const QString& locale) {
    QSettings().setValue(QStringLiteral("language"), locale);
    QMessageBox::information(this, tr("Language"), tr("The language changes the next time Catapult starts."));
}

void MainWindow::updateConfigLabel() {
    QString path = m_configFile;
    if (path.isEmpty() && QFileInfo::exists(QString::fromStdString(defaultConfigPath()))) path = QString::fromStdString(defaultConfigPath());
    m_configLabel->setText(path.isEmpty() ? tr("Config: none (built-in defaults)") : tr("Config: %1").arg(path));
}

}  // namespace catapult

namespace catapult {

// The about box: the icon, the version, and what Catapult is (window-modal, so the window stays usable around it).
void MainWindow::showAbout() {
    auto* box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("aboutBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowTitle(tr("About Catapult"));
    box->setIconPixmap(applicationIcon().pixmap(64, 64));
    box->setText(tr("<b>Catapult %1</b>").arg(QCoreApplication::applicationVersion()));
    box->setInformativeText(tr("Distributed, mixed-precision and offloaded training on your machines, with "
                               "Accelerate-compatible configs."));
    box->open();
}

}  // namespace catapult
