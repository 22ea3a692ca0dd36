// The worker environment contract both ways: every field of ProcessState (its fp8 and sharding
// settings included) survives toEnvironment() and fromEnvironment() (docs/worker-environment.md).

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "catapult/ProcessState.h"
#include "catapult/WorkerVariables.h"

using namespace catapult;

namespace {

using Env = std::map<std::string, std::string>;

template <class T>
void compare(std::string& out, const char* field, const T& a, const T& b) {
    if (!(a == b)) out += std::string(out.empty() ? "" : ", ") + field;
}

// The fields in which `a` and `b` differ. Does not compile once ProcessState, Fp8Settings or
// ShardingSettings gain a field: give the new field its variable in toEnvironment() and a
// mutation below, then name it here.
std::string differences(const ProcessState& a, const ProcessState& b) {
    std::string out;
    const auto& [rank, localRank, worldSize, localWorldSize, groupRank, masterAddr, masterPort, useCpu, mixedPrecision,
                 fp8, gradientAccumulationSteps, ompNumThreads, useFsdp, useDeepSpeed, sharding, runDir,
                 rendezvousTimeout, collectiveTimeout] = a;
    compare(out, "rank", rank, b.rank);
    compare(out, "localRank", localRank, b.localRank);
    compare(out, "worldSize", worldSize, b.worldSize);
    compare(out, "localWorldSize", localWorldSize, b.localWorldSize);
    compare(out, "groupRank", groupRank, b.groupRank);
    compare(out, "masterAddr", masterAddr, b.masterAddr);
    compare(out, "masterPort", masterPort, b.masterPort);
    compare(out, "useCpu", useCpu, b.useCpu);
    compare(out, "mixedPrecision", mixedPrecision, b.mixedPrecision);
    compare(out, "gradientAccumulationSteps", gradientAccumulationSteps, b.gradientAccumulationSteps);
    compare(out, "ompNumThreads", ompNumThreads, b.ompNumThreads);
    compare(out, "useFsdp", useFsdp, b.useFsdp);
    compare(out, "useDeepSpeed", useDeepSpeed, b.useDeepSpeed);
    compare(out, "runDir", runDir, b.runDir);
    compare(out, "rendezvousTimeout", rendezvousTimeout, b.rendezvousTimeout);
    compare(out, "collectiveTimeout", collectiveTimeout, b.collectiveTimeout);
    const auto& [backend, format, scaling, amaxHistoryLen, amaxAlgo, margin, interval] = fp8;
    compare(out, "fp8.backend", backend, b.fp8.backend);
    compare(out, "fp8.format", format, b.fp8.format);
    compare(out, "fp8.scaling", scaling, b.fp8.scaling);
    compare(out, "fp8.amaxHistoryLen", amaxHistoryLen, b.fp8.amaxHistoryLen);
    compare(out, "fp8.amaxAlgo", amaxAlgo, b.fp8.amaxAlgo);
    compare(out, "fp8.margin", margin, b.fp8.margin);
    compare(out, "fp8.interval", interval, b.fp8.interval);
    const auto& [zeroStage, reshardAfterForward, offloadOptimizer, offloadParams, optimizerNvmePath, paramNvmePath,
                 unitClasses, gradientClipping, activationCheckpointing, diskBlockElements, source, notes] = sharding;
    compare(out, "sharding.zeroStage", zeroStage, b.sharding.zeroStage);
    compare(out, "sharding.reshardAfterForward", reshardAfterForward, b.sharding.reshardAfterForward);
    compare(out, "sharding.offloadOptimizer", offloadOptimizer, b.sharding.offloadOptimizer);
    compare(out, "sharding.offloadParams", offloadParams, b.sharding.offloadParams);
    compare(out, "sharding.optimizerNvmePath", optimizerNvmePath, b.sharding.optimizerNvmePath);
    compare(out, "sharding.paramNvmePath", paramNvmePath, b.sharding.paramNvmePath);
    compare(out, "sharding.unitClasses", unitClasses, b.sharding.unitClasses);
    compare(out, "sharding.gradientClipping", gradientClipping, b.sharding.gradientClipping);
    compare(out, "sharding.activationCheckpointing", activationCheckpointing, b.sharding.activationCheckpointing);
    compare(out, "sharding.diskBlockElements", diskBlockElements, b.sharding.diskBlockElements);
    compare(out, "sharding.source", source, b.sharding.source);
    compare(out, "sharding.notes", notes, b.sharding.notes);
    return out;
}

std::string text(const Env& env) {
    std::string out;
    for (const auto& [name, value] : env) out += "\n  " + name + "=" + value;
    return out;
}

// A state as a worker reads it from `env` (sharding's source and notes come from reading).
ProcessState read(const Env& env) {
    auto s = ProcessState::fromEnvironment(env);
    if (!s.ok()) ADD_FAILURE() << s.status().message() << text(env);
    return s.ok() ? s.value() : ProcessState();
}

ProcessState deepSpeed(int stage) {
    return read({{vars::kUseDeepSpeed, "true"}, {vars::kDeepSpeedZeroStage, std::to_string(stage)}});
}

ProcessState fsdp(Env env = {}) {
    env.emplace(vars::kUseFsdp, "true");
    return read(env);
}

struct Mutation {
    const char* field;
    std::function<void(ProcessState&)> apply;
};

std::vector<Mutation> processMutations() {
    return {
        {"rank",
         [](ProcessState& s) {
             s.worldSize = 4;
             s.rank = 3;
         }},
        {"localRank",
         [](ProcessState& s) {
             s.worldSize = 4;
             s.localWorldSize = 2;
             s.rank = 1;
             s.localRank = 1;
         }},
        {"worldSize", [](ProcessState& s) { s.worldSize = 8; }},
        {"localWorldSize",
         [](ProcessState& s) {
             s.worldSize = 4;
             s.localWorldSize = 2;
         }},
        {"groupRank", [](ProcessState& s) { s.groupRank = 2; }},
        {"masterAddr", [](ProcessState& s) { s.masterAddr = "10.1.2.3"; }},
        {"masterPort", [](ProcessState& s) { s.masterPort = 29555; }},
        {"useCpu", [](ProcessState& s) { s.useCpu = true; }},
        {"mixedPrecision fp16", [](ProcessState& s) { s.mixedPrecision = MixedPrecision::Fp16; }},
        {"mixedPrecision bf16", [](ProcessState& s) { s.mixedPrecision = MixedPrecision::Bf16; }},
        {"mixedPrecision fp8", [](ProcessState& s) { s.mixedPrecision = MixedPrecision::Fp8; }},
        {"gradientAccumulationSteps", [](ProcessState& s) { s.gradientAccumulationSteps = 4; }},
        {"ompNumThreads", [](ProcessState& s) { s.ompNumThreads = 3; }},
        {"useFsdp", [](ProcessState& s) { s = fsdp(); }},
        {"useDeepSpeed", [](ProcessState& s) { s = deepSpeed(2); }},
        {"runDir", [](ProcessState& s) { s.runDir = "/runs/a b"; }},
        {"rendezvousTimeout", [](ProcessState& s) { s.rendezvousTimeout = std::chrono::seconds(30); }},
        {"collectiveTimeout", [](ProcessState& s) { s.collectiveTimeout = std::chrono::seconds(45); }},
    };
}

std::vector<Mutation> fp8Mutations() {
    using F = Fp8Settings;
    return {
        {"fp8.backend TE",
         [](ProcessState& s) {
             s.fp8.backend = "TE";
             s.fp8.scaling = F::Scaling::Delayed;
         }},
        {"fp8.backend AO", [](ProcessState& s) { s.fp8.backend = "AO"; }},
        {"fp8.backend MSAMP", [](ProcessState& s) { s.fp8.backend = "MSAMP"; }},
        {"fp8.format", [](ProcessState& s) { s.fp8.format = F::Format::E4M3; }},
        {"fp8.scaling delayed", [](ProcessState& s) { s.fp8.scaling = F::Scaling::Delayed; }},
        {"fp8.scaling current with TE", [](ProcessState& s) { s.fp8.backend = "TE"; }},
        {"fp8.amaxHistoryLen", [](ProcessState& s) { s.fp8.amaxHistoryLen = 16; }},
        {"fp8.amaxAlgo", [](ProcessState& s) { s.fp8.amaxAlgo = F::AmaxAlgo::MostRecent; }},
        {"fp8.margin", [](ProcessState& s) { s.fp8.margin = 2; }},
        {"fp8.interval", [](ProcessState& s) { s.fp8.interval = 4; }},
    };
}

std::vector<Mutation> shardingMutations() {
    using namespace vars;
    return {
        {"sharding.zeroStage 1", [](ProcessState& s) { s = deepSpeed(1); }},
        {"sharding.zeroStage 3", [](ProcessState& s) { s = deepSpeed(3); }},
        {"sharding.reshardAfterForward",
         [](ProcessState& s) {
             s = fsdp({{kFsdpVersion, "2"}, {kFsdpReshardAfterForward, "false"}});
         }},
        {"sharding.offloadOptimizer",
         [](ProcessState& s) {
             s = deepSpeed(2);
             s.sharding.offloadOptimizer = OffloadDevice::Nvme;
         }},
        {"sharding.offloadParams",
         [](ProcessState& s) {
             s = deepSpeed(3);
             s.sharding.offloadParams = OffloadDevice::Cpu;
         }},
        {"sharding.optimizerNvmePath",
         [](ProcessState& s) {
             s = deepSpeed(2);
             s.sharding.optimizerNvmePath = "/scratch/o";
         }},
        {"sharding.paramNvmePath",
         [](ProcessState& s) {
             s = deepSpeed(3);
             s.sharding.paramNvmePath = "/scratch/p";
         }},
        {"sharding.unitClasses",
         [](ProcessState& s) {
             s = fsdp();
             s.sharding.unitClasses = {"TransformerBlock", "Mlp"};
         }},
        {"sharding.unitClasses NO_WRAP",
         [](ProcessState& s) {
             s = fsdp();
             s.sharding.unitClasses = {"<none>"};
         }},
        {"sharding.gradientClipping",
         [](ProcessState& s) {
             s = deepSpeed(2);
             s.sharding.gradientClipping = 0.3;
         }},
        {"sharding.activationCheckpointing",
         [](ProcessState& s) {
             s = fsdp({{kFsdpActivationCheckpointing, "true"}});
         }},
        {"sharding.diskBlockElements", [](ProcessState& s) { s.sharding.diskBlockElements = 4096; }},
        {"sharding.source SHARD_GRAD_OP",
         [](ProcessState& s) {
             s = fsdp({{kFsdpShardingStrategy, "SHARD_GRAD_OP"}});
         }},
        {"sharding.source NO_SHARD",
         [](ProcessState& s) {
             s = fsdp({{kFsdpShardingStrategy, "NO_SHARD"}});
         }},
        {"sharding.notes",
         [](ProcessState& s) {
             s = fsdp({{kFsdpShardingStrategy, "HYBRID_SHARD_ZERO2"}, {kWorldSize, "2"}, {kLocalWorldSize, "2"}});
         }},
        {"sharding FSDP offload",
         [](ProcessState& s) {
             s = fsdp({{kFsdpOffloadParams, "true"}});
         }},
    };
}

// toEnvironment(), then fromEnvironment(): the same state, every field compared.
void expectRoundTrip(const ProcessState& state) {
    const Env env = state.toEnvironment();
    const auto back = ProcessState::fromEnvironment(env);
    ASSERT_TRUE(back.ok()) << back.status().message() << text(env);
    EXPECT_TRUE(back.value() == state) << "differs in " << differences(back.value(), state)
                                       << "; written:" << text(env);
    EXPECT_EQ(differences(back.value(), state), "");  // what operator== compares, named
}

TEST(WorkerEnvironmentTests, everyFieldRoundTrips) {
    std::vector<Mutation> all = processMutations();
    for (auto list : {fp8Mutations(), shardingMutations()}) all.insert(all.end(), list.begin(), list.end());
    for (const Mutation& m : all) {
        SCOPED_TRACE(m.field);
        ProcessState state;
        m.apply(state);
        EXPECT_FALSE(state == ProcessState()) << "the mutation changes nothing";
        expectRoundTrip(state);
    }
}

TEST(WorkerEnvironmentTests, everythingAtOnceRoundTrips) {
    for (const auto& base : {deepSpeed(3), fsdp({{vars::kFsdpVersion, "2"}})}) {
        SCOPED_TRACE(base.sharding.source);
        ProcessState state = base;
        for (const Mutation& m : processMutations())
            if (std::string(m.field) != "useFsdp" && std::string(m.field) != "useDeepSpeed")
                m.apply(state);  // keep the base's plugin
        for (const Mutation& m : fp8Mutations()) m.apply(state);
        state.sharding.offloadOptimizer = OffloadDevice::Cpu;
        if (state.useFsdp && state.sharding.zeroStage == 3)
            state.sharding.offloadParams = OffloadDevice::Cpu;  // FSDP offloads the parameters with the optimizer
        state.sharding.diskBlockElements = 8192;
        expectRoundTrip(state);
    }
}

TEST(WorkerEnvironmentTests, defaultsWriteOnlyWhatEveryRankCarries) {
    EXPECT_TRUE(Fp8Settings().toEnvironment().empty());
    EXPECT_TRUE(ShardingSettings().toEnvironment().empty());
    using namespace vars;
    const Env expected = {{kRank, "0"},           {kLocalRank, "0"},  {kWorldSize, "1"},
                          {kLocalWorldSize, "1"}, {kGroupRank, "0"},  {kMasterAddr, "127.0.0.1"},
                          {kMasterPort, "29500"}, {kUseCpu, "False"}, {kMixedPrecision, "no"},
                          {kRunDir, ""}};
    EXPECT_EQ(ProcessState().toEnvironment(), expected);
    ProcessState cpu;
    cpu.useCpu = true;
    EXPECT_EQ(cpu.toEnvironment().at(kUseCpu), "True");  // as Accelerate writes it
}

}  // namespace

