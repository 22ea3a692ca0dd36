#include "ChatWidget.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include "LaunchFacts.h"
#include "RunExport.h"
#include "RunStore.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

QPushButton* button(const QString& text, const char* name, QWidget* parent) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

}  // namespace

ChatWidget::ChatWidget(RunStore* store, QWidget* parent) : QWidget(parent), m_store(store), m_session(new ChatSession(this)) {
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("chatView"));
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("chatStats"));
    m_showPrompt = new QCheckBox(tr("Show the prompt as the model sees it"), this);
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("chatPrompt"));
    m_prompt->setReadOnly(true);
    m_prompt->setVisible(false);
    m_plan = new QLabel(this);
    m_plan->setObjectName(QStringLiteral("chatPlan"));
    m_planner = new QProcess(this);
    connect(m_planner, &QProcess::finished, this, [this] { showPlan(m_planner->readAllStandardOutput()); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createModelRow());
    layout->addWidget(m_plan);
    layout->addWidget(m_view, 1);
    layout->addWidget(createSettingsRow());
    layout->addWidget(createInputRow());
    layout->addWidget(m_stats);
    layout->addWidget(m_showPrompt);
    layout->addWidget(m_prompt);
    connect(m_showPrompt, &QCheckBox::toggled, m_prompt, &QWidget::setVisible);
    connectSession();
    setBusy(false);
    refreshRuns();
}

// The session's news: loaded, failed, the reply growing and done with its figures.
void ChatWidget::connectSession() {
    connect(m_session, &ChatSession::ready, this, [this](const QString& chatTemplate, double seconds) {
        setBusy(false);
        m_status->setText(tr("Loaded in %1 s; chat template: %2").arg(seconds, 0, 'f', 2).arg(chatTemplate));
    });
    connect(m_session, &ChatSession::failed, this, [this](const QString& message) {
        setBusy(false);
        m_status->setText(tr("Not available: %1").arg(message));
    });
    connect(m_session, &ChatSession::replyDelta, this, [this](const QString& text) {
        m_reply += text;
        render();
        setBusy(false);
    });
    connect(m_session, &ChatSession::replyDone, this, [this](const ReplyStats& s) {
        m_reply.clear();
        render();
        m_stats->setText(tr("%1 tokens, %2 tokens/s, first token after %3 s%4")
                             .arg(s.tokens).arg(s.tokensPerSecond, 0, 'f', 1).arg(s.firstTokenSeconds, 0, 'f', 3)
                             .arg(s.stopped ? tr(" (stopped)") : QString()));
        m_prompt->setPlainText(s.prompt);
        setBusy(false);
    });
}

QWidget* ChatWidget::createModelRow() {
    auto* row = new QWidget(this);
    auto* line = new QHBoxLayout(row);
    line->setContentsMargins(0, 0, 0, 0);
    m_runs = new QComboBox(row);
    m_runs->setObjectName(QStringLiteral("chatRun"));
    m_model = new QLineEdit(row);
    m_model->setObjectName(QStringLiteral("chatModel"));
    m_model->setPlaceholderText(tr("a Hugging Face model directory"));
    m_adapter = new QLineEdit(row);
    m_adapter->setObjectName(QStringLiteral("chatAdapter"));
    m_adapter->setPlaceholderText(tr("a LoRA adapter (optional)"));
    auto* browse = button(tr("Browse..."), "chatBrowse", row);
    m_load = button(tr("Load"), "chatLoad", row);
    m_loading = new QProgressBar(row);
    m_loading->setRange(0, 0);  // busy: the load reports no steps
    m_loading->setMaximumWidth(120);
    m_status = new QLabel(row);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    for (QWidget* w : {static_cast<QWidget*>(new QLabel(tr("Run:"), row)), static_cast<QWidget*>(m_runs),
                       static_cast<QWidget*>(new QLabel(tr("Model:"), row))})
        line->addWidget(w);
    line->addWidget(m_model, 2);
    line->addWidget(browse);
    line->addWidget(m_adapter, 1);
    line->addWidget(m_load);
    line->addWidget(m_loading);
    line->addWidget(m_status, 2);
    connect(m_runs, qOverload<int>(&QComboBox::activated), this, &ChatWidget::pickRun);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model directory"), m_model->text());
        if (!dir.isEmpty()) m_model->setText(dir);
    });
    connect(m_load, &QPushButton::clicked, this, &ChatWidget::load);
    connect(m_model, &QLineEdit::textChanged, this, &ChatWidget::planModel);
    return row;
}

