#pragma once
// The Chat tab: talk to a model the user has, or just trained (ChatPane), or to two side by
// side ("Compare two models"): each message goes to both, each reply streams into its own
// column with its own figures. The sampling settings are shared; Stop ends the replies being
// made, Clear forgets the conversations, Copy takes them as text; the prompt exactly as each
// model saw it (the chat template applied) on demand.

#include <QWidget>

#include "ChatSession.h"

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace catapult {

class ChatPane;
class RunStore;

class ChatWidget : public QWidget {
    Q_OBJECT
public:
    explicit ChatWidget(RunStore* store, QWidget* parent = nullptr);
    ChatSession* session() const;  // the first model's
    ChatPane* pane(int index) const { return m_panes[index]; }

public slots:
    void refreshRuns();
    void send();
    void setComparing(bool comparing);

private:
    QWidget* createSettingsRow();
    QWidget* createInputRow();
    QVector<ChatPane*> activePanes() const;
    void updateButtons();
    ChatPane* m_panes[2] = {nullptr, nullptr};
    QCheckBox* m_compare = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QCheckBox* m_sample = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QLineEdit* m_input = nullptr;
    QPushButton* m_send = nullptr;
    QPushButton* m_stop = nullptr;
};

}  // namespace catapult
