#include "ChatPane.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include "LaunchFacts.h"
#include "RunExport.h"
#include "RunStore.h"
#include "RowWidgets.h"
#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

QString sizeText(double bytes) { return QString::fromStdString(formatBytes(static_cast<int64_t>(bytes))); }

}  // namespace

ChatPane::ChatPane(RunStore* store, const QString& title, QWidget* parent)
    : QWidget(parent), m_store(store), m_title(title), m_session(new ChatSession(this)) {
    m_plan = new QLabel(this);
    m_plan->setObjectName(QStringLiteral("chatPlan"));
    m_plan->setWordWrap(true);
    m_planner = new QProcess(this);
    connect(m_planner, &QProcess::finished, this, [this] { showPlan(m_planner->readAllStandardOutput()); });
    m_view = new QTextBrowser(this);
    m_view->setObjectName(QStringLiteral("chatView"));
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("chatStats"));
    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("chatPrompt"));
    m_prompt->setReadOnly(true);
    m_prompt->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createModelRow());
    layout->addWidget(createLoadRow());
    layout->addWidget(m_plan);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_stats);
    layout->addWidget(m_prompt);
    connectSession();
    setLoading(false);
    refreshRuns();
}

// The session's news: loading, loaded, failed, the reply growing and done with its figures.
void ChatPane::connectSession() {
    connect(m_session, &ChatSession::loading, this, &ChatPane::showLoading);
    connect(m_session, &ChatSession::ready, this, [this](const QString& chatTemplate, double seconds) {
        setLoading(false);
        m_status->setText(tr("Loaded in %1 s; chat template: %2").arg(seconds, 0, 'f', 2).arg(chatTemplate));
    });
    connect(m_session, &ChatSession::failed, this, [this](const QString& message) {
        setLoading(false);
        m_status->setText(tr("Not available: %1").arg(message));
        render();
    });
    connect(m_session, &ChatSession::replyDelta, this, [this](const QString& text) {
        m_reply += text;
        render();
    });
    connect(m_session, &ChatSession::replyDone, this, [this](const ReplyStats& s) {
        m_reply.clear();
        render();
        m_stats->setText(tr("%1 tokens, %2 tokens/s, first token after %3 s%4")
                             .arg(s.tokens).arg(s.tokensPerSecond, 0, 'f', 1).arg(s.firstTokenSeconds, 0, 'f', 3)
                             .arg(s.stopped ? tr(" (stopped)") : QString()));
        m_prompt->setPlainText(s.prompt);
        emit stateChanged();
    });
}

QWidget* ChatPane::createModelRow() {
    const auto [row, line] = flatRow(this);
    m_runs = new QComboBox(row);
    m_runs->setObjectName(QStringLiteral("chatRun"));
    m_model = namedLineEdit(row, "chatModel", tr("a Hugging Face model directory"));
    auto* browse = new QPushButton(tr("Browse..."), row);
    line->addWidget(new QLabel(m_title, row));
    line->addWidget(m_runs);
    line->addWidget(m_model, 1);
    line->addWidget(browse);
    connect(m_runs, qOverload<int>(&QComboBox::activated), this, &ChatPane::pickRun);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model directory"), m_model->text());
        if (!dir.isEmpty()) m_model->setText(dir);
    });
    connect(m_model, &QLineEdit::textChanged, this, &ChatPane::planModel);
    return row;
}

QWidget* ChatPane::createLoadRow() {
    const auto [row, line] = flatRow(this);
    m_adapter = namedLineEdit(row, "chatAdapter", tr("a LoRA adapter (optional)"));
    m_load = namedButton(row, "chatLoad", tr("Load"));
    m_loading = new QProgressBar(row);
    m_loading->setObjectName(QStringLiteral("chatLoading"));
    m_loading->setMaximumWidth(160);
    m_status = new QLabel(row);
    m_status->setObjectName(QStringLiteral("chatStatus"));
    m_status->setWordWrap(true);
    line->addWidget(m_adapter, 1);
    line->addWidget(m_load);
    line->addWidget(m_loading);
    line->addWidget(m_status, 2);
    connect(m_load, &QPushButton::clicked, this, &ChatPane::load);
    return row;
}

