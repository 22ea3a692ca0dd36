#pragma once
// The main window: Job, Dashboard, History, Machines and Chat tabs; the setup wizard, config import and
// export in the File menu; the language in Settings. The config in effect is always shown
// in the status bar.

#include <QMainWindow>
#include <memory>

class QLabel;
class QSplitter;
class QTabWidget;

namespace catapult {

class ChatWidget;
class DashboardWidget;
class HistoryWidget;
class HostsWidget;
class JobController;
class JobPanel;
class RunCompareWidget;
class RunStore;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    JobPanel* jobPanel() const { return m_jobPanel; }
    DashboardWidget* dashboard() const { return m_dashboard; }
    // Under the charts when several runs are shown: their settings side by side.
    RunCompareWidget* compare() const { return m_compare; }
    QWidget* dashboardPage() const;  // the Dashboard tab: the charts and the compare table
    HistoryWidget* history() const { return m_history; }
    HostsWidget* hosts() const { return m_hosts; }
    ChatWidget* chat() const { return m_chat; }
    QTabWidget* tabs() const { return m_tabs; }
    JobController* controller() const { return m_controller; }

public slots:
    void openWizard();
    void showAbout();  // the about box (object name "aboutBox"): icon and version
    void showRuns(const QVector<qint64>& runIds);

protected:
    void closeEvent(QCloseEvent* event) override;  // remembers the window's size and place

private:
    void importConfig();
    void exportConfig();
    void chooseLanguage(const QString& locale);
    void updateConfigLabel();
    std::unique_ptr<RunStore> m_store;
    JobController* m_controller;
    JobPanel* m_jobPanel;
    DashboardWidget* m_dashboard;
    RunCompareWidget* m_compare;
    QSplitter* m_dashboardPage;  // the Dashboard tab: the charts over the compare table
    HistoryWidget* m_history;
    HostsWidget* m_hosts;
    ChatWidget* m_chat;
    QTabWidget* m_tabs;
    QLabel* m_configLabel;
    QString m_configFile;
};

}  // namespace catapult