// Under mpirun (Open MPI, MVAPICH2, MPICH / Intel MPI) a worker takes its place from the MPI
// launcher's variables, torchrun's winning where both are set; the machine rank follows from the
// block placement.
TEST(WorkerEnvironmentTests, mpiLaunchersVariablesGiveThePlace) {
    const ProcessState ompi = read({{"OMPI_COMM_WORLD_RANK", "3"}, {"OMPI_COMM_WORLD_SIZE", "4"},
                                    {"OMPI_COMM_WORLD_LOCAL_RANK", "1"}, {"OMPI_COMM_WORLD_LOCAL_SIZE", "2"}});
    EXPECT_EQ(ompi.rank, 3);
    EXPECT_EQ(ompi.worldSize, 4);
    EXPECT_EQ(ompi.localRank, 1);
    EXPECT_EQ(ompi.localWorldSize, 2);
    EXPECT_EQ(ompi.groupRank, 1);
    const ProcessState mpich = read({{"PMI_RANK", "5"}, {"PMI_SIZE", "8"}, {"MPI_LOCALRANKID", "1"}, {"MPI_LOCALNRANKS", "4"}});
    EXPECT_EQ(mpich.rank, 5);
    EXPECT_EQ(mpich.worldSize, 8);
    EXPECT_EQ(mpich.localRank, 1);
    EXPECT_EQ(mpich.groupRank, 1);
    const ProcessState both = read({{vars::kRank, "0"}, {vars::kWorldSize, "2"}, {"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}});
    EXPECT_EQ(both.rank, 0);
    const auto bad = ProcessState::fromEnvironment({{"OMPI_COMM_WORLD_RANK", "x"}, {"OMPI_COMM_WORLD_SIZE", "2"}});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.status().message().find("OMPI_COMM_WORLD_RANK='x'"), std::string::npos) << bad.status().message();
}
