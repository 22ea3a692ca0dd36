#include "FineTuneForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include "CommandLine.h"
#include "DatasetPreviewModel.h"
#include "LaunchFacts.h"
#include "MemoryReport.h"
#include "ModelSummary.h"
#include "catapult/ConfigReader.h"
#include "catapult/HfModelConfig.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

const QStringList kFormats = {"auto", "text", "prompt_completion", "alpaca", "messages", "sharegpt"};

QLineEdit* line(QWidget* parent, const char* name, const QString& placeholder) {
    auto* e = new QLineEdit(parent);
    e->setObjectName(QString::fromLatin1(name));
    e->setPlaceholderText(placeholder);
    return e;
}

// A line edit with a Browse... button that fills it from a dialog.
QHBoxLayout* withBrowse(QLineEdit* edit, const std::function<QString()>& dialog) {
    auto* row = new QHBoxLayout;
    auto* browse = new QPushButton(FineTuneForm::tr("Browse..."), edit->parentWidget());
    row->addWidget(edit, 1);
    row->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit, dialog] {
        if (const QString path = dialog(); !path.isEmpty()) edit->setText(path);
    });
    return row;
}

}  // namespace

FineTuneForm::FineTuneForm(QWidget* parent) : QWidget(parent) {
    m_preview = new DatasetPreviewModel(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildModel());
    layout->addWidget(buildDataset(), 1);
    layout->addWidget(buildMethod());
    connect(&m_process, &QProcess::finished, this, [this](int code) { showPreview(code); });
}

QWidget* FineTuneForm::buildModel() {
    auto* box = new QWidget(this);
    m_model = line(box, "modelDir", tr("a Hugging Face model directory (config.json, safetensors, tokenizer.json)"));
    m_modelSummary = new QLabel(box);
    m_modelSummary->setObjectName(QStringLiteral("modelSummary"));
    m_modelSummary->setWordWrap(true);
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Model:"), withBrowse(m_model, [this] { return QFileDialog::getExistingDirectory(this, tr("Model directory")); }));
    form->addRow(QString(), m_modelSummary);
    m_memory = new QLabel(box);
    m_memory->setObjectName(QStringLiteral("memoryEstimate"));
    m_memory->setWordWrap(true);
    form->addRow(QString(), m_memory);
    connect(m_model, &QLineEdit::textChanged, this, &FineTuneForm::describeModel);
    return box;
}

QWidget* FineTuneForm::buildDataset() {
    auto* box = new QWidget(this);
    m_dataset = line(box, "datasetPath", tr("a JSONL, JSON, CSV/TSV, Parquet or text file, or a folder of them"));
    m_format = new QComboBox(box);
    m_format->setObjectName(QStringLiteral("datasetFormat"));
    for (const QString& f : kFormats) m_format->addItem(f == QLatin1String("auto") ? tr("detect") : f, f);
    m_columns = line(box, "columns", tr("other field names, e.g. prompt=question,completion=answer"));
    m_previewButton = new QPushButton(tr("Preview"), box);
    m_previewButton->setObjectName(QStringLiteral("previewDataset"));
    m_previewSummary = new QLabel(box);
    m_previewSummary->setObjectName(QStringLiteral("previewSummary"));
    m_previewSummary->setWordWrap(true);
    auto* options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Format:"), box));
    options->addWidget(m_format);
    options->addWidget(m_columns, 1);
    options->addWidget(m_previewButton);
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Dataset:"), withBrowse(m_dataset, [this] {
                     return QFileDialog::getOpenFileName(this, tr("Dataset"), QString(),
                                                         tr("Datasets (*.jsonl *.json *.csv *.tsv *.parquet *.txt);;All files (*)"));
                 }));
    form->addRow(QString(), options);
    form->addRow(m_previewSummary);
    form->addRow(buildPreviewViews(box));
    connect(m_previewButton, &QPushButton::clicked, this, &FineTuneForm::preview);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { m_text->setHtml(m_preview->html(current.row())); });
    return box;
}

