#include "JobPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMap>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QFontDatabase>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <tuple>

#include <QApplication>
#include <QClipboard>

#include "AppResources.h"
#include "CommandLine.h"
#include "FineTuneForm.h"
#include "JobFile.h"
#include "JobController.h"
#include "JobProgress.h"
#include "catapult/ConfigReader.h"
#include "LogFilterModel.h"
#include "LogModel.h"

namespace catapult {
namespace {

QSpinBox* spin(QWidget* parent, const char* name, int min, int max, int value) {
    auto* s = new QSpinBox(parent);
    s->setObjectName(QString::fromLatin1(name));
    s->setRange(min, max);
    s->setValue(value);
    return s;
}

}  // namespace

namespace {
const QString kFormKey = QStringLiteral("job/lastLaunch");
}  // namespace

JobPanel::JobPanel(JobController* controller, QWidget* parent) : QWidget(parent), m_controller(controller) {
    m_log = new LogModel(100000, this);
    m_filter = new LogFilterModel(this);
    m_filter->setSourceModel(m_log);
    auto* top = new QHBoxLayout;
    top->addWidget(buildWhere(), 1);
    top->addWidget(buildWhat(), 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buildCommandPreview());
    layout->addLayout(buildButtons());
    layout->addWidget(m_progress);
    QTableView* view = buildLog(layout);
    followController(view);
    // The form comes back as it was last started or left (a resume point is not kept).
    if (const QString last = QSettings().value(kFormKey).toString(); !last.isEmpty())
        setLaunchArguments(QProcess::splitCommand(last));
    // Every field of the form keeps the command line below it current.
    for (auto* e : findChildren<QLineEdit*>())
        if (e != m_commandPreview) connect(e, &QLineEdit::textChanged, this, &JobPanel::refreshCommand);
    for (auto* b : findChildren<QAbstractSpinBox*>()) connect(b, &QAbstractSpinBox::editingFinished, this, &JobPanel::refreshCommand);
    for (auto* b : findChildren<QSpinBox*>()) connect(b, &QSpinBox::valueChanged, this, &JobPanel::refreshCommand);
    for (auto* b : findChildren<QDoubleSpinBox*>()) connect(b, &QDoubleSpinBox::valueChanged, this, &JobPanel::refreshCommand);
    for (auto* c : findChildren<QComboBox*>())
        if (c != m_rankFilter) connect(c, qOverload<int>(&QComboBox::currentIndexChanged), this, &JobPanel::refreshCommand);
    for (auto* b : findChildren<QAbstractButton*>()) connect(b, &QAbstractButton::toggled, this, &JobPanel::refreshCommand);
    showKind();
    refreshCommand();
}

// The exact command line of the form, to copy into a terminal or a script.
QWidget* JobPanel::buildCommandPreview() {
    auto* row = new QWidget(this);
    m_commandPreview = new QLineEdit(row);
    m_commandPreview->setObjectName(QStringLiteral("commandPreview"));
    m_commandPreview->setReadOnly(true);
    m_commandPreview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* copy = new QPushButton(tr("Copy"), row);
    copy->setObjectName(QStringLiteral("copyCommand"));
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Command:"), row));
    layout->addWidget(m_commandPreview, 1);
    layout->addWidget(copy);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_commandPreview->text()); });
    return row;
}

void JobPanel::refreshCommand() {
    if (m_commandPreview) m_commandPreview->setText(launchCommandLine(launchArguments()));
    if (m_fineTune) m_fineTune->setRun(m_seqLen->value(), m_batch->value(), std::max(1, m_processes->value()), m_config->text().trimmed());
}

// The fields of the chosen kind of job: the GPT's shape and corpus, or the fine-tuning form.
void JobPanel::showKind() {
    const bool fineTune = m_finetune->isChecked();
    m_fineTune->setVisible(fineTune);
    for (QWidget* w : {static_cast<QWidget*>(m_layers), static_cast<QWidget*>(m_heads), static_cast<QWidget*>(m_width),
                       static_cast<QWidget*>(m_corpus)})
        w->setEnabled(m_recipe->isChecked());
}


