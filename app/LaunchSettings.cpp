#include "LaunchSettings.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <functional>
#include <map>

#include "CommandOutput.h"
#include "HostFile.h"
#include "SshConfig.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigValidator.h"
#include "catapult/ProcessState.h"

namespace catapult {
namespace {

using cli::tr;

std::optional<int> toInt(const QString& v) {
    bool ok = false;
    const int n = v.toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

}  // namespace

QString launchUsage() {
    return tr("usage: catapult launch [--config_file F] [--num_processes N] [--cpu] [--main_process_port P]\n"
              "                       [--main_process_ip ADDR] [--gradient_accumulation_steps K]\n"
              "                       [--mixed_precision no|fp16|bf16|fp8] [--num_cpu_threads_per_process T]\n"
              "                       [--gpu_ids IDS] [--run_dir DIR] [--resume RUN_ID_OR_DIR] [--no_python] [-m]\n"
              "                       [--hosts HOSTFILE] [--accept_new_host_keys] [--known_hosts FILE]\n"
              "                       [--host_timeout_s S]\n"
              "                       [--use_deepspeed] [--zero_stage 0-3] [--offload_optimizer_device none|cpu|nvme]\n"
              "                       [--offload_param_device none|cpu|nvme] [--offload_optimizer_nvme_path DIR]\n"
              "                       [--offload_param_nvme_path DIR] [--gradient_clipping X] [--deepspeed_config_file F]\n"
              "                       [--use_fsdp] [--fsdp_version 1|2] [--fsdp_sharding_strategy S]\n"
              "                       [--fsdp_reshard_after_forward B] [--fsdp_offload_params B]\n"
              "                       [--fsdp_transformer_layer_cls_to_wrap CLASSES] [--fsdp_* ...]\n"
              "                       [[--] PROGRAM ARGS...]   (no PROGRAM: the built-in GPT recipe)\n");
}

namespace {

// accelerate launch flags for launches Catapult does not make: the message says where to go.
std::optional<QString> refusal(const QString& name) {
    if (name.startsWith(QLatin1String("tpu")) || name == QLatin1String("no_tpu_cluster") || name == QLatin1String("vm"))
        return tr("--%1 is for TPU launches; Catapult launches on CPUs and NVIDIA GPUs, here or over SSH. Launch TPU "
                  "pods with `accelerate launch --tpu`.").arg(name);
    if (name.startsWith(QLatin1String("aws_")))
        return tr("--%1 is for Amazon SageMaker launches, which `accelerate launch` makes with a SageMaker config; "
                  "Catapult launches on this machine or over SSH.").arg(name);
    if (name.contains(QLatin1String("megatron_lm")))
        return tr("--%1: Megatron-LM's tensor and pipeline parallelism is not in Catapult's engine; shard with "
                  "--use_deepspeed --zero_stage N or --use_fsdp instead.").arg(name);
    if (name.contains(QLatin1String("parallelism_config")))
        return tr("--%1: tensor, context and sequence parallelism (ParallelismConfig) are not in Catapult's engine; "
                  "data parallel, ZeRO and FSDP sharding are.").arg(name);
    return std::nullopt;
}

// Flags that change nothing in how Catapult starts the job, with the reason.
std::optional<QString> noEffect(const QString& name) {
    static const QMap<QString, const char*> reasons = {
        {"same_network", QT_TRANSLATE_NOOP("catapult", "the ranks always reach the main process over the network")},
        {"rdzv_backend", QT_TRANSLATE_NOOP("catapult", "every rank meets at MASTER_ADDR:MASTER_PORT (static rendezvous)")},
        {"rdzv_conf", QT_TRANSLATE_NOOP("catapult", "every rank meets at MASTER_ADDR:MASTER_PORT (static rendezvous)")},
        {"role", QT_TRANSLATE_NOOP("catapult", "every rank has the role 'default'")},
        {"monitor_interval", QT_TRANSLATE_NOOP("catapult", "the launcher follows its ranks continuously")},
        {"main_training_function", QT_TRANSLATE_NOOP("catapult", "it names the function of TPU and notebook launches")},
        {"deepspeed_exclusion_filter", QT_TRANSLATE_NOOP("catapult", "the hostfile lists the machines to use")},
        {"deepspeed_inclusion_filter", QT_TRANSLATE_NOOP("catapult", "the hostfile lists the machines to use")},
        {"deepspeed_multinode_launcher", QT_TRANSLATE_NOOP("catapult", "Catapult starts the ranks of every machine over SSH itself")},
        {"deepspeed_moe_layer_cls_names", QT_TRANSLATE_NOOP("catapult", "the engine has no mixture-of-experts layers")},
    };
    if (!reasons.contains(name)) return std::nullopt;
    return tr("catapult: --%1 has no effect here: %2.").arg(name, tr(reasons.value(name)));
}

// Flags that `accelerate launch` hands to the ranks as variables; Python scripts read them.
std::optional<QString> variableFor(const QString& name) {
    if (name == QLatin1String("debug")) return QStringLiteral("ACCELERATE_DEBUG_MODE");
    if (name == QLatin1String("downcast_bf16")) return QStringLiteral("ACCELERATE_DOWNCAST_BF16");
    if (name.startsWith(QLatin1String("dynamo_")) || name.startsWith(QLatin1String("fp8_")))
        return QStringLiteral("ACCELERATE_") + name.toUpper();
    return std::nullopt;
}

const QStringList& switchFlags() {
    static const QStringList names = {"cpu", "no_python", "module", "accept_new_host_keys", "use_deepspeed", "use_fsdp",
                                      "multi_gpu", "quiet", "enable_cpu_affinity", "debug", "downcast_bf16", "same_network",
                                      "dynamo_use_fullgraph", "dynamo_use_dynamic", "dynamo_use_regional_compilation",
                                      "fp8_use_autocast_during_eval", "tpu", "tpu_cluster", "no_tpu_cluster",
                                      "tpu_use_sudo", "use_megatron_lm", "use_parallelism_config"};
    return names;
}

Status applySwitch(LaunchArguments& a, const QString& name) {
    if (auto why = refusal(name)) return Status::error(why->toStdString());
    if (auto note = noEffect(name)) a.notes << *note;
    if (auto variable = variableFor(name))
        a.environment.insert(*variable, name == QLatin1String("debug") ? QStringLiteral("true") : QStringLiteral("True"));
    if (name == QLatin1String("cpu")) a.cpu = true;
    else if (name == QLatin1String("no_python")) a.noPython = true;
    else if (name == QLatin1String("module")) a.module = true;
    else if (name == QLatin1String("accept_new_host_keys")) a.acceptNewHostKeys = true;
    else if (name == QLatin1String("use_deepspeed")) a.sharding.useDeepSpeed = true;
    else if (name == QLatin1String("use_fsdp")) a.sharding.useFsdp = true;
    else if (name == QLatin1String("multi_gpu")) a.multiGpu = true;
    else if (name == QLatin1String("quiet")) a.quiet = true;
    else if (name == QLatin1String("enable_cpu_affinity")) {
        a.cpuAffinity = true;
        a.environment.insert(QStringLiteral("ACCELERATE_CPU_AFFINITY"), QStringLiteral("1"));  // as Accelerate sets it
    }
    return Status::success();
}

bool positive(const std::optional<int>& v) { return v && *v > 0; }

using Setter = std::function<bool(LaunchArguments&, const QString&)>;

const std::map<QString, Setter>& valuedFlags() {
    static const std::map<QString, Setter> flags = {
        {"config_file", [](LaunchArguments& a, const QString& v) { a.configFile = v; return true; }},
        {"num_processes", [](LaunchArguments& a, const QString& v) { a.numProcesses = toInt(v); return positive(a.numProcesses); }},
        {"num_machines", [](LaunchArguments& a, const QString& v) { a.numMachines = toInt(v); return positive(a.numMachines); }},
        {"machine_rank", [](LaunchArguments& a, const QString& v) { a.machineRank = toInt(v); return a.machineRank && *a.machineRank >= 0; }},
        {"main_process_port", [](LaunchArguments& a, const QString& v) { a.mainProcessPort = toInt(v); return a.mainProcessPort && *a.mainProcessPort >= 0 && *a.mainProcessPort < 65536; }},
        {"main_process_ip", [](LaunchArguments& a, const QString& v) { a.mainProcessIp = v; return true; }},
        {"gradient_accumulation_steps", [](LaunchArguments& a, const QString& v) { a.gradientAccumulationSteps = toInt(v); return positive(a.gradientAccumulationSteps); }},
        {"mixed_precision", [](LaunchArguments& a, const QString& v) { a.mixedPrecision = v.toLower(); return parseMixedPrecision(v.toStdString()).ok(); }},
        {"num_cpu_threads_per_process", [](LaunchArguments& a, const QString& v) { a.numCpuThreadsPerProcess = toInt(v); return positive(a.numCpuThreadsPerProcess); }},
        {"gpu_ids", [](LaunchArguments& a, const QString& v) { a.gpuIds = v; return true; }},
        {"run_dir", [](LaunchArguments& a, const QString& v) { a.runDir = v; return true; }},
        {"resume", [](LaunchArguments& a, const QString& v) { a.resume = v; return true; }},
        {"hosts", [](LaunchArguments& a, const QString& v) { a.hostsFile = v; return true; }},
        // DeepSpeed's and Open MPI's hostfiles have the same `name slots=N` lines.
        {"deepspeed_hostfile", [](LaunchArguments& a, const QString& v) { a.hostsFile = v; return true; }},
        {"mpirun_hostfile", [](LaunchArguments& a, const QString& v) { a.hostsFile = v; return true; }},
        {"known_hosts", [](LaunchArguments& a, const QString& v) { a.knownHostsFile = v; return true; }},
        {"host_timeout_s", [](LaunchArguments& a, const QString& v) { a.hostTimeoutS = toInt(v); return a.hostTimeoutS && *a.hostTimeoutS >= 3; }},
        {"log_dir", [](LaunchArguments& a, const QString& v) { a.logDir = v; return true; }},
        {"max_restarts", [](LaunchArguments& a, const QString& v) { a.maxRestarts = toInt(v); return a.maxRestarts && *a.maxRestarts >= 0; }},
        {"tee", [](LaunchArguments& a, const QString& v) { a.tee = v; return QStringList({"0", "1", "2", "3"}).contains(v); }},
        {"env", [](LaunchArguments& a, const QString& v) {
             if (!v.contains('=') || v.startsWith('=')) return false;
             a.environment.insert(v.section('=', 0, 0), v.section('=', 1));
             return true;
         }},
    };
    return flags;
}

bool takesValue(const QString& name) {
    if (valuedFlags().count(name) || shardingFlagNames().contains(name) || noEffect(name)) return true;
    if (name.startsWith(QLatin1String("dynamo_")) || name.startsWith(QLatin1String("fp8_"))) return true;
    return refusal(name).has_value();  // a refused valued flag: its value is skipped with it
}

Status applyValue(LaunchArguments& a, const QString& name, const QString& value) {
    if (auto why = refusal(name)) return Status::error(why->toStdString());
    if (auto note = noEffect(name)) {
        a.notes << *note;
        return Status::success();
    }
    if (shardingFlagNames().contains(name)) {
        a.sharding.values.insert(name, value);
        return Status::success();
    }
    if (auto variable = variableFor(name)) {
        a.environment.insert(*variable, name.startsWith(QLatin1String("dynamo_")) || name == QLatin1String("fp8_backend") ||
                                                name == QLatin1String("fp8_format") ? value.toUpper() : value);
        return Status::success();
    }
    auto it = valuedFlags().find(name);
    if (it == valuedFlags().end() || value.isEmpty() || !it->second(a, value))
        return Status::error(tr("Invalid value '%1' for --%2.").arg(value, name).toStdString());
    return Status::success();
}

// "--num-processes", "--num_processes=2", "-q": the flag's name in Accelerate's underscore spelling.
QString flagName(const QString& raw) {
    static const QMap<QString, QString> shortFlags = {{"-m", "module"}, {"-q", "quiet"}, {"-t", "tee"}};
    if (shortFlags.contains(raw)) return shortFlags.value(raw);
    return raw.section('=', 0, 0).mid(2).replace('-', '_');
}

}  // namespace

Result<LaunchArguments> parseLaunchArguments(const QStringList& args) {
    LaunchArguments a;
    for (int i = 0; i < args.size(); ++i) {
        const QString& raw = args[i];
        if (raw == QLatin1String("--")) {
            a.program = args.mid(i + 1);
            break;
        }
        if (!raw.startsWith('-')) {  // the program: everything from here on is its own
            a.program = args.mid(i);
            break;
        }
        const QString name = flagName(raw);
        Status applied = Status::success();
        if (switchFlags().contains(name) && !raw.contains('=')) {
            applied = applySwitch(a, name);
        } else if (takesValue(name)) {
            QString value;
            if (raw.contains('=')) value = raw.section('=', 1);
            else if (i + 1 < args.size()) value = args[++i];
            else return Status::error(tr("Option --%1 needs a value.").arg(name).toStdString());
            applied = applyValue(a, name, value);
        } else {
            return Status::error(tr("Unknown option '%1'.\n").arg(raw).toStdString() + launchUsage().toStdString());
        }
        if (!applied.ok()) return applied;
    }
    return a;
}

namespace {

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

Result<LaunchSettings> resolveLaunchSettings(const LaunchArguments& a, const LaunchEnvironmentFacts& facts) {
    LaunchSettings s;
    std::optional<ClusterConfig> config;
    if (a.configFile) {
        if (!QFileInfo::exists(*a.configFile))
            return Status::error(tr("Config file '%1' does not exist (--config_file).").arg(*a.configFile).toStdString());
        s.configFile = *a.configFile;
    } else if (!a.cpu && !facts.defaultConfigPath.isEmpty() && QFileInfo::exists(facts.defaultConfigPath)) {
        s.configFile = facts.defaultConfigPath;  // Accelerate's rule: the default file unless --cpu
    }
    if (!s.configFile.isEmpty()) {
        auto loaded = readConfigFile(s.configFile.toStdString());
        if (!loaded.ok()) return loaded.status();
        config = loaded.value().config;
        for (const auto& issue : checkSchema(*config))
            if (issue.severity == ConfigIssue::Severity::Error)
                return Status::error(s.configFile.toStdString() + ": " + issue.message());
    }

    s.useCpu = a.cpu || (config && config->useCpu()) || (config && config->distributedType() == "MULTI_CPU");
    if (a.numProcesses) s.numProcesses = *a.numProcesses;
    else if (config && config->numProcesses() && *config->numProcesses() > 0) s.numProcesses = *config->numProcesses();
    else if (config && !a.hostsFile && a.hostList.empty())
        return Status::error(tr("%1 does not set num_processes; pass --num_processes.").arg(s.configFile).toStdString());
    else s.numProcesses = (!s.useCpu && facts.visibleGpus > 0) ? facts.visibleGpus : 1;
    QString hostSource = tr("the machines list");
    if (a.hostsFile) {
        auto hosts = readHostFile(*a.hostsFile);
        if (!hosts.ok()) return hosts.status();
        s.hosts = hosts.value();
        hostSource = *a.hostsFile;
    } else {
        s.hosts = a.hostList;
    }
    if (!s.hosts.empty()) {
        resolveSshConfig(s.hosts, facts.sshConfigPath);
        const int machines = static_cast<int>(s.hosts.size());
        if (config && config->numMachines() > 1 && config->numMachines() != machines)
            return Status::error(tr("%1 describes %2 machines but %3 lists %4; they must agree.")
                                     .arg(s.configFile).arg(config->numMachines()).arg(hostSource).arg(machines)
                                     .toStdString());
        QStringList parts;
        int slotTotal = 0;
        for (const HostSpec& h : s.hosts) {
            slotTotal += h.slotCount;
            parts << QString::number(h.slotCount);
        }
        // num_processes is the total over all machines, as in Accelerate; the world is the slots.
        const std::optional<int> asked = a.numProcesses ? a.numProcesses
                                         : (config && config->numProcesses()) ? config->numProcesses()
                                                                              : std::nullopt;
        if (asked && *asked != slotTotal)
            return Status::error(tr("num_processes is %1 (the total over all machines) but the hosts in %2 provide "
                                    "%3 = %4 process slots. The world size must equal the sum of the slots: set "
                                    "num_processes to %4 or change the slots= of the hosts.")
                                     .arg(*asked).arg(hostSource, parts.join(QStringLiteral(" + "))).arg(slotTotal)
                                     .toStdString());
        s.numProcesses = slotTotal;
        if (a.numMachines && *a.numMachines != machines)
            return Status::error(tr("--num_machines is %1 but %2 lists %3 machines; they must agree.")
                                     .arg(*a.numMachines).arg(hostSource).arg(machines).toStdString());
    } else if (Status st = resolveMachineShare(a, config, s); !st.ok()) {
        return st;
    }
    if (a.multiGpu && a.cpu) return Status::error(tr("--multi_gpu and --cpu exclude each other.").toStdString());
    s.quiet = a.quiet;
    s.cpuAffinity = a.cpuAffinity;
    s.notes = a.notes;
    if (a.logDir) s.logDir = *a.logDir;
    if (a.maxRestarts && *a.maxRestarts > 0 && !s.hosts.empty())
        return Status::error(tr("--max_restarts restarts jobs of this machine; a job on several machines over SSH is "
                                "continued with --resume RUN after a failure.").toStdString());
    if (a.maxRestarts) s.maxRestarts = *a.maxRestarts;
    if (a.tee && *a.tee != QLatin1String("3"))
        s.notes << tr("catapult: --tee %1: the console always shows every rank's output, as --tee 3 does.").arg(*a.tee);
    s.acceptNewHostKeys = a.acceptNewHostKeys;
    s.knownHostsFile = a.knownHostsFile.value_or(QString());
    if (a.hostTimeoutS) s.hostTimeoutS = *a.hostTimeoutS;

    if (a.mainProcessPort) s.port = *a.mainProcessPort;
    else if (config && config->mainProcessPort()) s.port = *config->mainProcessPort();
    if (a.mainProcessIp) s.masterAddr = *a.mainProcessIp;
    else if (config && config->mainProcessIp() && !config->mainProcessIp()->empty())
        s.masterAddr = QString::fromStdString(*config->mainProcessIp());
    else if (!s.hosts.empty()) s.masterAddr = s.hosts.front().reachableAddress();  // host 0 as the others reach it

    if (a.mixedPrecision) s.mixedPrecision = *a.mixedPrecision;
    else if (config) s.mixedPrecision = QString::fromStdString(config->mixedPrecision());
    if (!parseMixedPrecision(s.mixedPrecision.toStdString()).ok())
        return Status::error(tr("Unknown mixed precision '%1' in %2.").arg(s.mixedPrecision, s.configFile).toStdString());

    // fp8_config as `accelerate launch` exports it: fp8_ prefixed, ACCELERATE_ and upper-cased,
    // with the three questionnaire names the worker never reads exported under the working ones.
    if (config) {
        for (const auto& [key, value] : config->section("fp8_config")) {
            if (value.isList()) continue;  // override_linear_precision: not used by the engine
            QString name = QString::fromStdString(key.rfind("fp8", 0) == 0 ? key : "fp8_" + key);
            if (name == QLatin1String("fp8_amax_history_length")) name = QStringLiteral("fp8_amax_history_len");
            else if (name == QLatin1String("fp8_amax_compute_algorithm")) name = QStringLiteral("fp8_amax_compute_algo");
            else if (name == QLatin1String("fp8_optimization_level")) name = QStringLiteral("fp8_opt_level");
            QString text = QString::fromStdString(value.toDisplay());
            if (name == QLatin1String("fp8_backend") || name == QLatin1String("fp8_format")) text = text.toUpper();
            s.configEnvironment.insert(QStringLiteral("ACCELERATE_") + name.toUpper(), text);
        }
    }
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

    // Threads: the flag, else the parent's OMP_NUM_THREADS, else for CPU runs the physical
    // cores shared out among the processes (docs/worker-environment.md).
    s.threadsExplicit = a.numCpuThreadsPerProcess || facts.parentOmpThreads;
    if (a.numCpuThreadsPerProcess) s.threadsPerProcess = *a.numCpuThreadsPerProcess;
    else if (facts.parentOmpThreads) s.threadsPerProcess = *facts.parentOmpThreads;
    else if (s.useCpu) s.threadsPerProcess = std::max(1, facts.physicalCores / s.numProcesses);

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
    if (a.resume) {
        s.resumeFrom = *a.resume;
        if (s.builtinRecipe && !s.program.contains(QStringLiteral("--resume")))
            s.program << QStringLiteral("--resume") << s.resumeFrom;
    }
    return s;
}

}  // namespace catapult
