#pragma once
// The run history: sortable, filterable table of runs; open a run's charts, overlay several
// to compare, relaunch with the same command and config, resume from the last checkpoint,
// delete.

#include <QWidget>

class QSortFilterProxyModel;
class QTableView;

namespace catapult {

class RunListModel;
class RunStore;
struct RunRecord;

class HistoryWidget : public QWidget {
    Q_OBJECT
public:
    HistoryWidget(RunStore* store, QWidget* parent = nullptr);
    RunListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

public slots:
    void refresh();

signals:
    void openRuns(const QVector<qint64>& runIds);
    void relaunch(const QString& command);
    // Continue the run from its newest usable checkpoint, with its command.
    void resume(qint64 runId, const QString& command);

private:
    QVector<qint64> selectedRuns() const;
    RunStore* m_store;
    RunListModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
};

}  // namespace catapult