// The "Where" box: config file, processes, CPU, the Machines tab's machines, more flags.
QWidget* JobPanel::buildWhere() {
    auto* setup = new QGroupBox(tr("Where"), this);
    m_config = new QLineEdit(setup);
    m_config->setObjectName(QStringLiteral("configFile"));
    m_config->setPlaceholderText(tr("Accelerate's default config, if there is one"));
    auto* browseConfig = new QPushButton(tr("Browse..."), setup);
    m_processes = spin(setup, "processes", 0, 1024, 2);
    m_processes->setSpecialValueText(tr("from the config"));
    m_cpu = new QCheckBox(tr("CPU only (--cpu)"), setup);
    m_cpu->setObjectName(QStringLiteral("cpu"));
    m_cpu->setChecked(true);
    m_onHosts = new QCheckBox(tr("On the Machines tab's machines"), setup);
    m_onHosts->setToolTip(tr("Run on the machines of the Machines tab; the processes are their slots."));
    m_extraFlags = new QLineEdit(setup);
    m_extraFlags->setObjectName(QStringLiteral("extraFlags"));
    m_extraFlags->setPlaceholderText(tr("more catapult launch flags, e.g. --mixed_precision bf16 --gpu_ids 0,1"));
    m_onHosts->setObjectName(QStringLiteral("onHosts"));
    auto* configRow = new QHBoxLayout;
    configRow->addWidget(m_config);
    configRow->addWidget(browseConfig);
    auto* setupForm = new QFormLayout(setup);
    setupForm->addRow(tr("Config file:"), configRow);
    setupForm->addRow(tr("Processes:"), m_processes);
    setupForm->addRow(m_cpu);
    setupForm->addRow(m_onHosts);
    setupForm->addRow(tr("More flags:"), m_extraFlags);
    connect(m_onHosts, &QCheckBox::toggled, m_processes, &QWidget::setDisabled);
    // A config for several machines runs on the machines list (the wizard's Launch included).
    connect(m_config, &QLineEdit::textChanged, this, [this](const QString& path) {
        if (!QFileInfo::exists(path.trimmed())) return;
        auto loaded = readConfigFile(path.trimmed().toStdString());
        if (loaded.ok() && loaded.value().config.numMachines() > 1) m_onHosts->setChecked(true);
    });

    connect(browseConfig, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Config file"), QString(), tr("Accelerate config (*.yaml *.yml *.json)"));
        if (!path.isEmpty()) m_config->setText(path);
    });
    return setup;
}

