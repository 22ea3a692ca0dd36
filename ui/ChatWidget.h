#pragma once
// The Chat tab: talk to a model the user has, or just trained. A model directory (and a PEFT
// adapter), or a finished run of the history (its model, or its adapter on its base); Load
// starts the model (ChatSession) and says how long it took; each reply streams in as it grows,
// with its tokens/s and time to the first token; Stop ends it, Clear forgets the conversation,
// Copy takes it as text; the sampling settings; the prompt exactly as the model saw it (the chat
// template applied) on demand.

#include <QProcess>
#include <QWidget>

#include "ChatSession.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace catapult {

class RunStore;

class ChatWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChatWidget(RunStore* store, QWidget* parent = nullptr);
    ChatSession* session() const { return m_session; }

public slots:
    void refreshRuns();  // the finished runs that exported a model or an adapter
    void load();
    void send();

private:
    void connectSession();
    QWidget* createModelRow();
    QWidget* createSettingsRow();
    QWidget* createInputRow();
    void pickRun(int index);
    void render();
    void setBusy(bool loading);
    void planModel();     // asks the worker where the model would go (--plan_only)
    void showPlan(const QByteArray& output);
    RunStore* m_store;
    ChatSession* m_session;
    QComboBox* m_runs = nullptr;
    QLineEdit* m_model = nullptr;
    QLineEdit* m_adapter = nullptr;
    QPushButton* m_load = nullptr;
    QProgressBar* m_loading = nullptr;
    QLabel* m_status = nullptr;
    QTextBrowser* m_view = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QCheckBox* m_sample = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QLineEdit* m_input = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_stats = nullptr;
    QCheckBox* m_showPrompt = nullptr;
    QPlainTextEdit* m_prompt = nullptr;
    QString m_reply;  // the reply being made
    QLabel* m_plan = nullptr;
    QProcess* m_planner = nullptr;
    bool m_needsDisk = false;  // the model does not fit the free memory: it loads with --device_map auto
};

}  // namespace catapult
