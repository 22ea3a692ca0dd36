#pragma once
// Wizard page 1: what this machine has (the probe's findings, readable), with Probe again.

#include <QWizardPage>

class QPlainTextEdit;

namespace catapult {

class SetupWizard;

class HardwarePage : public QWizardPage {
    Q_OBJECT
public:
    explicit HardwarePage(SetupWizard* wizard);
    void initializePage() override;

private:
    void probe();
    void show();
    SetupWizard* m_wizard;
    QPlainTextEdit* m_text;
};

}  // namespace catapult
