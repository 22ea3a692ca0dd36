#pragma once
// A resumed run continues another: its curves start where the checkpoint was taken. For the
// dashboard, a run's series joined with those of the runs it continues (oldest first), each
// cut where the next one starts, times carried on so a wall-time axis runs on too.

#include <QVector>

#include "RunStore.h"

namespace catapult {

// The runs `runId` continues and itself, oldest first (a resume of a resume of ...).
QVector<RunRecord> runLineage(const RunStore& store, qint64 runId);

RunSeries joinedSeries(const RunStore& store, qint64 runId);

}  // namespace catapult
