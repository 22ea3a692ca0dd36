#include "ChatSession.h"

#include <signal.h>

#include <QJsonArray>
#include <QJsonDocument>

namespace catapult {

ChatSession::ChatSession(QObject* parent) : QObject(parent) {
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &ChatSession::readLines);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_errors += QString::fromUtf8(m_process.readAllStandardError());
        m_errors = m_errors.right(4000);
    });
    connect(&m_process, &QProcess::finished, this, [this](int code) {
        const bool wasReady = m_ready;
        m_ready = m_answering = false;
        if (code != 0 || !wasReady)
            emit failed(m_errors.trimmed().isEmpty() ? tr("the model's process ended (exit code %1)").arg(code) : m_errors.trimmed());
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) emit failed(tr("cannot start %1: %2").arg(m_process.program(), m_process.errorString()));
    });
}

ChatSession::~ChatSession() { unload(); }

void ChatSession::load(const QString& modelDir, const QString& adapterDir, const QString& workerPath, const QStringList& extra) {
    unload();
    m_errors.clear();
    QStringList args = QStringList{QStringLiteral("serve"), QStringLiteral("--model"), modelDir} + extra;
    if (!adapterDir.isEmpty()) args << QStringLiteral("--adapter") << adapterDir;
    m_process.start(workerPath, args);
}

void ChatSession::unload() {
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.closeWriteChannel();  // the server ends at the end of its input
    if (!m_process.waitForFinished(5000)) {
        m_process.kill();
        m_process.waitForFinished(2000);
    }
    m_ready = m_answering = false;
}

void ChatSession::send(const QString& text, const SamplingSettings& s) {
    if (!m_ready || m_answering || text.trimmed().isEmpty()) return;
    m_turns.append({QStringLiteral("user"), text});
    QJsonArray messages;
    if (!m_system.isEmpty()) messages.append(QJsonObject{{"role", "system"}, {"content", m_system}});
    for (const ChatTurn& t : m_turns) messages.append(QJsonObject{{"role", t.role}, {"content", t.content}});
    const QJsonObject request{{"messages", messages}, {"max_new_tokens", s.maxNewTokens}, {"do_sample", s.sample},
                              {"temperature", s.temperature}, {"top_p", s.topP}};
    m_answering = true;
    m_process.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
}

void ChatSession::stop() {
    if (m_answering && m_process.processId() > 0) ::kill(static_cast<pid_t>(m_process.processId()), SIGUSR1);
}

void ChatSession::clear() {
    if (!m_answering) m_turns.clear();
}

void ChatSession::readLines() {
    m_pending += m_process.readAllStandardOutput();
    for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n')) {
        const QJsonDocument doc = QJsonDocument::fromJson(m_pending.left(end));
        m_pending.remove(0, end + 1);
        if (doc.isObject()) handle(doc.object());
    }
}

void ChatSession::handle(const QJsonObject& line) {
    const QString type = line.value("type").toString();
    if (type == QLatin1String("loading")) {
        emit loading(line.value("stage").toString(), line.value("done").toInteger(), line.value("total").toInteger());
    } else if (type == QLatin1String("ready")) {
        m_ready = true;
        emit ready(line.value("template").toString(), line.value("load_seconds").toDouble());
    } else if (type == QLatin1String("delta")) {
        emit replyDelta(line.value("text").toString());
    } else if (type == QLatin1String("done")) {
        m_answering = false;
        m_turns.append({QStringLiteral("assistant"), line.value("text").toString()});
        emit replyDone({line.value("tokens").toInteger(), line.value("tokens_per_s").toDouble(), line.value("first_token_seconds").toDouble(),
                        line.value("stopped").toBool(), line.value("prompt").toString()});
    } else if (type == QLatin1String("error")) {
        m_answering = false;
        if (!m_turns.isEmpty() && m_turns.back().role == QLatin1String("user")) m_turns.removeLast();
        emit failed(line.value("message").toString());
    }
}

}  // namespace catapult
