#include "MemoryPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include "MemoryReport.h"
#include "SetupModel.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

struct ModelPreset {
    const char* label;
    int layers, heads, width;
};
// Shapes of the built-in byte-level GPT: the recipe's default, then GPT-2 and larger shapes.
const ModelPreset kPresets[] = {{QT_TRANSLATE_NOOP("catapult::MemoryPage", "Built-in default (4 layers, width 128)"), 4, 4, 128},
                                {QT_TRANSLATE_NOOP("catapult::MemoryPage", "GPT-2 small shape (12 layers, width 768)"), 12, 12, 768},
                                {QT_TRANSLATE_NOOP("catapult::MemoryPage", "GPT-2 medium shape (24 layers, width 1024)"), 24, 16, 1024},
                                {QT_TRANSLATE_NOOP("catapult::MemoryPage", "GPT-2 XL shape (48 layers, width 1600)"), 48, 25, 1600},
                                {QT_TRANSLATE_NOOP("catapult::MemoryPage", "7B shape (32 layers, width 4096)"), 32, 32, 4096}};

QString bytes(int64_t b) { return QString::fromStdString(formatBytes(b)); }

}  // namespace

MemoryPage::MemoryPage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Memory"));
    setSubTitle(tr("Offload, accumulation and recomputation trade speed for memory. The estimate below is per "
                   "device for the chosen model."));
    auto devices = [this](const QString& name) {
        auto* c = new QComboBox(this);
        c->setObjectName(name);
        c->addItem(tr("none"), int(OffloadDevice::None));
        c->addItem(tr("CPU memory"), int(OffloadDevice::Cpu));
        c->addItem(tr("disk (nvme)"), int(OffloadDevice::Nvme));
        return c;
    };
    m_offloadOptimizer = devices(QStringLiteral("offloadOptimizer"));
    m_offloadParams = devices(QStringLiteral("offloadParams"));
    m_optimizerPath = new QLineEdit(this);
    m_optimizerPath->setObjectName(QStringLiteral("offloadOptimizerPath"));
    m_paramPath = new QLineEdit(this);
    m_paramPath->setObjectName(QStringLiteral("offloadParamPath"));
    m_accumulation = new QSpinBox(this);
    m_accumulation->setObjectName(QStringLiteral("gradientAccumulation"));
    m_accumulation->setRange(1, 4096);
    m_checkpointing = new QCheckBox(tr("Activation checkpointing (recompute activations in backward)"), this);
    m_checkpointing->setObjectName(QStringLiteral("activationCheckpointing"));
    m_modelSize = new QComboBox(this);
    m_modelSize->setObjectName(QStringLiteral("modelSize"));
    for (const ModelPreset& p : kPresets) m_modelSize->addItem(tr(p.label));
    m_batch = new QSpinBox(this);
    m_batch->setObjectName(QStringLiteral("microBatch"));
    m_batch->setRange(1, 4096);
    m_seqLen = new QSpinBox(this);
    m_seqLen->setObjectName(QStringLiteral("seqLen"));
    m_seqLen->setRange(8, 131072);
    m_table = new QStandardItemModel(this);
    auto* view = new QTableView(this);
    view->setObjectName(QStringLiteral("memoryTable"));
    view->setModel(m_table);
    // The part names are whole in both languages: the first column fits them, rows one line.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideNone);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("memoryVerdict"));
    m_verdict->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Offload optimizer state to:"), m_offloadOptimizer);
    form->addRow(tr("Optimizer offload folder:"), m_optimizerPath);
    form->addRow(tr("Offload parameters to:"), m_offloadParams);
    form->addRow(tr("Parameter offload folder:"), m_paramPath);
    form->addRow(tr("Gradient accumulation steps:"), m_accumulation);
    form->addRow(m_checkpointing);
    form->addRow(tr("Model:"), m_modelSize);
    form->addRow(tr("Micro-batch per process:"), m_batch);
    form->addRow(tr("Sequence length:"), m_seqLen);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(view, 1);
    layout->addWidget(m_verdict);
    for (QComboBox* c : {m_offloadOptimizer, m_offloadParams, m_modelSize})
        connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &MemoryPage::store);
    for (QSpinBox* s : {m_accumulation, m_batch, m_seqLen}) connect(s, qOverload<int>(&QSpinBox::valueChanged), this, &MemoryPage::store);
    for (QLineEdit* e : {m_optimizerPath, m_paramPath}) connect(e, &QLineEdit::textChanged, this, &MemoryPage::store);
    connect(m_checkpointing, &QCheckBox::toggled, this, &MemoryPage::store);
}

