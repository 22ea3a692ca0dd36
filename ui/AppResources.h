#pragma once
// What the desktop app takes from resources/catapult.qrc (compiled into catapult_ui): the
// application icon at its sizes, and the default job templates the Job tab offers.

#include <QIcon>
#include <QList>
#include <QString>

namespace catapult {

// Makes the resources reachable as ":/..." paths (idempotent; the functions below call it):
// `catapult launch --job :/templates/NAME.catapult.json` runs a template.
void registerAppResources();

// The icon of the window, the about box and the desktop entry (resources/icons).
QIcon applicationIcon();

struct JobTemplate {
    QString title;  // translated
    QString path;   // a job file (JobFile.h) in the resources: ":/templates/NAME.catapult.json"
};
// The default job templates, in menu order.
QList<JobTemplate> jobTemplates();

}  // namespace catapult
