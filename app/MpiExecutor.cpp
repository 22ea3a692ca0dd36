#include "MpiExecutor.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>

#include <QRegularExpression>
#include <QStandardPaths>

#include "catapult/WorkerVariables.h"

namespace catapult {
namespace {

// The variables of torchrun's contract that differ from rank to rank or follow from the
// placement: under mpirun the MPI launcher's own variables say them.
bool isPlacement(const QString& name) {
    using namespace vars;
    for (const char* v : {kRank, kLocalRank, kWorldSize, kLocalWorldSize, kGroupRank, kGroupWorldSize, kRoleRank, kRoleWorldSize})
        if (name == QLatin1String(v)) return true;
    return false;
}

// mpirun, else mpiexec, on PATH; and which implementation it is.
QString findMpirun() {
    const QString mpirun = QStandardPaths::findExecutable(QStringLiteral("mpirun"));
    return mpirun.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("mpiexec")) : mpirun;
}

MpiExecutor::Flavour flavourOf(const QString& mpirun) {
    QProcess version;
    version.setProcessChannelMode(QProcess::MergedChannels);
    version.start(mpirun, {QStringLiteral("--version")});
    version.waitForFinished(10000);
    const QByteArray text = version.readAll();
    return text.contains("Open MPI") || text.contains("OpenRTE") ? MpiExecutor::Flavour::OpenMpi : MpiExecutor::Flavour::Mpich;
}

}  // namespace

MpiExecutor::MpiExecutor(QString hostfile, int machines, QObject* parent)
    : JobExecutor(parent), m_hostfile(std::move(hostfile)), m_machines(std::max(1, machines)) {}

MpiExecutor::~MpiExecutor() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        signalRanks(SIGKILL);
        m_process->waitForFinished(2000);
    }
}

QProcessEnvironment MpiExecutor::sharedEnvironment(const LaunchPlan& plan) {
    QProcessEnvironment shared;
    if (plan.ranks.empty()) return shared;
    const QProcessEnvironment& first = plan.ranks.front().environment;
    for (const QString& name : first.keys()) {
        if (isPlacement(name)) continue;
        const bool same = std::all_of(plan.ranks.begin(), plan.ranks.end(),
                                      [&](const RankLaunch& r) { return r.environment.value(name) == first.value(name); });
        if (same) shared.insert(name, first.value(name));
    }
    return shared;
}

QStringList MpiExecutor::commandLine(const QString& mpirun, Flavour flavour, const QString& hostfile, int machines,
                                     const LaunchPlan& plan) {
    const int total = static_cast<int>(plan.ranks.size());
    const QString perMachine = QString::number(total / std::max(1, machines));
    // The plan holds only what the launch sets (LaunchSession builds it without the launcher's
    // own environment): each of those by name, so that ranks on other machines get them too.
    const QStringList names = sharedEnvironment(plan).keys();
    QStringList line{mpirun};
    if (flavour == Flavour::OpenMpi) {
        line << QStringLiteral("--hostfile") << hostfile << QStringLiteral("--npernode") << perMachine << QStringLiteral("-n")
             << QString::number(total) << QStringLiteral("--bind-to") << QStringLiteral("socket") << QStringLiteral("--tag-output");
        if (::geteuid() == 0) line << QStringLiteral("--allow-run-as-root");
        for (const QString& name : names) line << QStringLiteral("-x") << name;
    } else {
        line << QStringLiteral("-f") << hostfile << QStringLiteral("-ppn") << perMachine << QStringLiteral("-n") << QString::number(total)
             << QStringLiteral("-prepend-rank");
        if (!names.isEmpty()) line << QStringLiteral("-genvlist") << names.join(',');
    }
    return line + (plan.ranks.empty() ? QStringList() : plan.ranks.front().argv);
}

void MpiExecutor::start(const LaunchPlan& plan) {
    beginJob(static_cast<int>(plan.ranks.size()));
    const QString mpirun = findMpirun();
    if (mpirun.isEmpty()) {
        rankLost(0, tr("%1 is an mpirun hostfile, but neither mpirun nor mpiexec is on PATH (Debian: openmpi-bin).").arg(m_hostfile), 127);
        return;
    }
    const QStringList line = commandLine(mpirun, flavourOf(mpirun), m_hostfile, m_machines, plan);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QProcessEnvironment shared = sharedEnvironment(plan);
    for (const QString& name : shared.keys()) env.insert(name, shared.value(name));
    m_process = new QProcess(this);
    m_process->setProgram(line.front());
    m_process->setArguments(line.mid(1));
    m_process->setProcessEnvironment(env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setChildProcessModifier([] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // mpirun takes its ranks down with it
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &MpiExecutor::onOutput);
    connect(m_process, &QProcess::finished, this, &MpiExecutor::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) rankLost(0, tr("could not start %1: %2").arg(m_process->program(), m_process->errorString()), 127);
    });
    m_process->start(QIODevice::ReadOnly);
    m_pid = m_process->processId();
}

void MpiExecutor::onOutput() {
    m_pending += m_process->readAllStandardOutput();
    for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n')) {
        route(m_pending.left(end));
        m_pending.remove(0, end + 1);
    }
}

// "[1,3]<stdout>:text" (Open MPI) or "[3] text" (MPICH) to rank 3's log; mpirun's own lines
// to rank 0's, where its report of the first failed rank is also read.
void MpiExecutor::route(const QByteArray& line) {
    static const QRegularExpression tagged(QStringLiteral("^\\[(?:\\d+,)?(\\d+)\\](?:<std(?:out|err)>:| )(.*)$"));
    static const QRegularExpression failed(QStringLiteral("Process name: \\[\\[\\d+,\\d+\\],(\\d+)\\]"));
    static const QRegularExpression code(QStringLiteral("^\\s*Exit code:\\s+(\\d+)"));
    const QString text = QString::fromUtf8(line);
    if (const auto m = tagged.match(text); m.hasMatch() && m.captured(1).toInt() < rankCount()) {
        rankOutput(m.captured(1).toInt(), m.captured(2).toUtf8() + '\n');
        return;
    }
    if (const auto m = failed.match(text); m.hasMatch()) m_failedRank = m.captured(1).toInt();
    if (const auto m = code.match(text); m.hasMatch() && m_failedRank >= 0) m_failedCode = m.captured(1).toInt();
    rankOutput(0, line + '\n');
}

void MpiExecutor::onFinished(int exitCode, QProcess::ExitStatus status) {
    onOutput();
    if (!m_pending.isEmpty()) route(m_pending);
    m_pending.clear();
    ::kill(-static_cast<pid_t>(m_pid), SIGKILL);  // whatever mpirun left in its group
    const bool crashed = status == QProcess::CrashExit;
    const int failing = (exitCode != 0 || crashed) ? std::max(0, m_failedRank) : -1;
    if (failing >= 0 && failing < rankCount()) rankEnded(failing, m_failedCode ? m_failedCode : exitCode, crashed);
    for (int r = 0; r < rankCount(); ++r)
        if (r != failing && !rankDone(r)) rankEnded(r, 0, false);
}

void MpiExecutor::dumpStacks(const QString&) { emit stacksDumped({}); }

void MpiExecutor::signalRanks(int signal) {
    if (m_pid <= 0 || !m_process || m_process->state() == QProcess::NotRunning) return;
    ::kill(static_cast<pid_t>(m_pid), signal);
    if (signal == SIGKILL) ::kill(-static_cast<pid_t>(m_pid), SIGKILL);
}

}  // namespace catapult