void MemoryPage::initializePage() {
    const SetupChoices& c = m_setup->choices();
    const QSignalBlocker b1(m_offloadOptimizer), b2(m_offloadParams), b3(m_optimizerPath), b4(m_paramPath),
        b5(m_accumulation), b6(m_checkpointing), b7(m_modelSize), b8(m_batch), b9(m_seqLen);
    m_offloadOptimizer->setCurrentIndex(m_offloadOptimizer->findData(int(c.offloadOptimizer)));
    m_offloadParams->setCurrentIndex(m_offloadParams->findData(int(c.offloadParams)));
    m_optimizerPath->setText(c.offloadOptimizerPath);
    m_paramPath->setText(c.offloadParamPath);
    m_accumulation->setValue(c.gradientAccumulationSteps);
    m_checkpointing->setChecked(c.activationCheckpointing);
    m_batch->setValue(m_setup->microBatch());
    m_seqLen->setValue(static_cast<int>(m_setup->model().seqLen));
    store();
}

void MemoryPage::store() {
    SetupChoices c = m_setup->choices();
    const bool zero = c.zeroStage() > 0 && c.strategy != SetupChoices::Strategy::Fsdp;
    const bool fsdp = c.strategy == SetupChoices::Strategy::Fsdp;
    // What each strategy can offload: ZeRO any stage the optimizer, ZeRO-3 the parameters; FSDP
    // offloads parameters (and with them the optimizer step) to CPU memory only.
    auto* optModel = qobject_cast<QStandardItemModel*>(m_offloadOptimizer->model());
    auto* parModel = qobject_cast<QStandardItemModel*>(m_offloadParams->model());
    for (int i = 1; i < 3; ++i) {
        optModel->item(i)->setEnabled(zero);
        parModel->item(i)->setEnabled((zero && c.zeroStage() == 3) || (fsdp && i == 1));
    }
    if (!optModel->item(m_offloadOptimizer->currentIndex())->isEnabled()) m_offloadOptimizer->setCurrentIndex(0);
    if (!parModel->item(m_offloadParams->currentIndex())->isEnabled()) m_offloadParams->setCurrentIndex(0);
    c.offloadOptimizer = OffloadDevice(m_offloadOptimizer->currentData().toInt());
    c.offloadParams = OffloadDevice(m_offloadParams->currentData().toInt());
    c.offloadOptimizerPath = m_optimizerPath->text().trimmed();
    c.offloadParamPath = m_paramPath->text().trimmed();
    m_optimizerPath->setEnabled(c.offloadOptimizer == OffloadDevice::Nvme);
    m_paramPath->setEnabled(c.offloadParams == OffloadDevice::Nvme);
    c.gradientAccumulationSteps = m_accumulation->value();
    c.activationCheckpointing = m_checkpointing->isChecked();
    const ModelPreset& p = kPresets[std::max(0, m_modelSize->currentIndex())];
    m_setup->setChoices(c);
    GptConfig shape = m_setup->model();
    shape.layers = p.layers;
    shape.heads = p.heads;
    shape.width = p.width;
    shape.seqLen = m_seqLen->value();
    m_setup->setEstimateShape(shape, m_batch->value());
    refreshEstimate();
}

void MemoryPage::refreshEstimate() {
    const MemoryReport r = buildMemoryReport(m_setup->choices(), m_setup->model(), m_setup->microBatch(), m_setup->facts());
    m_table->clear();
    m_table->setHorizontalHeaderLabels({tr("Part"), r.deviceColumn});
    for (const MemoryReport::Row& row : r.rows)
        m_table->appendRow({new QStandardItem(row.part), new QStandardItem(bytes(row.bytes))});
    m_verdict->setText(r.verdict);
}

}  // namespace catapult
