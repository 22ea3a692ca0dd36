#pragma once
// A run of the history as the settings that can be compared side by side: what it trained
// (model, data, method: RunSubject.h), where (machines, processes), how it ended (status,
// steps, final loss, tokens/s), every flag of its launch and of its program, and every key of
// its Accelerate config ("fsdp_config.fsdp_offload_params" for a section's key). Names are
// stable across runs, so the same setting of two runs lines up.

#include <QList>
#include <QString>
#include <QStringList>

#include "RunRecord.h"

namespace catapult {

struct RunSetting {
    QString group;  // "Run", "Result", "Launch", "Program", "Config" (translated)
    QString name;
    QString value;
};

QList<RunSetting> runSettings(const RunRecord& run);

// The settings of several runs lined up: one row per setting any of them has, in the order
// they first appear, with each run's value (empty where a run lacks it).
struct ComparedSetting {
    QString group;
    QString name;
    QStringList values;  // one per run
    bool differs() const { return values.count(values.value(0)) != values.size(); }
};

QList<ComparedSetting> compareSettings(const QList<RunRecord>& runs);

}  // namespace catapult
