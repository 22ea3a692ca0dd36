#include "RemoteRankGroup.h"

#include <poll.h>

#include <QElapsedTimer>
#include <QMutexLocker>

#include "RemoteCommand.h"

namespace catapult {
RemoteRankGroup::RemoteRankGroup(std::unique_ptr<SshSession> session, std::vector<RemoteRank> ranks,
                                 int heartbeatTimeoutMs, QObject* parent)
    : QThread(parent),
      m_session(std::move(session)),
      m_ranks(std::move(ranks)),
      m_heartbeatTimeoutMs(heartbeatTimeoutMs),
      m_label(m_session->label()),
      m_hostName(m_session->host().name),
      m_groups(m_ranks.size(), 0) {}

RemoteRankGroup::~RemoteRankGroup() {
    m_abandon = true;
    wait();
}

void RemoteRankGroup::requestSignal(int signal) {
    m_stopSignal = signal;
    m_pendingSignal = signal;
}

std::vector<qint64> RemoteRankGroup::processGroups() const {
    QMutexLocker lock(&m_mutex);
    return m_groups;
}

void RemoteRankGroup::sendSignal(int signal, const std::vector<qint64>& groups) {
    if (groups.empty()) return;
    // A short-lived channel of its own; its failure shows up as a broken connection below.
    auto channel = m_session->start(signalGroupsCommand(groups, signal));
    if (!channel.ok()) return;
    QByteArray out, err;
    QElapsedTimer t;
    t.start();
    while (!channel.value()->atEnd() && t.elapsed() < 5000) {
        if (!channel.value()->read(out, err).ok()) return;
        pollfd pfd{m_session->socket(), POLLIN, 0};
        ::poll(&pfd, 1, 10);
    }
}

void RemoteRankGroup::run() {
    struct Live {
        std::unique_ptr<SshChannel> channel;
        QByteArray control;  // partial stderr line of the wrapper
        bool done = false;
        bool signalled = false;
        int exitCode = -1;  // from the wrapper's @catapult-exit line
    };
    std::vector<Live> live(m_ranks.size());
    for (std::size_t i = 0; i < m_ranks.size(); ++i) {
        auto started = m_session->start(m_ranks[i].command);
        if (!started.ok()) {
            emit connectionLost(QString::fromStdString(started.status().message()));
            return;
        }
        live[i].channel = std::move(started.value());
    }
    QElapsedTimer sinceData;
    sinceData.start();
    std::size_t remaining = live.size();
    while (remaining > 0 && !m_abandon) {
        bool gotData = false;
        for (std::size_t i = 0; i < live.size(); ++i) {
            Live& l = live[i];
            if (l.done) continue;
            QByteArray out, err;
            const Status st = l.channel->read(out, err);
            if (!out.isEmpty()) {
                gotData = true;
                emit output(m_ranks[i].rank, out);
            }
            if (!err.isEmpty()) {
                gotData = true;
                l.control += err;
                qsizetype nl;
                while ((nl = l.control.indexOf('\n')) >= 0) {
                    const QByteArray line = l.control.left(nl);
                    l.control.remove(0, nl + 1);
                    if (line == ".") continue;  // heartbeat
                    if (line.startsWith("@catapult-exit ")) {
                        l.exitCode = line.mid(15).trimmed().toInt();
                        continue;
                    }
                    if (line.startsWith("@catapult-pgid ")) {
                        const qint64 group = line.mid(15).trimmed().toLongLong();
                        {
                            QMutexLocker lock(&m_mutex);
                            m_groups[i] = group;
                        }
                        emit rankStarted(m_ranks[i].rank, group);
                        continue;
                    }
                    emit output(m_ranks[i].rank, line + '\n');  // the wrapper's own complaints (cd, setsid)
                }
            }
            if (!st.ok()) {
                emit connectionLost(tr("the connection to %1 was lost (%2)").arg(m_label, QString::fromStdString(st.message())));
                return;
            }
            if (l.channel->atEnd()) {
                if (!l.control.isEmpty()) emit output(m_ranks[i].rank, l.control + '\n');
                l.done = true;
                --remaining;
                emit rankExited(m_ranks[i].rank, l.exitCode >= 0 ? l.exitCode : l.channel->exitStatus());
                l.channel.reset();
            }
        }
        if (gotData) sinceData.restart();
        if (const int signal = m_pendingSignal.exchange(0); signal != 0) {
            std::vector<qint64> groups;
            for (std::size_t i = 0; i < live.size(); ++i) {
                const qint64 g = processGroups()[i];
                if (!live[i].done && g > 0) {
                    groups.push_back(g);
                    live[i].signalled = true;
                }
            }
            sendSignal(signal, groups);
        }
        if (const int signal = m_stopSignal.load(); signal != 0) {  // groups reported after the request
            std::vector<qint64> late;
            for (std::size_t i = 0; i < live.size(); ++i)
                if (!live[i].done && !live[i].signalled && processGroups()[i] > 0) {
                    late.push_back(processGroups()[i]);
                    live[i].signalled = true;
                }
            sendSignal(signal, late);
        }
        if (!m_session->isConnected()) {
            emit connectionLost(tr("the connection to %1 was closed (%2)").arg(m_label, m_session->lastError()));
            return;
        }
        if (sinceData.elapsed() > m_heartbeatTimeoutMs) {
            // Drop the link: if the host comes back, it sees the connection gone and its
            // watchdogs stop the ranks.
            m_session->disconnect();
            emit connectionLost(tr("%1 stopped responding: no data for %2 s").arg(m_label).arg(m_heartbeatTimeoutMs / 1000.0));
            return;
        }
        if (!gotData) {
            pollfd pfd{m_session->socket(), POLLIN, 0};
            ::poll(&pfd, 1, 50);
        }
    }
}

}  // namespace catapult