// The preview's table of examples, the selected one's text and the length histogram.
QLayout* FineTuneForm::buildPreviewViews(QWidget* box) {
    m_table = new QTableView(box);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setModel(m_preview);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->setVisible(false);
    m_text = new QTextBrowser(box);
    m_text->setObjectName(QStringLiteral("previewText"));
    m_histogram = new QCustomPlot(box);
    m_histogram->setObjectName(QStringLiteral("lengthHistogram"));
    m_histogram->setMinimumHeight(90);
    m_histogram->xAxis->setLabel(tr("tokens per example"));
    auto* views = new QHBoxLayout;
    views->addWidget(m_table, 3);
    auto* right = new QVBoxLayout;
    right->addWidget(m_text, 2);
    right->addWidget(m_histogram, 1);
    views->addLayout(right, 2);
    return views;
}

QWidget* FineTuneForm::buildMethod() {
    auto* box = new QWidget(this);
    m_method = new QComboBox(box);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("Full fine-tuning"), QStringLiteral("full"));
    m_method->addItem(tr("LoRA"), QStringLiteral("lora"));
    m_rank = new QSpinBox(box);
    m_rank->setObjectName(QStringLiteral("loraRank"));
    m_rank->setRange(1, 1024);
    m_rank->setValue(8);
    m_alpha = new QDoubleSpinBox(box);
    m_alpha->setObjectName(QStringLiteral("loraAlpha"));
    m_alpha->setRange(0.1, 4096);
    m_alpha->setValue(16);
    m_targets = line(box, "loraTargets", tr("PEFT's default; or q_proj,v_proj, all-linear"));
    m_merge = new QCheckBox(tr("also export the merged model"), box);
    m_merge->setObjectName(QStringLiteral("mergeLora"));
    m_validation = new QDoubleSpinBox(box);
    m_validation->setObjectName(QStringLiteral("validationSplit"));
    m_validation->setRange(0, 0.5);
    m_validation->setSingleStep(0.05);
    m_validation->setSpecialValueText(tr("none"));
    return layOutMethod(box);
}

QWidget* FineTuneForm::layOutMethod(QWidget* box) {
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Method:"), box));
    row->addWidget(m_method);
    for (auto [label, w] : {std::pair<QString, QWidget*>{tr("rank"), m_rank}, {tr("alpha"), m_alpha}, {tr("targets"), m_targets}}) {
        row->addWidget(new QLabel(label, box));
        row->addWidget(w, w == m_targets ? 1 : 0);
    }
    row->addWidget(m_merge);
    row->addWidget(new QLabel(tr("validation split"), box));
    row->addWidget(m_validation);
    auto enable = [this] {
        for (QWidget* w : {static_cast<QWidget*>(m_rank), static_cast<QWidget*>(m_alpha), static_cast<QWidget*>(m_targets),
                           static_cast<QWidget*>(m_merge)})
            w->setEnabled(isLora());
    };
    connect(m_method, qOverload<int>(&QComboBox::currentIndexChanged), this, enable);
    enable();
    connect(m_method, qOverload<int>(&QComboBox::currentIndexChanged), this, &FineTuneForm::estimateMemory);
    connect(m_rank, qOverload<int>(&QSpinBox::valueChanged), this, &FineTuneForm::estimateMemory);
    connect(m_targets, &QLineEdit::textChanged, this, &FineTuneForm::estimateMemory);
    return box;
}

bool FineTuneForm::isLora() const { return m_method->currentData().toString() == QLatin1String("lora"); }

void FineTuneForm::setRun(int seqLen, int batch, int processes, const QString& configFile) {
    m_seqLen = seqLen;
    m_batch = batch;
    m_processes = processes;
    m_configFile = configFile;
    estimateMemory();
}

