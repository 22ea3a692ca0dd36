#pragma once
// Under the dashboard's charts when several runs are shown: their settings side by side
// (RunCompareModel), the rows that differ marked, "Only differences" to hide the rest.

#include <QList>
#include <QWidget>

#include "RunRecord.h"

class QCheckBox;
class QLabel;
class QTableView;

namespace catapult {

class RunCompareModel;

class RunCompareWidget : public QWidget {
    Q_OBJECT
public:
    explicit RunCompareWidget(QWidget* parent = nullptr);
    void setRuns(const QList<RunRecord>& runs);
    RunCompareModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QCheckBox* onlyDifferences() const { return m_only; }

private:
    void updateSummary();
    RunCompareModel* m_model;
    QTableView* m_view;
    QCheckBox* m_only;
    QLabel* m_summary;
};

}  // namespace catapult
