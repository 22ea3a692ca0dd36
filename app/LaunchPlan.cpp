#include "LaunchPlan.h"

#include <QFileInfo>
#include <QThread>

#include <algorithm>

namespace catapult {

QString remoteRunDir(const QString& localRunDir) {
    return QStringLiteral("catapult-runs/") + QFileInfo(localRunDir).fileName();
}

namespace {

// The cores of local rank `local` of `count` when the machine's cores are shared out evenly
// (--enable_cpu_affinity), as a taskset list.
QString coresOf(int local, int count) {
    const int cores = std::max(1, QThread::idealThreadCount());
    const int each = std::max(1, cores / std::max(1, count));
    const int first = (local * each) % cores;
    return QStringLiteral("%1-%2").arg(first).arg(std::min(cores - 1, first + each - 1));
}

}  // namespace

LaunchPlan buildLaunchPlan(const LaunchSettings& s, const QProcessEnvironment& base) {
    LaunchPlan plan;
    plan.configFile = s.configFile;
    plan.runDir = s.runDir;
    plan.port = s.port;
    plan.hosts = s.hosts;
    const bool remote = !s.hosts.empty();
    // (host, ranks on it) in rank order; one entry for this machine.
    std::vector<std::pair<int, int>> machines;
    if (remote)
        for (int h = 0; h < static_cast<int>(s.hosts.size()); ++h) machines.emplace_back(h, s.hosts[h].slotCount);
    else
        machines.emplace_back(-1, s.numProcesses / std::max(1, s.numMachines));  // this machine's share
    const QString world = QString::number(s.numProcesses);
    const QString machineCount = QString::number(remote ? machines.size() : std::max(1, s.numMachines));
    const int firstMachine = remote ? 0 : s.machineRank;
    int rank = firstMachine * machines.front().second;
    for (int m = 0; m < static_cast<int>(machines.size()); ++m) {
        const auto [host, localCount] = machines[m];
        int threads = s.threadsPerProcess;
        if (remote && !s.threadsExplicit && s.useCpu && host < static_cast<int>(s.hostCores.size()))
            threads = std::max(1, s.hostCores[host] / localCount);
        for (int local = 0; local < localCount; ++local, ++rank) {
            QProcessEnvironment env = remote ? QProcessEnvironment() : base;
            // Common to Accelerate's launchers (docs/worker-environment.md).
            env.insert("ACCELERATE_MIXED_PRECISION", s.mixedPrecision);
            env.insert("ACCELERATE_DYNAMO_BACKEND", "NO");
            env.insert("ACCELERATE_DYNAMO_MODE", "default");
            env.insert("ACCELERATE_DYNAMO_USE_FULLGRAPH", "False");
            env.insert("ACCELERATE_DYNAMO_USE_DYNAMIC", "False");
            env.insert("ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION", "False");
            env.insert("OMP_NUM_THREADS", QString::number(threads));
            for (auto it = s.configEnvironment.begin(); it != s.configEnvironment.end(); ++it) env.insert(it.key(), it.value());
            env.insert("ACCELERATE_USE_CPU", s.useCpu ? "True" : "False");
            if (s.gpuIds && *s.gpuIds != QLatin1String("all")) env.insert("CUDA_VISIBLE_DEVICES", *s.gpuIds);
            if (s.gradientAccumulationSteps)
                env.insert("ACCELERATE_GRADIENT_ACCUMULATION_STEPS", QString::number(*s.gradientAccumulationSteps));
            // What torchrun's agent gives each worker.
            env.insert("RANK", QString::number(rank));
            env.insert("LOCAL_RANK", QString::number(local));
            env.insert("WORLD_SIZE", world);
            env.insert("LOCAL_WORLD_SIZE", QString::number(localCount));
            env.insert("GROUP_RANK", QString::number(firstMachine + m));
            env.insert("GROUP_WORLD_SIZE", machineCount);
            env.insert("ROLE_RANK", QString::number(rank));
            env.insert("ROLE_NAME", "default");
            env.insert("ROLE_WORLD_SIZE", world);
            env.insert("MASTER_ADDR", s.masterAddr);
            env.insert("MASTER_PORT", QString::number(s.port));
            env.insert("TORCHELASTIC_RESTART_COUNT", QString::number(s.restartCount));
            env.insert("TORCHELASTIC_MAX_RESTARTS", QString::number(s.maxRestarts));
            env.insert("TORCHELASTIC_RUN_ID", "none");
            env.insert("TORCHELASTIC_USE_AGENT_STORE", "False");
            env.insert("TORCH_NCCL_ASYNC_ERROR_HANDLING", "1");
            // Python workers stream their logs live, as under torchrun's `python -u`.
            env.insert("PYTHONUNBUFFERED", "1");
            env.insert("CATAPULT_RUN_DIR", remote ? remoteRunDir(s.runDir) : s.runDir);
            if (!s.resumeFrom.isEmpty()) env.insert("CATAPULT_RESUME_FROM", s.resumeFrom);
            QStringList argv = s.program;
            if (s.cpuAffinity && !remote) argv = QStringList{QStringLiteral("taskset"), QStringLiteral("-c"), coresOf(local, localCount)} + argv;
            if (remote) {
                const HostSpec& h = s.hosts[host];
                for (auto it = h.environment.begin(); it != h.environment.end(); ++it) env.insert(it.key(), it.value());
                if (s.builtinRecipe) argv.front() = h.worker();
            }
            plan.ranks.push_back(RankLaunch{rank, host, argv, env});
        }
    }
    return plan;
}

}  // namespace catapult
