#include "DistributionPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QVBoxLayout>

#include "SetupModel.h"

namespace catapult {

using Strategy = SetupChoices::Strategy;

DistributionPage::DistributionPage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Distribution"));
    setSubTitle(tr("How the processes share the work. ZeRO and FSDP shard optimizer state, gradients and "
                   "parameters to fit larger models."));
    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("strategy"));
    m_strategy->addItem(tr("None (one process)"), static_cast<int>(Strategy::None));
    m_strategy->addItem(tr("Data parallel (DDP)"), static_cast<int>(Strategy::DataParallel));
    m_strategy->addItem(tr("ZeRO stage 1 (DeepSpeed: optimizer state sharded)"), static_cast<int>(Strategy::Zero1));
    m_strategy->addItem(tr("ZeRO stage 2 (DeepSpeed: + gradients sharded)"), static_cast<int>(Strategy::Zero2));
    m_strategy->addItem(tr("ZeRO stage 3 (DeepSpeed: + parameters sharded)"), static_cast<int>(Strategy::Zero3));
    m_strategy->addItem(tr("FSDP (fully sharded data parallel)"), static_cast<int>(Strategy::Fsdp));
    m_cpu = new QCheckBox(tr("Train on the CPU"), this);
    m_cpu->setObjectName(QStringLiteral("useCpu"));
    m_gpuIds = new QLineEdit(this);
    m_gpuIds->setObjectName(QStringLiteral("gpuIds"));
    m_gpuIds->setPlaceholderText(tr("all, or a list such as 0,1"));

    m_fsdp = new QGroupBox(tr("FSDP options"), this);
    m_fsdpVersion = new QComboBox(m_fsdp);
    m_fsdpVersion->setObjectName(QStringLiteral("fsdpVersion"));
    m_fsdpVersion->addItem(tr("2 (per-parameter sharding)"), 2);
    m_fsdpVersion->addItem(tr("1 (flat parameters)"), 1);
    m_fsdpSharding = new QComboBox(m_fsdp);
    m_fsdpSharding->setObjectName(QStringLiteral("fsdpSharding"));
    for (const char* s : {"FULL_SHARD", "SHARD_GRAD_OP", "NO_SHARD", "HYBRID_SHARD", "HYBRID_SHARD_ZERO2"})
        m_fsdpSharding->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_reshard = new QCheckBox(tr("Reshard parameters after forward"), m_fsdp);
    m_reshard->setObjectName(QStringLiteral("fsdpReshard"));
    m_wrap = new QComboBox(m_fsdp);
    m_wrap->setObjectName(QStringLiteral("fsdpWrap"));
    for (const char* s : {"TRANSFORMER_BASED_WRAP", "SIZE_BASED_WRAP", "NO_WRAP"}) m_wrap->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_layerClass = new QLineEdit(m_fsdp);
    m_layerClass->setObjectName(QStringLiteral("fsdpLayerClass"));
    m_layerClass->setPlaceholderText(tr("empty: the model's _no_split_modules"));
    m_stateDict = new QComboBox(m_fsdp);
    m_stateDict->setObjectName(QStringLiteral("fsdpStateDict"));
    for (const char* s : {"SHARDED_STATE_DICT", "FULL_STATE_DICT"}) m_stateDict->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    m_ramEfficient = new QCheckBox(tr("CPU-RAM-efficient loading"), m_fsdp);
    m_ramEfficient->setObjectName(QStringLiteral("fsdpRamEfficient"));
    auto* fsdpForm = new QFormLayout(m_fsdp);
    fsdpForm->addRow(tr("FSDP version:"), m_fsdpVersion);
    fsdpForm->addRow(tr("Sharding strategy (version 1):"), m_fsdpSharding);
    fsdpForm->addRow(m_reshard);
    fsdpForm->addRow(tr("Auto wrap policy:"), m_wrap);
    fsdpForm->addRow(tr("Layer class to wrap:"), m_layerClass);
    fsdpForm->addRow(tr("State dict type:"), m_stateDict);
    fsdpForm->addRow(m_ramEfficient);

    auto* form = new QFormLayout;
    form->addRow(tr("Strategy:"), m_strategy);
    form->addRow(m_cpu);
    form->addRow(tr("GPU ids:"), m_gpuIds);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_fsdp);
    layout->addStretch();

    for (QComboBox* combo : {m_strategy, m_fsdpVersion, m_fsdpSharding, m_wrap, m_stateDict})
        connect(combo, qOverload<int>(&QComboBox::currentIndexChanged), this, &DistributionPage::store);
    for (QCheckBox* box : {m_cpu, m_reshard, m_ramEfficient}) connect(box, &QCheckBox::toggled, this, &DistributionPage::store);
    for (QLineEdit* edit : {m_gpuIds, m_layerClass}) connect(edit, &QLineEdit::textChanged, this, &DistributionPage::store);
}

