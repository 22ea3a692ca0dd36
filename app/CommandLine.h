#pragma once
// A command line kept as text (the run history's "command") that QProcess::splitCommand
// turns back into the same words: words with spaces or quotes are double-quoted, a quote in
// them written as three quotes (splitCommand's rule). Relaunch reads it back this way. An
// empty word does not survive (splitCommand drops it); no launch flag takes an empty value.

#include <QMap>
#include <QString>
#include <QStringList>

namespace catapult {

QString joinCommandLine(const QStringList& words);
// Takes the flags named in `known` (underscore spelling; "--num-processes=3" and
// "--num_processes 3" alike) out of `words` into `found` with their values ("1" for those in
// `switches`); returns the other words in their order.
QStringList takeFlags(const QStringList& words, const QStringList& known, const QStringList& switches,
                      QMap<QString, QString>& found);

// The run history's record of a launch: "catapult launch ARGS...".
QString launchCommandLine(const QStringList& launchArgs);

}  // namespace catapult