// The "What" box: the built-in recipe's form, or a program.
QWidget* JobPanel::buildWhat() {
    auto* what = new QGroupBox(tr("What"), this);
    m_recipe = new QRadioButton(tr("Built-in GPT recipe"), what);
    m_recipe->setChecked(true);
    m_program = new QRadioButton(tr("Program:"), what);
    m_layers = spin(what, "layers", 1, 256, 4);
    m_heads = spin(what, "heads", 1, 256, 4);
    m_width = spin(what, "width", 8, 65536, 128);
    m_seqLen = spin(what, "seqLen", 8, 65536, 128);
    m_steps = spin(what, "steps", 1, 10000000, 300);
    m_batch = spin(what, "batchSize", 1, 65536, 16);
    m_checkpointEvery = spin(what, "checkpointEvery", 0, 10000000, 0);
    m_checkpointEvery->setSpecialValueText(tr("end and stop only"));
    m_checkpointEvery->setToolTip(tr("Write a checkpoint every N steps (one is always written at the end and when the job "
                                     "is stopped), keeping the newest 3."));
    m_resumeNote = new QLabel(this);
    m_resumeNote->setObjectName(QStringLiteral("resumeNote"));
    m_resumeNote->setVisible(false);
    m_lr = new QDoubleSpinBox(what);
    m_lr->setObjectName(QStringLiteral("lr"));
    m_lr->setDecimals(5);
    m_lr->setRange(0.00001, 1.0);
    m_lr->setSingleStep(0.0001);
    m_lr->setValue(0.003);
    m_corpus = new QLineEdit(what);
    m_corpus->setObjectName(QStringLiteral("corpus"));
    m_corpus->setPlaceholderText(tr("default: the licence texts every Debian system ships"));
    m_recipeExtra = new QLineEdit(what);
    m_recipeExtra->setObjectName(QStringLiteral("recipeFlags"));
    m_recipeExtra->setPlaceholderText(tr("more catapult-worker train flags, e.g. --seed 3 --on_nan skip"));
    m_command = new QLineEdit(what);
    m_command->setObjectName(QStringLiteral("command"));
    m_command->setPlaceholderText(tr("e.g. train.py --epochs 3, or /path/to/program args"));
    auto* shape = new QHBoxLayout;
    for (auto [label, box] : {std::pair{tr("layers"), m_layers}, {tr("heads"), m_heads}, {tr("width"), m_width}, {tr("seq"), m_seqLen}}) {
        shape->addWidget(new QLabel(label, what));
        shape->addWidget(box);
    }
    // Two short rows rather than one long one: at 1024 pixels one row cut the fields off.
    auto* run = new QHBoxLayout;
    auto* saving = new QHBoxLayout;
    for (auto [row, label, box] : {std::tuple<QHBoxLayout*, QString, QWidget*>{run, tr("steps"), m_steps},
                                   {run, tr("batch"), m_batch}, {run, tr("lr"), m_lr},
                                   {saving, tr("every"), m_checkpointEvery}}) {
        row->addWidget(new QLabel(label, what));
        row->addWidget(box, 1);
    }
    saving->addStretch(2);
    auto* whatForm = new QFormLayout(what);
    whatForm->addRow(m_recipe);
    whatForm->addRow(tr("GPT shape:"), shape);
    addFineTune(what, whatForm);
    whatForm->addRow(tr("Training:"), run);
    whatForm->addRow(tr("Checkpoints:"), saving);
    whatForm->addRow(tr("Corpus:"), m_corpus);
    whatForm->addRow(tr("More flags:"), m_recipeExtra);
    whatForm->addRow(m_program, m_command);
    whatForm->addRow(m_resumeNote);
    connect(m_recipe, &QRadioButton::toggled, this, &JobPanel::showKind);
    return what;
}

// The "Fine-tune a Hugging Face model" choice and its form (FineTuneForm).
void JobPanel::addFineTune(QWidget* what, QFormLayout* form) {
    m_finetune = new QRadioButton(tr("Fine-tune a Hugging Face model on a dataset"), what);
    m_finetune->setObjectName(QStringLiteral("fineTune"));
    m_fineTune = new FineTuneForm(what);
    m_fineTune->setObjectName(QStringLiteral("fineTuneForm"));
    form->addRow(m_finetune);
    form->addRow(m_fineTune);
    connect(m_finetune, &QRadioButton::toggled, this, [this](bool on) {
        if (on && m_lr->value() == 0.003) m_lr->setValue(0.00005);  // transformers' Trainer default for a pretrained model
        showKind();
    });
}

