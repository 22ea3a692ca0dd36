#pragma once
// Wizard page 5: offload of optimizer state / parameters to CPU or disk, gradient
// accumulation, activation checkpointing, and a live memory estimate per device for the
// chosen model, with a fits / does-not-fit verdict.

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStandardItemModel;

namespace catapult {

class SetupWizard;

class MemoryPage : public QWizardPage {
    Q_OBJECT
public:
    explicit MemoryPage(SetupWizard* wizard);
    void initializePage() override;

private:
    void update();
    void refreshEstimate();
    SetupWizard* m_wizard;
    QComboBox* m_offloadOptimizer;
    QComboBox* m_offloadParams;
    QLineEdit* m_optimizerPath;
    QLineEdit* m_paramPath;
    QSpinBox* m_accumulation;
    QCheckBox* m_checkpointing;
    QComboBox* m_modelSize;
    QSpinBox* m_batch;
    QSpinBox* m_seqLen;
    QStandardItemModel* m_table;
    QLabel* m_verdict;
};

}  // namespace catapult
