#pragma once
// The machines of multi-machine launches as a table (machine rank order): name, address,
// port, user, login, processes, working directory, worker.

#include <QAbstractTableModel>
#include <vector>

#include "HostSpec.h"

namespace catapult {

class HostListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, AddressColumn, PortColumn, UserColumn, LoginColumn, SlotsColumn, WorkDirColumn, WorkerColumn, ColumnCount };
    explicit HostListModel(QObject* parent = nullptr);

    void setHosts(std::vector<HostSpec> hosts);
    const std::vector<HostSpec>& hosts() const { return m_hosts; }
    void setHost(int row, const HostSpec& host);  // row == rowCount(): appends
    void removeHost(int row);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<HostSpec> m_hosts;
};

}  // namespace catapult
