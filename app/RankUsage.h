#pragma once
// What one rank's processes use, sampled by the launcher from outside (any program): its
// process group's memory and CPU from /proc (locally) or from the remote wrapper (over SSH),
// and its GPU memory from NVML where a driver is present.

#include <QtGlobal>

namespace catapult {

struct RankUsage {
    int processes = 0;        // in the rank's process group (0: the rank is gone)
    qint64 rssBytes = 0;      // resident memory of all of them
    qint64 pssBytes = -1;     // proportional set size (shared pages split), -1 where not readable
    double cpuSeconds = 0;    // user + system time so far, of the group (and its reaped children)
    double cpuPercent = -1;   // of one core, since the rank's previous sample; -1 for the first
    qint64 gpuBytes = -1;     // GPU memory its processes hold, all devices; -1 without NVML
    double gpuUtilPercent = -1;  // the busiest device it uses; -1 without NVML
};

}  // namespace catapult
