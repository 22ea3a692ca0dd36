#pragma once
// Filters a LogModel by rank (-1: all) and by a case-insensitive search text.

#include <QSortFilterProxyModel>

namespace catapult {

class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogFilterModel(QObject* parent = nullptr);
    void setRank(int rank);
    void setSearchText(const QString& text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    int m_rank = -1;
    QString m_text;
};

}  // namespace catapult
