#include "EventText.h"

#include <QCoreApplication>

namespace catapult {

QString eventLogText(const QJsonObject& m) {
    const QString type = m.value("type").toString();
    const QString message = m.value("message").toString();
    if (type == QLatin1String("error")) return QCoreApplication::translate("catapult", "error: %1").arg(message);
    if (type == QLatin1String("alert")) return QCoreApplication::translate("catapult", "alert: %1").arg(message);
    if (type == QLatin1String("checkpoint") && m.value("action").toString() == QLatin1String("loaded"))
        return QCoreApplication::translate("catapult", "resumed from %1 (its step %2); training continues with step %3")
            .arg(m.value("path").toString())
            .arg(m.value("step").toInteger())
            .arg(m.value("step").toInteger() + 1);
    if (type == QLatin1String("checkpoint") && m.value("action").toString() == QLatin1String("exported"))
        return QCoreApplication::translate("catapult", "the trained model is in %1").arg(m.value("path").toString());
    return {};
}

}  // namespace catapult
