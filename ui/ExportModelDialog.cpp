#include "ExportModelDialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QThread>
#include <QUrl>
#include <QVBoxLayout>

#include "LaunchFacts.h"

namespace catapult {

ExportModelDialog::ExportModelDialog(const RunRecord& run, const RunExport& exported, QWidget* parent)
    : QDialog(parent), m_export(exported) {
    setWindowTitle(tr("Export model of run %1").arg(run.id));
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("exportOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_start = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startExport"));
    m_openFolder = buttons->addButton(tr("Open folder"), QDialogButtonBox::ActionRole);
    m_openFolder->setEnabled(false);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(createForm(run));
    layout->addWidget(m_outcome);
    layout->addWidget(buttons);
    connect(m_start, &QPushButton::clicked, this, &ExportModelDialog::startExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_destination->text()));
    });
    resize(640, sizeHint().height());
}

// What the run exported, what to export (a LoRA run: the adapter or the merged model) and where to.
QFormLayout* ExportModelDialog::createForm(const RunRecord& run) {
    auto* form = new QFormLayout;
    form->addRow(tr("Exported by the run:"), new QLabel(m_export.path, this));
    if (m_export.format == RunExport::Format::PeftAdapter) {
        m_adapter = new QRadioButton(tr("LoRA adapter (PEFT: adapter_config.json, adapter_model.safetensors)"), this);
        m_merged = new QRadioButton(tr("Merged model (the adapter merged into %1)").arg(m_export.base), this);
        m_adapter->setChecked(true);
        auto* what = new QVBoxLayout;
        what->addWidget(m_adapter);
        what->addWidget(m_merged);
        form->addRow(tr("Export:"), what);
    }
    m_destination = new QLineEdit(QDir::homePath() + QStringLiteral("/catapult-exports/run-%1").arg(run.id), this);
    m_destination->setObjectName(QStringLiteral("exportDestination"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    connect(browse, &QPushButton::clicked, this, &ExportModelDialog::browse);
    auto* where = new QHBoxLayout;
    where->addWidget(m_destination, 1);
    where->addWidget(browse);
    form->addRow(tr("To the new or empty folder:"), where);
    return form;
}

void ExportModelDialog::browse() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export to"), m_destination->text());
    if (!dir.isEmpty()) m_destination->setText(dir);
}

// The copy or the merge runs on its own thread; the dialog stays responsive and says when it is done.
void ExportModelDialog::startExport() {
    if (m_busy) return;
    const QString folder = m_destination->text().trimmed();
    if (folder.isEmpty()) return finish(Status::error(tr("Choose the folder to export to.").toStdString()), folder);
    const bool merged = m_merged && m_merged->isChecked();
    m_busy = true;
    m_start->setEnabled(false);
    m_outcome->setText(merged ? tr("Merging the adapter into the base model...") : tr("Copying..."));
    auto status = std::make_shared<Status>(Status::success());
    QThread* thread = QThread::create([status, run = m_export, folder, merged, worker = workerPath()] {
        *status = copyRunExport(run, folder, merged, worker);
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, status, folder] { finish(*status, folder); });
    thread->start();
}

// Not closed half-way through an export (the folder would be left half-written).
void ExportModelDialog::reject() {
    if (!m_busy) QDialog::reject();
}

void ExportModelDialog::finish(const Status& status, const QString& folder) {
    m_busy = false;
    m_start->setEnabled(true);
    m_openFolder->setEnabled(status.ok());
    m_outcome->setText(status.ok() ? tr("Exported to %1").arg(folder) : tr("Not exported: %1").arg(QString::fromStdString(status.message())));
    if (status.ok()) emit exported(folder);
}

}  // namespace catapult
