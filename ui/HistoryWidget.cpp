#include "HistoryWidget.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "ExportModelDialog.h"
#include "RunExport.h"
#include "RunListModel.h"
#include "RunStore.h"

namespace catapult {

HistoryWidget::HistoryWidget(RunStore* store, QWidget* parent) : QWidget(parent), m_store(store) {
    m_model = new RunListModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunListModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("historyView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RunListModel::IdColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->setVisible(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    auto* filter = new QLineEdit(this);
    filter->setObjectName(QStringLiteral("historyFilter"));
    filter->setPlaceholderText(tr("Filter runs (name, status, ...)"));
    filter->setClearButtonEnabled(true);
    auto* open = new QPushButton(tr("Open charts"), this);
    auto* compare = new QPushButton(tr("Compare selected"), this);
    compare->setObjectName(QStringLiteral("compareRuns"));
    compare->setToolTip(tr("The selected runs' charts overlaid, and their settings side by side"));
    auto* again = new QPushButton(tr("Relaunch"), this);
    auto* resume = new QPushButton(tr("Resume"), this);
    resume->setObjectName(QStringLiteral("resumeRun"));
    resume->setToolTip(tr("Continue the selected run from its newest usable checkpoint"));
    auto* folder = new QPushButton(tr("Open folder"), this);
    folder->setObjectName(QStringLiteral("openFolder"));
    folder->setToolTip(tr("The selected run's folder: metrics, logs, checkpoints and the exported model or adapter"));
    m_export = new QPushButton(tr("Export model..."), this);
    m_export->setObjectName(QStringLiteral("exportModel"));
    m_export->setToolTip(tr("Copy the finished run's model or LoRA adapter (or the adapter merged into its base) to a folder"));
    m_export->setEnabled(false);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* reload = new QPushButton(tr("Refresh"), this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(filter, 1);
    for (QPushButton* b : {open, compare, again, resume, folder, m_export, remove, reload}) bar->addWidget(b);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(open, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (!ids.isEmpty()) emit openRuns({ids.front()});
    });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        emit openRuns({index.data(RunListModel::RunIdRole).toLongLong()});
    });
    connect(compare, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (!ids.isEmpty()) emit openRuns(ids);
    });
    connect(again, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (ids.isEmpty() || !m_store) return;
        if (auto run = m_store->run(ids.front())) emit relaunch(run->command);
    });
    connect(resume, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (ids.isEmpty() || !m_store) return;
        if (auto run = m_store->run(ids.front())) emit this->resume(run->id, run->command);
    });
    connect(folder, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (ids.isEmpty() || !m_store) return;
        if (auto run = m_store->run(ids.front())) QDesktopServices::openUrl(QUrl::fromLocalFile(run->runDir));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (ids.isEmpty() || !m_store) return;
        if (QMessageBox::question(this, tr("Delete runs"),
                                  tr("Delete %n run(s) from the history? Their folders stay on disk.", nullptr, static_cast<int>(ids.size()))) !=
            QMessageBox::Yes)
            return;
        for (qint64 id : ids) {
            if (Status s = m_store->deleteRun(id); !s.ok()) {
                QMessageBox::warning(this, tr("Delete runs"), QString::fromStdString(s.message()));
                break;
            }
        }
        refresh();
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const auto ids = selectedRuns();
        if (!ids.isEmpty()) exportModel(ids.front());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryWidget::updateButtons);
    connect(reload, &QPushButton::clicked, this, &HistoryWidget::refresh);
    refresh();
}

void HistoryWidget::refresh() {
    if (m_store) m_model->setRuns(m_store->listRuns());
    m_view->resizeColumnsToContents();
    updateButtons();
}

// A run exports its model when it finishes; the others have nothing to export.
void HistoryWidget::updateButtons() {
    const auto ids = selectedRuns();
    const auto run = ids.isEmpty() || !m_store ? std::nullopt : m_store->run(ids.front());
    m_export->setEnabled(run && run->status == QLatin1String("finished"));
}

void HistoryWidget::exportModel(qint64 runId) {
    const auto run = m_store ? m_store->run(runId) : std::nullopt;
    if (!run) return;
    auto found = findRunExport(run->runDir);
    if (!found.ok()) {
        QMessageBox::warning(this, tr("Export model"), QString::fromStdString(found.status().message()));
        return;
    }
    auto* dialog = new ExportModelDialog(*run, found.value(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

QVector<qint64> HistoryWidget::selectedRuns() const {
    QVector<qint64> ids;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) ids << index.data(RunListModel::RunIdRole).toLongLong();
    return ids;
}

}  // namespace catapult
