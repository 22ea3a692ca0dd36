#pragma once
// The names of the worker environment (docs/worker-environment.md), each spelled once: the
// engine's settings types read them (fromEnvironment) and write them (toEnvironment), and the
// launcher sets the others under the same names. No LibTorch, no Qt.

namespace catapult::vars {

// What torchrun's agent gives each worker.
inline constexpr const char* kRank = "RANK";
inline constexpr const char* kLocalRank = "LOCAL_RANK";
inline constexpr const char* kWorldSize = "WORLD_SIZE";
inline constexpr const char* kLocalWorldSize = "LOCAL_WORLD_SIZE";
inline constexpr const char* kGroupRank = "GROUP_RANK";
inline constexpr const char* kGroupWorldSize = "GROUP_WORLD_SIZE";
inline constexpr const char* kRoleRank = "ROLE_RANK";
inline constexpr const char* kRoleName = "ROLE_NAME";
inline constexpr const char* kRoleWorldSize = "ROLE_WORLD_SIZE";
// What an MPI launcher gives each process instead (Open MPI, MVAPICH2, MPICH / Intel MPI), read
// when torchrun's are absent, in Accelerate's order.
inline constexpr const char* kMpiRanks[] = {"OMPI_COMM_WORLD_RANK", "MV2_COMM_WORLD_RANK", "PMI_RANK"};
inline constexpr const char* kMpiWorldSizes[] = {"OMPI_COMM_WORLD_SIZE", "MV2_COMM_WORLD_SIZE", "PMI_SIZE"};
inline constexpr const char* kMpiLocalRanks[] = {"OMPI_COMM_WORLD_LOCAL_RANK", "MV2_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID"};
inline constexpr const char* kMpiLocalWorldSizes[] = {"OMPI_COMM_WORLD_LOCAL_SIZE", "MV2_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"};
inline constexpr const char* kMasterAddr = "MASTER_ADDR";
inline constexpr const char* kMasterPort = "MASTER_PORT";
inline constexpr const char* kRestartCount = "TORCHELASTIC_RESTART_COUNT";
inline constexpr const char* kMaxRestarts = "TORCHELASTIC_MAX_RESTARTS";
inline constexpr const char* kRunId = "TORCHELASTIC_RUN_ID";
inline constexpr const char* kUseAgentStore = "TORCHELASTIC_USE_AGENT_STORE";
inline constexpr const char* kNcclAsyncErrorHandling = "TORCH_NCCL_ASYNC_ERROR_HANDLING";

// Accelerate's launcher settings.
inline constexpr const char* kMixedPrecision = "ACCELERATE_MIXED_PRECISION";
inline constexpr const char* kUseCpu = "ACCELERATE_USE_CPU";
inline constexpr const char* kGradientAccumulationSteps = "ACCELERATE_GRADIENT_ACCUMULATION_STEPS";
inline constexpr const char* kDynamoBackend = "ACCELERATE_DYNAMO_BACKEND";
inline constexpr const char* kDynamoMode = "ACCELERATE_DYNAMO_MODE";
inline constexpr const char* kDynamoUseFullgraph = "ACCELERATE_DYNAMO_USE_FULLGRAPH";
inline constexpr const char* kDynamoUseDynamic = "ACCELERATE_DYNAMO_USE_DYNAMIC";
inline constexpr const char* kDynamoUseRegionalCompilation = "ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION";
inline constexpr const char* kCudaVisibleDevices = "CUDA_VISIBLE_DEVICES";
inline constexpr const char* kOmpNumThreads = "OMP_NUM_THREADS";
inline constexpr const char* kPythonUnbuffered = "PYTHONUNBUFFERED";

// FP8 (fp8_config as ACCELERATE_FP8_*, see Fp8Settings.h).
inline constexpr const char* kFp8Backend = "ACCELERATE_FP8_BACKEND";
inline constexpr const char* kFp8Format = "ACCELERATE_FP8_FORMAT";
inline constexpr const char* kFp8AmaxHistoryLen = "ACCELERATE_FP8_AMAX_HISTORY_LEN";
inline constexpr const char* kFp8AmaxComputeAlgo = "ACCELERATE_FP8_AMAX_COMPUTE_ALGO";
inline constexpr const char* kFp8Margin = "ACCELERATE_FP8_MARGIN";
inline constexpr const char* kFp8Interval = "ACCELERATE_FP8_INTERVAL";
inline constexpr const char* kFp8Recipe = "CATAPULT_FP8_RECIPE";

// DeepSpeed (deepspeed_config as ACCELERATE_DEEPSPEED_<KEY>, see ShardingSettings.h).
inline constexpr const char* kUseDeepSpeed = "ACCELERATE_USE_DEEPSPEED";
inline constexpr const char* kDeepSpeedPrefix = "ACCELERATE_DEEPSPEED_";
inline constexpr const char* kDeepSpeedZeroStage = "ACCELERATE_DEEPSPEED_ZERO_STAGE";
inline constexpr const char* kDeepSpeedOffloadOptimizerDevice = "ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE";
inline constexpr const char* kDeepSpeedOffloadParamDevice = "ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE";
inline constexpr const char* kDeepSpeedOffloadOptimizerNvmePath = "ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH";
inline constexpr const char* kDeepSpeedOffloadParamNvmePath = "ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_NVME_PATH";
inline constexpr const char* kDeepSpeedConfigFile = "ACCELERATE_DEEPSPEED_CONFIG_FILE";
inline constexpr const char* kDeepSpeedZero3Init = "ACCELERATE_DEEPSPEED_ZERO3_INIT";
inline constexpr const char* kGradientClipping = "ACCELERATE_GRADIENT_CLIPPING";

// FSDP (fsdp_config as FSDP_<KEY>).
inline constexpr const char* kUseFsdp = "ACCELERATE_USE_FSDP";
inline constexpr const char* kFsdpVersion = "FSDP_VERSION";
inline constexpr const char* kFsdpShardingStrategy = "FSDP_SHARDING_STRATEGY";
inline constexpr const char* kFsdpReshardAfterForward = "FSDP_RESHARD_AFTER_FORWARD";
inline constexpr const char* kFsdpOffloadParams = "FSDP_OFFLOAD_PARAMS";
inline constexpr const char* kFsdpTransformerClsToWrap = "FSDP_TRANSFORMER_CLS_TO_WRAP";
inline constexpr const char* kFsdpAutoWrapPolicy = "FSDP_AUTO_WRAP_POLICY";
inline constexpr const char* kFsdpActivationCheckpointing = "FSDP_ACTIVATION_CHECKPOINTING";

// Catapult's own knobs.
inline constexpr const char* kRunDir = "CATAPULT_RUN_DIR";
inline constexpr const char* kResumeFrom = "CATAPULT_RESUME_FROM";
inline constexpr const char* kRendezvousTimeoutS = "CATAPULT_RENDEZVOUS_TIMEOUT_S";
inline constexpr const char* kCollectiveTimeoutS = "CATAPULT_COLLECTIVE_TIMEOUT_S";
inline constexpr const char* kOffloadBlockElements = "CATAPULT_OFFLOAD_BLOCK_ELEMENTS";
// Python ranks: Catapult's package directory is first on PYTHONPATH and CATAPULT_INSTRUMENT=1
// turns its reporting on (engine/python/catapult); CATAPULT_LOSS_EVERY=K reports backward's loss every
// K-th optimizer step.
inline constexpr const char* kPythonPath = "PYTHONPATH";
inline constexpr const char* kInstrument = "CATAPULT_INSTRUMENT";
inline constexpr const char* kLossEvery = "CATAPULT_LOSS_EVERY";

}  // namespace catapult::vars
