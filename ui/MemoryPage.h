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

class SetupModel;

class MemoryPage : public QWizardPage {
    Q_OBJECT
public:
    MemoryPage(SetupModel* setup, QWidget* parent);
    void initializePage() override;

private:
    void store();  // the widgets' answers into the model
    void refreshEstimate();
    SetupModel* m_setup;
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
