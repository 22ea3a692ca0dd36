#pragma once
// The Machines tab: the machines of multi-machine launches (kept in the run store), in machine
// rank order, with Add, Edit, Remove, Up/Down, Import hostfile and Import ~/.ssh/config; and
// Check, which runs the pre-flight on every machine and shows each check's result.

#include <QWidget>
#include <vector>

#include "Preflight.h"

class QLabel;
class QPushButton;
class QTableView;

namespace catapult {

class HostListModel;
class PreflightModel;
class PreflightTask;
class RunStore;

class HostsWidget : public QWidget {
    Q_OBJECT
public:
    explicit HostsWidget(RunStore* store, QWidget* parent = nullptr);

    HostListModel* model() const { return m_model; }
    PreflightModel* checks() const { return m_checks; }
    // Each machine as the last Check found it (empty before the first).
    const std::vector<HostPreflight>& lastCheck() const { return m_lastCheck; }
    // Adds or replaces (same name) a machine and saves the list.
    void addHost(const struct HostSpec& host);

public slots:
    void check();

signals:
    void checkFinished(bool ok);

private:
    void edit(int row);
    void save();
    void importHostFile();
    void importSshConfig();
    RunStore* m_store;
    HostListModel* m_model;
    PreflightModel* m_checks;
    PreflightTask* m_task = nullptr;
    std::vector<HostPreflight> m_lastCheck;
    QTableView* m_view;
    QTableView* m_checksView;
    QPushButton* m_check;
    QLabel* m_status;
};

}  // namespace catapult
