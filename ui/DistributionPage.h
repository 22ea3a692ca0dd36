#pragma once
// Wizard page 3: none, data parallel, ZeRO 1/2/3 or FSDP (with its options); CPU or GPUs
// and which GPUs.

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLineEdit;

namespace catapult {

class SetupModel;

class DistributionPage : public QWizardPage {
    Q_OBJECT
public:
    DistributionPage(SetupModel* setup, QWidget* parent);
    void initializePage() override;

private:
    void store();  // the widgets' answers into the model
    SetupModel* m_setup;
    QComboBox* m_strategy;
    QCheckBox* m_cpu;
    QLineEdit* m_gpuIds;
    QGroupBox* m_fsdp;
    QComboBox* m_fsdpVersion;
    QComboBox* m_fsdpSharding;
    QCheckBox* m_reshard;
    QComboBox* m_wrap;
    QLineEdit* m_layerClass;
    QComboBox* m_stateDict;
    QCheckBox* m_ramEfficient;
};

}  // namespace catapult
