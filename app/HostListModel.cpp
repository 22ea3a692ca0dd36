#include "HostListModel.h"

namespace catapult {

HostListModel::HostListModel(QObject* parent) : QAbstractTableModel(parent) {}

void HostListModel::setHosts(std::vector<HostSpec> hosts) {
    beginResetModel();
    m_hosts = std::move(hosts);
    endResetModel();
}

void HostListModel::setHost(int row, const HostSpec& host) {
    if (row < 0 || row > rowCount()) return;
    if (row == rowCount()) {
        beginInsertRows({}, row, row);
        m_hosts.push_back(host);
        endInsertRows();
        return;
    }
    m_hosts[row] = host;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HostListModel::removeHost(int row) {
    if (row < 0 || row >= rowCount()) return;
    beginRemoveRows({}, row, row);
    m_hosts.erase(m_hosts.begin() + row);
    endRemoveRows();
}

int HostListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_hosts.size()); }

int HostListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HostListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || (role != Qt::DisplayRole && role != Qt::ToolTipRole)) return {};
    const HostSpec& h = m_hosts[index.row()];
    switch (index.column()) {
    case NameColumn: return h.name;
    case AddressColumn: return h.connectAddress();
    case PortColumn: return h.port;
    case UserColumn: return h.user.isEmpty() ? tr("(you)") : h.user;
    case LoginColumn:
        if (!h.identityFile.isEmpty()) return h.useAgent ? tr("key %1, then ssh-agent").arg(h.identityFile) : tr("key %1").arg(h.identityFile);
        return h.useAgent ? tr("ssh-agent, default keys") : tr("default keys");
    case SlotsColumn: return h.slotCount;
    case WorkDirColumn: return h.workDir.isEmpty() ? tr("(login directory)") : h.workDir;
    case WorkerColumn: return h.worker();
    }
    return {};
}

QVariant HostListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return tr("machine %1").arg(section);
    switch (section) {
    case NameColumn: return tr("Name");
    case AddressColumn: return tr("Address");
    case PortColumn: return tr("Port");
    case UserColumn: return tr("User");
    case LoginColumn: return tr("Login");
    case SlotsColumn: return tr("Processes");
    case WorkDirColumn: return tr("Working directory");
    case WorkerColumn: return tr("Worker");
    }
    return {};
}

}  // namespace catapult
