#pragma once
// How FP8 training quantizes, from Accelerate's fp8_config (docs/config-schema.md) as
// the launcher exports it (ACCELERATE_FP8_*), plus CATAPULT_FP8_RECIPE. No LibTorch.
//
// Backends map to the engine's own recipes (no FP8 library is loaded):
//   TE    -> delayed scaling (Transformer Engine's DelayedScaling): amax_history_len,
//            amax_compute_algo (max | most_recent), margin, interval, fp8_format are honoured;
//            override_linear_precision and use_autocast_during_eval are ignored.
//   AO    -> current (dynamic, tensorwise) scaling, as torchao's "tensorwise" recipe;
//            enable_fsdp_float8_all_gather and pad_inner_dim are ignored (no FSDP yet; layers
//            whose sizes are not multiples of 16 simply stay in bf16).
//   MSAMP -> current scaling for the GEMMs; optimization_level (FP8 weights, gradients and
//            optimizer state) is ignored: master weights and AdamW state stay fp32.
//   none  -> current scaling.
// CATAPULT_FP8_RECIPE=current|delayed overrides the backend's choice.

#include <map>
#include <string>

#include "catapult/Status.h"

namespace catapult {

struct Fp8Settings {
    enum class Format { Hybrid, E4M3 };          // HYBRID: e4m3 forward, e5m2 gradients
    enum class Scaling { Current, Delayed };
    enum class AmaxAlgo { Max, MostRecent };

    std::string backend;  // as given (TE, AO, MSAMP) or empty
    Format format = Format::Hybrid;
    Scaling scaling = Scaling::Current;
    int amaxHistoryLen = 1024;
    AmaxAlgo amaxAlgo = AmaxAlgo::Max;
    int margin = 0;
    int interval = 1;

    // Reads the variables; a bad value gives an error naming the variable.
    static Result<Fp8Settings> fromEnvironment(const std::map<std::string, std::string>& env);
    // The variables whose values differ from the defaults (none for default settings), so that
    // fromEnvironment() gives these settings back; CATAPULT_FP8_RECIPE when the scaling is not
    // the backend's own.
    std::map<std::string, std::string> toEnvironment() const;
    // "current scaling, HYBRID" / "delayed scaling (history 16, max, margin 0, interval 1), E4M3"
    std::string describe() const;

    bool operator==(const Fp8Settings&) const = default;
};

// The value of ACCELERATE_FP8_<NAME> as `accelerate launch` exports it, for the flag or
// fp8_config key `name` (fp8_backend, fp8_format, ...): backend and format upper-cased, the
// others as given.
std::string fp8VariableValue(const std::string& name, const std::string& value);

}  // namespace catapult
