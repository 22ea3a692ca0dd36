#pragma once
// Config findings as a list: severity icon role, translated text, the key as tooltip.

#include <QAbstractListModel>
#include <vector>

#include "catapult/ConfigIssue.h"

namespace catapult {

class IssueListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles { SeverityRole = Qt::UserRole + 1, KeyRole };
    explicit IssueListModel(QObject* parent = nullptr);

    void setIssues(std::vector<ConfigIssue> issues);
    const std::vector<ConfigIssue>& issues() const { return m_issues; }
    int errorCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    std::vector<ConfigIssue> m_issues;
};

}  // namespace catapult
