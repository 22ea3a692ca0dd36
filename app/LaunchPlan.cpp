#include "LaunchPlan.h"

#include <QFileInfo>
#include <QThread>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "catapult/ProcessState.h"
#include "catapult/WorkerVariables.h"

namespace catapult {

QString remoteRunDir(const QString& localRunDir) {
    return QStringLiteral("catapult-runs/") + QFileInfo(localRunDir).fileName();
}

namespace {

namespace v = vars;

// The cores of local rank `local` of `count` when the machine's cores are shared out evenly
// (--enable_cpu_affinity), as a taskset list.
QString coresOf(int local, int count) {
    const int cores = std::max(1, QThread::idealThreadCount());
    const int each = std::max(1, cores / std::max(1, count));
    const int first = (local * each) % cores;
    return QStringLiteral("%1-%2").arg(first).arg(std::min(cores - 1, first + each - 1));
}

// Where one rank sits in the job.
struct RankPlace {
    int rank = 0;
    int local = 0;
    int localCount = 1;
    int machine = 0;      // GROUP_RANK
    int machineCount = 1; // GROUP_WORLD_SIZE
    int threads = 1;
    bool remote = false;
};

// What the engine reads of the rank's environment (catapult/ProcessState.h). Fp8 and sharding
// stay at their defaults: the config's variables (LaunchSettings::configEnvironment) carry them.
ProcessState rankState(const LaunchSettings& s, const RankPlace& p) {
    ProcessState state;
    state.rank = p.rank;
    state.localRank = p.local;
    state.worldSize = s.numProcesses;
    state.localWorldSize = p.localCount;
    state.groupRank = p.machine;
    state.masterAddr = s.masterAddr.toStdString();
    state.masterPort = s.port;
    state.useCpu = s.useCpu;
    state.mixedPrecision = s.mixedPrecision;
    state.gradientAccumulationSteps = s.gradientAccumulationSteps.value_or(1);
    state.ompNumThreads = p.threads;
    state.runDir = (p.remote ? remoteRunDir(s.runDir) : s.runDir).toStdString();
    return state;
}

void insert(QProcessEnvironment& env, const char* name, const QString& value) {
    env.insert(QString::fromLatin1(name), value);
}

// What the engine does not read: the rest of what torchrun's agent gives each worker, and the
// launcher's own.
void insertLauncherVariables(const LaunchSettings& s, const RankPlace& p, QProcessEnvironment& env) {
    insert(env, v::kGroupWorldSize, QString::number(p.machineCount));
    insert(env, v::kRoleRank, QString::number(p.rank));
    insert(env, v::kRoleName, "default");
    insert(env, v::kRoleWorldSize, QString::number(s.numProcesses));
    insert(env, v::kRestartCount, QString::number(s.restartCount));
    insert(env, v::kMaxRestarts, QString::number(s.maxRestarts));
    insert(env, v::kRunId, "none");
    insert(env, v::kUseAgentStore, "False");
    insert(env, v::kNcclAsyncErrorHandling, "1");
    // Python workers stream their logs live, as under torchrun's `python -u`.
    insert(env, v::kPythonUnbuffered, "1");
    if (!s.resumeFrom.isEmpty()) insert(env, v::kResumeFrom, s.resumeFrom);
    if (!s.pythonPackageDir.isEmpty()) {  // first on the path; the program's own entries follow
        insert(env, v::kInstrument, "1");
        if (p.remote) return;  // the host's copy, put first by the rank's wrapper (RemoteExecutor)
        const QString rest = env.value(QString::fromLatin1(v::kPythonPath));
        insert(env, v::kPythonPath, rest.isEmpty() ? s.pythonPackageDir : s.pythonPackageDir + ':' + rest);
    }
}

// The rank's variables over `env` (docs/worker-environment.md). As with Accelerate's launcher,
// the config's and --env variables may replace the precision, the thread count and the dynamo
// settings, and nothing else of the contract.
void insertContract(const LaunchSettings& s, const RankPlace& p, QProcessEnvironment& env) {
    const std::map<std::string, std::string> state = rankState(s, p).toEnvironment();
    const std::set<std::string> replaceable = {v::kMixedPrecision, v::kOmpNumThreads};
    for (const std::string& name : replaceable)
        if (auto it = state.find(name); it != state.end()) insert(env, name.c_str(), QString::fromStdString(it->second));
    insert(env, v::kDynamoBackend, "NO");
    insert(env, v::kDynamoMode, "default");
    insert(env, v::kDynamoUseFullgraph, "False");
    insert(env, v::kDynamoUseDynamic, "False");
    insert(env, v::kDynamoUseRegionalCompilation, "False");
    for (auto it = s.configEnvironment.begin(); it != s.configEnvironment.end(); ++it) env.insert(it.key(), it.value());
    for (const auto& [name, value] : state)
        if (!replaceable.count(name)) insert(env, name.c_str(), QString::fromStdString(value));
    // Given, 1 included, it replaces the program's own setting in Accelerate: pass it even then.
    if (s.gradientAccumulationSteps)
        insert(env, v::kGradientAccumulationSteps, QString::number(*s.gradientAccumulationSteps));
    if (s.gpuIds && *s.gpuIds != QLatin1String("all")) insert(env, v::kCudaVisibleDevices, *s.gpuIds);
    insertLauncherVariables(s, p, env);
}

RankLaunch rankLaunch(const LaunchSettings& s, const RankPlace& p, int host, const QProcessEnvironment& base) {
    QProcessEnvironment env = p.remote ? QProcessEnvironment() : base;
    insertContract(s, p, env);
    QStringList argv = s.program;
    if (s.cpuAffinity && !p.remote)
        argv = QStringList{QStringLiteral("taskset"), QStringLiteral("-c"), coresOf(p.local, p.localCount)} + argv;
    if (p.remote) {
        const HostSpec& h = s.hosts[host];
        for (auto it = h.environment.begin(); it != h.environment.end(); ++it) env.insert(it.key(), it.value());
        if (s.builtinRecipe) argv.front() = h.worker();
    }
    return RankLaunch{p.rank, host, argv, env};
}

}  // namespace

LaunchPlan buildLaunchPlan(const LaunchSettings& s, const QProcessEnvironment& base) {
    LaunchPlan plan;
    plan.configFile = s.configFile;
    plan.runDir = s.runDir;
    plan.port = s.port;
    plan.hosts = s.hosts;
    plan.pythonPackageDir = s.pythonPackageDir;
    const bool remote = !s.hosts.empty();
    // (host, ranks on it) in rank order; one entry for this machine.
    std::vector<std::pair<int, int>> machines;
    if (remote)
        for (int h = 0; h < static_cast<int>(s.hosts.size()); ++h) machines.emplace_back(h, s.hosts[h].slotCount);
    else
        machines.emplace_back(-1, s.numProcesses / std::max(1, s.numMachines));  // this machine's share
    const int machineCount = remote ? static_cast<int>(machines.size()) : std::max(1, s.numMachines);
    const int firstMachine = remote ? 0 : s.machineRank;
    int rank = firstMachine * machines.front().second;
    for (int m = 0; m < static_cast<int>(machines.size()); ++m) {
        const auto [host, localCount] = machines[m];
        int threads = s.threadsPerProcess;
        if (remote && !s.threadsExplicit && s.useCpu && host < static_cast<int>(s.hostCores.size()))
            threads = std::max(1, s.hostCores[host] / localCount);
        for (int local = 0; local < localCount; ++local, ++rank) {
            const RankPlace place{rank, local, localCount, firstMachine + m, machineCount, threads, remote};
            plan.ranks.push_back(rankLaunch(s, place, host, base));
        }
    }
    return plan;
}

}  // namespace catapult
