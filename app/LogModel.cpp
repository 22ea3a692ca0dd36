#include "LogModel.h"

namespace catapult {

LogModel::LogModel(int capacity, QObject* parent) : QAbstractTableModel(parent), m_capacity(capacity) {}

void LogModel::append(int rank, const QString& line) {
    if (static_cast<int>(m_lines.size()) >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_lines.pop_front();
        endRemoveRows();
    }
    const int row = static_cast<int>(m_lines.size());
    beginInsertRows({}, row, row);
    m_lines.push_back({rank, line});
    endInsertRows();
}

void LogModel::clear() {
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

int LogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_lines.size()); }
int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_lines.size())) return {};
    const Line& l = m_lines[static_cast<std::size_t>(index.row())];
    if (role == Qt::DisplayRole) {
        if (index.column() == TextColumn) return l.text;
        return l.rank >= 0 ? QVariant(l.rank) : QVariant(tr("catapult"));
    }
    if (role == Qt::UserRole) return l.rank;
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == RankColumn ? tr("Rank") : tr("Line");
}

}  // namespace catapult
