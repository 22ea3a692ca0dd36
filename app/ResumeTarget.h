#pragma once
// What `--resume` names: a run of the history (by id, as `catapult runs` lists them), whose
// run directory holds its checkpoints, or a directory (a run directory, a checkpoints root or
// one checkpoint). The engine then picks the newest usable checkpoint there.

#include <QString>

#include "catapult/Status.h"

namespace catapult {

class RunStore;

// The absolute directory to resume from. `store` may be null (then only directories work).
// Errors name the value: an unknown run id, a missing directory.
Result<QString> resolveResumeTarget(const QString& value, const RunStore* store);

}  // namespace catapult