void ChatPane::refreshRuns() {
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

void ChatPane::pickRun(int index) {
    const QStringList dirs = m_runs->itemData(index).toStringList();
    if (dirs.size() != 2) return;
    m_model->setText(dirs[0]);
    m_adapter->setText(dirs[1]);
}

void ChatPane::load() {
    if (m_model->text().trimmed().isEmpty()) {
        m_status->setText(tr("Choose a model directory or a run first."));
        return;
    }
    m_session->clear();
    render();
    setLoading(true);
    m_status->setText(tr("Loading %1...").arg(m_model->text().trimmed()));
    const QStringList extra = m_needsDisk ? QStringList{QStringLiteral("--device_map"), QStringLiteral("auto")} : QStringList();
    m_session->load(m_model->text().trimmed(), m_adapter->text().trimmed(), workerPath(), extra);
}

// The bar: the weights' bytes as they come in, then busy while the tokenizer starts.
void ChatPane::showLoading(const QString& stage, qint64 done, qint64 total) {
    if (stage == QLatin1String("weights") && total > 0) {
        m_loading->setRange(0, 1000);
        m_loading->setValue(static_cast<int>(done * 1000 / total));
        m_loading->setFormat(tr("%1 of %2").arg(sizeText(done), sizeText(total)));
        m_status->setText(tr("Loading the weights..."));
    } else if (stage == QLatin1String("tokenizer")) {
        m_loading->setRange(0, 0);
        m_status->setText(tr("Starting the tokenizer..."));
    }
}

void ChatPane::send(const QString& text, const SamplingSettings& settings) {
    if (!m_session->isReady() || m_session->isAnswering()) return;
    m_session->send(text, settings);
    m_reply.clear();
    render();
    emit stateChanged();
}

void ChatPane::clear() {
    m_session->clear();
    m_stats->clear();
    render();
}

void ChatPane::setPromptShown(bool shown) { m_prompt->setVisible(shown); }

QString ChatPane::conversationText() const { return m_view->toPlainText(); }

void ChatPane::planModel() {
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
void ChatPane::showPlan(const QByteArray& output) {
    const QJsonObject plan = QJsonDocument::fromJson(output.trimmed().split('\n').value(0)).object();
    if (plan.value("type").toString() != QLatin1String("plan")) return;
    const QJsonObject bytes = plan.value("bytes").toObject();
    m_needsDisk = bytes.value("disk").toDouble() > 0;
    m_plan->setText(m_needsDisk ? tr("Larger than the free memory: %1 on the CPU, %2 read from its files as it runs (device map auto)")
                                      .arg(sizeText(bytes.value("cpu").toDouble()), sizeText(bytes.value("disk").toDouble()))
                                : tr("Fits in the free memory: %1 on the CPU").arg(sizeText(bytes.value("cpu").toDouble())));
    m_plan->setToolTip(plan.value("table").toString());
}

// The conversation, the reply being made last.
void ChatPane::render() {
    QString html;
    auto turn = [&](const QString& who, const QString& text) {
        html += QStringLiteral("<p><b>%1</b><br>%2</p>").arg(who.toHtmlEscaped(), text.toHtmlEscaped().replace('\n', QStringLiteral("<br>")));
    };
    for (const ChatTurn& t : m_session->turns()) turn(t.role == QLatin1String("user") ? tr("You") : tr("Model"), t.content);
    if (m_session->isAnswering()) turn(tr("Model"), m_reply + QStringLiteral(" …"));
    m_view->setHtml(html);
    m_view->moveCursor(QTextCursor::End);
}

void ChatPane::setLoading(bool loading) {
    m_loading->setRange(0, 0);  // busy until the worker says how far it is
    m_loading->setFormat(QString());
    m_loading->setVisible(loading);
    m_load->setEnabled(!loading && !m_session->isAnswering());
    emit stateChanged();
}

}  // namespace catapult
