#include "RunCompareModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace catapult {

RunCompareModel::RunCompareModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunCompareModel::setRuns(const QList<RunRecord>& runs) {
    m_runs = runs;
    rebuild();
}

void RunCompareModel::setOnlyDifferences(bool only) {
    if (only == m_only) return;
    m_only = only;
    rebuild();
}

void RunCompareModel::rebuild() {
    beginResetModel();
    m_rows.clear();
    for (const ComparedSetting& row : compareSettings(m_runs))
        if (!m_only || row.differs()) m_rows.append(row);
    endResetModel();
}

int RunCompareModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int RunCompareModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : FirstRunColumn + static_cast<int>(m_runs.size());
}

QVariant RunCompareModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size()) return {};
    const ComparedSetting& row = m_rows[index.row()];
    if (role == DiffersRole) return row.differs();
    if (role == Qt::FontRole && row.differs() && index.column() >= FirstRunColumn) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::BackgroundRole && row.differs()) return QBrush(QColor(255, 190, 0, 70));  // translucent: readable on light and dark themes
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    if (index.column() == GroupColumn) return row.group;
    if (index.column() == SettingColumn) return row.name;
    return row.values.value(index.column() - FirstRunColumn);
}

QVariant RunCompareModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    if (section == GroupColumn) return tr("Group");
    if (section == SettingColumn) return tr("Setting");
    const qsizetype r = section - FirstRunColumn;
    if (r < 0 || r >= m_runs.size()) return {};
    return m_runs[r].name.isEmpty() ? tr("run %1").arg(m_runs[r].id) : tr("run %1: %2").arg(m_runs[r].id).arg(m_runs[r].name);
}

}  // namespace catapult
