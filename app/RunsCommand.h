#pragma once
// The run history, headless:
//   catapult runs                 list runs (newest first)
//   catapult runs show ID         one run: config, command, outcome, last metrics, events
//   catapult runs import DIR      import (or refresh) a run from its folder's metrics.jsonl
//   catapult runs delete ID       remove a run from the history (its folder is kept)
//   catapult runs export ID --to DIR [--merged]
//                                 copy what the run exported (model or LoRA adapter; --merged:
//                                 the adapter merged into its base model) to a new folder
//   catapult runs compare ID ID... [--all]
//                                 the runs' settings side by side (those that differ; --all: every one)
// The store is RunStore::defaultPath() unless --store PATH is given.

#include <QStringList>

namespace catapult {

int runRunsCommand(const QStringList& args);

}  // namespace catapult
