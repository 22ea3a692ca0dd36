#pragma once
// A command line kept as text (the run history's "command") that QProcess::splitCommand
// turns back into the same words: words with spaces or quotes are double-quoted, a quote in
// them written as three quotes (splitCommand's rule). Relaunch reads it back this way. An
// empty word does not survive (splitCommand drops it); no launch flag takes an empty value.

#include <QString>
#include <QStringList>

namespace catapult {

QString joinCommandLine(const QStringList& words);

// The run history's record of a launch: "catapult launch ARGS...".
QString launchCommandLine(const QStringList& launchArgs);

}  // namespace catapult
