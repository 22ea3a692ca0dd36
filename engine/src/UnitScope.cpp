#include "catapult/UnitScope.h"

#include <torch/torch.h>

#include <mutex>
#include <unordered_map>
#include <utility>

#include "UnitHooks.h"

namespace catapult {
namespace {

struct Registry {
    std::mutex mutex;
    std::unordered_map<const torch::nn::Module*, std::pair<UnitHooks*, std::size_t>> units;
};

thread_local bool t_recomputing = false;

Registry& registry() {
    static Registry r;
    return r;
}

// Identity in forward; in backward, first gathers the unit's parameters (the gradient of the
// unit's output arrives before any of the unit's own backward runs).
class PreBackward : public torch::autograd::Function<PreBackward> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, int64_t hooks,
                                 int64_t unit) {
        ctx->saved_data["hooks"] = hooks;
        ctx->saved_data["unit"] = unit;
        return x.view_as(x);
    }
    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list grads) {
        auto* hooks = reinterpret_cast<UnitHooks*>(ctx->saved_data["hooks"].toInt());
        hooks->beforeBackward(static_cast<std::size_t>(ctx->saved_data["unit"].toInt()));
        return {grads[0], torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

UnitHooks* UnitHooks::find(const torch::nn::Module* module, std::size_t& unit) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.units.find(module);
    if (it == r.units.end()) return nullptr;
    unit = it->second.second;
    return it->second.first;
}

void UnitHooks::add(const torch::nn::Module* module, UnitHooks* hooks, std::size_t unit) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    r.units[module] = {hooks, unit};
}

void UnitHooks::removeAll(const UnitHooks* hooks) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::erase_if(r.units, [hooks](const auto& entry) { return entry.second.first == hooks; });
}

bool UnitHooks::recomputing() { return t_recomputing; }

UnitHooks::RecomputeGuard::RecomputeGuard() : m_previous(std::exchange(t_recomputing, true)) {}

UnitHooks::RecomputeGuard::~RecomputeGuard() { t_recomputing = m_previous; }

UnitScope::UnitScope(const torch::nn::Module& module) {
    m_hooks = UnitHooks::find(&module, m_unit);
    if (m_hooks) m_hooks->beforeForward(m_unit);
}

UnitScope::~UnitScope() {
    if (m_hooks && !m_left) m_hooks->afterForward(m_unit);
}

torch::Tensor UnitScope::leave(const torch::Tensor& output) {
    if (!m_hooks || m_left) return output;
    m_left = true;
    m_hooks->afterForward(m_unit);
    if (!torch::GradMode::is_enabled() || !output.requires_grad()) return output;
    return PreBackward::apply(output, reinterpret_cast<int64_t>(m_hooks), static_cast<int64_t>(m_unit));
}

}  // namespace catapult
