#pragma once
// What a finished run exported, as its metrics.jsonl says (the engine's last "exported"
// checkpoint line: path, format, and for a LoRA adapter its base model and merged model), and
// copying it somewhere else: the model directory, the built-in GPT's model.safetensors and
// model.json, the PEFT adapter, or the merged model (the one the run wrote, else made now by
// `catapult-worker merge`, as PEFT's merge_and_unload would). One definition for
// `catapult runs export` and the History's "Export model".
//
// Errors name the run's folder, the path that is missing (an export on another machine stays
// there), or the destination that is not empty; nothing of the run is changed.

#include <QString>
#include <optional>

#include "catapult/Status.h"

namespace catapult {

struct RunExport {
    enum class Format { CatapultGpt, HfModel, PeftAdapter };
    Format format = Format::HfModel;
    QString path;    // the exported directory
    QString base;    // an adapter's base model directory
    QString merged;  // the merged model the run wrote, or empty
};

// The run's export, or an error saying why there is none (no metrics.jsonl, no export line).
Result<RunExport> findRunExport(const QString& runDir);

// Copies the export (with `merged`, the merged model; an adapter only) into `destination`,
// which must be absent or empty. `worker`: the catapult-worker that merges when the run did not.
Status copyRunExport(const RunExport& run, const QString& destination, bool merged, const QString& worker);

}  // namespace catapult
