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
};

}  // namespace catapult
