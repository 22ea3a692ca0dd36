#pragma once
// What a UnitScope calls into: the ZeRO-3 sharder registers each unit module here. Internal.

#include <cstddef>

namespace torch::nn {
class Module;
}

namespace catapult {

class UnitHooks {
public:
    virtual ~UnitHooks() = default;
    virtual void beforeForward(std::size_t unit) = 0;
    virtual void afterForward(std::size_t unit) = 0;
    virtual void beforeBackward(std::size_t unit) = 0;

    // The hooks and unit registered for `module`, or nullptr.
    static UnitHooks* find(const torch::nn::Module* module, std::size_t& unit);
    static void add(const torch::nn::Module* module, UnitHooks* hooks, std::size_t unit);
    static void removeAll(const UnitHooks* hooks);

    // True on this thread while a unit's forward runs again in backward (activation
    // checkpointing, Recompute.h): its backward follows at once, so the unit stays gathered and
    // nothing is prefetched for a forward that is not coming.
    static bool recomputing();
    class RecomputeGuard {
    public:
        RecomputeGuard();
        ~RecomputeGuard();
        RecomputeGuard(const RecomputeGuard&) = delete;
        RecomputeGuard& operator=(const RecomputeGuard&) = delete;

    private:
        bool m_previous;
    };
};

}  // namespace catapult
