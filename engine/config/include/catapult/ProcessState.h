#pragma once
// What one worker process is, read from the worker environment contract that
// `accelerate launch` / torchrun (and `catapult launch`) give their workers:
// RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR, MASTER_PORT,
// ACCELERATE_USE_CPU, ACCELERATE_MIXED_PRECISION, ACCELERATE_GRADIENT_ACCUMULATION_STEPS,
// ACCELERATE_USE_FSDP, ACCELERATE_USE_DEEPSPEED, OMP_NUM_THREADS, plus the CATAPULT_*
// knobs (timeouts, run directory). The names are those of catapult/WorkerVariables.h.
//
// This header has no LibTorch and no Qt; the engine and the launcher share it: the launcher
// fills one ProcessState per rank and passes toEnvironment(), the worker reads it back.

#include <chrono>
#include <map>
#include <string>

#include "catapult/Fp8Settings.h"
#include "catapult/MixedPrecision.h"
#include "catapult/ShardingSettings.h"
#include "catapult/Status.h"

namespace catapult {

struct ProcessState {
    int rank = 0;
    int localRank = 0;
    int worldSize = 1;
    int localWorldSize = 1;
    int groupRank = 0;  // machine (node) rank
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    bool useCpu = false;
    MixedPrecision mixedPrecision = MixedPrecision::No;
    Fp8Settings fp8;  // ACCELERATE_FP8_*, used when mixedPrecision is Fp8
    int gradientAccumulationSteps = 1;
    int ompNumThreads = 0;  // 0: not set
    bool useFsdp = false;
    bool useDeepSpeed = false;
    ShardingSettings sharding;  // ZeRO stage and offload from the DeepSpeed / FSDP variables
    std::string runDir;  // CATAPULT_RUN_DIR, may be empty
    std::chrono::milliseconds rendezvousTimeout{std::chrono::seconds(120)};  // CATAPULT_RENDEZVOUS_TIMEOUT_S
    std::chrono::milliseconds collectiveTimeout{std::chrono::seconds(600)};  // CATAPULT_COLLECTIVE_TIMEOUT_S

    bool isMainProcess() const { return rank == 0; }
    bool isDistributed() const { return worldSize > 1; }

    // Reads the variables above from `env`. Missing variables keep their defaults; a
    // malformed value (RANK=abc, RANK >= WORLD_SIZE, ...) gives an error naming the variable.
    static Result<ProcessState> fromEnvironment(const std::map<std::string, std::string>& env);
    // Same, from this process's environment.
    static Result<ProcessState> fromProcessEnvironment();
    // The variables that give this state back through fromEnvironment(): the ones every rank
    // carries (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR,
    // MASTER_PORT, ACCELERATE_USE_CPU, ACCELERATE_MIXED_PRECISION, CATAPULT_RUN_DIR), plus each
    // other one whose value differs from its default (a missing variable reads as the default),
    // fp8's and sharding's included. Timeouts are written in whole seconds.
    std::map<std::string, std::string> toEnvironment() const;

    bool operator==(const ProcessState&) const = default;
};

}  // namespace catapult
