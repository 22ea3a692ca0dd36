#pragma once
// Fault drills (README, "Fault drills"): the one place the engine reads the CATAPULT_FAULT_*
// variables. The recipe and the checkpoint code ask typed questions; without the variables
// every answer is "no" and nothing waits. Internal to the engine.
//
//   CATAPULT_FAULT_NAN_STEP=N       rank 0's loss at step N becomes NaN
//   CATAPULT_FAULT_HANG_STEP=N      the last rank stops inside step N without dying
//   CATAPULT_FAULT_SLOW_SAVE_MS=MS  every rank pauses MS ms after writing its checkpoint files,
//                                   so a test can kill a rank in the middle of a save
//
// Values are read as std::atoll reads them (a value that is not a number is 0: no drill).
//
// Thread safety: current() is read once, on first use; the object is immutable afterwards.

#include <chrono>
#include <cstdint>
#include <functional>

namespace catapult {

class FaultInjection {
public:
    static constexpr const char* kNanStepVariable = "CATAPULT_FAULT_NAN_STEP";
    static constexpr const char* kHangStepVariable = "CATAPULT_FAULT_HANG_STEP";
    static constexpr const char* kSlowSaveVariable = "CATAPULT_FAULT_SLOW_SAVE_MS";

    // The variable's value, or nullptr when it is not set (e.g. std::getenv).
    using Lookup = std::function<const char*(const char* name)>;

    // The drills of this process, from its environment.
    static const FaultInjection& current();
    // The drills `lookup` describes (tests pass their own).
    static FaultInjection fromVariables(const Lookup& lookup);

    // No drills.
    FaultInjection() = default;

    // Does `rank`'s loss at `step` become NaN?
    bool nanLossAt(int64_t step, int rank) const;
    // Does `rank` of `worldSize` stop inside `step`?
    bool hangAt(int64_t step, int rank, int worldSize) const;
    // The drill's hang: sleeps forever without dying (the watchdog's business to notice).
    [[noreturn]] static void hangForever();

    // How long every rank waits after writing its checkpoint files (zero: no drill).
    std::chrono::milliseconds pauseAfterCheckpointFiles() const;
    // Waits that long.
    void waitAfterCheckpointFiles() const;

private:
    int64_t m_nanStep = -1;
    int64_t m_hangStep = -1;
    int64_t m_slowSaveMs = 0;
};

}  // namespace catapult
