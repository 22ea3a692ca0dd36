#include "ChatWidget.h"

#include <algorithm>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "ChatPane.h"
#include "RowWidgets.h"

namespace catapult {
ChatWidget::ChatWidget(RunStore* store, QWidget* parent) : QWidget(parent) {
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    for (int i = 0; i < 2; ++i) {
        m_panes[i] = new ChatPane(store, i == 0 ? tr("Model:") : tr("Second model:"), splitter);
        m_panes[i]->setObjectName(QStringLiteral("chatPane%1").arg(i + 1));
        splitter->addWidget(m_panes[i]);
        connect(m_panes[i], &ChatPane::stateChanged, this, &ChatWidget::updateButtons);
    }
    m_compare = new QCheckBox(tr("Compare two models"), this);
    m_compare->setObjectName(QStringLiteral("chatCompare"));
    m_compare->setToolTip(tr("Load a second model beside the first: each message goes to both"));
    auto* showPrompt = new QCheckBox(tr("Show the prompt as the model sees it"), this);
    showPrompt->setObjectName(QStringLiteral("chatShowPrompt"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(createSettingsRow());
    layout->addWidget(createInputRow());
    auto* options = new QHBoxLayout;
    options->addWidget(m_compare);
    options->addWidget(showPrompt);
    options->addStretch(1);
    layout->addLayout(options);
    connect(m_compare, &QCheckBox::toggled, this, &ChatWidget::setComparing);
    connect(showPrompt, &QCheckBox::toggled, this, [this](bool shown) {
        for (ChatPane* p : m_panes) p->setPromptShown(shown);
    });
    setComparing(false);
}

ChatSession* ChatWidget::session() const { return m_panes[0]->session(); }

void ChatWidget::refreshRuns() {
    for (ChatPane* p : m_panes) p->refreshRuns();
}

void ChatWidget::setComparing(bool comparing) {
    m_compare->setChecked(comparing);
    m_panes[1]->setVisible(comparing);
    if (!comparing) m_panes[1]->session()->unload();
    updateButtons();
}

QWidget* ChatWidget::createSettingsRow() {
    const auto [row, line] = flatRow(this);
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
    const auto [row, line] = flatRow(this);
    m_input = namedLineEdit(row, "chatInput", tr("Message"));
    m_send = namedButton(row, "chatSend", tr("Send"));
    m_stop = namedButton(row, "chatStop", tr("Stop"));
    auto* clear = namedButton(row, "chatClear", tr("Clear"));
    auto* copy = namedButton(row, "chatCopy", tr("Copy"));
    line->addWidget(m_input, 1);
    for (QPushButton* b : {m_send, m_stop, clear, copy}) line->addWidget(b);
    connect(m_input, &QLineEdit::returnPressed, this, &ChatWidget::send);
    connect(m_send, &QPushButton::clicked, this, &ChatWidget::send);
    connect(m_stop, &QPushButton::clicked, this, [this] {
        for (ChatPane* p : activePanes()) p->session()->stop();
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        for (ChatPane* p : m_panes) p->clear();
    });
    connect(copy, &QPushButton::clicked, this, [this] {
        QStringList text;
        for (ChatPane* p : activePanes()) text << (m_compare->isChecked() ? p->title() + '\n' : QString()) + p->conversationText();
        QApplication::clipboard()->setText(text.join(QStringLiteral("\n\n")));
    });
    return row;
}

QVector<ChatPane*> ChatWidget::activePanes() const {
    return m_compare->isChecked() ? QVector<ChatPane*>{m_panes[0], m_panes[1]} : QVector<ChatPane*>{m_panes[0]};
}

// The message to every model shown, with the same settings; sent once each is loaded and idle.
void ChatWidget::send() {
    const QVector<ChatPane*> panes = activePanes();
    const bool canSend = std::all_of(panes.begin(), panes.end(), [](ChatPane* p) { return p->session()->isReady() && !p->session()->isAnswering(); });
    if (!canSend || m_input->text().trimmed().isEmpty()) return;
    const SamplingSettings settings{m_maxTokens->value(), m_sample->isChecked(), m_temperature->value(), m_topP->value()};
    for (ChatPane* p : panes) p->send(m_input->text(), settings);
    m_input->clear();
    updateButtons();
}

void ChatWidget::updateButtons() {
    if (!m_send || !m_compare) return;  // still being built
    bool ready = true, answering = false;
    for (ChatPane* p : activePanes()) {
        ready = ready && p->session()->isReady();
        answering = answering || p->session()->isAnswering();
    }
    m_send->setEnabled(ready && !answering);
    m_stop->setEnabled(answering);
}

}  // namespace catapult
