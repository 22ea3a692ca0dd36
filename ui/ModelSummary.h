#pragma once
// What the Job tab says about a Hugging Face model directory before anything is started: its
// architecture, parameter count, weight dtype, context length, tokenizer kind and whether it
// has a chat template; or why the folder is not a model Catapult can fine-tune.

#include <QString>

#include "catapult/Status.h"

namespace catapult {

struct ModelSummary {
    QString architecture;
    qint64 parameters = 0;
    QString dtype;          // config.json's dtype (or torch_dtype); "unknown" if absent
    qint64 contextLength = 0;
    QString tokenizer;      // "byte-level BPE", "BPE with byte fallback", "Unigram", ...
    bool chatTemplate = false;

    QString text() const;   // one line for the form
};

// Errors name the directory and what is missing or wrong (no config.json, an architecture
// Catapult does not train, no tokenizer.json, no weights).
Result<ModelSummary> summarizeModel(const QString& dir);

}  // namespace catapult
