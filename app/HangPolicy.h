#pragma once
// What a stalled job does once its ranks' stacks are dumped (catapult launch --hang_policy).

#include <QString>
#include <optional>

namespace catapult {

enum class HangPolicy { Wait, Stop };

inline QString toString(HangPolicy p) { return p == HangPolicy::Stop ? QStringLiteral("stop") : QStringLiteral("wait"); }

inline std::optional<HangPolicy> hangPolicyFromString(const QString& text) {
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("wait")) return HangPolicy::Wait;
    if (t == QLatin1String("stop")) return HangPolicy::Stop;
    return std::nullopt;
}

}  // namespace catapult
