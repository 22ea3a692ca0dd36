#include "catapult/Autocast.h"

#include <ATen/autocast_mode.h>

namespace catapult {
namespace {
thread_local const Fp8Settings* t_fp8 = nullptr;
}

const Fp8Settings* AutocastScope::currentFp8() { return t_fp8; }

AutocastScope::AutocastScope(torch::Device device, MixedPrecision precision, const Fp8Settings& fp8) {
    if (precision == MixedPrecision::No) return;
    m_active = true;
    m_deviceType = device.type();
    m_previousEnabled = at::autocast::is_autocast_enabled(m_deviceType);
    m_previousDtype = at::autocast::get_autocast_dtype(m_deviceType);
    m_previousCache = at::autocast::is_autocast_cache_enabled();
    at::autocast::set_autocast_enabled(m_deviceType, true);
    at::autocast::set_autocast_dtype(m_deviceType, precision == MixedPrecision::Fp16 ? at::kHalf : at::kBFloat16);
    at::autocast::increment_nesting();
    at::autocast::set_autocast_cache_enabled(true);
    if (precision == MixedPrecision::Fp8) {
        m_fp8 = fp8;
        m_fp8Active = true;
        m_previousFp8 = t_fp8;
        t_fp8 = &m_fp8;
    }
}

AutocastScope::AutocastScope(AutocastScope&& other) noexcept
    : m_active(std::exchange(other.m_active, false)),
      m_deviceType(other.m_deviceType),
      m_previousEnabled(other.m_previousEnabled),
      m_previousDtype(other.m_previousDtype),
      m_previousCache(other.m_previousCache),
      m_previousFp8(other.m_previousFp8),
      m_fp8(other.m_fp8),
      m_fp8Active(std::exchange(other.m_fp8Active, false)) {
    if (m_fp8Active) t_fp8 = &m_fp8;
}

AutocastScope::~AutocastScope() {
    if (!m_active) return;
    if (m_fp8Active) t_fp8 = m_previousFp8;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_autocast_enabled(m_deviceType, m_previousEnabled);
    at::autocast::set_autocast_dtype(m_deviceType, m_previousDtype);
    at::autocast::set_autocast_cache_enabled(m_previousCache);
}

}  // namespace catapult
