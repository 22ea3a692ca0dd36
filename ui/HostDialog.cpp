#include "HostDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

namespace catapult {

HostDialog::HostDialog(const HostSpec& h, QWidget* parent) : QDialog(parent) {
    setWindowTitle(h.name.isEmpty() ? tr("Add machine") : tr("Edit %1").arg(h.name));
    auto* form = new QFormLayout;
    const auto line = [&](const char* objectName, const QString& value, const QString& placeholder) {
        auto* e = new QLineEdit(value, this);
        e->setObjectName(QString::fromLatin1(objectName));
        e->setPlaceholderText(placeholder);
        return e;
    };
    m_name = line("hostName", h.name, tr("gpu-node-1"));
    m_address = line("hostAddress", h.address, tr("the name, if empty"));
    const auto number = [&](const char* objectName, int min, int max, int value) {
        auto* b = new QSpinBox(this);
        b->setObjectName(QString::fromLatin1(objectName));
        b->setRange(min, max);
        b->setValue(value);
        return b;
    };
    m_port = number("hostPort", 1, 65535, h.port);
    m_user = line("hostUser", h.user, tr("your user name, if empty"));
    m_identity = line("hostIdentity", h.identityFile, tr("ssh-agent and ~/.ssh keys, if empty"));
    auto* browse = new QPushButton(tr("Browse..."), this);
    auto* identityRow = new QHBoxLayout;
    identityRow->addWidget(m_identity, 1);
    identityRow->addWidget(browse);
    m_agent = new QCheckBox(tr("Use ssh-agent"), this);
    m_agent->setObjectName(QStringLiteral("hostAgent"));
    m_agent->setChecked(h.useAgent);
    m_slots = number("hostSlots", 1, 1024, h.slotCount);
    m_workDir = line("hostWorkDir", h.workDir, tr("the login directory, if empty"));
    m_worker = line("hostWorker", h.workerPath, tr("catapult-worker on its PATH, if empty"));
    m_mainAddress = line("hostMainAddress", h.mainAddress, tr("the address, if empty"));
    m_environment = new QPlainTextEdit(this);
    m_environment->setObjectName(QStringLiteral("hostEnvironment"));
    m_environment->setPlaceholderText(tr("NCCL_SOCKET_IFNAME=eth0"));
    QStringList env;
    for (auto it = h.environment.begin(); it != h.environment.end(); ++it) env << it.key() + '=' + it.value();
    m_environment->setPlainText(env.join('\n'));
    m_environment->setMaximumHeight(80);
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Address:"), m_address);
    form->addRow(tr("SSH port:"), m_port);
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("Identity file:"), identityRow);
    form->addRow(QString(), m_agent);
    form->addRow(tr("Processes:"), m_slots);
    form->addRow(tr("Working directory:"), m_workDir);
    form->addRow(tr("Worker program:"), m_worker);
    form->addRow(tr("Reached by the others at:"), m_mainAddress);
    form->addRow(tr("Environment:"), m_environment);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &HostDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &HostDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Identity file"), QDir::homePath() + QStringLiteral("/.ssh"));
        if (!path.isEmpty()) m_identity->setText(path);
    });
}

HostSpec HostDialog::host() const {
    HostSpec h;
    h.name = m_name->text().trimmed();
    h.address = m_address->text().trimmed();
    h.port = m_port->value();
    h.user = m_user->text().trimmed();
    h.identityFile = m_identity->text().trimmed();
    h.useAgent = m_agent->isChecked();
    h.slotCount = m_slots->value();
    h.workDir = m_workDir->text().trimmed();
    h.workerPath = m_worker->text().trimmed();
    h.mainAddress = m_mainAddress->text().trimmed();
    for (const QString& line : m_environment->toPlainText().split('\n', Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0) h.environment.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    return h;
}

void HostDialog::accept() {
    const HostSpec h = host();
    QString problem;
    if (h.name.isEmpty() || h.name.contains(' ')) problem = tr("The name must be one word.");
    for (const QString& line : m_environment->toPlainText().split('\n', Qt::SkipEmptyParts))
        if (line.indexOf('=') <= 0) problem = tr("Environment lines are NAME=VALUE, not '%1'.").arg(line);
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, windowTitle(), problem);
        return;
    }
    QDialog::accept();
}

}  // namespace catapult
