#include "IssueListModel.h"

#include "ConfigIssueText.h"

namespace catapult {

IssueListModel::IssueListModel(QObject* parent) : QAbstractListModel(parent) {}

void IssueListModel::setIssues(std::vector<ConfigIssue> issues) {
    beginResetModel();
    m_issues = std::move(issues);
    endResetModel();
}

int IssueListModel::errorCount() const {
    int n = 0;
    for (const auto& i : m_issues) n += i.severity == ConfigIssue::Severity::Error;
    return n;
}

int IssueListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_issues.size()); }

QVariant IssueListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= static_cast<int>(m_issues.size())) return {};
    const ConfigIssue& i = m_issues[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1: %2").arg(severityText(i.severity), issueText(i));
    case Qt::ToolTipRole: return QString::fromStdString(i.key);
    case SeverityRole: return static_cast<int>(i.severity);
    case KeyRole: return QString::fromStdString(i.key);
    default: return {};
    }
}

}  // namespace catapult
