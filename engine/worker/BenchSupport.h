#pragma once
// What the worker's benchmarks share: whole-number flags and best-of-N timing.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "WorkerFlags.h"

namespace catapult {

// Reads whole-number flags (`--name value`, `--name=value`, dashes for underscores) into
// `values`, whose keys are the accepted names (their values the defaults). Prints a message
// naming `bench` and returns false for an unknown flag or a value that is not a whole number.
inline bool parseIntegerOptions(const std::vector<std::string>& args, std::map<std::string, int64_t>& values,
                                const char* bench) {
    WorkerFlags flags(std::string("bench ") + bench);
    for (auto& [name, value] : values) flags.add(name, value, "");
    if (Status s = flags.parse(args); !s.ok()) {
        std::fprintf(stderr, "%s", s.message().c_str());
        return false;
    }
    return true;
}

// The fastest of `iterations` timed calls of `body`, after `warmup` untimed ones.
template <typename F>
double bestSeconds(int iterations, F&& body, int warmup = 1) {
    using Clock = std::chrono::steady_clock;
    for (int i = 0; i < warmup; ++i) body();
    double best = 1e30;
    for (int i = 0; i < iterations; ++i) {
        const auto t = Clock::now();
        body();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t).count());
    }
    return best;
}

}  // namespace catapult
