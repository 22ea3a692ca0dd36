#pragma once
// What `catapult launch` was asked to do, after merging the command line with the config
// file the way `accelerate launch` does (explicit flags beat the config file, which beats the
// built-in defaults). parseLaunchArguments() and resolveLaunchSettings() are pure.

#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "HangPolicy.h"
#include "HostSpec.h"
#include "ShardingEnvironment.h"
#include "SlurmScript.h"
#include "catapult/MixedPrecision.h"
#include "catapult/Status.h"

namespace catapult {

// --slurm and the allocation it asks for (SlurmScript.h).
struct SlurmRequest {
    bool submit = false;       // --slurm: sbatch the job and follow it
    std::optional<int> nodes;  // --nodes (default: the config's num_machines, else 1)
    QString partition, time, account, jobName;
};

struct LaunchArguments {
    std::optional<QString> configFile;
    std::optional<int> numProcesses;
    std::optional<int> mainProcessPort;
    std::optional<QString> mainProcessIp;
    std::optional<int> gradientAccumulationSteps;
    std::optional<MixedPrecision> mixedPrecision;
    std::optional<int> numCpuThreadsPerProcess;
    std::optional<QString> gpuIds;
    bool cpu = false;
    bool noPython = false;
    bool module = false;
    std::optional<QString> runDir;
    std::optional<QString> hostsFile;       // several machines over SSH (see HostFile.h)
    std::optional<QString> mpirunHostfile;  // a CPU job started by mpirun on the machines of this hostfile
    SlurmRequest slurm;
    std::vector<HostSpec> hostList;         // or the machines given directly (the desktop app's list)
    bool acceptNewHostKeys = false;         // record unknown host keys (OpenSSH accept-new)
    std::optional<QString> knownHostsFile;  // default ~/.ssh/known_hosts
    std::optional<int> hostTimeoutS;        // a host silent this long is lost
    std::optional<QString> resume;  // --resume RUN_OR_DIR (a run id is turned into its directory by the caller)
    ShardingFlags sharding;  // --use_deepspeed --zero_stage ..., --use_fsdp --fsdp_* ...
    // One machine's share of a job launched on every machine (accelerate launch --num_machines
    // N --machine_rank R --main_process_ip ADDR on each), when no hostfile lists the machines.
    std::optional<int> numMachines;
    std::optional<int> machineRank;
    bool multiGpu = false;
    bool quiet = false;          // -q: only the job's own output and the outcome
    bool cpuAffinity = false;    // --enable_cpu_affinity: each rank pinned to its own cores
    std::optional<QString> logDir;  // --log_dir: every rank's output also in DIR/<rank>/stdout.log
    std::optional<QString> tee;     // -t/--tee: the streams shown on the console (always both here)
    std::optional<int> maxRestarts;  // a failed job starts again, from its newest checkpoint, up to N times
    bool noInstrument = false;       // --no_instrument: Python ranks without Catapult's reporting
    std::optional<int> hangTimeoutS;  // --hang_timeout_s
    std::optional<HangPolicy> hangPolicy;
    // Variables for every rank: --env K=V and flags Accelerate hands over as variables
    // (--debug, --dynamo_*, --fp8_*, --downcast_bf16).
    QMap<QString, QString> environment;
    QStringList notes;  // flags that mean nothing for this launch, said once when it starts
    std::optional<QString> model;  // --model DIR: the built-in recipe fine-tunes this Hugging Face model
    std::optional<QString> text;   // --text FILE: what the built-in recipe trains on
    std::optional<QString> dataset;  // --dataset PATH: with --model, a dataset instead of text
    QStringList program;  // empty: the built-in recipe
};

Result<LaunchArguments> parseLaunchArguments(const QStringList& args);
QString launchUsage();

struct LaunchSettings {
    QString configFile;  // empty: none in effect
    int numProcesses = 1;
    int port = 29500;    // 0: pick a free one
    bool portGiven = false;  // by --main_process_port or the config (else a job on this machine alone takes a free port)
    QString masterAddr = QStringLiteral("127.0.0.1");
    bool useCpu = false;
    MixedPrecision mixedPrecision = MixedPrecision::No;
    std::optional<int> gradientAccumulationSteps;
    int threadsPerProcess = 1;
    std::optional<QString> gpuIds;  // unset or "all": no device mask
    QString runDir;
    QStringList program;  // full argv of each rank (rank-independent)
    bool builtinRecipe = false;  // program is catapult-worker train: on a host, that host's worker
    // --resume: the run or checkpoint directory to continue from. The built-in recipe gets
    // `--resume DIR`; every rank gets CATAPULT_RESUME_FROM=DIR (for users' own programs).
    QString resumeFrom;
    // Variables the config adds to every rank's environment (fp8_config as ACCELERATE_FP8_*,
    // deepspeed_config / fsdp_config as ACCELERATE_DEEPSPEED_* / FSDP_*).
    QMap<QString, QString> configEnvironment;
    bool threadsExplicit = false;
    int numMachines = 1;   // with machineRank: this machine runs ranks machineRank * local ...
    int machineRank = 0;
    bool quiet = false;
    bool cpuAffinity = false;
    QString logDir;        // empty: no per-rank log files (else DIR/<rank>/stdout.log, output and errors)
    int maxRestarts = 0;   // --max_restarts (this machine's jobs)
    int restartCount = 0;  // which attempt this is (TORCHELASTIC_RESTART_COUNT)
    QString pythonPackageDir;  // empty: Python ranks are not instrumented (--no_instrument)
    std::optional<int> hangTimeoutS;  // unset: from the run's own median step time
    HangPolicy hangPolicy = HangPolicy::Wait;
    QStringList notes;

    // Several machines: ranks 0..slots(0)-1 on hosts[0], and so on. Empty: this machine only.
    std::vector<HostSpec> hosts;
    // Or mpirun starts the ranks (Open MPI or MPICH) on the machines of this hostfile, the same
    // number on each (MpiExecutor.h).
    QString mpirunHostfile;
    int mpirunMachines = 0;
    // Or a Slurm job (sbatch) on this many nodes, its run directory runDir (SlurmExecutor.h);
    // the job's own launch flags are the request's command line (slurmNodeArguments()).
    std::optional<SlurmJobSpec> slurm;
    std::vector<int> hostCores;  // physical cores per host once probed (threads per rank)
    bool acceptNewHostKeys = false;
    QString knownHostsFile;
    int hostTimeoutS = 20;
};

struct LaunchEnvironmentFacts {
    int physicalCores = 1;
    int visibleGpus = 0;
    QString defaultConfigPath;  // Accelerate's default config location
    QString workerPath;         // catapult-worker next to catapult
    QString pythonPackageDir;   // the directory holding Catapult's Python package (empty: not found)
    QString defaultRunDir;
    std::optional<int> parentOmpThreads;
    QString python = QStringLiteral("python3");
    QString sshConfigPath;  // ssh_config that host names resolve through; empty: none
};

// Merges arguments, the config file (if any) and the facts. Errors name the setting.
Result<LaunchSettings> resolveLaunchSettings(const LaunchArguments& args, const LaunchEnvironmentFacts& facts);

}  // namespace catapult
