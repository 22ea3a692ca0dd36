#pragma once
// The memory estimate of a setup as rows and a verdict, for the wizard's memory page and
// `catapult estimate-memory`: the same input (choices, model, micro-batch, hardware facts),
// the same rows and the same words.

#include <QString>
#include <optional>
#include <QVector>

#include "SetupChoices.h"
#include "catapult/GptConfig.h"
#include "catapult/HardwareFacts.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {

struct MemoryReport {
    struct Row {
        QString part;
        qint64 bytes = 0;
    };
    MemoryEstimateInput input;
    MemoryEstimate estimate;
    QString deviceColumn;  // "Per GPU" or "Per process (CPU)"
    QVector<Row> rows;
    QString verdict;
    bool fits = true;
};

// The parameters of a model that is not the built-in GPT (a Hugging Face model's): those
// trained and, with LoRA, the frozen base (whole on every process).
struct ParameterCounts {
    int64_t trained = 0;
    int64_t frozen = 0;
};

MemoryReport buildMemoryReport(const SetupChoices& choices, const GptConfig& model, int64_t microBatch,
                               const HardwareFacts& facts, std::optional<ParameterCounts> parameters = std::nullopt);

}  // namespace catapult
