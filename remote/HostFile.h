#pragma once
// Host lists in the formats users already have.
//
// Hostfile: DeepSpeed's `name slots=N` per line ('#' comments, blank lines skipped), with optional
// Catapult fields after it, each `key=value`: address, port, user, identity, agent (yes|no),
// workdir, worker, main_address, env (NAME=VALUE, repeatable); a value with spaces is written
// in double quotes (key="a b"). DeepSpeed reads such a file too
// (it only looks at the name and slots). Duplicate names, bad lines and an empty list are errors.
//
// ~/.ssh/config: Host entries without wildcards, with HostName, User, Port and IdentityFile.

#include <QString>
#include <vector>

#include "HostSpec.h"
#include "catapult/Status.h"

namespace catapult {

Result<std::vector<HostSpec>> parseHostFile(const QString& text, const QString& sourceName);
Result<std::vector<HostSpec>> readHostFile(const QString& path);
QString formatHostFile(const std::vector<HostSpec>& hosts);

std::vector<HostSpec> parseSshConfig(const QString& text);
QString defaultSshConfigPath();
// Fills address, user, port and identity of hosts that leave them unset from matching
// ~/.ssh/config entries, as ssh would.
void applySshConfig(std::vector<HostSpec>& hosts, const std::vector<HostSpec>& sshConfig);

}  // namespace catapult
