#pragma once
// What the worker's benchmarks share: `--name value` integer options and best-of-N timing.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace catapult {

// Reads `--name value` pairs into `values`, whose keys are the accepted names (their values
// the defaults). Prints a message naming `bench` and returns false for an unknown name or a
// value that is not a whole number.
inline bool parseIntegerOptions(const std::vector<std::string>& args, std::map<std::string, int64_t>& values,
                                const char* bench) {
    for (std::size_t i = 0; i < args.size(); i += 2) {
        auto it = values.find(args[i]);
        if (it == values.end() || i + 1 >= args.size()) {
            std::fprintf(stderr, "bench %s: unknown option or missing value: %s\n", bench, args[i].c_str());
            return false;
        }
        try {
            std::size_t used = 0;
            it->second = std::stoll(args[i + 1], &used);
            if (used != args[i + 1].size()) throw std::invalid_argument(args[i + 1]);
        } catch (const std::exception&) {
            std::fprintf(stderr, "bench %s: %s needs a whole number, not '%s'\n", bench, args[i].c_str(), args[i + 1].c_str());
            return false;
        }
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
