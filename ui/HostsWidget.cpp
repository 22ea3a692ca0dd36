#include "HostsWidget.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include "HostDialog.h"
#include "HostFile.h"
#include "SshConfig.h"
#include "HostListModel.h"
#include "PreflightModel.h"
#include "PreflightTask.h"
#include "RunStore.h"
#include "SshPrompts.h"

namespace catapult {
namespace {

// Failed checks in red.
class CheckDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!index.data(Qt::UserRole).toBool()) option->palette.setColor(QPalette::Text, QColor(200, 30, 30));
    }
};

}  // namespace

HostsWidget::HostsWidget(RunStore* store, QWidget* parent) : QWidget(parent), m_store(store) {
    m_model = new HostListModel(this);
    if (m_store) m_model->setHosts(m_store->hosts());
    m_checks = new PreflightModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("hostsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setStretchLastSection(true);
    auto* checkView = new QTableView(this);
    m_checksView = checkView;
    checkView->setObjectName(QStringLiteral("checksView"));
    checkView->setModel(m_checks);
    checkView->setItemDelegate(new CheckDelegate(checkView));
    checkView->horizontalHeader()->setStretchLastSection(true);
    checkView->verticalHeader()->hide();
    checkView->verticalHeader()->setDefaultSectionSize(checkView->fontMetrics().height() + 6);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    const auto fit = [this] { m_view->resizeColumnsToContents(); };
    connect(m_model, &QAbstractItemModel::modelReset, this, fit);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, fit);
    connect(m_model, &QAbstractItemModel::dataChanged, this, fit);
    fit();

    const auto button = [this](const QString& text, const char* objectName) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(QString::fromLatin1(objectName));
        return b;
    };
    auto* add = button(tr("Add..."), "addHost");
    auto* editButton = button(tr("Edit..."), "editHost");
    auto* remove = button(tr("Remove"), "removeHost");
    auto* up = button(tr("Up"), "moveHostUp");
    auto* importFile = button(tr("Import hostfile..."), "importHostFile");
    auto* importSsh = button(tr("Import ~/.ssh/config"), "importSshConfig");
    m_check = button(tr("Check machines"), "checkHosts");
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {add, editButton, remove, up, importFile, importSsh}) buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_check);
    m_status = new QLabel(tr("Machine 0 runs the main process. Check connects to every machine and runs the pre-flight."), this);
    m_status->setObjectName(QStringLiteral("checkStatus"));
    m_status->setWordWrap(true);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(checkView);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    const auto selectedRow = [this] {
        const auto rows = m_view->selectionModel()->selectedRows();
        return rows.isEmpty() ? -1 : rows.first().row();
    };
    connect(add, &QPushButton::clicked, this, [this] { edit(m_model->rowCount()); });
    connect(editButton, &QPushButton::clicked, this, [this, selectedRow] {
        if (selectedRow() >= 0) edit(selectedRow());
    });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex& i) { edit(i.row()); });
    connect(remove, &QPushButton::clicked, this, [this, selectedRow] {
        m_model->removeHost(selectedRow());
        save();
    });
    connect(up, &QPushButton::clicked, this, [this, selectedRow] {
        const int row = selectedRow();
        if (row <= 0) return;
        std::vector<HostSpec> hosts = m_model->hosts();
        std::swap(hosts[row], hosts[row - 1]);
        m_model->setHosts(hosts);
        m_view->selectRow(row - 1);
        save();
    });
    connect(importFile, &QPushButton::clicked, this, &HostsWidget::importHostFile);
    connect(importSsh, &QPushButton::clicked, this, &HostsWidget::importSshConfig);
    connect(m_check, &QPushButton::clicked, this, &HostsWidget::check);
}

void HostsWidget::addHost(const HostSpec& host) {
    const auto& hosts = m_model->hosts();
    const auto it = std::find_if(hosts.begin(), hosts.end(), [&](const HostSpec& h) { return h.name == host.name; });
    m_model->setHost(static_cast<int>(it - hosts.begin()), host);
    save();
}

void HostsWidget::edit(int row) {
    HostDialog dialog(row < m_model->rowCount() ? m_model->hosts()[row] : HostSpec{}, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const HostSpec h = dialog.host();
    for (int i = 0; i < m_model->rowCount(); ++i)
        if (i != row && m_model->hosts()[i].name == h.name) {
            QMessageBox::warning(this, tr("Machines"), tr("There is already a machine named %1.").arg(h.name));
            return;
        }
    m_model->setHost(row, h);
    save();
}

void HostsWidget::save() {
    if (!m_store) return;
    if (Status s = m_store->saveHosts(m_model->hosts()); !s.ok()) m_status->setText(QString::fromStdString(s.message()));
}

void HostsWidget::importHostFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import hostfile"));
    if (path.isEmpty()) return;
    auto read = readHostFile(path);
    if (!read.ok()) {
        QMessageBox::warning(this, tr("Import hostfile"), QString::fromStdString(read.status().message()));
        return;
    }
    for (const HostSpec& h : read.value()) addHost(h);
    m_status->setText(tr("Imported %1 machine(s) from %2.").arg(read.value().size()).arg(path));
}

void HostsWidget::importSshConfig() {
    const QString path = defaultSshConfigPath();
    const auto imported = catapult::importSshConfig(path);
    if (!imported.ok()) {
        m_status->setText(QString::fromStdString(imported.status().message()));
        return;
    }
    for (const HostSpec& h : imported.value()) addHost(h);
    m_status->setText(tr("Imported %1 Host entr(ies) from %2; set their processes with Edit.").arg(imported.value().size()).arg(path));
}

void HostsWidget::check() {
    if (m_task || m_model->rowCount() == 0) return;
    LaunchSettings s;
    s.hosts = m_model->hosts();
    s.useCpu = true;  // GPUs are checked against a job at launch; here, what each machine has
    s.masterAddr = s.hosts.front().reachableAddress();
    s.builtinRecipe = true;
    s.program = {QStringLiteral("catapult-worker"), QStringLiteral("train")};
    for (const HostSpec& h : s.hosts) s.numProcesses += h.slotCount;
    m_task = new PreflightTask(this);
    connect(m_task, &PreflightTask::progress, m_status, &QLabel::setText);
    connect(m_task, &PreflightTask::finished, this, [this] {
        const PreflightResult r = m_task->takeResult();
        m_task->deleteLater();
        m_task = nullptr;
        m_check->setEnabled(true);
        m_checks->setResult(r.hosts);
        m_lastCheck = r.hosts;
        m_checksView->resizeColumnsToContents();
        m_status->setText(r.ok() ? tr("Every machine is ready.")
                                 : tr("%n check(s) failed: %1", nullptr, m_checks->failedCount()).arg(r.problems().join(QStringLiteral("; "))));
        emit checkFinished(r.ok());
    });
    m_check->setEnabled(false);
    m_task->start(s, interactiveSshOptions(this));
}

}  // namespace catapult
