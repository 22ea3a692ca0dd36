#pragma once
// The run history, headless:
//   catapult runs                 list runs (newest first)
//   catapult runs show ID         one run: config, command, outcome, last metrics, events
//   catapult runs import DIR      import (or refresh) a run from its folder's metrics.jsonl
//   catapult runs delete ID       remove a run from the history (its folder is kept)
// The store is RunStore::defaultPath() unless --store PATH is given.

#include <QStringList>

namespace catapult {

int runRunsCommand(const QStringList& args);

}  // namespace catapult
