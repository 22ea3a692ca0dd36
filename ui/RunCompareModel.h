#pragma once
// The History's compare table: the settings of the runs shown (RunSettings.h) side by side,
// a column per run, a row per setting; rows whose values differ are marked (bold, shaded,
// DiffersRole) and can be the only ones shown. Read-only.
//
// Thread safety: GUI thread. Part of catapult_ui (its marks are fonts and brushes).

#include <QAbstractTableModel>
#include <QList>

#include "RunRecord.h"
#include "RunSettings.h"

namespace catapult {

class RunCompareModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { GroupColumn, SettingColumn, FirstRunColumn };
    enum Role { DiffersRole = Qt::UserRole + 1 };

    explicit RunCompareModel(QObject* parent = nullptr);
    void setRuns(const QList<RunRecord>& runs);
    void setOnlyDifferences(bool only);
    bool onlyDifferences() const { return m_only; }
    int runCount() const { return static_cast<int>(m_runs.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuild();
    QList<RunRecord> m_runs;
    QList<ComparedSetting> m_rows;
    bool m_only = false;
};

}  // namespace catapult