QLayout* JobPanel::buildButtons() {
    m_start = new QPushButton(tr("Start"), this);
    m_start->setObjectName(QStringLiteral("start"));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setObjectName(QStringLiteral("stop"));
    m_stop->setEnabled(false);
    m_status = new QLabel(tr("Ready."), this);
    m_status->setObjectName(QStringLiteral("jobStatus"));
    m_status->setWordWrap(true);
    auto* save = new QPushButton(tr("Save job..."), this);
    save->setObjectName(QStringLiteral("saveJob"));
    auto* load = new QPushButton(tr("Load job..."), this);
    load->setObjectName(QStringLiteral("loadJob"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(save);
    buttons->addWidget(load);
    buttons->addWidget(buildTemplates());
    buttons->addWidget(m_status, 1);
    m_progress = new JobProgress(this);

    connect(m_start, &QPushButton::clicked, this, &JobPanel::start);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save job"), QStringLiteral("job.catapult.json"), tr("Catapult job (*.json)"));
        if (path.isEmpty()) return;
        const Status s = saveJob(path);
        m_status->setText(s.ok() ? tr("Saved the job to %1; run it with catapult launch --job %1").arg(path)
                                 : QString::fromStdString(s.message()));
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Load job"), QString(), tr("Catapult job (*.json)"));
        if (path.isEmpty()) return;
        const Status s = loadJob(path);
        m_status->setText(s.ok() ? tr("Loaded the job %1.").arg(path) : QString::fromStdString(s.message()));
    });
    connect(m_stop, &QPushButton::clicked, this, &JobPanel::stop);
    return buttons;
}

