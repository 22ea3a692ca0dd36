#pragma once
// The validation loss of a recipe run: every validation sample once, shared out among the
// ranks (rank r takes samples r, r + W, ...), each batch's mean loss weighted by its trained
// targets, summed over all ranks: the mean cross-entropy over every trained target of the
// validation set. Every rank runs the same number of batches (a short rank pads with a
// sample whose targets are all ignored), so ZeRO-3's gathers stay matched. Internal.

#include <cstdint>

#include "catapult/TokenCorpus.h"

namespace catapult {

class Accelerator;
class RecipeModel;

struct ValidationResult {
    double loss = 0;        // nats per trained target
    int64_t targets = 0;    // trained targets, all ranks
    int64_t samples = 0;
    double seconds = 0;
};

// Collective: every rank calls it. The model is in eval mode (and without grad) meanwhile.
ValidationResult validate(Accelerator& acc, RecipeModel& model, const TokenCorpus& data, int64_t batchSize, int64_t seqLen);

}  // namespace catapult
