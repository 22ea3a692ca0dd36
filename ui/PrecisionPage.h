#pragma once
// Wizard page 4: no / fp16 / bf16 / fp8, and the fp8 recipe (backend, format, current or
// delayed scaling with its amax history).

#include <QWizardPage>

class QComboBox;
class QGroupBox;
class QLabel;
class QSpinBox;

namespace catapult {

class SetupModel;

class PrecisionPage : public QWizardPage {
    Q_OBJECT
public:
    PrecisionPage(SetupModel* setup, QWidget* parent);
    void initializePage() override;

private:
    void store();  // the widgets' answers into the model
    SetupModel* m_setup;
    QComboBox* m_precision;
    QLabel* m_hint;
    QGroupBox* m_fp8;
    QComboBox* m_backend;
    QComboBox* m_format;
    QComboBox* m_scaling;
    QSpinBox* m_history;
    QComboBox* m_algo;
    QSpinBox* m_margin;
    QSpinBox* m_interval;
};

}  // namespace catapult