// The Templates button: its menu fills the form from one of the default job templates.
QWidget* JobPanel::buildTemplates() {
    auto* button = new QToolButton(this);
    button->setObjectName(QStringLiteral("jobTemplates"));
    button->setText(tr("Templates"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    for (const JobTemplate& t : jobTemplates()) {
        menu->addAction(t.title, this, [this, t] {
            const Status s = loadJob(t.path);
            m_status->setText(s.ok() ? tr("Filled the form from the template \"%1\".").arg(t.title) : QString::fromStdString(s.message()));
        });
    }
    button->setMenu(menu);
    return button;
}

// The log view with its rank filter and search field, added to `layout`.
QTableView* JobPanel::buildLog(QVBoxLayout* layout) {
    m_rankFilter = new QComboBox(this);
    m_rankFilter->setObjectName(QStringLiteral("rankFilter"));
    auto* search = new QLineEdit(this);
    search->setObjectName(QStringLiteral("logSearch"));
    search->setPlaceholderText(tr("Search the log"));
    search->setClearButtonEnabled(true);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(new QLabel(tr("Log of:"), this));
    filterRow->addWidget(m_rankFilter);
    filterRow->addWidget(search, 1);
    auto* view = new QTableView(this);
    view->setObjectName(QStringLiteral("logView"));
    view->setModel(m_filter);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->setVisible(false);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 2);
    updateRanks(2);

    connect(m_rankFilter, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { m_filter->setRank(m_rankFilter->currentData().toInt()); });
    connect(search, &QLineEdit::textChanged, m_filter, &LogFilterModel::setSearchText);
    layout->addLayout(filterRow);
    layout->addWidget(view, 1);
    return view;
}

// What the job controller says: lines in the log, the status and the progress bar.
void JobPanel::followController(QTableView* view) {
    connect(m_controller, &JobController::logLine, this, [this, view](int rank, const QString& line) {
        QScrollBar* bar = view->verticalScrollBar();
        const bool atEnd = bar->value() >= bar->maximum() - 2;  // follow the tail unless the user scrolled up
        m_log->append(rank, line);
        if (atEnd) view->scrollToBottom();
    });
    connect(m_controller, &JobController::notice, this, [this, view](const QString& line) {
        m_log->append(-1, line);
        view->scrollToBottom();
    });
    connect(m_controller, &JobController::started, this, [this] {
        updateRanks(m_controller->numProcesses());
        m_status->setText(tr("Running: %1 process(es); config: %2; folder %3")
                              .arg(m_controller->numProcesses())
                              .arg(m_controller->configFile().isEmpty() ? tr("none (built-in defaults)") : m_controller->configFile(),
                                   m_controller->runDir()));
    });
    connect(m_controller, &JobController::metricsReceived, this, [this](int rank, const QJsonObject& m) {
        if (rank == 0) m_progress->update(m);
    });
    connect(m_controller, &JobController::finished, this, &JobPanel::onFinished);
}

void JobPanel::setConfigFile(const QString& path) { m_config->setText(path); }

QStringList JobPanel::launchArguments() const {
    QStringList args;
    if (!m_config->text().trimmed().isEmpty()) args << QStringLiteral("--config_file") << m_config->text().trimmed();
    if (m_processes->value() > 0 && !m_onHosts->isChecked()) args << QStringLiteral("--num_processes") << QString::number(m_processes->value());
    if (m_cpu->isChecked()) args << QStringLiteral("--cpu");
    args << QProcess::splitCommand(m_extraFlags->text());
    if (!m_resume.isEmpty()) args << QStringLiteral("--resume") << m_resume;
    if (m_program->isChecked()) {
        args << QStringLiteral("--") << QProcess::splitCommand(m_command->text());
        return args;
    }
    const QStringList extra = QProcess::splitCommand(m_recipeExtra->text());
    args << QStringLiteral("--") << QStringLiteral("catapult-worker") << QStringLiteral("train");
    if (m_finetune->isChecked()) args << m_fineTune->recipeArguments();
    else
        args << QStringLiteral("--layers") << QString::number(m_layers->value()) << QStringLiteral("--heads")
             << QString::number(m_heads->value()) << QStringLiteral("--width") << QString::number(m_width->value());
    args << QStringLiteral("--seq_len") << QString::number(m_seqLen->value()) << QStringLiteral("--steps")
         << QString::number(m_steps->value()) << QStringLiteral("--batch_size") << QString::number(m_batch->value())
         << QStringLiteral("--lr") << QString::number(m_lr->value());
    if (m_checkpointEvery->value() > 0) {
        args << QStringLiteral("--checkpoint_every") << QString::number(m_checkpointEvery->value());
        if (!extra.contains(QStringLiteral("--keep_last"))) args << QStringLiteral("--keep_last") << QStringLiteral("3");
    }
    if (!m_corpus->text().trimmed().isEmpty() && m_recipe->isChecked()) args << QStringLiteral("--corpus") << m_corpus->text().trimmed();
    return args + extra;
}

namespace {

}  // namespace

void JobPanel::setLaunchArguments(const QStringList& input) {
    QStringList args = input;
    if (!args.isEmpty() && args.front() == QLatin1String("catapult")) args.removeFirst();
    if (!args.isEmpty() && args.front() == QLatin1String("launch")) args.removeFirst();
    const int dash = args.indexOf(QStringLiteral("--"));
    QMap<QString, QString> flags;
    // Every flag the form has no field for stays, word for word, in "More flags".
    const QStringList rest = takeFlags(dash >= 0 ? args.mid(0, dash) : args, {"config_file", "num_processes", "cpu", "resume"}, {"cpu"}, flags);
    const QStringList program = dash >= 0 ? args.mid(dash + 1) : QStringList();
    m_config->setText(flags.value("config_file"));
    m_processes->setValue(flags.value("num_processes").toInt());
    m_cpu->setChecked(flags.contains("cpu"));
    m_extraFlags->setText(joinCommandLine(rest));
    const bool recipe = program.isEmpty() || (program.value(0).endsWith(QLatin1String("catapult-worker")) && program.value(1) == QLatin1String("train"));
    const bool fineTune = recipe && program.contains(QStringLiteral("--model"));
    m_recipe->setChecked(recipe && !fineTune);
    m_finetune->setChecked(fineTune);
    m_program->setChecked(!recipe);
    if (!recipe) {
        m_command->setText(joinCommandLine(program));
        return;
    }
    setRecipeArguments(fineTune ? m_fineTune->takeArguments(program.mid(2)) : program.mid(2));
}

void JobPanel::setRecipeArguments(const QStringList& words) {
    QMap<QString, QString> v;
    const QStringList rest = takeFlags(words, {"layers", "heads", "width", "seq_len", "steps", "batch_size", "lr",
                                               "checkpoint_every", "corpus", "resume"}, {}, v);
    const std::pair<const char*, QSpinBox*> spins[] = {{"layers", m_layers}, {"heads", m_heads}, {"width", m_width},
                                                        {"seq_len", m_seqLen}, {"steps", m_steps}, {"batch_size", m_batch}};
    for (const auto& [flag, box] : spins)
        if (v.contains(QString::fromLatin1(flag))) box->setValue(v.value(QString::fromLatin1(flag)).toInt());
    m_checkpointEvery->setValue(v.value("checkpoint_every").toInt());
    if (v.contains("lr")) m_lr->setValue(v.value("lr").toDouble());
    m_corpus->setText(v.value("corpus"));
    QStringList extra = rest;
    // The form writes --keep_last 3 itself with a checkpoint interval; keep another count.
    if (const int k = extra.indexOf(QStringLiteral("--keep_last")); k >= 0 && extra.value(k + 1) == QLatin1String("3")) extra.remove(k, 2);
    m_recipeExtra->setText(joinCommandLine(extra));
}

Status JobPanel::saveJob(const QString& path) const { return writeJobFile(path, launchArguments()); }

Status JobPanel::loadJob(const QString& path) {
    auto args = readJobFile(path);
    if (!args.ok()) return args.status();
    setLaunchArguments(args.value());
    return Status::success();
}

void JobPanel::setResume(const QString& runOrDir) {
    m_resume = runOrDir;
    m_resumeNote->setText(tr("The next start resumes run %1 from its newest usable checkpoint.").arg(runOrDir));
    m_resumeNote->setVisible(!runOrDir.isEmpty());
}

// The form is a `catapult launch` command line (what History records and relaunches, and what
// *More flags* adds to): parsed once, here, into the typed arguments the session runs.
Result<LaunchRequest> JobPanel::launchRequest() const {
    const QStringList commandLine = launchArguments();
    auto parsed = parseLaunchArguments(commandLine);
    if (!parsed.ok()) return parsed.status();
    return LaunchRequest{parsed.value(), commandLine, QString()};
}

void JobPanel::saveForm() const { QSettings().setValue(kFormKey, launchCommandLine(launchArguments())); }

void JobPanel::start() {
    saveForm();
    m_log->clear();
    m_progress->reset();
    const bool onHosts = m_onHosts->isChecked();
    const auto request = launchRequest();
    const Status s = request.ok() ? m_controller->start(request.value(), onHosts) : request.status();
    setResume(QString());
    if (!s.ok()) {
        m_status->setText(tr("Not started: %1").arg(QString::fromStdString(s.message())));
        return;
    }
    m_start->setEnabled(false);
    m_stop->setEnabled(true);
    if (onHosts) m_status->setText(tr("Checking the machines before the start..."));
}

void JobPanel::stop() {
    m_controller->stop();
    m_status->setText(tr("Stopping every rank..."));
}

void JobPanel::onFinished(const JobOutcome& o) {
    m_progress->finish(o.success);
    m_start->setEnabled(true);
    m_stop->setEnabled(false);
    if (o.success) {
        m_status->setText(tr("Finished successfully (exit code 0)."));
    } else if (o.cancelled) {
        m_status->setText(tr("Stopped; every rank was stopped (exit code %1).").arg(o.exitCode));
    } else {
        QString text = tr("Failed: %1 (exit code %2).").arg(o.reason).arg(o.exitCode);
        if (!o.errorMessage.isEmpty()) text += QLatin1Char(' ') + o.errorMessage;
        m_status->setText(text);
        if (o.failingRank >= 0) m_rankFilter->setCurrentIndex(m_rankFilter->findData(o.failingRank));
    }
    m_log->append(-1, m_status->text());  // the outcome closes the log, as on the command line
}

void JobPanel::updateRanks(int processes) {
    const QSignalBlocker block(m_rankFilter);
    m_rankFilter->clear();
    m_rankFilter->addItem(tr("all ranks"), -1);
    for (int r = 0; r < processes; ++r) m_rankFilter->addItem(tr("rank %1").arg(r), r);
    m_filter->setRank(-1);
}

}  // namespace catapult
