#pragma once
// Marks a module's forward as one sharding unit for ZeRO stage 3 / FSDP. LibTorch's C++
// modules have no forward hooks, so a module class that can be a unit brackets its forward:
//
//   torch::Tensor BlockImpl::forward(const torch::Tensor& x) {
//       catapult::UnitScope unit(*this);      // the unit's parameters are gathered here
//       auto y = ...;                          // the body uses the parameters as usual
//       return unit.leave(y);                  // resharded; gathered again before its backward
//   }
//
// Which modules are units is the Accelerator's choice (FSDP's transformer_layer_cls_to_wrap,
// else every UnitModule, see UnitModule.h; and the prepared model itself for the parameters
// outside every unit). Without sharding, or for a module that is not a unit, the scope does nothing and
// leave() returns its argument.
//
// Thread safety: the training thread only.

#include <torch/types.h>

#include <cstddef>

namespace torch::nn {
class Module;
}

namespace catapult {

class UnitHooks;

class UnitScope {
public:
    explicit UnitScope(const torch::nn::Module& module);
    ~UnitScope();
    UnitScope(const UnitScope&) = delete;
    UnitScope& operator=(const UnitScope&) = delete;

    // Ends the forward of the unit: returns `output`, with a hook that gathers the unit's
    // parameters again when the gradient reaches it in backward.
    torch::Tensor leave(const torch::Tensor& output);

private:
    UnitHooks* m_hooks = nullptr;
    std::size_t m_unit = 0;
    bool m_left = false;
};

}  // namespace catapult
