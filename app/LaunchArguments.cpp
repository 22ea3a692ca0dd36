// `catapult launch` flags: every flag of `accelerate launch` (in both spellings, --num_processes
// and --num-processes, with the value after a space or "="), and Catapult's own. One table
// defines them; CommandFlags (QCommandLineParser) parses them and makes the usage text.

#include <functional>
#include <map>

#include "CommandFlags.h"
#include "CommandOutput.h"
#include "LaunchSettings.h"
#include "catapult/Fp8Settings.h"
#include "catapult/ProcessState.h"

namespace catapult {
namespace {

using cli::tr;

// What a flag is for: its own line in the usage, a line made for its family, or none (flags
// for launches Catapult does not make, and flags that change nothing here).
enum class Help { Own, DeepSpeed, Fsdp, Fp8, Dynamo, Hidden };

struct Flag {
    const char* name;       // Accelerate's underscore spelling
    const char* valueName;  // nullptr: a switch
    Help help = Help::Own;
    const char* text = nullptr;  // Help::Own
};

#define OWN(text) Help::Own, QT_TRANSLATE_NOOP("catapult", text)

const std::vector<Flag>& flags() {
    static const std::vector<Flag> table = {
        {"config_file", "F", OWN("the Accelerate config file (default: Accelerate's default config, unless --cpu)")},
        {"num_processes", "N", OWN("processes in all, over every machine")},
        {"cpu", nullptr, OWN("train on the CPU")},
        {"multi_gpu", nullptr, OWN("one process per GPU (the default with GPUs)")},
        {"mixed_precision", "no|fp16|bf16|fp8", OWN("mixed precision")},
        {"num_machines", "N", OWN("machines of a job started on each machine")},
        {"machine_rank", "R", OWN("this machine's rank in such a job")},
        {"main_process_ip", "ADDR", OWN("address of machine 0, as the others reach it")},
        {"main_process_port", "P", OWN("port of the main process (0: pick a free one)")},
        {"gradient_accumulation_steps", "K", OWN("micro-batches per optimizer step")},
        {"num_cpu_threads_per_process", "T", OWN("threads of each process (OMP_NUM_THREADS)")},
        {"gpu_ids", "IDS", OWN("the GPUs to use on each machine, e.g. 0,1")},
        {"enable_cpu_affinity", nullptr, OWN("pin each process to its own cores")},
        {"model", "DIR", OWN("fine-tune this Hugging Face model directory with the built-in recipe")},
        {"text", "FILE", OWN("the text the built-in recipe trains on (default: the built-in corpus)")},
        {"dataset", "PATH", OWN("with --model: a dataset file or folder to fine-tune on (JSONL, JSON, CSV, Parquet)")},
        {"run_dir", "DIR", OWN("the run directory (metrics, checkpoints, logs)")},
        {"resume", "RUN_ID_OR_DIR", OWN("continue from the newest usable checkpoint of a run")},
        {"max_restarts", "N", OWN("start a failed job again, from its newest checkpoint, up to N times")},
        {"log_dir", "DIR", OWN("every rank's output also in DIR/<rank>/stdout.log")},
        {"no_instrument", nullptr, OWN("no metrics from Python ranks' Accelerate and Trainer calls")},
        {"hang_timeout_s", "S", OWN("no step and no CPU use for S s: the job is stalled (default: 20 median steps, at least 60)")},
        {"hang_policy", "wait|stop", OWN("what a stalled job does after its stacks are dumped (default: wait)")},
        {"tee", "0-3", OWN("the streams shown on the console (always both here)")},
        {"quiet", nullptr, OWN("only the job's own output and the outcome")},
        {"env", "K=V", OWN("a variable for every rank (repeatable)")},
        {"debug", nullptr, OWN("ACCELERATE_DEBUG_MODE for Python programs")},
        {"downcast_bf16", nullptr, OWN("ACCELERATE_DOWNCAST_BF16 for Python programs")},
        {"module", nullptr, OWN("run PROGRAM as a Python module (python -m)")},
        {"no_python", nullptr, OWN("run PROGRAM as it is, even a .py file")},
        {"hosts", "HOSTFILE", OWN("run on the machines of a hostfile, over SSH")},
        {"deepspeed_hostfile", "HOSTFILE", OWN("the same, as DeepSpeed names it")},
        {"mpirun_hostfile", "HOSTFILE", OWN("a CPU job started by mpirun (Open MPI or MPICH) on the machines of HOSTFILE")},
        {"slurm", nullptr, OWN("submit the job to Slurm (sbatch) and follow it; Stop cancels it (scancel)")},
        {"nodes", "N", OWN("with --slurm: the nodes of the allocation (default: the config's num_machines)")},
        {"partition", "P", OWN("with --slurm: the partition")},
        {"time", "T", OWN("with --slurm: the time limit, as sbatch takes it")},
        {"account", "A", OWN("with --slurm: the account")},
        {"job_name", "NAME", OWN("with --slurm: the job's name (default: catapult)")},
        {"accept_new_host_keys", nullptr, OWN("record unknown host keys (OpenSSH's accept-new)")},
        {"known_hosts", "FILE", OWN("the known_hosts file (default ~/.ssh/known_hosts)")},
        {"host_timeout_s", "S", OWN("a host silent this long is lost")},
        {"use_deepspeed", nullptr, OWN("shard with ZeRO (DeepSpeed's flags below)")},
        {"zero_stage", "0-3", Help::DeepSpeed},
        {"offload_optimizer_device", "none|cpu|nvme", Help::DeepSpeed},
        {"offload_param_device", "none|cpu|nvme", Help::DeepSpeed},
        {"offload_optimizer_nvme_path", "DIR", Help::DeepSpeed},
        {"offload_param_nvme_path", "DIR", Help::DeepSpeed},
        {"gradient_clipping", "X", Help::DeepSpeed},
        {"zero3_init_flag", "B", Help::DeepSpeed},
        {"zero3_save_16bit_model", "B", Help::DeepSpeed},
        {"deepspeed_config_file", "F", Help::DeepSpeed},
        {"use_fsdp", nullptr, OWN("shard with FSDP (its flags below)")},
        {"fsdp_version", "1|2", Help::Fsdp},
        {"fsdp_sharding_strategy", "S", Help::Fsdp},
        {"fsdp_reshard_after_forward", "B", Help::Fsdp},
        {"fsdp_offload_params", "B", Help::Fsdp},
        {"fsdp_transformer_layer_cls_to_wrap", "CLASSES", Help::Fsdp},
        {"fsdp_auto_wrap_policy", "P", Help::Fsdp},
        {"fsdp_min_num_params", "N", Help::Fsdp},
        {"fsdp_activation_checkpointing", "B", Help::Fsdp},
        {"fsdp_activation_checkpointing_offload", "B", Help::Fsdp},
        {"fsdp_state_dict_type", "T", Help::Fsdp},
        {"fsdp_backward_prefetch", "P", Help::Fsdp},
        {"fsdp_forward_prefetch", "B", Help::Fsdp},
        {"fsdp_use_orig_params", "B", Help::Fsdp},
        {"fsdp_cpu_ram_efficient_loading", "B", Help::Fsdp},
        {"fsdp_sync_module_states", "B", Help::Fsdp},
        {"fp8_backend", "te|ao|msamp", Help::Fp8},
        {"fp8_format", "HYBRID|E4M3", Help::Fp8},
        {"fp8_margin", "N", Help::Fp8},
        {"fp8_interval", "N", Help::Fp8},
        {"fp8_amax_history_len", "N", Help::Fp8},
        {"fp8_amax_compute_algo", "max|most_recent", Help::Fp8},
        {"fp8_override_linear_precision", "B,B,B", Help::Fp8},
        {"fp8_opt_level", "O1|O2", Help::Fp8},
        {"fp8_enable_fsdp_float8_all_gather", "B", Help::Fp8},
        {"fp8_pad_inner_dim", "B", Help::Fp8},
        {"fp8_use_autocast_during_eval", nullptr, Help::Fp8},
        {"dynamo_backend", "B", Help::Dynamo},
        {"dynamo_mode", "M", Help::Dynamo},
        {"dynamo_use_fullgraph", nullptr, Help::Dynamo},
        {"dynamo_use_dynamic", nullptr, Help::Dynamo},
        {"dynamo_use_regional_compilation", nullptr, Help::Dynamo},
        // No effect here, or refused with the reason (see noEffect() and refusal()).
        {"same_network", nullptr, Help::Hidden}, {"rdzv_backend", "B", Help::Hidden}, {"rdzv_conf", "C", Help::Hidden},
        {"role", "R", Help::Hidden}, {"monitor_interval", "S", Help::Hidden}, {"main_training_function", "F", Help::Hidden},
        {"deepspeed_exclusion_filter", "F", Help::Hidden}, {"deepspeed_inclusion_filter", "F", Help::Hidden},
        {"deepspeed_multinode_launcher", "L", Help::Hidden}, {"deepspeed_moe_layer_cls_names", "C", Help::Hidden},
        {"tpu", nullptr, Help::Hidden}, {"tpu_cluster", nullptr, Help::Hidden}, {"no_tpu_cluster", nullptr, Help::Hidden},
        {"tpu_use_sudo", nullptr, Help::Hidden}, {"vm", "V", Help::Hidden},
        {"aws_access_key_id", "K", Help::Hidden}, {"aws_secret_access_key", "K", Help::Hidden},
        {"use_megatron_lm", nullptr, Help::Hidden}, {"use_parallelism_config", nullptr, Help::Hidden},
    };
    return table;
}

#undef OWN

// Accelerate's refused flag families: --megatron_lm_*, --parallelism_config_*.
const QStringList kMegatronValued = {
    "tp_degree", "pp_degree", "num_micro_batches", "sequence_parallelism", "recompute_activations",
    "use_distributed_optimizer", "gradient_clipping", "recompute_granularity", "recompute_method",
    "recompute_num_layers", "attention_backend", "expert_model_parallel_size", "context_parallel_size",
    "attention_dropout", "hidden_dropout", "attention_softmax_in_fp32", "expert_tensor_parallel_size",
    "calculate_per_token_loss", "use_rotary_position_embeddings", "use_custom_fsdp", "no_load_optim",
    "eod_mask_loss", "overlap_cpu_optimizer_d2h_h2d", "no_save_optim", "optimizer_cpu_offload",
    "use_precision_aware_optimizer", "decoder_last_pipeline_num_layers"};
const QStringList kParallelismValued = {"dp_replicate_size", "dp_shard_size", "tp_size", "cp_size", "cp_backend",
                                        "cp_comm_strategy", "sp_size", "sp_backend", "sp_seq_length",
                                        "sp_seq_length_is_variable", "sp_attn_implementation"};

QString helpText(const Flag& f) {
    const QString name = QString::fromLatin1(f.name);
    switch (f.help) {
    case Help::Own: return tr(f.text);
    case Help::DeepSpeed: return tr("DeepSpeed's %1, as in deepspeed_config").arg(name);
    case Help::Fsdp: return tr("FSDP's %1, as in fsdp_config").arg(name);
    case Help::Fp8: return tr("the FP8 recipe's %1 (ACCELERATE_%2), as in fp8_config").arg(name.mid(4), name.toUpper());
    case Help::Dynamo: return tr("ACCELERATE_%1 for Python programs").arg(name.toUpper());
    case Help::Hidden: break;
    }
    return {};
}

QString shortName(const char* name) {
    static const QMap<QString, QString> shortNames = {{"module", "m"}, {"quiet", "q"}, {"tee", "t"}};
    return shortNames.value(QString::fromLatin1(name));
}

// Every flag the parser knows, refused families included.
std::vector<CommandFlag> launchFlags() {
    std::vector<CommandFlag> out;
    for (const Flag& f : flags())
        out.push_back({QString::fromLatin1(f.name), QString::fromLatin1(f.valueName), helpText(f), shortName(f.name)});
    for (const QString& n : kMegatronValued) out.push_back({QStringLiteral("megatron_lm_") + n, QStringLiteral("V")});
    for (const QString& n : kParallelismValued) out.push_back({QStringLiteral("parallelism_config_") + n, QStringLiteral("V")});
    return out;
}

std::optional<int> toInt(const QString& v) {
    bool ok = false;
    const int n = v.toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

}  // namespace

QString launchUsage() {
    QString text = tr("usage: catapult launch [FLAGS] [--] [PROGRAM ARGS...]   (no PROGRAM: the built-in GPT recipe)\n"
                      "       catapult launch --job FILE [FLAGS] [-- PROGRAM ARGS...]   (a job saved by the desktop app; "
                      "the flags given here win)\n"
                      "Each flag also takes dashes for underscores (--num-processes), and its value after '='.\n");
    return text + CommandFlags(launchFlags()).usageLines();
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

Status applySwitch(LaunchArguments& a, const QString& name) {
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
    else if (name == QLatin1String("no_instrument")) a.noInstrument = true;
    else if (name == QLatin1String("slurm")) a.slurm.submit = true;
    else if (name == QLatin1String("enable_cpu_affinity")) {
        a.cpuAffinity = true;
        a.environment.insert(QStringLiteral("ACCELERATE_CPU_AFFINITY"), QStringLiteral("1"));  // as Accelerate sets it
    }
    return Status::success();
}

bool positive(const std::optional<int>& v) { return v && *v > 0; }

using Setter = std::function<bool(LaunchArguments&, const QString&)>;

const std::map<QString, Setter>& valuedFlags() {
    static const std::map<QString, Setter> setters = {
        {"config_file", [](LaunchArguments& a, const QString& v) { a.configFile = v; return true; }},
        {"model", [](LaunchArguments& a, const QString& v) { a.model = v; return !v.isEmpty(); }},
        {"text", [](LaunchArguments& a, const QString& v) { a.text = v; return !v.isEmpty(); }},
        {"dataset", [](LaunchArguments& a, const QString& v) { a.dataset = v; return !v.isEmpty(); }},
        {"num_processes", [](LaunchArguments& a, const QString& v) { a.numProcesses = toInt(v); return positive(a.numProcesses); }},
        {"num_machines", [](LaunchArguments& a, const QString& v) { a.numMachines = toInt(v); return positive(a.numMachines); }},
        {"machine_rank", [](LaunchArguments& a, const QString& v) { a.machineRank = toInt(v); return a.machineRank && *a.machineRank >= 0; }},
        {"main_process_port", [](LaunchArguments& a, const QString& v) { a.mainProcessPort = toInt(v); return a.mainProcessPort && *a.mainProcessPort >= 0 && *a.mainProcessPort < 65536; }},
        {"main_process_ip", [](LaunchArguments& a, const QString& v) { a.mainProcessIp = v; return true; }},
        {"gradient_accumulation_steps", [](LaunchArguments& a, const QString& v) { a.gradientAccumulationSteps = toInt(v); return positive(a.gradientAccumulationSteps); }},
        {"mixed_precision", [](LaunchArguments& a, const QString& v) {
             const auto mp = parseMixedPrecision(v.toStdString());
             if (mp.ok()) a.mixedPrecision = mp.value();
             return mp.ok();
         }},
        {"num_cpu_threads_per_process", [](LaunchArguments& a, const QString& v) { a.numCpuThreadsPerProcess = toInt(v); return positive(a.numCpuThreadsPerProcess); }},
        {"gpu_ids", [](LaunchArguments& a, const QString& v) { a.gpuIds = v; return true; }},
        {"run_dir", [](LaunchArguments& a, const QString& v) { a.runDir = v; return true; }},
        {"resume", [](LaunchArguments& a, const QString& v) { a.resume = v; return true; }},
        {"hosts", [](LaunchArguments& a, const QString& v) { a.hostsFile = v; return true; }},
        // DeepSpeed's and Open MPI's hostfiles have the same `name slots=N` lines.
        {"deepspeed_hostfile", [](LaunchArguments& a, const QString& v) { a.hostsFile = v; return true; }},
        {"mpirun_hostfile", [](LaunchArguments& a, const QString& v) { a.mpirunHostfile = v; return true; }},
        {"nodes", [](LaunchArguments& a, const QString& v) { a.slurm.nodes = toInt(v); return positive(a.slurm.nodes); }},
        {"partition", [](LaunchArguments& a, const QString& v) { a.slurm.partition = v; return true; }},
        {"time", [](LaunchArguments& a, const QString& v) { a.slurm.time = v; return true; }},
        {"account", [](LaunchArguments& a, const QString& v) { a.slurm.account = v; return true; }},
        {"job_name", [](LaunchArguments& a, const QString& v) { a.slurm.jobName = v; return true; }},
        {"known_hosts", [](LaunchArguments& a, const QString& v) { a.knownHostsFile = v; return true; }},
        {"host_timeout_s", [](LaunchArguments& a, const QString& v) { a.hostTimeoutS = toInt(v); return a.hostTimeoutS && *a.hostTimeoutS >= 3; }},
        {"log_dir", [](LaunchArguments& a, const QString& v) { a.logDir = v; return true; }},
        {"hang_timeout_s", [](LaunchArguments& a, const QString& v) { a.hangTimeoutS = toInt(v); return positive(a.hangTimeoutS); }},
        {"hang_policy", [](LaunchArguments& a, const QString& v) {
             a.hangPolicy = hangPolicyFromString(v);
             return a.hangPolicy.has_value();
         }},
        {"max_restarts", [](LaunchArguments& a, const QString& v) { a.maxRestarts = toInt(v); return a.maxRestarts && *a.maxRestarts >= 0; }},
        {"tee", [](LaunchArguments& a, const QString& v) { a.tee = v; return QStringList({"0", "1", "2", "3"}).contains(v); }},
        {"env", [](LaunchArguments& a, const QString& v) {
             if (!v.contains('=') || v.startsWith('=')) return false;
             a.environment.insert(v.section('=', 0, 0), v.section('=', 1));
             return true;
         }},
    };
    return setters;
}

Status applyValue(LaunchArguments& a, const QString& name, const QString& value) {
    if (shardingFlagNames().contains(name)) {
        a.sharding.values.insert(name, value);
        return Status::success();
    }
    if (auto variable = variableFor(name)) {
        a.environment.insert(*variable, name.startsWith(QLatin1String("dynamo_"))
                                            ? value.toUpper()
                                            : QString::fromStdString(fp8VariableValue(name.toStdString(), value.toStdString())));
        return Status::success();
    }
    auto it = valuedFlags().find(name);
    if (it == valuedFlags().end() || value.isEmpty() || !it->second(a, value))
        return Status::error(tr("Invalid value '%1' for --%2.").arg(value, name).toStdString());
    return Status::success();
}

// One flag as the parser found it: refused, noted, or applied (each value in order).
Status applyFlag(LaunchArguments& a, const QString& name, bool valued, const QStringList& values) {
    if (auto why = refusal(name)) return Status::error(why->toStdString());
    if (auto note = noEffect(name)) {
        a.notes << *note;
        return Status::success();
    }
    if (!valued) return applySwitch(a, name);
    for (const QString& v : values)
        if (Status s = applyValue(a, name, v); !s.ok()) return s;
    return Status::success();
}

}  // namespace

Result<LaunchArguments> parseLaunchArguments(const QStringList& args) {
    CommandFlags parser(launchFlags());
    if (Status s = parser.parse(args); !s.ok())
        return Status::error(s.message() + " " +
                             tr("(the built-in recipe's own flags, such as --steps, --seq_len or --export_dir, go after "
                                "\"-- catapult-worker train\"; catapult launch --help lists the launcher's)").toStdString());
    LaunchArguments a;
    for (const CommandFlag& f : parser.flags()) {
        if (!parser.isSet(f.name)) continue;
        const bool valued = !f.valueName.isEmpty();
        if (Status s = applyFlag(a, f.name, valued, valued ? parser.values(f.name) : QStringList()); !s.ok()) return s;
    }
    a.program = parser.positional();
    return a;
}

}  // namespace catapult
