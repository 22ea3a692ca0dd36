#pragma once
// Host lists in the formats users already have.
//
// Hostfile: DeepSpeed's `name slots=N` per line ('#' comments, blank lines skipped), with optional
// Catapult fields after it, each `key=value`: address, port, user, identity, agent (yes|no),
// workdir, worker, main_address, env (NAME=VALUE, repeatable); a value with spaces is written
// in double quotes (key="a b"). DeepSpeed reads such a file too
// (it only looks at the name and slots). Duplicate names, bad lines and an empty list are errors.
// Names resolve through ~/.ssh/config (SshConfig.h).

#include <QString>
#include <vector>

#include "HostSpec.h"
#include "catapult/Status.h"

namespace catapult {

Result<std::vector<HostSpec>> parseHostFile(const QString& text, const QString& sourceName);
Result<std::vector<HostSpec>> readHostFile(const QString& path);
QString formatHostFile(const std::vector<HostSpec>& hosts);

}  // namespace catapult
