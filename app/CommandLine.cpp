#include "CommandLine.h"

#include <QRegularExpression>

namespace catapult {

QString joinCommandLine(const QStringList& words) {
    QStringList out;
    for (const QString& w : words) {
        const bool plain = !w.isEmpty() && !w.contains('"') && !w.contains(QRegularExpression(QStringLiteral("\\s")));
        out << (plain ? w : QLatin1Char('"') + QString(w).replace(QStringLiteral("\""), QStringLiteral("\"\"\"")) + QLatin1Char('"'));
    }
    return out.join(QLatin1Char(' '));
}

QString launchCommandLine(const QStringList& launchArgs) {
    return joinCommandLine(QStringList{QStringLiteral("catapult"), QStringLiteral("launch")} + launchArgs);
}

}  // namespace catapult
