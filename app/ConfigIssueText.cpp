#include "ConfigIssueText.h"

#include <QCoreApplication>

namespace catapult {

QString issueText(const ConfigIssue& issue) {
    QString text = QCoreApplication::translate("ConfigIssue", issue.text.c_str());
    // Arguments may themselves be templates (expected types): translate those too.
    for (std::size_t i = 0; i < issue.args.size(); ++i) {
        const QString arg = QCoreApplication::translate("ConfigIssue", issue.args[i].c_str());
        text.replace(QStringLiteral("%") + QString::number(i + 1), arg);
    }
    return text;
}

QString severityText(ConfigIssue::Severity severity) {
    switch (severity) {
    case ConfigIssue::Severity::Error: return QCoreApplication::translate("catapult::ConfigIssueText", "error");
    case ConfigIssue::Severity::Warning: return QCoreApplication::translate("catapult::ConfigIssueText", "warning");
    case ConfigIssue::Severity::Note: return QCoreApplication::translate("catapult::ConfigIssueText", "note");
    }
    return {};
}

}  // namespace catapult
