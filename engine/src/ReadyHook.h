#pragma once
// A post-accumulate-grad hook that calls back with the parameter's index once its gradient
// is accumulated (DataParallel's buckets, ZeRO's units). Internal.

#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <cstddef>

namespace catapult {

template <typename Owner>
class ReadyHook final : public torch::autograd::PostAccumulateGradHook {
public:
    ReadyHook(Owner* owner, std::size_t index) : m_owner(owner), m_index(index) {}
    void operator()(const torch::autograd::Variable&) override { m_owner->markReady(m_index); }

private:
    Owner* m_owner;
    std::size_t m_index;
};

}  // namespace catapult
