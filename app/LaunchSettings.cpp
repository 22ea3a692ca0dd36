#include "LaunchSettings.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <functional>
#include <map>

#include "CommandOutput.h"
#include "HostFile.h"
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

Result<LaunchArguments> parseLaunchArguments(const QStringList& args) {
    LaunchArguments a;
    using Setter = std::function<bool(const QString&)>;
    const std::map<QString, Setter> valued = {
        {"--config_file", [&](const QString& v) { a.configFile = v; return !v.isEmpty(); }},
        {"--num_processes", [&](const QString& v) { a.numProcesses = toInt(v); return a.numProcesses && *a.numProcesses > 0; }},
        {"--main_process_port", [&](const QString& v) { a.mainProcessPort = toInt(v); return a.mainProcessPort && *a.mainProcessPort >= 0 && *a.mainProcessPort < 65536; }},
        {"--main_process_ip", [&](const QString& v) { a.mainProcessIp = v; return !v.isEmpty(); }},
        {"--gradient_accumulation_steps", [&](const QString& v) { a.gradientAccumulationSteps = toInt(v); return a.gradientAccumulationSteps && *a.gradientAccumulationSteps > 0; }},
        {"--mixed_precision", [&](const QString& v) { a.mixedPrecision = v.toLower(); return parseMixedPrecision(v.toStdString()).ok(); }},
        {"--num_cpu_threads_per_process", [&](const QString& v) { a.numCpuThreadsPerProcess = toInt(v); return a.numCpuThreadsPerProcess && *a.numCpuThreadsPerProcess > 0; }},
        {"--gpu_ids", [&](const QString& v) { a.gpuIds = v; return !v.isEmpty(); }},
        {"--run_dir", [&](const QString& v) { a.runDir = v; return !v.isEmpty(); }},
        {"--resume", [&](const QString& v) { a.resume = v; return !v.isEmpty(); }},
        {"--hosts", [&](const QString& v) { a.hostsFile = v; return !v.isEmpty(); }},
        {"--known_hosts", [&](const QString& v) { a.knownHostsFile = v; return !v.isEmpty(); }},
        {"--host_timeout_s", [&](const QString& v) { a.hostTimeoutS = toInt(v); return a.hostTimeoutS && *a.hostTimeoutS >= 3; }},
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString& raw = args[i];
        if (raw == "--") {
            a.program = args.mid(i + 1);
            break;
        }
        if (!raw.startsWith('-')) {  // the program: everything from here on is its own
            a.program = args.mid(i);
            break;
        }
        QString flag = raw.section('=', 0, 0);
        flag = "--" + flag.mid(2).replace('-', '_');
        if (raw == "-m" || flag == "--module") { a.module = true; continue; }
        if (flag == "--cpu") { a.cpu = true; continue; }
        if (flag == "--no_python") { a.noPython = true; continue; }
        if (flag == "--accept_new_host_keys") { a.acceptNewHostKeys = true; continue; }
        if (flag == "--use_deepspeed") { a.sharding.useDeepSpeed = true; continue; }
        if (flag == "--use_fsdp") { a.sharding.useFsdp = true; continue; }
        auto it = valued.find(flag);
        if (it == valued.end() && shardingFlagNames().contains(flag.mid(2))) {
            QString value;
            if (raw.contains('=')) value = raw.section('=', 1);
            else if (i + 1 < args.size()) value = args[++i];
            if (value.isEmpty()) return Status::error(tr("Option %1 needs a value.").arg(flag).toStdString());
            a.sharding.values.insert(flag.mid(2), value);
            continue;
        }
        if (it == valued.end()) return Status::error(tr("Unknown option '%1'.\n").arg(raw).toStdString() + launchUsage().toStdString());
        QString value;
        if (raw.contains('=')) value = raw.section('=', 1);
        else if (i + 1 < args.size()) value = args[++i];
        else return Status::error(tr("Option %1 needs a value.").arg(flag).toStdString());
        if (!it->second(value)) return Status::error(tr("Invalid value '%1' for %2.").arg(value, flag).toStdString());
    }
    return a;
}

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
        applySshConfig(s.hosts, facts.sshConfigHosts);
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
    } else if (config && config->numMachines() > 1) {
        return Status::error(tr("%1 describes %2 machines; pass --hosts HOSTFILE with one line per machine "
                                "(name slots=N, see catapult hosts).")
                                 .arg(s.configFile).arg(config->numMachines()).toStdString());
    }
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
    if (a.gradientAccumulationSteps) s.gradientAccumulationSteps = a.gradientAccumulationSteps;
    else if (sharding.value().gradientAccumulationSteps) s.gradientAccumulationSteps = sharding.value().gradientAccumulationSteps;
    else if (config && config->gradientAccumulationSteps()) s.gradientAccumulationSteps = config->gradientAccumulationSteps();
    if (a.gpuIds) s.gpuIds = a.gpuIds;
    else if (config && config->gpuIds()) s.gpuIds = QString::fromStdString(*config->gpuIds());

    // Threads: the flag, else the parent's OMP_NUM_THREADS, else for CPU runs the physical
    // cores shared out among the processes (accelerate-contract.md §3.2.4).
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
