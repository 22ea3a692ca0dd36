#pragma once
// The log lines of a job, one row per line: rank (-1: the launcher's own notices), line. Bounded (oldest lines dropped
// beyond the capacity) so a chatty job cannot eat the GUI's memory. Appends are batched by
// the caller's event loop: rows are inserted in one beginInsertRows per append call.

#include <QAbstractTableModel>
#include <QStringList>
#include <deque>

namespace catapult {

class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { RankColumn, TextColumn, ColumnCount };
    explicit LogModel(int capacity = 100000, QObject* parent = nullptr);

    void append(int rank, const QString& line);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Line {
        int rank;
        QString text;
    };
    std::deque<Line> m_lines;
    int m_capacity;
};

}  // namespace catapult
