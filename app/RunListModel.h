#pragma once
// The run history as a table: id, name, started, status, processes, final step, final
// loss, tokens/s. Sort and filter through a QSortFilterProxyModel (sort role: raw values).

#include <QAbstractTableModel>
#include <QVector>

#include "RunStore.h"

namespace catapult {

class RunListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, ModelColumn, DataColumn, MethodColumn, StartedColumn, StatusColumn, ProcessesColumn, StepColumn, LossColumn,
                  ThroughputColumn, ResumedFromColumn, ColumnCount };
    enum Roles { RunIdRole = Qt::UserRole + 1, SortRole };
    explicit RunListModel(QObject* parent = nullptr);

    void setRuns(QVector<RunRecord> runs);
    const RunRecord* runAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVector<RunRecord> m_runs;
};

}  // namespace catapult