// The estimate for the model and the method as the form stands, with the config's ZeRO stage,
// offload and precision (plain data parallel in fp32 without a config) on the Job tab's processes.
void FineTuneForm::estimateMemory() {
    auto config = HfModelConfig::read(m_model->text().trimmed().toStdString());
    if (!config.ok()) {
        m_memory->clear();
        return;
    }
    const HfModelConfig& c = config.value();
    std::vector<std::string> targets;
    for (const QString& t : m_targets->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) targets.push_back(t.trimmed().toStdString());
    const ParameterCounts counts = isLora() ? ParameterCounts{c.loraParameterCount(m_rank->value(), targets), c.parameterCount()}
                                            : ParameterCounts{c.parameterCount(), 0};
    GptConfig shape;
    shape.layers = c.layers;
    shape.width = c.hiddenSize;
    shape.heads = c.heads;
    shape.seqLen = m_seqLen;
    shape.vocabSize = c.vocabSize;
    const SetupChoices setup = jobSetup();
    const MemoryReport r = buildMemoryReport(setup, shape, m_batch, HardwareFacts{}, counts);
    const MemoryEstimate& e = r.estimate;
    auto bytes = [](int64_t b) { return QString::fromStdString(formatBytes(b)); };
    QString text = tr("Memory per process, %1: %2 (weights %3, gradients %4, optimizer %5, activations %6)")
                       .arg(setupText(r.input), bytes(e.deviceTotal()), bytes(e.parameterBytes), bytes(e.gradientBytes),
                            bytes(e.optimizerBytes), bytes(e.activationBytes));
    if (e.hostBytes > 0) text += tr(", %1 offloaded to CPU memory").arg(bytes(e.hostBytes));
    if (e.diskBytes > 0) text += tr(", %1 offloaded to disk").arg(bytes(e.diskBytes));
    m_memory->setText(text + tr("; %1 trained parameters").arg(QLocale().toString(static_cast<qlonglong>(counts.trained))));
}

// The config file's setup (data parallel without one) on the Job tab's processes.
SetupChoices FineTuneForm::jobSetup() const {
    SetupChoices setup;
    setup.strategy = SetupChoices::Strategy::None;
    if (!m_configFile.isEmpty())
        if (auto loaded = readConfigFile(m_configFile.toStdString()); loaded.ok()) setup = choicesFromConfig(loaded.value().config);
    setup.processesPerMachine = std::max(1, m_processes / std::max(1, setup.numMachines));
    if (setup.strategy == SetupChoices::Strategy::None && m_processes > 1) setup.strategy = SetupChoices::Strategy::DataParallel;
    return setup;
}

// "ZeRO stage 3 in bf16, optimizer offloaded to cpu", "data parallel in fp32".
QString FineTuneForm::setupText(const MemoryEstimateInput& in) {
    const QString precision = in.precision == MixedPrecision::No ? QStringLiteral("fp32") : QString::fromLatin1(toString(in.precision));
    QString text = in.zeroStage > 0 ? tr("ZeRO stage %1 in %2").arg(in.zeroStage).arg(precision) : tr("data parallel in %1").arg(precision);
    if (in.offloadOptimizer != OffloadDevice::None) text += tr(", optimizer offloaded to %1").arg(QString::fromLatin1(toString(in.offloadOptimizer)));
    if (in.offloadParams != OffloadDevice::None) text += tr(", parameters offloaded to %1").arg(QString::fromLatin1(toString(in.offloadParams)));
    return text;
}

void FineTuneForm::describeModel() {
    estimateMemory();
    const QString dir = m_model->text().trimmed();
    if (dir.isEmpty()) {
        m_modelSummary->clear();
        return;
    }
    auto summary = summarizeModel(dir);
    m_modelSummary->setStyleSheet(summary.ok() ? QString() : QStringLiteral("color: #b00000"));
    m_modelSummary->setText(summary.ok() ? summary.value().text()
                                         : tr("Not a model Catapult can fine-tune: %1").arg(QString::fromStdString(summary.status().message())));
}

QStringList FineTuneForm::recipeArguments() const {
    QStringList args{QStringLiteral("--model"), m_model->text().trimmed(), QStringLiteral("--dataset"), m_dataset->text().trimmed()};
    if (m_format->currentIndex() > 0) args << QStringLiteral("--dataset_format") << m_format->currentData().toString();
    if (!m_columns->text().trimmed().isEmpty()) args << QStringLiteral("--columns") << m_columns->text().trimmed();
    if (m_validation->value() > 0) args << QStringLiteral("--validation_split") << QString::number(m_validation->value());
    if (!isLora()) return args;
    args << QStringLiteral("--lora_rank") << QString::number(m_rank->value()) << QStringLiteral("--lora_alpha")
         << QString::number(m_alpha->value());
    if (!m_targets->text().trimmed().isEmpty()) args << QStringLiteral("--lora_target_modules") << m_targets->text().trimmed();
    if (m_merge->isChecked()) args << QStringLiteral("--merge_lora");
    return args;
}

