#pragma once
// One model of the Chat tab: a model directory (and a PEFT adapter), or a finished run of the
// history (its model, or its adapter on its base); where the model would go before it loads
// (the worker's device map, --plan_only); Load with a progress bar (the weights' bytes, then
// the tokenizer) and its time; the conversation, each reply streaming in as it grows, with its
// tokens/s and time to the first token; the prompt exactly as the model saw it. The Chat tab
// (ChatWidget) holds one, or two side by side to compare models on the same messages.

#include <QWidget>

#include "ChatSession.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProcess;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace catapult {

class RunStore;

class ChatPane : public QWidget {
    Q_OBJECT
public:
    ChatPane(RunStore* store, const QString& title, QWidget* parent = nullptr);
    ChatSession* session() const { return m_session; }
    QString title() const { return m_title; }
    QString conversationText() const;
    void setPromptShown(bool shown);

public slots:
    void refreshRuns();  // the finished runs that exported a model or an adapter
    void load();
    void send(const QString& text, const SamplingSettings& settings);
    void clear();

signals:
    void stateChanged();  // loaded, failed, or a reply started or ended

private:
    void connectSession();
    QWidget* createModelRow();
    QWidget* createLoadRow();
    void pickRun(int index);
    void render();
    void setLoading(bool loading);
    void showLoading(const QString& stage, qint64 done, qint64 total);
    void planModel();  // asks the worker where the model would go (--plan_only)
    void showPlan(const QByteArray& output);
    RunStore* m_store;
    QString m_title;
    ChatSession* m_session;
    QComboBox* m_runs = nullptr;
    QLineEdit* m_model = nullptr;
    QLineEdit* m_adapter = nullptr;
    QPushButton* m_load = nullptr;
    QProgressBar* m_loading = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_plan = nullptr;
    QProcess* m_planner = nullptr;
    QTextBrowser* m_view = nullptr;
    QLabel* m_stats = nullptr;
    QPlainTextEdit* m_prompt = nullptr;
    QString m_reply;           // the reply being made
    bool m_needsDisk = false;  // the model does not fit the free memory: it loads with --device_map auto
};

}  // namespace catapult
