#include "LogFilterModel.h"

#include "LogModel.h"

namespace catapult {

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setRank(int rank) {
    m_rank = rank;
    invalidateFilter();
}

void LogFilterModel::setSearchText(const QString& text) {
    m_text = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex rankIndex = sourceModel()->index(row, LogModel::RankColumn, parent);
    if (m_rank >= 0 && sourceModel()->data(rankIndex, Qt::UserRole).toInt() != m_rank) return false;
    if (m_text.isEmpty()) return true;
    return sourceModel()->index(row, LogModel::TextColumn, parent).data().toString().contains(m_text, Qt::CaseInsensitive);
}

}  // namespace catapult
