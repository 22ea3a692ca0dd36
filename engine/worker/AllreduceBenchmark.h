#pragma once
// `catapult-worker bench allreduce [--bytes N] [--iterations K] [--parameters P]`, run under a
// launcher on W ranks: times the engine's bucketed gradient all-reduce (DataParallel, hooks
// fired in reverse order as backward would) over P parameters totalling N bytes of fp32, next
// to one raw backend all-reduce of a flat tensor of the same size. Rank 0 prints one JSON line.

#include <string>
#include <vector>

namespace catapult {

int runAllreduceBenchmark(const std::vector<std::string>& args);

}  // namespace catapult