QWidget* ChatWidget::createSettingsRow() {
    auto* row = new QWidget(this);
    auto* line = new QHBoxLayout(row);
    line->setContentsMargins(0, 0, 0, 0);
    m_maxTokens = new QSpinBox(row);
    m_maxTokens->setObjectName(QStringLiteral("chatMaxTokens"));
    m_maxTokens->setRange(1, 32768);
    m_maxTokens->setValue(256);
    m_sample = new QCheckBox(tr("Sample"), row);
    m_temperature = new QDoubleSpinBox(row);
    m_temperature->setRange(0.05, 5.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setValue(0.7);
    m_topP = new QDoubleSpinBox(row);
    m_topP->setRange(0.05, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(0.9);
    line->addWidget(new QLabel(tr("New tokens at most:"), row));
    line->addWidget(m_maxTokens);
    line->addWidget(m_sample);
    line->addWidget(new QLabel(tr("temperature"), row));
    line->addWidget(m_temperature);
    line->addWidget(new QLabel(tr("top-p"), row));
    line->addWidget(m_topP);
    line->addStretch(1);
    connect(m_sample, &QCheckBox::toggled, m_temperature, &QWidget::setEnabled);
    connect(m_sample, &QCheckBox::toggled, m_topP, &QWidget::setEnabled);
    m_temperature->setEnabled(false);
    m_topP->setEnabled(false);
    return row;
}

QWidget* ChatWidget::createInputRow() {
    auto* row = new QWidget(this);
    auto* line = new QHBoxLayout(row);
    line->setContentsMargins(0, 0, 0, 0);
    m_input = new QLineEdit(row);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setPlaceholderText(tr("Message"));
    m_send = button(tr("Send"), "chatSend", row);
    m_stop = button(tr("Stop"), "chatStop", row);
    auto* clear = button(tr("Clear"), "chatClear", row);
    auto* copy = button(tr("Copy"), "chatCopy", row);
    line->addWidget(m_input, 1);
    for (QPushButton* b : {m_send, m_stop, clear, copy}) line->addWidget(b);
    connect(m_input, &QLineEdit::returnPressed, this, &ChatWidget::send);
    connect(m_send, &QPushButton::clicked, this, &ChatWidget::send);
    connect(m_stop, &QPushButton::clicked, m_session, &ChatSession::stop);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_session->clear();
        m_stats->clear();
        render();
    });
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_view->toPlainText()); });
    return row;
}

void ChatWidget::refreshRuns() {
    m_runs->clear();
    m_runs->addItem(tr("(a model directory)"));
    if (!m_store) return;
    for (const RunRecord& run : m_store->listRuns()) {
        if (run.status != QLatin1String("finished") || m_runs->count() > 50) continue;
        auto found = findRunExport(run.runDir);
        if (!found.ok()) continue;
        const bool adapter = found.value().format == RunExport::Format::PeftAdapter;
        if (found.value().format == RunExport::Format::CatapultGpt) continue;  // the built-in GPT has no tokenizer
        m_runs->addItem(adapter ? tr("run %1 (LoRA adapter)").arg(run.id) : tr("run %1").arg(run.id),
                        QStringList{adapter ? found.value().base : found.value().path, adapter ? found.value().path : QString()});
    }
}

void ChatWidget::pickRun(int index) {
    const QStringList dirs = m_runs->itemData(index).toStringList();
    if (dirs.size() != 2) return;
    m_model->setText(dirs[0]);
    m_adapter->setText(dirs[1]);
}

void ChatWidget::load() {
    if (m_model->text().trimmed().isEmpty()) {
        m_status->setText(tr("Choose a model directory or a run first."));
        return;
    }
    m_session->clear();
    render();
    setBusy(true);
    m_status->setText(tr("Loading %1...").arg(m_model->text().trimmed()));
    const QStringList extra = m_needsDisk ? QStringList{QStringLiteral("--device_map"), QStringLiteral("auto")} : QStringList();
    m_session->load(m_model->text().trimmed(), m_adapter->text().trimmed(), workerPath(), extra);
}

void ChatWidget::planModel() {
    m_plan->clear();
    m_needsDisk = false;
    if (m_planner->state() != QProcess::NotRunning) {
        m_planner->kill();
        m_planner->waitForFinished(1000);
    }
    const QString dir = m_model->text().trimmed();
    if (QFileInfo::exists(dir + QStringLiteral("/config.json")))
        m_planner->start(workerPath(), {QStringLiteral("generate"), QStringLiteral("--model"), dir, QStringLiteral("--plan_only")});
}

// "760.0 MiB on the CPU", or what stays on disk; the whole table as the tooltip.
void ChatWidget::showPlan(const QByteArray& output) {
    const QJsonObject plan = QJsonDocument::fromJson(output.trimmed().split('\n').value(0)).object();
    if (plan.value("type").toString() != QLatin1String("plan")) return;
    const QJsonObject bytes = plan.value("bytes").toObject();
    auto size = [](double b) { return QString::fromStdString(formatBytes(static_cast<int64_t>(b))); };
    m_needsDisk = bytes.value("disk").toDouble() > 0;
    m_plan->setText(m_needsDisk ? tr("Larger than the free memory: %1 on the CPU, %2 read from its files as it runs (device map auto)")
                                      .arg(size(bytes.value("cpu").toDouble()), size(bytes.value("disk").toDouble()))
                                : tr("Fits in the free memory: %1 on the CPU").arg(size(bytes.value("cpu").toDouble())));
    m_plan->setToolTip(plan.value("table").toString());
}

void ChatWidget::send() {
    if (!m_session->isReady() || m_session->isAnswering() || m_input->text().trimmed().isEmpty()) return;
    m_session->send(m_input->text(), {m_maxTokens->value(), m_sample->isChecked(), m_temperature->value(), m_topP->value()});
    m_input->clear();
    m_reply.clear();
    render();
    setBusy(false);
}

// The conversation, the reply being made last.
void ChatWidget::render() {
    QString html;
    auto turn = [&](const QString& who, const QString& text) {
        html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(who.toHtmlEscaped(), text.toHtmlEscaped().replace('\n', QStringLiteral("<br>")));
    };
    for (const ChatTurn& t : m_session->turns()) turn(t.role == QLatin1String("user") ? tr("You") : tr("Model"), t.content);
    if (m_session->isAnswering()) turn(tr("Model"), m_reply + QStringLiteral(" …"));
    m_view->setHtml(html);
    m_view->moveCursor(QTextCursor::End);
}

void ChatWidget::setBusy(bool loading) {
    m_loading->setVisible(loading);
    m_load->setEnabled(!loading && !m_session->isAnswering());
    m_send->setEnabled(m_session->isReady() && !m_session->isAnswering());
    m_stop->setEnabled(m_session->isAnswering());
}

}  // namespace catapult
