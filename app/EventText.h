#pragma once
// How the launcher words a rank's error and alert metrics lines, and where a resumed run
// continues from, for a log: the same on the command line and in the desktop app's Job tab.

#include <QJsonObject>
#include <QString>

namespace catapult {

// "error: MESSAGE", "alert: MESSAGE", "resumed from DIR (its step N) ..." for those events;
// empty for every other line.
QString eventLogText(const QJsonObject& metrics);

}  // namespace catapult
