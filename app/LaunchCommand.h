#pragma once
// `catapult launch`: resolves the settings, prints which config file is in effect, runs the
// ranks with LocalExecutor, prefixes each log line with its rank, keeps a live progress line,
// handles Ctrl-C (graceful stop, then kill), and returns the job's exit status.

#include <QStringList>

namespace catapult {

int runLaunchCommand(const QStringList& args);

}  // namespace catapult
