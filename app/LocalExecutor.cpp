#include "LocalExecutor.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>

namespace catapult {

LocalExecutor::LocalExecutor(QObject* parent) : JobExecutor(parent), m_sampler(std::make_unique<ProcessSampler>()) {
    m_sampleTimer.setInterval(kSampleIntervalMs);
    connect(&m_sampleTimer, &QTimer::timeout, this, &LocalExecutor::sample);
}

LocalExecutor::~LocalExecutor() {
    signalRanks(SIGKILL);
    for (auto& p : m_processes)
        if (p.process) p.process->waitForFinished(2000);
}

void LocalExecutor::start(const LaunchPlan& plan) {
    beginJob(static_cast<int>(plan.ranks.size()));
    m_processes.assign(plan.ranks.size(), Process{});
    // Ranks are numbered from 0 on this machine; its first global rank is not 0 when it runs
    // one machine's share of a multi-machine job (--machine_rank).
    m_firstRank = plan.ranks.empty() ? 0 : plan.ranks.front().rank;
    for (int rank = 0; rank < static_cast<int>(plan.ranks.size()); ++rank) {
        const RankLaunch& launch = plan.ranks[rank];
        auto* p = new QProcess(this);
        m_processes[rank].process = p;
        p->setProgram(launch.argv.front());
        p->setArguments(launch.argv.mid(1));
        p->setProcessEnvironment(launch.environment);
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->setChildProcessModifier([] {
            ::setpgid(0, 0);                    // own process group: stop it and its children together
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the launcher
            if (::getppid() == 1) ::_exit(1);    // the launcher died before the line above
        });
        connect(p, &QProcess::readyReadStandardOutput, this, [this, rank, p] { rankOutput(rank, p->readAllStandardOutput()); });
        connect(p, &QProcess::finished, this, [this, rank, p](int code, QProcess::ExitStatus status) {
            rankOutput(rank, p->readAllStandardOutput());
            ::kill(-static_cast<pid_t>(m_processes[rank].pid), SIGKILL);  // whatever the rank left in its group
            rankEnded(rank, code, status == QProcess::CrashExit);
        });
        connect(p, &QProcess::errorOccurred, this, [this, rank, p](QProcess::ProcessError e) {
            if (e != QProcess::FailedToStart) return;
            rankLost(rank, tr("%1 could not start '%2': %3").arg(rankLabel(rank), p->program(), p->errorString()), 127);
        });
        p->start(QIODevice::ReadOnly);
        m_processes[rank].pid = p->processId();
    }
    m_sampleTimer.start();
}

// Every rank runs in a process group of its own, led by its first process (see start()).
void LocalExecutor::sample() {
    const std::vector<qint64> groups = processIds();
    if (std::all_of(groups.begin(), groups.end(), [](qint64 g) { return g == 0; })) {
        m_sampleTimer.stop();
        return;
    }
    const std::vector<RankUsage> usage = m_sampler->sample(groups);
    for (int rank = 0; rank < static_cast<int>(usage.size()); ++rank)
        if (groups[rank] > 0 && usage[rank].processes > 0) reportUsage(rank, usage[rank]);
}

QString LocalExecutor::rankLabel(int rank) const { return JobExecutor::rankLabel(m_firstRank + rank); }

std::vector<qint64> LocalExecutor::processIds() const {
    std::vector<qint64> pids;
    for (int r = 0; r < static_cast<int>(m_processes.size()); ++r) pids.push_back(rankDone(r) ? 0 : m_processes[r].pid);
    return pids;
}

void LocalExecutor::dumpStacks(const QString& pySpy) {
    if (!m_dumper) {
        m_dumper = new StackDumper(pySpy, this);
        connect(m_dumper, &StackDumper::finished, this, &JobExecutor::stacksDumped);
    }
    std::vector<RankProcess> ranks;
    const std::vector<qint64> pids = processIds();
    for (int i = 0; i < static_cast<int>(pids.size()); ++i)
        if (pids[i] > 0) ranks.push_back({m_firstRank + i, pids[i]});
    m_dumper->dump(ranks);
}

void LocalExecutor::signalRanks(int signal) {
    for (int r = 0; r < static_cast<int>(m_processes.size()); ++r)
        if (!rankDone(r) && m_processes[r].pid > 0) ::kill(-static_cast<pid_t>(m_processes[r].pid), signal);
}

}  // namespace catapult
