#pragma once
// Wizard page 2: this machine or several; processes per machine; main process address/port.

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;

namespace catapult {

class SetupModel;

class MachinesPage : public QWizardPage {
    Q_OBJECT
public:
    MachinesPage(SetupModel* setup, QWidget* parent);
    void initializePage() override;
    bool validatePage() override;

private:
    void store();  // the widgets' answers into the model
    SetupModel* m_setup;
    QRadioButton* m_single;
    QRadioButton* m_several;
    QSpinBox* m_machines;
    QSpinBox* m_processes;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLabel* m_total;
};

}  // namespace catapult