void DistributionPage::initializePage() {
    const SetupChoices& c = m_setup->choices();
    const QSignalBlocker b1(m_strategy), b2(m_cpu), b3(m_gpuIds), b4(m_fsdpVersion), b5(m_fsdpSharding), b6(m_reshard),
        b7(m_wrap), b8(m_layerClass), b9(m_stateDict), b10(m_ramEfficient);
    m_strategy->setCurrentIndex(m_strategy->findData(static_cast<int>(c.strategy)));
    m_cpu->setChecked(c.useCpu);
    const bool noGpu = m_setup->hasHardware() && m_setup->hardware().gpus.isEmpty();
    m_cpu->setEnabled(!noGpu);
    m_cpu->setToolTip(noGpu ? tr("The machines the config is for have no GPU.") : QString());
    m_gpuIds->setText(c.gpuIds);
    m_fsdpVersion->setCurrentIndex(m_fsdpVersion->findData(c.fsdpVersion));
    m_fsdpSharding->setCurrentIndex(m_fsdpSharding->findData(c.fsdpShardingStrategy));
    m_reshard->setChecked(c.fsdpReshardAfterForward);
    m_wrap->setCurrentIndex(m_wrap->findData(c.fsdpAutoWrapPolicy));
    m_layerClass->setText(c.fsdpLayerClassToWrap);
    m_stateDict->setCurrentIndex(m_stateDict->findData(c.fsdpStateDictType));
    m_ramEfficient->setChecked(c.fsdpCpuRamEfficientLoading);
    store();
}

void DistributionPage::store() {
    SetupChoices c = m_setup->choices();
    c.strategy = static_cast<Strategy>(m_strategy->currentData().toInt());
    c.useCpu = m_cpu->isChecked();
    c.gpuIds = m_gpuIds->text().trimmed().isEmpty() ? QStringLiteral("all") : m_gpuIds->text().trimmed();
    c.fsdpVersion = m_fsdpVersion->currentData().toInt();
    c.fsdpShardingStrategy = m_fsdpSharding->currentData().toString();
    c.fsdpReshardAfterForward = m_reshard->isChecked();
    c.fsdpAutoWrapPolicy = m_wrap->currentData().toString();
    c.fsdpLayerClassToWrap = m_layerClass->text().trimmed();
    c.fsdpStateDictType = m_stateDict->currentData().toString();
    c.fsdpCpuRamEfficientLoading = m_ramEfficient->isChecked();
    const bool fsdp = c.strategy == Strategy::Fsdp;
    m_fsdp->setVisible(fsdp);
    m_fsdpSharding->setEnabled(c.fsdpVersion == 1);
    m_reshard->setEnabled(c.fsdpVersion >= 2);
    m_gpuIds->setEnabled(!c.useCpu && (c.strategy == Strategy::None || c.strategy == Strategy::DataParallel));
    m_setup->setChoices(c);
}

}  // namespace catapult
