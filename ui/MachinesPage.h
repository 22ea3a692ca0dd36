#pragma once
// Wizard page 2: this machine or several; processes per machine; main process address/port.

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace catapult {

class SetupWizard;

class MachinesPage : public QWizardPage {
    Q_OBJECT
public:
    explicit MachinesPage(SetupWizard* wizard);
    void initializePage() override;
    bool validatePage() override;

private:
    void update();
    SetupWizard* m_wizard;
    QRadioButton* m_single;
    QRadioButton* m_several;
    QSpinBox* m_machines;
    QSpinBox* m_processes;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLabel* m_total;
};

}  // namespace catapult
