#include "SetupChoices.h"

#include "catapult/Fp8Settings.h"
#include "catapult/ShardingSettings.h"

namespace catapult {
namespace {

ConfigValue str(const QString& s) { return ConfigValue::string(s.toStdString()); }

}  // namespace

int SetupChoices::zeroStage() const {
    switch (strategy) {
    case Strategy::Zero1: return 1;
    case Strategy::Zero2: return 2;
    case Strategy::Zero3: return 3;
    case Strategy::Fsdp:
        if (fsdpVersion >= 2) return fsdpReshardAfterForward ? 3 : 2;
        return fsdpStrategyStage(fsdpShardingStrategy.toStdString()).value_or(3);
    default: return 0;
    }
}

namespace {

// Accelerate's distributed_type for the strategy.
QString distributedType(const SetupChoices& c) {
    const bool gpu = !c.useCpu;
    switch (c.strategy) {
    case SetupChoices::Strategy::None: return QStringLiteral("NO");
    case SetupChoices::Strategy::DataParallel: return gpu ? QStringLiteral("MULTI_GPU") : QStringLiteral("MULTI_CPU");
    case SetupChoices::Strategy::Zero1:
    case SetupChoices::Strategy::Zero2:
    case SetupChoices::Strategy::Zero3: return QStringLiteral("DEEPSPEED");
    case SetupChoices::Strategy::Fsdp: return QStringLiteral("FSDP");
    }
    return QStringLiteral("NO");
}

// How many processes on how many machines, where they meet, and the GPUs.
void setMachineKeys(const SetupChoices& c, const QString& type, ClusterConfig& cfg) {
    const bool gpu = !c.useCpu;
    const bool single = c.strategy == SetupChoices::Strategy::None;
    cfg.setInt("num_processes", single ? 1 : c.totalProcesses());
    cfg.setInt("num_machines", single ? 1 : c.numMachines);
    cfg.setInt("machine_rank", 0);
    cfg.setBool("use_cpu", c.useCpu);
    cfg.setBool("enable_cpu_affinity", false);
    if (!single && c.numMachines > 1) {
        if (!c.mainProcessIp.isEmpty()) cfg.set("main_process_ip", str(c.mainProcessIp));
        cfg.setInt("main_process_port", c.mainProcessPort);
        cfg.setString("rdzv_backend", "static");
        cfg.setBool("same_network", true);
    } else if (!single && c.mainProcessPort != 29500) {
        cfg.setInt("main_process_port", c.mainProcessPort);
    }
    if (gpu && (type == QLatin1String("NO") || type == QLatin1String("MULTI_GPU")))
        cfg.set("gpu_ids", str(c.gpuIds.isEmpty() ? QStringLiteral("all") : c.gpuIds));
}

void setFp8Keys(const SetupChoices& c, ClusterConfig& cfg) {
    const std::string s = "fp8_config";
    cfg.setSectionValue(s, "backend", str(c.fp8Backend));
    if (c.fp8Backend == QLatin1String("TE")) {
        cfg.setSectionValue(s, "fp8_format", str(c.fp8Format));
        cfg.setSectionValue(s, "amax_history_len", ConfigValue::integer(c.fp8DelayedScaling ? c.fp8AmaxHistoryLen : 1));
        cfg.setSectionValue(s, "amax_compute_algo",
                            str(c.fp8DelayedScaling ? c.fp8AmaxComputeAlgo : QStringLiteral("most_recent")));
        cfg.setSectionValue(s, "margin", ConfigValue::integer(c.fp8Margin));
        cfg.setSectionValue(s, "interval", ConfigValue::integer(c.fp8Interval));
        cfg.setSectionValue(s, "override_linear_precision",
                            ConfigValue::list({ConfigValue::boolean(false), ConfigValue::boolean(false),
                                               ConfigValue::boolean(false)}));
        cfg.setSectionValue(s, "use_autocast_during_eval", ConfigValue::boolean(false));
    } else if (c.fp8Backend == QLatin1String("AO")) {
        cfg.setSectionValue(s, "enable_fsdp_float8_all_gather", ConfigValue::boolean(true));
        cfg.setSectionValue(s, "pad_inner_dim", ConfigValue::boolean(true));
    } else {
        cfg.setSectionValue(s, "opt_level", str(QStringLiteral("O2")));
    }
}

void setDeepSpeedKeys(const SetupChoices& c, ClusterConfig& cfg) {
    const std::string s = "deepspeed_config";
    const int stage = c.zeroStage();
    cfg.setSectionValue(s, "zero_stage", ConfigValue::integer(stage));
    cfg.setSectionValue(s, "offload_optimizer_device", str(QString::fromLatin1(toString(c.offloadOptimizer))));
    cfg.setSectionValue(s, "offload_param_device", str(QString::fromLatin1(toString(stage == 3 ? c.offloadParams : OffloadDevice::None))));
    if (c.offloadOptimizer == OffloadDevice::Nvme)
        cfg.setSectionValue(s, "offload_optimizer_nvme_path", str(c.offloadOptimizerPath));
    if (stage == 3 && c.offloadParams == OffloadDevice::Nvme)
        cfg.setSectionValue(s, "offload_param_nvme_path", str(c.offloadParamPath));
    cfg.setSectionValue(s, "gradient_accumulation_steps", ConfigValue::integer(c.gradientAccumulationSteps));
    if (c.gradientClipping > 0) cfg.setSectionValue(s, "gradient_clipping", ConfigValue::real(c.gradientClipping));
    cfg.setSectionValue(s, "zero3_init_flag", ConfigValue::boolean(false));
    if (stage == 3) cfg.setSectionValue(s, "zero3_save_16bit_model", ConfigValue::boolean(false));
    if (c.numMachines > 1) cfg.setSectionValue(s, "deepspeed_multinode_launcher", str(QStringLiteral("standard")));
}

void setFsdpKeys(const SetupChoices& c, ClusterConfig& cfg) {
    const std::string s = "fsdp_config";
    cfg.setSectionValue(s, "fsdp_version", ConfigValue::integer(c.fsdpVersion));
    if (c.fsdpVersion >= 2) {
        cfg.setSectionValue(s, "fsdp_reshard_after_forward", ConfigValue::boolean(c.fsdpReshardAfterForward));
    } else {
        cfg.setSectionValue(s, "fsdp_sharding_strategy", str(c.fsdpShardingStrategy));
        cfg.setSectionValue(s, "fsdp_reshard_after_forward", str(c.fsdpShardingStrategy));
        cfg.setSectionValue(s, "fsdp_backward_prefetch", str(QStringLiteral("BACKWARD_PRE")));
        cfg.setSectionValue(s, "fsdp_forward_prefetch", ConfigValue::boolean(false));
        cfg.setSectionValue(s, "fsdp_use_orig_params", ConfigValue::boolean(true));
        cfg.setSectionValue(s, "fsdp_sync_module_states", ConfigValue::boolean(true));
    }
    cfg.setSectionValue(s, "fsdp_auto_wrap_policy", str(c.fsdpAutoWrapPolicy));
    if (!c.fsdpLayerClassToWrap.isEmpty())
        cfg.setSectionValue(s, "fsdp_transformer_layer_cls_to_wrap", str(c.fsdpLayerClassToWrap));
    cfg.setSectionValue(s, "fsdp_offload_params", ConfigValue::boolean(c.offloadParams == OffloadDevice::Cpu));
    cfg.setSectionValue(s, "fsdp_state_dict_type", str(c.fsdpStateDictType));
    cfg.setSectionValue(s, "fsdp_cpu_ram_efficient_loading", ConfigValue::boolean(c.fsdpCpuRamEfficientLoading));
    cfg.setSectionValue(s, "fsdp_activation_checkpointing", ConfigValue::boolean(c.activationCheckpointing));
}

}  // namespace

ClusterConfig buildClusterConfig(const SetupChoices& c) {
    ClusterConfig cfg;
    cfg.setString("compute_environment", "LOCAL_MACHINE");
    cfg.setBool("debug", false);
    const QString type = distributedType(c);
    cfg.set("distributed_type", str(type));
    setMachineKeys(c, type, cfg);
    cfg.set("mixed_precision", ConfigValue::string(toString(c.mixedPrecision)));
    if (c.mixedPrecision == MixedPrecision::Fp8) setFp8Keys(c, cfg);
    if (type == QLatin1String("DEEPSPEED")) setDeepSpeedKeys(c, cfg);
    if (type == QLatin1String("FSDP")) setFsdpKeys(c, cfg);
    return cfg;
}

SetupChoices choicesFromConfig(const ClusterConfig& cfg) {
    SetupChoices c;
    const std::string type = cfg.distributedType();
    c.useCpu = cfg.useCpu() || type == "MULTI_CPU";
    c.numMachines = std::max(1, cfg.numMachines());
    c.processesPerMachine = std::max(1, cfg.numProcesses().value_or(1) / c.numMachines);
    c.mainProcessIp = QString::fromStdString(cfg.mainProcessIp().value_or(""));
    c.mainProcessPort = cfg.mainProcessPort().value_or(29500);
    c.gpuIds = QString::fromStdString(cfg.gpuIds().value_or("all"));
    c.mixedPrecision = parseMixedPrecision(cfg.mixedPrecision()).valueOr(MixedPrecision::No);
    if (type == "NO") c.strategy = SetupChoices::Strategy::None;
    else if (type == "DEEPSPEED") {
        const long long stage = cfg.sectionIntOr("deepspeed_config", "zero_stage", 2);
        c.strategy = stage <= 1 ? SetupChoices::Strategy::Zero1 : stage == 2 ? SetupChoices::Strategy::Zero2 : SetupChoices::Strategy::Zero3;
        c.offloadOptimizer = offloadDeviceFromString(cfg.sectionStringOr("deepspeed_config", "offload_optimizer_device", "none")).value_or(OffloadDevice::None);
        c.offloadParams = offloadDeviceFromString(cfg.sectionStringOr("deepspeed_config", "offload_param_device", "none")).value_or(OffloadDevice::None);
        c.offloadOptimizerPath = QString::fromStdString(cfg.sectionStringOr("deepspeed_config", "offload_optimizer_nvme_path", "/nvme"));
        c.offloadParamPath = QString::fromStdString(cfg.sectionStringOr("deepspeed_config", "offload_param_nvme_path", "/nvme"));
        c.gradientAccumulationSteps = static_cast<int>(cfg.sectionIntOr("deepspeed_config", "gradient_accumulation_steps", 1));
    } else if (type == "FSDP") {
        c.strategy = SetupChoices::Strategy::Fsdp;
        c.fsdpVersion = static_cast<int>(cfg.sectionIntOr("fsdp_config", "fsdp_version", 1));
        c.fsdpReshardAfterForward = cfg.sectionBoolOr("fsdp_config", "fsdp_reshard_after_forward", true);
        c.fsdpShardingStrategy = QString::fromStdString(cfg.sectionStringOr("fsdp_config", "fsdp_sharding_strategy", "FULL_SHARD"));
        c.offloadParams = cfg.sectionBoolOr("fsdp_config", "fsdp_offload_params", false) ? OffloadDevice::Cpu : OffloadDevice::None;
        c.activationCheckpointing = cfg.sectionBoolOr("fsdp_config", "fsdp_activation_checkpointing", false);
        c.fsdpLayerClassToWrap = QString::fromStdString(cfg.sectionStringOr("fsdp_config", "fsdp_transformer_layer_cls_to_wrap", ""));
    } else {
        c.strategy = SetupChoices::Strategy::DataParallel;
    }
    if (c.mixedPrecision == MixedPrecision::Fp8) {
        c.fp8Backend = QString::fromStdString(fp8VariableValue("fp8_backend", cfg.sectionStringOr("fp8_config", "backend", "TE")));
        c.fp8Format = QString::fromStdString(fp8VariableValue("fp8_format", cfg.sectionStringOr("fp8_config", "fp8_format", "HYBRID")));
        c.fp8AmaxHistoryLen = static_cast<int>(cfg.sectionIntOr("fp8_config", "amax_history_len", 1024));
        c.fp8AmaxComputeAlgo = QString::fromStdString(cfg.sectionStringOr("fp8_config", "amax_compute_algo", "max"));
        c.fp8DelayedScaling = c.fp8AmaxHistoryLen > 1;
        c.fp8Margin = static_cast<int>(cfg.sectionIntOr("fp8_config", "margin", 0));
        c.fp8Interval = static_cast<int>(cfg.sectionIntOr("fp8_config", "interval", 1));
    }
    return c;
}

}  // namespace catapult
