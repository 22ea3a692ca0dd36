#pragma once
// One machine of a multi-machine job, as the hosts table, a hostfile or ~/.ssh/config gives it.

#include <QMap>
#include <QString>

namespace catapult {

struct HostSpec {
    QString name;          // what the user calls it (hostfile name, ~/.ssh/config alias)
    QString address;       // what SSH connects to; empty: name
    int port = 22;
    QString user;          // empty: the local user name
    QString identityFile;  // empty: ssh-agent, then the default keys in ~/.ssh
    bool useAgent = true;
    int slotCount = 1;         // processes (ranks) on this host
    QString workDir;       // empty: the login directory
    QString workerPath;    // catapult-worker on that host; empty: "catapult-worker" on its PATH
    QString mainAddress;   // how the other hosts reach this one (used for host 0); empty: address
    QMap<QString, QString> environment;  // extra variables for every rank on this host

    QString connectAddress() const { return address.isEmpty() ? name : address; }
    QString reachableAddress() const { return mainAddress.isEmpty() ? connectAddress() : mainAddress; }
    QString worker() const { return workerPath.isEmpty() ? QStringLiteral("catapult-worker") : workerPath; }
    bool operator==(const HostSpec&) const = default;
};

}  // namespace catapult
