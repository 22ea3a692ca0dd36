#include "ProgressLine.h"

#include <QCoreApplication>

#include <cmath>

namespace catapult {
namespace {

QString duration(double seconds) {
    const qint64 s = static_cast<qint64>(seconds + 0.5);
    if (s >= 3600) return QStringLiteral("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString rate(double tokensPerSecond) {
    if (tokensPerSecond >= 1e6) return QString::number(tokensPerSecond / 1e6, 'f', 2) + QLatin1Char('M');
    if (tokensPerSecond >= 1e3) return QString::number(tokensPerSecond / 1e3, 'f', 1) + QLatin1Char('k');
    return QString::number(tokensPerSecond, 'f', 0);
}

}  // namespace

bool ProgressLine::update(const QJsonObject& m) {
    const QString type = m.value("type").toString();
    if (type == QLatin1String("started")) {
        m_totalSteps = m.value("steps").toInteger();
        return false;
    }
    if (type == QLatin1String("eval") && m.contains("loss")) {
        m_evalLoss = m.value("loss").toDouble(NAN);
        return true;
    }
    if (type != QLatin1String("step")) return false;
    m_step = m.value("step").toInteger();
    if (m.contains("loss")) m_loss = m.value("loss").toDouble(NAN);  // null: not finite; absent: as before
    const double tps = m.value("tokens_per_s").toDouble();
    // Smooth the throughput so the line does not flicker.
    m_tokensPerSecond = m_tokensPerSecond > 0 ? 0.8 * m_tokensPerSecond + 0.2 * tps : tps;
    m_elapsed = m.value("time").toDouble();
    return true;
}

QString ProgressLine::text() const {
    QString steps = m_totalSteps > 0 ? QStringLiteral("%1/%2").arg(m_step).arg(m_totalSteps) : QString::number(m_step);
    // A program that reports no throughput (most Python scripts) gets no tokens/s column.
    QString line = m_tokensPerSecond > 0
                       ? QCoreApplication::translate("catapult::Progress", "step %1 | loss %2 | %3 tok/s | %4 elapsed")
                             .arg(steps, QString::number(m_loss, 'f', 4), rate(m_tokensPerSecond), duration(m_elapsed))
                       : QCoreApplication::translate("catapult::Progress", "step %1 | loss %2 | %3 elapsed")
                             .arg(steps, QString::number(m_loss, 'f', 4), duration(m_elapsed));
    if (!std::isnan(m_evalLoss))
        line += QCoreApplication::translate("catapult::Progress", " | eval loss %1").arg(QString::number(m_evalLoss, 'f', 4));
    if (m_totalSteps > 0 && m_step > 0) {
        const double eta = m_elapsed / static_cast<double>(m_step) * static_cast<double>(m_totalSteps - m_step);
        line += QCoreApplication::translate("catapult::Progress", " | ETA %1").arg(duration(eta));
    }
    return line;
}

}  // namespace catapult
