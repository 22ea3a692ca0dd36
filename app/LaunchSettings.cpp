#include "LaunchSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "CommandOutput.h"
#include "HostFile.h"
#include "SshConfig.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigValidator.h"
#include "catapult/Fp8Settings.h"
#include "catapult/ProcessState.h"

namespace catapult {
namespace {

using cli::tr;

// accelerate launch on each machine of a job: --num_machines N --machine_rank R (or the config's
// num_machines / machine_rank) with the main machine's address. This machine runs its share of
// num_processes, ranks R * share ... (R + 1) * share - 1.
Status resolveMachineShare(const LaunchArguments& a, const std::optional<ClusterConfig>& config, LaunchSettings& s) {
    s.numMachines = a.numMachines.value_or(config ? std::max(1, config->numMachines()) : 1);
    s.machineRank = a.machineRank.value_or(config ? static_cast<int>(config->intOr("machine_rank", 0)) : 0);
    if (s.numMachines == 1) {
        if (s.machineRank != 0) return Status::error(tr("--machine_rank %1 needs --num_machines above %1.").arg(s.machineRank).toStdString());
        return Status::success();
    }
    const bool hasMain = a.mainProcessIp || (config && config->mainProcessIp() && !config->mainProcessIp()->empty());
    if (!hasMain)
        return Status::error(tr("%1 machines: run this command on each machine with --machine_rank 0..%2 and "
                                "--main_process_ip (the address of machine 0), or list the machines in a hostfile "
                                "(--hosts FILE) and launch them all from here.")
                                 .arg(s.numMachines).arg(s.numMachines - 1).toStdString());
    if (s.machineRank >= s.numMachines)
        return Status::error(tr("--machine_rank is %1, but there are %2 machines (ranks 0 to %3).")
                                 .arg(s.machineRank).arg(s.numMachines).arg(s.numMachines - 1).toStdString());
    if (s.numProcesses % s.numMachines != 0)
        return Status::error(tr("num_processes %1 (the total over all machines) does not divide into %2 machines.")
                                 .arg(s.numProcesses).arg(s.numMachines).toStdString());
    return Status::success();
}

}  // namespace

namespace {

using Config = std::optional<ClusterConfig>;

// The config in effect: --config_file, else Accelerate's default file unless --cpu.
Result<Config> loadConfig(const LaunchArguments& a, const LaunchEnvironmentFacts& facts, LaunchSettings& s) {
    if (a.configFile) {
        if (!QFileInfo::exists(*a.configFile))
            return Status::error(tr("Config file '%1' does not exist (--config_file).").arg(*a.configFile).toStdString());
        s.configFile = *a.configFile;
    } else if (!a.cpu && !facts.defaultConfigPath.isEmpty() && QFileInfo::exists(facts.defaultConfigPath)) {
        s.configFile = facts.defaultConfigPath;  // Accelerate's rule: the default file unless --cpu
    }
    if (s.configFile.isEmpty()) return Config();
    auto loaded = readConfigFile(s.configFile.toStdString());
    if (!loaded.ok()) return loaded.status();
    for (const auto& issue : checkSchema(loaded.value().config))
        if (issue.severity == ConfigIssue::Severity::Error) return Status::error(s.configFile.toStdString() + ": " + issue.message());
    return Config(loaded.value().config);
}

Status resolveProcesses(const LaunchArguments& a, const LaunchEnvironmentFacts& facts, const Config& config, LaunchSettings& s) {
    s.useCpu = a.cpu || (config && config->useCpu()) || (config && config->distributedType() == "MULTI_CPU");
    if (a.numProcesses) s.numProcesses = *a.numProcesses;
    else if (config && config->numProcesses() && *config->numProcesses() > 0) s.numProcesses = *config->numProcesses();
    else if (config && !a.hostsFile && !a.mpirunHostfile && a.hostList.empty())
        return Status::error(tr("%1 does not set num_processes; pass --num_processes.").arg(s.configFile).toStdString());
    else s.numProcesses = (!s.useCpu && facts.visibleGpus > 0) ? facts.visibleGpus : 1;
    if (a.multiGpu && a.cpu) return Status::error(tr("--multi_gpu and --cpu exclude each other.").toStdString());
    return Status::success();
}

// The machines of a hostfile (or the app's list): they must agree with the config and the
// flags, and their slots are the world.
Status resolveHosts(const LaunchArguments& a, const LaunchEnvironmentFacts& facts, const Config& config, LaunchSettings& s) {
    QString hostSource = tr("the machines list");
    if (a.hostsFile) {
        auto hosts = readHostFile(*a.hostsFile);
        if (!hosts.ok()) return hosts.status();
        s.hosts = hosts.value();
        hostSource = *a.hostsFile;
    } else {
        s.hosts = a.hostList;
    }
    if (s.hosts.empty()) return a.slurm.submit ? Status::success() : resolveMachineShare(a, config, s);
    resolveSshConfig(s.hosts, facts.sshConfigPath);
    const int machines = static_cast<int>(s.hosts.size());
    if (config && config->numMachines() > 1 && config->numMachines() != machines)
        return Status::error(tr("%1 describes %2 machines but %3 lists %4; they must agree.")
                                 .arg(s.configFile).arg(config->numMachines()).arg(hostSource).arg(machines).toStdString());
    QStringList parts;
    int slotTotal = 0;
    for (const HostSpec& h : s.hosts) {
        slotTotal += h.slotCount;
        parts << QString::number(h.slotCount);
    }
    // num_processes is the total over all machines, as in Accelerate; the world is the slots.
    const std::optional<int> asked = a.numProcesses ? a.numProcesses : config ? config->numProcesses() : std::nullopt;
    if (asked && *asked != slotTotal)
        return Status::error(tr("num_processes is %1 (the total over all machines) but the hosts in %2 provide "
                                "%3 = %4 process slots. The world size must equal the sum of the slots: set "
                                "num_processes to %4 or change the slots= of the hosts.")
                                 .arg(*asked).arg(hostSource, parts.join(QStringLiteral(" + "))).arg(slotTotal).toStdString());
    s.numProcesses = slotTotal;
    if (a.numMachines && *a.numMachines != machines)
        return Status::error(tr("--num_machines is %1 but %2 lists %3 machines; they must agree.")
                                 .arg(*a.numMachines).arg(hostSource).arg(machines).toStdString());
    return Status::success();
}

bool mainProcessGiven(const LaunchArguments& a, const Config& config) {
    return a.mainProcessIp || (config && config->mainProcessIp() && !config->mainProcessIp()->empty());
}

// The flag, else the config's (with ~ expanded, as Accelerate's questionnaire does); empty: none.
QString mpirunHostfileOf(const LaunchArguments& a, const Config& config) {
    const QString fromConfig = config ? QString::fromStdString(config->sectionStringOr("mpirun_config", "mpirun_hostfile", "")) : QString();
    const QString file = a.mpirunHostfile.value_or(fromConfig);
    return file.startsWith(QLatin1String("~/")) ? QDir::homePath() + file.mid(1) : file;
}

// --mpirun_hostfile or mpirun_config.mpirun_hostfile: mpirun starts a CPU job on the hostfile's
// machines (`name slots=N` lines), num_processes / machines on each, as `accelerate launch` does;
// without num_processes the world is the slots.
Status resolveMpirun(const LaunchArguments& a, const Config& config, LaunchSettings& s) {
    const QString file = mpirunHostfileOf(a, config);
    if (file.isEmpty()) return Status::success();
    if (!s.hosts.empty())
        return Status::error(tr("%1 is an mpirun hostfile, and the job also lists machines for SSH (--hosts); give one of them.")
                                 .arg(file).toStdString());
    if (!s.useCpu)
        return Status::error(tr("%1: mpirun starts CPU jobs (Accelerate's MULTI_CPU); add --cpu, or start GPU machines over "
                                "SSH with --hosts FILE.").arg(file).toStdString());
    auto hosts = readHostFile(file);
    if (!hosts.ok()) return hosts.status();
    int slotTotal = 0;
    for (const HostSpec& h : hosts.value()) slotTotal += h.slotCount;
    const bool asked = a.numProcesses || (config && config->numProcesses());
    if (!asked) s.numProcesses = slotTotal;
    s.mpirunMachines = static_cast<int>(hosts.value().size());
    if (s.numProcesses > slotTotal)
        return Status::error(tr("num_processes %1 is more than the %2 slots of %3.").arg(s.numProcesses).arg(slotTotal).arg(file).toStdString());
    if (s.numProcesses % s.mpirunMachines != 0)
        return Status::error(tr("num_processes %1 (the total over all machines) does not divide into the %2 machines of %3.")
                                 .arg(s.numProcesses).arg(s.mpirunMachines).arg(file).toStdString());
    const QString first = hosts.value().front().reachableAddress();
    if (!mainProcessGiven(a, config)) s.masterAddr = first == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : first;
    s.mpirunHostfile = QFileInfo(file).absoluteFilePath();
    return Status::success();
}

// How the launcher itself behaves: output, logs, restarts, SSH.
Status resolveLauncher(const LaunchArguments& a, LaunchSettings& s) {
    s.quiet = a.quiet;
    s.cpuAffinity = a.cpuAffinity;
    s.notes = a.notes;
    if (a.logDir) s.logDir = *a.logDir;
    s.hangTimeoutS = a.hangTimeoutS;
    s.hangPolicy = a.hangPolicy.value_or(HangPolicy::Wait);
    if (a.maxRestarts && *a.maxRestarts > 0 && !s.hosts.empty())
        return Status::error(tr("--max_restarts restarts jobs of this machine; a job on several machines over SSH is "
                                "continued with --resume RUN after a failure.").toStdString());
    if (a.maxRestarts) s.maxRestarts = *a.maxRestarts;
    if (a.tee && *a.tee != QLatin1String("3"))
        s.notes << tr("catapult: --tee %1: the console always shows every rank's output, as --tee 3 does.").arg(*a.tee);
    s.acceptNewHostKeys = a.acceptNewHostKeys;
    s.knownHostsFile = a.knownHostsFile.value_or(QString());
    if (a.hostTimeoutS) s.hostTimeoutS = *a.hostTimeoutS;
    return Status::success();
}

// Where the ranks meet: the flags, else the config, else host 0 as the others reach it.
void resolveMainProcess(const LaunchArguments& a, const Config& config, LaunchSettings& s) {
    if (a.mainProcessPort) s.port = *a.mainProcessPort;
    else if (config && config->mainProcessPort()) s.port = *config->mainProcessPort();
    s.portGiven = a.mainProcessPort || (config && config->mainProcessPort());
    if (a.mainProcessIp) s.masterAddr = *a.mainProcessIp;
    else if (config && config->mainProcessIp() && !config->mainProcessIp()->empty())
        s.masterAddr = QString::fromStdString(*config->mainProcessIp());
    else if (!s.hosts.empty()) s.masterAddr = s.hosts.front().reachableAddress();
}

// mixed_precision, and fp8_config as `accelerate launch` exports it: fp8_ prefixed, ACCELERATE_
// and upper-cased, with the three questionnaire names the worker never reads exported under
// the working ones.
Status resolvePrecision(const LaunchArguments& a, const Config& config, LaunchSettings& s) {
    if (a.mixedPrecision) {
        s.mixedPrecision = *a.mixedPrecision;
    } else if (config) {
        const auto mp = parseMixedPrecision(config->mixedPrecision());
        if (!mp.ok())
            return Status::error(tr("Unknown mixed precision '%1' in %2.")
                                     .arg(QString::fromStdString(config->mixedPrecision()), s.configFile).toStdString());
        s.mixedPrecision = mp.value();
    }
    if (!config) return Status::success();
    for (const auto& [key, value] : config->section("fp8_config")) {
        if (value.isList()) continue;  // override_linear_precision: not used by the engine
        QString name = QString::fromStdString(key.rfind("fp8", 0) == 0 ? key : "fp8_" + key);
        if (name == QLatin1String("fp8_amax_history_length")) name = QStringLiteral("fp8_amax_history_len");
        else if (name == QLatin1String("fp8_amax_compute_algorithm")) name = QStringLiteral("fp8_amax_compute_algo");
        else if (name == QLatin1String("fp8_optimization_level")) name = QStringLiteral("fp8_opt_level");
        const QString text = QString::fromStdString(fp8VariableValue(name.toStdString(), value.toDisplay()));
        s.configEnvironment.insert(QStringLiteral("ACCELERATE_") + name.toUpper(), text);
    }
    return Status::success();
}

// ZeRO / FSDP variables, --env, gradient accumulation and the GPUs.
Status resolveVariables(const LaunchArguments& a, const Config& config, LaunchSettings& s) {
    auto sharding = shardingEnvironment(config, a.sharding);
    if (!sharding.ok()) return sharding.status();
    for (auto it = sharding.value().variables.begin(); it != sharding.value().variables.end(); ++it)
        s.configEnvironment.insert(it.key(), it.value());
    for (auto it = a.environment.begin(); it != a.environment.end(); ++it) s.configEnvironment.insert(it.key(), it.value());
    if (a.gradientAccumulationSteps) s.gradientAccumulationSteps = a.gradientAccumulationSteps;
    else if (sharding.value().gradientAccumulationSteps) s.gradientAccumulationSteps = sharding.value().gradientAccumulationSteps;
    else if (config && config->gradientAccumulationSteps()) s.gradientAccumulationSteps = config->gradientAccumulationSteps();
    if (a.gpuIds) s.gpuIds = a.gpuIds;
    else if (config && config->gpuIds()) s.gpuIds = QString::fromStdString(*config->gpuIds());
    return Status::success();
}

// Threads: the flag, else the parent's OMP_NUM_THREADS, else for CPU runs the physical cores
// shared out among the processes (docs/worker-environment.md).
void resolveThreads(const LaunchArguments& a, const LaunchEnvironmentFacts& facts, LaunchSettings& s) {
    s.threadsExplicit = a.numCpuThreadsPerProcess || facts.parentOmpThreads;
    if (a.numCpuThreadsPerProcess) s.threadsPerProcess = *a.numCpuThreadsPerProcess;
    else if (facts.parentOmpThreads) s.threadsPerProcess = *facts.parentOmpThreads;
    else if (s.useCpu) s.threadsPerProcess = std::max(1, facts.physicalCores * std::max(1, s.mpirunMachines) / s.numProcesses);
}

// --model, --text and --dataset: flags of the built-in recipe.
Status addRecipeData(const LaunchArguments& a, LaunchSettings& s) {
    const std::pair<QString, const std::optional<QString>*> flags[] = {
        {QStringLiteral("--model"), &a.model}, {QStringLiteral("--text"), &a.text}, {QStringLiteral("--dataset"), &a.dataset}};
    if (!a.model && !a.text && !a.dataset) return Status::success();
    if (!s.builtinRecipe)
        return Status::error(tr("--model, --text and --dataset are for the built-in recipe; %1 is another program (give it "
                                "its own flags, or leave the program out).").arg(s.program.front()).toStdString());
    for (const auto& [flag, value] : flags)
        if (*value && s.program.contains(flag))
            return Status::error(tr("%1 is given both to catapult launch and to the recipe after \"--\"; give it once.")
                                     .arg(flag).toStdString());
    for (const auto& [flag, value] : flags)
        if (*value) s.program << flag << **value;
    return Status::success();
}

// What each rank runs: the built-in recipe, a Python script or module, or a program as given.
void resolveProgram(const LaunchArguments& a, const LaunchEnvironmentFacts& facts, LaunchSettings& s) {
    s.runDir = a.runDir.value_or(facts.defaultRunDir);
    if (a.program.isEmpty()) {
        s.program = {facts.workerPath, QStringLiteral("train")};
        s.builtinRecipe = true;
    } else if (a.module) {
        s.program = QStringList{facts.python, QStringLiteral("-m")} + a.program;
    } else if (!a.noPython && a.program.front().endsWith(QLatin1String(".py"))) {
        s.program = QStringList{facts.python} + a.program;
    } else {
        s.program = a.program;
        if (s.program.front() == QLatin1String("catapult-worker")) {
            s.program.front() = facts.workerPath;
            s.builtinRecipe = true;  // on a remote host: that host's worker
        }
    }
    if (!s.builtinRecipe && !a.noInstrument) s.pythonPackageDir = facts.pythonPackageDir;
    if (a.resume) {
        s.resumeFrom = *a.resume;
        if (s.builtinRecipe && !s.program.contains(QStringLiteral("--resume")))
            s.program << QStringLiteral("--resume") << s.resumeFrom;
    }
}

// --slurm: the allocation, num_processes / nodes ranks on each node (the total must be given:
// this machine's GPUs say nothing of the nodes'), the run directory as resolved.
Status resolveSlurm(const LaunchArguments& a, const Config& config, LaunchSettings& s) {
    const SlurmRequest& r = a.slurm;
    if (!r.submit) {
        const bool asked = r.nodes || !r.partition.isEmpty() || !r.time.isEmpty() || !r.account.isEmpty() || !r.jobName.isEmpty();
        if (asked) return Status::error(tr("--nodes, --partition, --time, --account and --job_name are for Slurm jobs: add --slurm.").toStdString());
        return Status::success();
    }
    SlurmJobSpec spec;
    spec.nodes = r.nodes.value_or(config ? std::max(1, config->numMachines()) : 1);
    if (!a.numProcesses && !(config && config->numProcesses()))
        return Status::error(tr("Slurm jobs need the number of ranks: pass --num_processes (the total over all nodes) or a config "
                                "file with num_processes.").toStdString());
    if (s.numProcesses % spec.nodes != 0)
        return Status::error(tr("num_processes %1 (the total over all nodes) does not divide into %2 nodes.")
                                 .arg(s.numProcesses).arg(spec.nodes).toStdString());
    spec.partition = r.partition;
    spec.time = r.time;
    spec.account = r.account;
    if (!r.jobName.isEmpty()) spec.jobName = r.jobName;
    spec.runDir = QFileInfo(s.runDir).absoluteFilePath();
    spec.port = s.port > 0 ? s.port : 29500;
    spec.catapult = QCoreApplication::applicationFilePath();
    s.numMachines = spec.nodes;
    s.runDir = spec.runDir;
    s.slurm = spec;
    return Status::success();
}

}  // namespace

Result<LaunchSettings> resolveLaunchSettings(const LaunchArguments& a, const LaunchEnvironmentFacts& facts) {
    LaunchSettings s;
    auto config = loadConfig(a, facts, s);
    if (!config.ok()) return config.status();
    const Config& c = config.value();
    if (Status st = resolveProcesses(a, facts, c, s); !st.ok()) return st;
    if (Status st = resolveHosts(a, facts, c, s); !st.ok()) return st;
    if (Status st = resolveLauncher(a, s); !st.ok()) return st;
    resolveMainProcess(a, c, s);
    if (Status st = resolveMpirun(a, c, s); !st.ok()) return st;
    if (Status st = resolvePrecision(a, c, s); !st.ok()) return st;
    if (Status st = resolveVariables(a, c, s); !st.ok()) return st;
    resolveThreads(a, facts, s);
    resolveProgram(a, facts, s);
    if (Status st = addRecipeData(a, s); !st.ok()) return st;
    if (Status st = resolveSlurm(a, c, s); !st.ok()) return st;
    return s;
}

}  // namespace catapult
