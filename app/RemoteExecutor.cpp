#include "RemoteExecutor.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>

#include "RemoteCommand.h"

namespace catapult {
namespace {
constexpr int kRanksPerConnection = 8;
}

RemoteExecutor::RemoteExecutor(std::vector<std::unique_ptr<SshSession>> sessions, SshOptions options, int hostTimeoutMs,
                               QObject* parent)
    : JobExecutor(parent), m_sessions(std::move(sessions)), m_options(std::move(options)), m_hostTimeoutMs(hostTimeoutMs) {}

RemoteExecutor::~RemoteExecutor() {
    for (auto& [host, group] : m_groups) {
        group->abandon();
        group->wait();
    }
}

QString RemoteExecutor::rankLabel(int rank) const {
    if (rank < 0 || rank >= static_cast<int>(m_rankHost.size())) return JobExecutor::rankLabel(rank);
    return tr("rank %1 on %2").arg(rank).arg(m_hosts[m_rankHost[rank]].name);
}

void RemoteExecutor::start(const LaunchPlan& plan) {
    beginJob(static_cast<int>(plan.ranks.size()));
    m_hosts = plan.hosts;
    m_rankHost.assign(plan.ranks.size(), 0);
    if (!plan.runDir.isEmpty() && QDir().mkpath(plan.runDir)) {
        m_metrics.setFileName(plan.runDir + QStringLiteral("/metrics.jsonl"));
        m_metrics.open(QIODevice::Append | QIODevice::Text);
    }
    connect(this, &JobExecutor::metricsReceived, this, [this](int rank, const QJsonObject& m) {
        if (rank != 0 || !m_metrics.isOpen()) return;
        m_metrics.write(QJsonDocument(m).toJson(QJsonDocument::Compact) + '\n');
        m_metrics.flush();
    });
    m_pythonFiles.clear();
    for (QDirIterator it(plan.pythonPackageDir, {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
         !plan.pythonPackageDir.isEmpty() && it.hasNext();) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly)) m_pythonFiles.insert(QDir(plan.pythonPackageDir).relativeFilePath(f.fileName()), f.readAll());
    }
    for (int host = 0; host < static_cast<int>(plan.hosts.size()); ++host) {
        std::vector<const RankLaunch*> ranks;
        for (const RankLaunch& r : plan.ranks)
            if (r.host == host) {
                ranks.push_back(&r);
                m_rankHost[r.rank] = host;
            }
        for (std::size_t first = 0; first < ranks.size(); first += kRanksPerConnection) {
            const std::vector<const RankLaunch*> chunk(ranks.begin() + first,
                                                       ranks.begin() + std::min(ranks.size(), first + kRanksPerConnection));
            std::unique_ptr<SshSession> session;
            if (first == 0 && host < static_cast<int>(m_sessions.size())) session = std::move(m_sessions[host]);
            if (!session) {
                auto opened = SshSession::open(plan.hosts[host], m_options);
                if (!opened.ok()) {
                    for (const RankLaunch* r : chunk)
                        rankLost(r->rank, QString::fromStdString(opened.status().message()), 255, plan.hosts[host].name);
                    continue;
                }
                session = std::move(opened.value());
            }
            if (first == 0 && !m_pythonFiles.isEmpty()) uploadPythonPackage(*session, host, chunk.front()->rank);
            startGroup(host, std::move(session), chunk);
        }
    }
}

void RemoteExecutor::startGroup(int host, std::unique_ptr<SshSession> session, const std::vector<const RankLaunch*>& ranks) {
    const HostSpec& h = m_hosts[host];
    std::vector<RemoteRank> commands;
    for (const RankLaunch* r : ranks) {
        RankCommandSpec spec;
        spec.workDir = h.workDir;
        for (const QString& key : r->environment.keys()) spec.environment.insert(key, r->environment.value(key));
        spec.argv = r->argv;
        if (m_hosts.size() > 1) spec.glooInterfaceTowards = r->environment.value(QStringLiteral("MASTER_ADDR"));
        if (!m_pythonFiles.isEmpty()) spec.pythonPathFirst = QString::fromLatin1(kRemotePythonDir);
        commands.push_back(RemoteRank{r->rank, rankCommand(spec)});
    }
    auto* group = new RemoteRankGroup(std::move(session), std::move(commands), m_hostTimeoutMs, this);
    m_groups.emplace_back(host, group);
    connect(group, &RemoteRankGroup::output, this, [this](int rank, const QByteArray& data) { rankOutput(rank, data); });
    connect(group, &RemoteRankGroup::rankExited, this, [this](int rank, int code) { rankEnded(rank, code, false); });
    connect(group, &RemoteRankGroup::usageReported, this, [this](int rank, double cpu, qint64 rss, int processes) {
        RankUsage u;
        u.cpuSeconds = cpu;
        u.rssBytes = rss;
        u.processes = processes;
        reportUsage(rank, u);
    });
    connect(group, &RemoteRankGroup::connectionLost, this, [this, group, host](const QString& reason) {
        for (int rank = 0; rank < rankCount(); ++rank)
            if (m_rankHost[rank] == host && !rankDone(rank))
                rankLost(rank, tr("%1: %2").arg(rankLabel(rank), reason), 255, m_hosts[host].name);
        Q_UNUSED(group);
    });
    connect(group, &RemoteRankGroup::rankStack, this, [this](int rank, const QString& tool, const QString& text) {
        m_stacks.push_back(RankStack{rank, tool, text});
    });
    connect(group, &RemoteRankGroup::stacksDone, this, [this] {
        if (m_stackGroups > 0 && --m_stackGroups == 0) emit stacksDumped(m_stacks);
    });
    group->start();
}

bool RemoteExecutor::uploadPythonPackage(SshSession& session, int host, int firstRank) {
    const auto done = session.run(writeFilesCommand(m_hosts[host].workDir, QString::fromLatin1(kRemotePythonDir), m_pythonFiles), 20000);
    if (done.ok() && done.value().exitCode == 0) return true;
    const QString why = done.ok() ? QString::fromUtf8(done.value().err).trimmed() : QString::fromStdString(done.status().message());
    emit logLine(firstRank, tr("catapult: Catapult's Python package could not be copied to %1 (%2); its Python ranks report "
                               "only what the launcher samples").arg(m_hosts[host].name, why));
    return false;
}

std::vector<qint64> RemoteExecutor::processGroups(int host) const {
    std::vector<qint64> out;
    for (const auto& [h, group] : m_groups)
        if (h == host)
            for (qint64 g : group->processGroups()) out.push_back(g);
    return out;
}

void RemoteExecutor::dumpStacks(const QString& pySpy) {
    m_stacks.clear();
    m_stackGroups = 0;
    for (auto& [host, group] : m_groups)
        if (group->isRunning()) {
            ++m_stackGroups;
            group->requestStacks(pySpy);
        }
    if (m_stackGroups == 0) emit stacksDumped(m_stacks);
}

void RemoteExecutor::signalRanks(int signal) {
    for (auto& [host, group] : m_groups)
        if (group->isRunning()) group->requestSignal(signal);
}

void RemoteExecutor::abandonRanks() {
    for (auto& [host, group] : m_groups) group->abandon();
}

}  // namespace catapult
