#pragma once
// The run history: sortable, filterable table of runs; open a run's charts, overlay several
// to compare (charts and settings side by side), relaunch with the same command and config,
// resume from the last checkpoint, export a finished run's model, open its folder, delete.

#include <QWidget>
#include <optional>

#include "RunRecord.h"

class QHBoxLayout;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace catapult {

class RunListModel;
class RunStore;

class HistoryWidget : public QWidget {
    Q_OBJECT
public:
    HistoryWidget(RunStore* store, QWidget* parent = nullptr);
    RunListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public slots:
    void refresh();
    // The Export model dialog for the run (a message instead when it exported nothing).
    void exportModel(qint64 runId);

signals:
    void openRuns(const QVector<qint64>& runIds);
    void relaunch(const QString& command);
    // Continue the run from its newest usable checkpoint, with its command.
    void resume(qint64 runId, const QString& command);

private:
    QHBoxLayout* createBar();
    QVector<qint64> selectedRuns() const;
    std::optional<RunRecord> selectedRun() const;  // the first selected
    void deleteSelected();
    void updateButtons();
    RunStore* m_store;
    RunListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
    QPushButton* m_export;
};

}  // namespace catapult
