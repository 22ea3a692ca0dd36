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

// Every flag of `words` in order, as (name in underscore spelling, value): "--name=value",
// "--name value", or a switch ("--name" before another flag or at the end) with value "true".
// Words that are not flags come as ("", word). For showing a command's settings, where which
// flags are switches is not known.
QList<QPair<QString, QString>> flagsOf(const QStringList& words);

// The run history's record of a launch: "catapult launch ARGS...".
QString launchCommandLine(const QStringList& launchArgs);

}  // namespace catapult
