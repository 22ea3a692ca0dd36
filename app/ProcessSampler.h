#pragma once
// Samples a rank from outside: every process of its process group (the rank and whatever it
// started: data loader workers, compilers, shells) read from /proc, plus NVML's per-process GPU
// memory when libnvidia-ml is loadable. No LibTorch, no help from the program.
//
// Thread safety: one sampler per thread.

#include <QtGlobal>
#include <vector>

#include "RankUsage.h"

namespace catapult {

class NvmlLibrary;

class ProcessSampler {
public:
    ProcessSampler();
    // The usage of each process group (0: a rank not running gives an empty RankUsage); CPU as
    // seconds so far (JobExecutor turns them into percentages).
    std::vector<RankUsage> sample(const std::vector<qint64>& processGroups);

private:
    NvmlLibrary* m_nvml;
};

}  // namespace catapult
