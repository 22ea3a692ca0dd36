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
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(createBar());
    layout->addWidget(m_view, 1);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        emit openRuns({index.data(RunListModel::RunIdRole).toLongLong()});
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HistoryWidget::updateButtons);
    refresh();
}

// The filter and a button per action on the selected runs.
QHBoxLayout* HistoryWidget::createBar() {
    auto* bar = new QHBoxLayout;
    auto* filter = new QLineEdit(this);
    filter->setObjectName(QStringLiteral("historyFilter"));
    filter->setPlaceholderText(tr("Filter runs (name, status, ...)"));
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    bar->addWidget(filter, 1);
    auto button = [&](const QString& text, const char* name, const QString& tip, auto onClick) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        connect(b, &QPushButton::clicked, this, onClick);
        bar->addWidget(b);
        return b;
    };
    button(tr("Open charts"), "openCharts", QString(), [this] {
        if (const auto run = selectedRun()) emit openRuns({run->id});
    });
    button(tr("Compare selected"), "compareRuns", tr("The selected runs' charts overlaid, and their settings side by side"), [this] {
        if (const auto ids = selectedRuns(); !ids.isEmpty()) emit openRuns(ids);
    });
    button(tr("Relaunch"), "relaunchRun", QString(), [this] {
        if (const auto run = selectedRun()) emit relaunch(run->command);
    });
    button(tr("Resume"), "resumeRun", tr("Continue the selected run from its newest usable checkpoint"), [this] {
        if (const auto run = selectedRun()) emit resume(run->id, run->command);
    });
    button(tr("Open folder"), "openFolder", tr("The selected run's folder: metrics, logs, checkpoints and the exported model or adapter"), [this] {
        if (const auto run = selectedRun()) QDesktopServices::openUrl(QUrl::fromLocalFile(run->runDir));
    });
    m_export = button(tr("Export model..."), "exportModel",
                      tr("Copy the finished run's model or LoRA adapter (or the adapter merged into its base) to a folder"), [this] {
                          if (const auto run = selectedRun()) exportModel(run->id);
                      });
    m_export->setEnabled(false);
    button(tr("Delete"), "deleteRuns", QString(), [this] { deleteSelected(); });
    button(tr("Refresh"), "refreshRuns", QString(), [this] { refresh(); });
    return bar;
}

void HistoryWidget::deleteSelected() {
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
}

void HistoryWidget::refresh() {
    if (m_store) m_model->setRuns(m_store->listRuns());
    m_view->resizeColumnsToContents();
    updateButtons();
}

// A run exports its model when it finishes; the others have nothing to export.
void HistoryWidget::updateButtons() {
    const auto run = selectedRun();
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

std::optional<RunRecord> HistoryWidget::selectedRun() const {
    const auto ids = selectedRuns();
    return ids.isEmpty() || !m_store ? std::nullopt : m_store->run(ids.front());
}

QVector<qint64> HistoryWidget::selectedRuns() const {
    QVector<qint64> ids;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) ids << index.data(RunListModel::RunIdRole).toLongLong();
    return ids;
}

}  // namespace catapult
