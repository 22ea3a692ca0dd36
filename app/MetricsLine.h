#pragma once
// Recognises a metrics line of the protocol ("@catapult {json}") among a worker's output.

#include <QJsonObject>
#include <QString>
#include <optional>

namespace catapult {

// The JSON object of a metrics line with a "type", or nothing for an ordinary log line.
std::optional<QJsonObject> parseMetricsLine(const QString& line);

}  // namespace catapult
