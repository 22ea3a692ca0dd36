#pragma once
// Mixed precision for the forward pass, as a scope (Python's `torch.autocast`, which LibTorch
// has no guard for): bf16 and fp8 enable autocast to bfloat16 on the device, fp16 to float16;
// fp8 additionally makes every Fp8Linear created with FP8-capable sizes run its matrix products
// in FP8 (see Fp8Linear.h) with the given settings. Put only the forward pass and the loss
// inside; backward runs outside, as in Python. The loss should be computed in fp32 (CPU
// autocast leaves softmax and reductions in bf16).
//
// Thread safety: the state is thread-local; a scope must end on the thread that began it.

#include <torch/types.h>

#include "catapult/Fp8Settings.h"
#include "catapult/ProcessState.h"

namespace catapult {

class AutocastScope {
public:
    AutocastScope(torch::Device device, MixedPrecision precision, const Fp8Settings& fp8 = {});
    ~AutocastScope();
    AutocastScope(AutocastScope&& other) noexcept;
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;
    AutocastScope& operator=(AutocastScope&&) = delete;

    // The FP8 settings of the innermost active fp8 scope on this thread, or nullptr.
    static const Fp8Settings* currentFp8();

private:
    bool m_active = false;
    c10::DeviceType m_deviceType = c10::DeviceType::CPU;
    bool m_previousEnabled = false;
    at::ScalarType m_previousDtype = at::kBFloat16;
    bool m_previousCache = true;
    const Fp8Settings* m_previousFp8 = nullptr;
    Fp8Settings m_fp8;
    bool m_fp8Active = false;
};

}  // namespace catapult
