#include "MetricsLine.h"

#include <QJsonDocument>

namespace catapult {

std::optional<QJsonObject> parseMetricsLine(const QString& line) {
    static const QString prefix = QStringLiteral("@catapult ");
    if (!line.startsWith(prefix)) return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(line.mid(prefix.size()).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) return std::nullopt;
    QJsonObject object = doc.object();
    if (!object.value("type").isString()) return std::nullopt;
    return object;
}

}  // namespace catapult
