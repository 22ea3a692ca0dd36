#pragma once
// A conversation with a model: `catapult-worker serve` (its line protocol, see the worker's
// GenerateCommand.h) started for a model directory (and a PEFT adapter), the messages kept
// here, each reply streamed as it grows, with its tokens/s and time to the first token. For the
// desktop app's Chat tab. Thread safety: GUI thread.

#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QVector>

namespace catapult {

struct ChatTurn {
    QString role;  // "system", "user", "assistant"
    QString content;
};

struct ReplyStats {
    qint64 tokens = 0;
    double tokensPerSecond = 0, firstTokenSeconds = 0;
    bool stopped = false;
    QString prompt;  // the rendered prompt the model saw
};

struct SamplingSettings {
    int maxNewTokens = 256;
    bool sample = false;
    double temperature = 0.7, topP = 0.9;
};

class ChatSession : public QObject {
    Q_OBJECT
public:
    explicit ChatSession(QObject* parent = nullptr);
    ~ChatSession() override;

    // Starts the model's server (with `extra` flags, e.g. --device_map auto); ready() or failed() follows.
    void load(const QString& modelDir, const QString& adapterDir, const QString& workerPath, const QStringList& extra = {});
    bool isReady() const { return m_ready; }
    bool isAnswering() const { return m_answering; }
    const QVector<ChatTurn>& turns() const { return m_turns; }
    void setSystem(const QString& text) { m_system = text; }

public slots:
    // The user's turn; the reply comes as replyDelta() then replyDone().
    void send(const QString& text, const SamplingSettings& settings);
    void stop();   // ends the reply being made
    void clear();  // forgets the conversation
    void unload();

signals:
    // While loading: the bytes of weights in memory so far and in all (stage "weights"), then
    // the tokenizer starting (stage "tokenizer", done = total = 0).
    void loading(const QString& stage, qint64 done, qint64 total);
    void ready(const QString& chatTemplate, double loadSeconds);
    void failed(const QString& message);
    void replyDelta(const QString& text);
    void replyDone(const ReplyStats& stats);

private:
    void readLines();
    void handle(const QJsonObject& line);
    QProcess m_process;
    QByteArray m_pending;
    QString m_errors;
    QString m_system;
    QVector<ChatTurn> m_turns;
    bool m_ready = false;
    bool m_answering = false;
};

}  // namespace catapult
