#pragma once
// ~/.ssh/config as ssh reads it: Host patterns and negations, Include, Match, tokens such as
// %h, HostName, User, Port, IdentityFile and ProxyJump. What a name resolves to comes from
// OpenSSH itself (`ssh -G NAME`) when its client is installed, else from libssh's parser; the
// session reads the file through libssh, and ProxyJump runs the OpenSSH client (`ssh -W`).
//
// The file is $CATAPULT_SSH_CONFIG when set, else ~/.ssh/config. What a host states itself
// (hostfile fields, the Machines tab) wins over the file; a port of 22 counts as unstated.

#include <QString>
#include <QStringList>
#include <vector>

#include "HostSpec.h"
#include "catapult/Status.h"

struct ssh_session_struct;

namespace catapult {

QString defaultSshConfigPath();

// Fills the address, user, port and identity file that `host` leaves unset from the
// ssh_config entries that match its name.
HostSpec resolveSshConfig(const HostSpec& host, const QString& configPath = defaultSshConfigPath());
void resolveSshConfig(std::vector<HostSpec>& hosts, const QString& configPath = defaultSshConfigPath());

// The proxy command for the ProxyJump that OpenSSH gives the host's name (empty: none).
QString sshConfigProxyCommand(const HostSpec& host, const QString& configPath = defaultSshConfigPath());

// The machines a config names: every Host name that is not a pattern (in the file and the
// files it includes), each resolved as above. An unreadable file is an error naming it.
Result<std::vector<HostSpec>> importSshConfig(const QString& configPath = defaultSshConfigPath());

// Reads the config into a libssh session whose SSH_OPTIONS_HOST is the host's name (what
// SshSession does before it applies the host's own settings). A missing file is no error.
Status applySshConfig(ssh_session_struct* session, const QString& configPath = defaultSshConfigPath());

}  // namespace catapult
