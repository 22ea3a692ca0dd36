#pragma once
// The answers of the setup wizard, and the Accelerate config they mean. The wizard pages
// edit a SetupChoices (held by SetupModel); buildClusterConfig() is the one place that turns answers into keys
// (as Accelerate's questionnaire would write them, with the writer rules of
// docs/config-schema.md). Pure; no widgets.
//
// Settings Accelerate keeps out of its config file (gradient accumulation outside DeepSpeed,
// activation checkpointing outside FSDP) are answered here too and travel as launch flags.

#include <QString>

#include "catapult/ClusterConfig.h"
#include "catapult/MixedPrecision.h"
#include "catapult/OffloadDevice.h"

namespace catapult {

struct SetupChoices {
    enum class Strategy { None, DataParallel, Zero1, Zero2, Zero3, Fsdp };

    // Machines
    int numMachines = 1;
    int processesPerMachine = 1;
    QString mainProcessIp;      // required with several machines
    int mainProcessPort = 29500;
    // Distribution
    Strategy strategy = Strategy::None;
    bool useCpu = true;
    QString gpuIds = QStringLiteral("all");
    int fsdpVersion = 2;
    QString fsdpShardingStrategy = QStringLiteral("FULL_SHARD");  // FSDP1
    bool fsdpReshardAfterForward = true;                          // FSDP2
    QString fsdpAutoWrapPolicy = QStringLiteral("TRANSFORMER_BASED_WRAP");
    QString fsdpLayerClassToWrap;                                 // empty: the model's _no_split_modules
    QString fsdpStateDictType = QStringLiteral("SHARDED_STATE_DICT");
    bool fsdpCpuRamEfficientLoading = true;
    // Precision
    MixedPrecision mixedPrecision = MixedPrecision::No;
    QString fp8Backend = QStringLiteral("TE");       // TE, AO, MSAMP
    QString fp8Format = QStringLiteral("HYBRID");    // HYBRID, E4M3
    bool fp8DelayedScaling = true;                   // false: current scaling (scale from this step's amax)
    int fp8AmaxHistoryLen = 1024;
    QString fp8AmaxComputeAlgo = QStringLiteral("max");
    int fp8Margin = 0;
    int fp8Interval = 1;
    // Memory
    OffloadDevice offloadOptimizer = OffloadDevice::None;  // ZeRO; FSDP offloads it with the parameters
    OffloadDevice offloadParams = OffloadDevice::None;     // ZeRO-3; FSDP: None or Cpu
    QString offloadOptimizerPath = QStringLiteral("/nvme");
    QString offloadParamPath = QStringLiteral("/nvme");
    int gradientAccumulationSteps = 1;
    bool activationCheckpointing = false;
    double gradientClipping = 0.0;  // DeepSpeed gradient_clipping; 0: none

    bool operator==(const SetupChoices&) const = default;
    int totalProcesses() const { return numMachines * processesPerMachine; }
    int zeroStage() const;  // 0 for no sharding, 1..3 for ZeRO, 3/2 for FSDP full/grad-op sharding
};

ClusterConfig buildClusterConfig(const SetupChoices& choices);
// The reverse, for opening an existing config in the wizard (best effort: keys the wizard
// does not ask about are kept by the caller).
SetupChoices choicesFromConfig(const ClusterConfig& config);

}  // namespace catapult
