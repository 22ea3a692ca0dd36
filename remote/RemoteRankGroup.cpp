#include "RemoteRankGroup.h"

#include <poll.h>

#include <algorithm>

#include <QElapsedTimer>
#include <QMutexLocker>

#include "RemoteCommand.h"

namespace catapult {

struct RemoteRankGroup::Live {
    std::unique_ptr<SshChannel> channel;
    QByteArray control;  // partial stderr line of the wrapper
    bool done = false;
    bool signalled = false;
    int exitCode = -1;  // from the wrapper's @catapult-exit line
    double ticksPerSecond = 0;  // the host's CLK_TCK and page size, from @catapult-pgid
    qint64 pageBytes = 4096;
};
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

void RemoteRankGroup::requestStacks(const QString& pySpy) {
    {
        QMutexLocker lock(&m_mutex);
        m_pySpy = pySpy;
    }
    m_stacksWanted = true;
}

void RemoteRankGroup::dumpStacks(const std::vector<Live>& live) {
    QString pySpy;
    {
        QMutexLocker lock(&m_mutex);
        pySpy = m_pySpy;
    }
    const std::vector<qint64> groups = processGroups();
    for (std::size_t i = 0; i < live.size(); ++i) {
        if (live[i].done || groups[i] <= 0) continue;
        auto result = m_session->run(stackDumpCommand(groups[i], pySpy), 60000);
        QString text = result.ok() ? QString::fromUtf8(result.value().out) : QString::fromStdString(result.status().message());
        QString tool;
        if (const qsizetype at = text.lastIndexOf(QLatin1String("@catapult-tool ")); result.ok() && result.value().exitCode == 0 && at >= 0) {
            tool = text.mid(at + 15).trimmed();
            text = text.left(at);
        }
        emit rankStack(m_ranks[i].rank, tool, tool.isEmpty() ? tr("no stack: neither py-spy nor gdb could read it on %1").arg(m_label) : text);
    }
    emit stacksDone();
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


bool RemoteRankGroup::startRanks(std::vector<Live>& live) {
    for (std::size_t i = 0; i < m_ranks.size(); ++i) {
        auto started = m_session->start(m_ranks[i].command);
        if (!started.ok()) {
            emit connectionLost(QString::fromStdString(started.status().message()));
            return false;
        }
        live[i].channel = std::move(started.value());
    }
    return true;
}

// The wrapper's stderr lines (RemoteCommand.h): heartbeat, process group, exit status; anything
// else is its own complaint (cd, setsid) and goes to the rank's output.
void RemoteRankGroup::handleControlLine(std::size_t i, Live& l, const QByteArray& line) {
    if (line == ".") return;
    if (line.startsWith("@catapult-exit ")) {
        l.exitCode = line.mid(15).trimmed().toInt();
        return;
    }
    if (line.startsWith("@catapult-sample ")) {
        const QList<QByteArray> f = line.mid(17).trimmed().split(' ');
        if (f.size() >= 3 && l.ticksPerSecond > 0)
            emit usageReported(m_ranks[i].rank, f[0].toDouble() / l.ticksPerSecond, f[1].toLongLong() * l.pageBytes, f[2].toInt());
        return;
    }
    if (line.startsWith("@catapult-pgid ")) {
        const QList<QByteArray> f = line.mid(15).trimmed().split(' ');
        const qint64 group = f.value(0).toLongLong();
        l.ticksPerSecond = f.value(1, "100").toDouble();
        l.pageBytes = f.value(2, "4096").toLongLong();
        {
            QMutexLocker lock(&m_mutex);
            m_groups[i] = group;
        }
        emit rankStarted(m_ranks[i].rank, group);
        return;
    }
    emit output(m_ranks[i].rank, line + '\n');
}

bool RemoteRankGroup::readRank(std::size_t i, Live& l, bool& gotData) {
    QByteArray out, err;
    const Status st = l.channel->read(out, err);
    if (!out.isEmpty()) emit output(m_ranks[i].rank, out);
    gotData = gotData || !out.isEmpty() || !err.isEmpty();
    l.control += err;
    for (qsizetype nl; (nl = l.control.indexOf('\n')) >= 0;) {
        const QByteArray line = l.control.left(nl);
        l.control.remove(0, nl + 1);
        handleControlLine(i, l, line);
    }
    if (!st.ok()) {
        emit connectionLost(tr("the connection to %1 was lost (%2)").arg(m_label, QString::fromStdString(st.message())));
        return false;
    }
    if (l.channel->atEnd()) {
        if (!l.control.isEmpty()) emit output(m_ranks[i].rank, l.control + '\n');
        l.done = true;
        emit rankExited(m_ranks[i].rank, l.exitCode >= 0 ? l.exitCode : l.channel->exitStatus());
        l.channel.reset();
    }
    return true;
}

// A signal asked for reaches every live rank's group once, also groups reported after the request.
void RemoteRankGroup::deliverSignals(std::vector<Live>& live) {
    const int pending = m_pendingSignal.exchange(0);
    const int signal = pending != 0 ? pending : m_stopSignal.load();
    if (signal == 0) return;
    const std::vector<qint64> groups = processGroups();
    std::vector<qint64> targets;
    for (std::size_t i = 0; i < live.size(); ++i) {
        if (live[i].done || groups[i] <= 0 || (pending == 0 && live[i].signalled)) continue;
        targets.push_back(groups[i]);
        live[i].signalled = true;
    }
    sendSignal(signal, targets);
}

bool RemoteRankGroup::hostAlive(const QElapsedTimer& sinceData) {
    if (!m_session->isConnected()) {
        emit connectionLost(tr("the connection to %1 was closed (%2)").arg(m_label, m_session->lastError()));
        return false;
    }
    if (sinceData.elapsed() <= m_heartbeatTimeoutMs) return true;
    // Drop the link: if the host comes back, it sees the connection gone and its watchdogs
    // stop the ranks.
    m_session->disconnect();
    emit connectionLost(tr("%1 stopped responding: no data for %2 s").arg(m_label).arg(m_heartbeatTimeoutMs / 1000.0));
    return false;
}

void RemoteRankGroup::run() {
    std::vector<Live> live(m_ranks.size());
    if (!startRanks(live)) return;
    QElapsedTimer sinceData;
    sinceData.start();
    auto running = [&live] { return std::any_of(live.begin(), live.end(), [](const Live& l) { return !l.done; }); };
    while (running() && !m_abandon) {
        bool gotData = false;
        for (std::size_t i = 0; i < live.size(); ++i)
            if (!live[i].done && !readRank(i, live[i], gotData)) return;
        if (gotData) sinceData.restart();
        deliverSignals(live);
        if (m_stacksWanted.exchange(false)) {
            dumpStacks(live);
            sinceData.restart();  // the dump held the loop; the host did not go silent
        }
        if (!hostAlive(sinceData)) return;
        if (!gotData) {
            pollfd pfd{m_session->socket(), POLLIN, 0};
            ::poll(&pfd, 1, 50);
        }
    }
}

}  // namespace catapult