QStringList FineTuneForm::takeArguments(const QStringList& words) {
    QMap<QString, QString> v;
    const QStringList rest = takeFlags(words, {"model", "dataset", "dataset_format", "columns", "validation_split", "lora",
                                               "lora_rank", "lora_alpha", "lora_target_modules", "merge_lora"},
                                       {"lora", "merge_lora"}, v);
    m_model->setText(v.value("model"));
    m_dataset->setText(v.value("dataset"));
    m_format->setCurrentIndex(static_cast<int>(std::max<qsizetype>(0, kFormats.indexOf(v.value("dataset_format")))));
    m_columns->setText(v.value("columns"));
    m_validation->setValue(v.value("validation_split").toDouble());
    const bool lora = v.contains("lora") || v.contains("lora_rank") || v.contains("lora_alpha") || v.contains("lora_target_modules");
    m_method->setCurrentIndex(lora ? 1 : 0);
    if (v.contains("lora_rank")) m_rank->setValue(v.value("lora_rank").toInt());
    if (v.contains("lora_alpha")) m_alpha->setValue(v.value("lora_alpha").toDouble());
    m_targets->setText(v.value("lora_target_modules"));
    m_merge->setChecked(v.contains("merge_lora"));
    return rest;
}

// The worker renders the first examples with the model's tokenizer and template (a few seconds
// the first time: the preparation step loads transformers).
void FineTuneForm::preview() {
    if (m_process.state() != QProcess::NotRunning) return;
    QStringList args{QStringLiteral("preview"), QStringLiteral("--model"), m_model->text().trimmed(), QStringLiteral("--dataset"),
                     m_dataset->text().trimmed(), QStringLiteral("--seq_len"), QString::number(m_seqLen), QStringLiteral("--rows"),
                     QStringLiteral("20")};
    if (m_format->currentIndex() > 0) args << QStringLiteral("--dataset_format") << m_format->currentData().toString();
    if (!m_columns->text().trimmed().isEmpty()) args << QStringLiteral("--columns") << m_columns->text().trimmed();
    m_previewButton->setEnabled(false);
    m_previewSummary->setStyleSheet(QString());
    m_previewSummary->setText(tr("Reading the dataset with the model's tokenizer..."));
    m_process.start(workerPath(), args);
}

void FineTuneForm::showPreview(int exitCode) {
    m_previewButton->setEnabled(true);
    const QByteArray out = m_process.readAllStandardOutput();
    const QJsonObject preview = QJsonDocument::fromJson(out).object();
    if (exitCode != 0 || preview.isEmpty()) {
        const QString err = QString::fromUtf8(m_process.readAllStandardError()).trimmed();
        m_preview->setPreview(QJsonObject());
        m_previewSummary->setStyleSheet(QStringLiteral("color: #b00000"));
        m_previewSummary->setText(err.section(QLatin1Char('\n'), -1).remove(QStringLiteral("catapult-worker preview: ")));
        emit previewFinished(false);
        return;
    }
    m_preview->setPreview(preview);
    m_previewSummary->setText(m_preview->summary());
    m_table->resizeColumnsToContents();
    if (m_preview->rowCount() > 0) m_table->selectRow(0);
    showHistogram();
    emit previewFinished(true);
}

void FineTuneForm::showHistogram() {
    const QJsonObject h = m_preview->preview().value("histogram").toObject();
    const double width = h.value("bin_tokens").toDouble(1);
    QVector<double> x, y;
    for (const QJsonValue& c : h.value("counts").toArray()) {
        x << (x.size() + 0.5) * width;
        y << c.toDouble();
    }
    m_histogram->clearPlottables();
    auto* bars = new QCPBars(m_histogram->xAxis, m_histogram->yAxis);
    bars->setWidth(width * 0.9);
    bars->setData(x, y);
    m_histogram->rescaleAxes();
    m_histogram->xAxis->setRange(0, width * std::max<qsizetype>(1, x.size()));
    m_histogram->yAxis->setRangeLower(0);
    m_histogram->replot();
}

}  // namespace catapult
