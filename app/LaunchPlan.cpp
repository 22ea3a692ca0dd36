#include "LaunchPlan.h"

namespace catapult {

LaunchPlan buildLaunchPlan(const LaunchSettings& s, const QProcessEnvironment& base) {
    LaunchPlan plan;
    plan.configFile = s.configFile;
    plan.runDir = s.runDir;
    plan.port = s.port;
    const QString world = QString::number(s.numProcesses);
    for (int rank = 0; rank < s.numProcesses; ++rank) {
        QProcessEnvironment env = base;
        // Common to Accelerate's launchers (§3.4.1).
        env.insert("ACCELERATE_MIXED_PRECISION", s.mixedPrecision);
        env.insert("ACCELERATE_DYNAMO_BACKEND", "NO");
        env.insert("ACCELERATE_DYNAMO_MODE", "default");
        env.insert("ACCELERATE_DYNAMO_USE_FULLGRAPH", "False");
        env.insert("ACCELERATE_DYNAMO_USE_DYNAMIC", "False");
        env.insert("ACCELERATE_DYNAMO_USE_REGIONAL_COMPILATION", "False");
        env.insert("OMP_NUM_THREADS", QString::number(s.threadsPerProcess));
        if (s.useCpu) env.insert("ACCELERATE_USE_CPU", "True");
        else env.insert("ACCELERATE_USE_CPU", "False");
        if (s.gpuIds && *s.gpuIds != QLatin1String("all")) env.insert("CUDA_VISIBLE_DEVICES", *s.gpuIds);
        if (s.gradientAccumulationSteps)
            env.insert("ACCELERATE_GRADIENT_ACCUMULATION_STEPS", QString::number(*s.gradientAccumulationSteps));
        // What torchrun's agent gives each worker (§3.5.3), single machine.
        env.insert("RANK", QString::number(rank));
        env.insert("LOCAL_RANK", QString::number(rank));
        env.insert("WORLD_SIZE", world);
        env.insert("LOCAL_WORLD_SIZE", world);
        env.insert("GROUP_RANK", "0");
        env.insert("GROUP_WORLD_SIZE", "1");
        env.insert("ROLE_RANK", QString::number(rank));
        env.insert("ROLE_NAME", "default");
        env.insert("ROLE_WORLD_SIZE", world);
        env.insert("MASTER_ADDR", s.masterAddr);
        env.insert("MASTER_PORT", QString::number(s.port));
        env.insert("TORCHELASTIC_RESTART_COUNT", "0");
        env.insert("TORCHELASTIC_MAX_RESTARTS", "0");
        env.insert("TORCHELASTIC_RUN_ID", "none");
        env.insert("TORCHELASTIC_USE_AGENT_STORE", "False");
        env.insert("TORCH_NCCL_ASYNC_ERROR_HANDLING", "1");
        // Python workers stream their logs live, as under torchrun's `python -u`.
        env.insert("PYTHONUNBUFFERED", "1");
        env.insert("CATAPULT_RUN_DIR", s.runDir);
        plan.ranks.push_back(RankLaunch{rank, s.program, env});
    }
    return plan;
}

}  // namespace catapult
