#include "PrecisionPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "SetupModel.h"

namespace catapult {

PrecisionPage::PrecisionPage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Precision"));
    setSubTitle(tr("Mixed precision keeps fp32 master weights and computes in a narrower format."));
    m_precision = new QComboBox(this);
    m_precision->setObjectName(QStringLiteral("mixedPrecision"));
    m_precision->addItem(tr("no (fp32)"), QStringLiteral("no"));
    m_precision->addItem(tr("fp16 (with dynamic loss scaling)"), QStringLiteral("fp16"));
    m_precision->addItem(tr("bf16"), QStringLiteral("bf16"));
    m_precision->addItem(tr("fp8 (Hopper/Ada tensor cores; emulated on CPU)"), QStringLiteral("fp8"));
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_fp8 = new QGroupBox(tr("FP8 recipe"), this);
    m_backend = new QComboBox(m_fp8);
    m_backend->setObjectName(QStringLiteral("fp8Backend"));
    m_backend->addItem(tr("TE (TransformerEngine-style recipe)"), QStringLiteral("TE"));
    m_backend->addItem(tr("AO (torchao-style)"), QStringLiteral("AO"));
    m_backend->addItem(tr("MSAMP"), QStringLiteral("MSAMP"));
    m_format = new QComboBox(m_fp8);
    m_format->setObjectName(QStringLiteral("fp8Format"));
    m_format->addItem(tr("HYBRID (e4m3 forward, e5m2 gradients)"), QStringLiteral("HYBRID"));
    m_format->addItem(tr("E4M3"), QStringLiteral("E4M3"));
    m_scaling = new QComboBox(m_fp8);
    m_scaling->setObjectName(QStringLiteral("fp8Scaling"));
    m_scaling->addItem(tr("Delayed scaling (amax history)"), true);
    m_scaling->addItem(tr("Current scaling (this step's amax)"), false);
    m_history = new QSpinBox(m_fp8);
    m_history->setObjectName(QStringLiteral("fp8History"));
    m_history->setRange(1, 65536);
    m_algo = new QComboBox(m_fp8);
    m_algo->setObjectName(QStringLiteral("fp8Algo"));
    m_algo->addItem(QStringLiteral("max"), QStringLiteral("max"));
    m_algo->addItem(QStringLiteral("most_recent"), QStringLiteral("most_recent"));
    m_margin = new QSpinBox(m_fp8);
    m_margin->setObjectName(QStringLiteral("fp8Margin"));
    m_margin->setRange(0, 16);
    m_interval = new QSpinBox(m_fp8);
    m_interval->setObjectName(QStringLiteral("fp8Interval"));
    m_interval->setRange(1, 1000);
    auto* fp8Form = new QFormLayout(m_fp8);
    fp8Form->addRow(tr("Backend:"), m_backend);
    fp8Form->addRow(tr("Format:"), m_format);
    fp8Form->addRow(tr("Scaling:"), m_scaling);
    fp8Form->addRow(tr("Amax history length:"), m_history);
    fp8Form->addRow(tr("Amax from the history:"), m_algo);
    fp8Form->addRow(tr("Margin (powers of 2):"), m_margin);
    fp8Form->addRow(tr("Scale update interval (steps):"), m_interval);
    auto* form = new QFormLayout;
    form->addRow(tr("Mixed precision:"), m_precision);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(m_fp8);
    layout->addStretch();
    for (QComboBox* c : {m_precision, m_backend, m_format, m_scaling, m_algo})
        connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &PrecisionPage::store);
    for (QSpinBox* s : {m_history, m_margin, m_interval}) connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &PrecisionPage::store);
}

void PrecisionPage::initializePage() {
    const SetupChoices& c = m_setup->choices();
    const QSignalBlocker b1(m_precision), b2(m_backend), b3(m_format), b4(m_scaling), b5(m_history), b6(m_algo),
        b7(m_margin), b8(m_interval);
    m_precision->setCurrentIndex(m_precision->findData(QString::fromLatin1(toString(c.mixedPrecision))));
    m_backend->setCurrentIndex(m_backend->findData(c.fp8Backend));
    m_format->setCurrentIndex(m_format->findData(c.fp8Format));
    m_scaling->setCurrentIndex(c.fp8DelayedScaling ? 0 : 1);
    m_history->setValue(c.fp8AmaxHistoryLen);
    m_algo->setCurrentIndex(m_algo->findData(c.fp8AmaxComputeAlgo));
    m_margin->setValue(c.fp8Margin);
    m_interval->setValue(c.fp8Interval);
    store();
}

void PrecisionPage::store() {
    SetupChoices c = m_setup->choices();
    c.mixedPrecision = parseMixedPrecision(m_precision->currentData().toString().toStdString()).valueOr(MixedPrecision::No);
    c.fp8Backend = m_backend->currentData().toString();
    c.fp8Format = m_format->currentData().toString();
    c.fp8DelayedScaling = m_scaling->currentData().toBool();
    c.fp8AmaxHistoryLen = m_history->value();
    c.fp8AmaxComputeAlgo = m_algo->currentData().toString();
    c.fp8Margin = m_margin->value();
    c.fp8Interval = m_interval->value();
    m_fp8->setVisible(c.mixedPrecision == MixedPrecision::Fp8);
    const bool te = c.fp8Backend == QLatin1String("TE");
    for (QWidget* w : {static_cast<QWidget*>(m_format), static_cast<QWidget*>(m_scaling), static_cast<QWidget*>(m_margin),
                       static_cast<QWidget*>(m_interval)})
        w->setEnabled(te);
    m_history->setEnabled(te && c.fp8DelayedScaling);
    m_algo->setEnabled(te && c.fp8DelayedScaling);
    QString hint;
    const HardwareFacts f = m_setup->facts();
    if (c.useCpu || (f.known && f.gpuCount() == 0)) {
        if (c.mixedPrecision == MixedPrecision::Fp8) hint = tr("On the CPU, fp8 is emulated exactly and slowly: good for checking numerics.");
        else if (c.mixedPrecision == MixedPrecision::Fp16) hint = tr("On the CPU, bf16 is the better half-precision format.");
    } else if (f.known) {
        int minCc = 1000;
        for (int cc : f.computeCapabilities) minCc = std::min(minCc, cc);
        const bool tooOld = minCc < minimumComputeCapability(c.mixedPrecision);
        if (c.mixedPrecision == MixedPrecision::Fp8 && tooOld) hint = tr("These GPUs have no FP8 tensor cores (compute capability 8.9 or newer needed).");
        else if (c.mixedPrecision == MixedPrecision::Bf16 && tooOld) hint = tr("bf16 needs compute capability 8.0 or newer.");
    }
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
    m_setup->setChoices(c);
}

}  // namespace catapult
