#pragma once
// Wizard page 1: the hardware the config is for. This machine (the probe's findings, with
// Probe again), the Machines tab's machines (each probed over SSH by the tab's Check), or
// machines the user describes (GPU model, GPUs and memory per machine,
// cores and RAM), for a config prepared here and run elsewhere. The next pages offer, and the
// Review page checks, what that target can run.

#include <QWizardPage>

#include "DescribedMachine.h"

class QComboBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace catapult {

class HostsWidget;
class SetupModel;

class HardwarePage : public QWizardPage {
    Q_OBJECT
public:
    HardwarePage(SetupModel* setup, QWidget* parent);
    void initializePage() override;
    // The Machines tab, whose machines are offered as a target (null: not offered).
    void setMachinesTab(HostsWidget* hosts) { m_hosts = hosts; }

private:
    QWidget* buildDescription();
    void probe();
    void probeAgain();
    void targetChanged();
    bool lastCheckIsCurrent() const;
    void useMachinesTab(bool checkAgain);
    void applyMachinesTab();
    void modelChosen();
    void show();
    SetupModel* m_setup;
    HostsWidget* m_hosts = nullptr;
    QRadioButton* m_thisMachine;
    QRadioButton* m_machinesTab;
    QRadioButton* m_described;
    QWidget* m_description;
    QComboBox* m_gpuModel;
    QSpinBox* m_gpus;
    QDoubleSpinBox* m_gpuMemory;
    QSpinBox* m_cores;
    QDoubleSpinBox* m_ram;
    QPlainTextEdit* m_text;
    QPushButton* m_probeAgain;
};

}  // namespace catapult
