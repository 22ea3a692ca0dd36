#include "RunCompareWidget.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTableView>
#include <QVBoxLayout>

#include "RunCompareModel.h"

namespace catapult {

RunCompareWidget::RunCompareWidget(QWidget* parent) : QWidget(parent), m_model(new RunCompareModel(this)) {
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("compareSummary"));
    m_only = new QCheckBox(tr("Only differences"), this);
    m_only->setObjectName(QStringLiteral("onlyDifferences"));
    m_only->setChecked(QSettings().value(QStringLiteral("compare/only_differences"), true).toBool());
    m_model->setOnlyDifferences(m_only->isChecked());
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("compareView"));
    m_view->setModel(m_model);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);  // compact rows: more settings in view
    m_view->setWordWrap(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_only);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    connect(m_only, &QCheckBox::toggled, this, [this](bool only) {
        QSettings().setValue(QStringLiteral("compare/only_differences"), only);
        m_model->setOnlyDifferences(only);
        updateSummary();
    });
}

void RunCompareWidget::setRuns(const QList<RunRecord>& runs) {
    m_model->setRuns(runs);
    m_view->resizeColumnsToContents();
    updateSummary();
}

void RunCompareWidget::updateSummary() {
    int differing = 0;
    for (int r = 0; r < m_model->rowCount(); ++r)
        differing += m_model->index(r, 0).data(RunCompareModel::DiffersRole).toBool() ? 1 : 0;
    m_summary->setText(m_model->onlyDifferences()
                           ? tr("Settings of %n run(s): %1 differ", nullptr, m_model->runCount()).arg(differing)
                           : tr("Settings of %n run(s): %1 of %2 differ (marked)", nullptr, m_model->runCount())
                                 .arg(differing).arg(m_model->rowCount()));
    m_view->resizeColumnsToContents();
}

}  // namespace catapult
