#pragma once
// The checks of a pre-flight as a table: host, check, result, detail. Qt::UserRole: whether
// the check passed (the view colours failed rows).

#include <QAbstractTableModel>
#include <vector>

#include "Preflight.h"

namespace catapult {

class PreflightModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { HostColumn, CheckColumn, ResultColumn, DetailColumn, ColumnCount };
    explicit PreflightModel(QObject* parent = nullptr);

    void setResult(const std::vector<HostPreflight>& hosts);
    int failedCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString host;
        PreflightCheck check;
    };
    std::vector<Row> m_rows;
};

}  // namespace catapult
