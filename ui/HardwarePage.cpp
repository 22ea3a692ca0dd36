#include "HardwarePage.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "LaunchFacts.h"
#include "SetupWizard.h"

namespace catapult {

HardwarePage::HardwarePage(SetupWizard* wizard) : QWizardPage(wizard), m_wizard(wizard) {
    setTitle(tr("Hardware"));
    setSubTitle(tr("What this machine has. The next pages only offer what it can run."));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("hardwareText"));
    m_text->setReadOnly(true);
    auto* again = new QPushButton(tr("Probe again"), this);
    connect(again, &QPushButton::clicked, this, &HardwarePage::probe);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(again, 0, Qt::AlignLeft);
}

void HardwarePage::initializePage() {
    if (!m_wizard->hasHardware()) probe();
    show();
}

void HardwarePage::probe() {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto report = HardwareReport::probe(workerPath(), runsBaseDir());
    QApplication::restoreOverrideCursor();
    if (!report.ok()) {
        m_text->setPlainText(tr("The hardware probe failed: %1\nThe wizard continues without hardware checks.")
                                 .arg(QString::fromStdString(report.status().message())));
        return;
    }
    m_wizard->setHardware(report.value());
    show();
}

void HardwarePage::show() {
    if (m_wizard->hasHardware()) m_text->setPlainText(m_wizard->hardware().summaryLines().join('\n'));
}

}  // namespace catapult
