#pragma once
// What needs no SSH server: hostfiles, ~/.ssh/config resolution, the multi-machine launch plan
// and the shell quoting of remote commands.

#include <QObject>

class HostFileTests : public QObject {
    Q_OBJECT
private slots:
    void hostFilesAndSshConfig();
    void sshConfigResolvesAsSshDoes();
    void planAcrossHosts();
    void shellQuoting();
};
