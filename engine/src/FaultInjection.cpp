#include "FaultInjection.h"

#include <cstdlib>
#include <thread>

namespace catapult {
namespace {

int64_t numberOr(const FaultInjection::Lookup& lookup, const char* name, int64_t unset) {
    const char* value = lookup(name);
    return value ? std::atoll(value) : unset;
}

}  // namespace

const FaultInjection& FaultInjection::current() {
    static const FaultInjection drills = fromVariables([](const char* name) { return std::getenv(name); });
    return drills;
}

FaultInjection FaultInjection::fromVariables(const Lookup& lookup) {
    FaultInjection f;
    f.m_nanStep = numberOr(lookup, kNanStepVariable, -1);
    f.m_hangStep = numberOr(lookup, kHangStepVariable, -1);
    f.m_slowSaveMs = numberOr(lookup, kSlowSaveVariable, 0);
    return f;
}

bool FaultInjection::nanLossAt(int64_t step, int rank) const { return step == m_nanStep && rank == 0; }

bool FaultInjection::hangAt(int64_t step, int rank, int worldSize) const {
    return step == m_hangStep && rank == worldSize - 1;
}

void FaultInjection::hangForever() {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

std::chrono::milliseconds FaultInjection::pauseAfterCheckpointFiles() const {
    return std::chrono::milliseconds(m_slowSaveMs > 0 ? m_slowSaveMs : 0);
}

void FaultInjection::waitAfterCheckpointFiles() const {
    if (const auto pause = pauseAfterCheckpointFiles(); pause.count() > 0) std::this_thread::sleep_for(pause);
}

}  // namespace catapult
