#pragma once
// The machines of the Machines tab as the target of a config: what each machine has at least
// (the fewest GPUs, the smallest GPU memory and compute capability, the fewest cores, the
// least RAM), so that whatever the wizard offers runs on every one of them. Made from the
// Machines tab's last check (each host probed over SSH). Pure; no widgets.

#include <QString>
#include <QStringList>
#include <vector>

#include "HardwareReport.h"
#include "Preflight.h"
#include "catapult/Status.h"

namespace catapult {

struct MachinesTarget {
    HardwareReport perMachine;  // hostname: the machines' names
    int machines = 0;
    QString mainAddress;        // machine 0 as the others reach it
    QStringList notes;          // where the machines differ (translated)
};

// An error names each machine that was not probed (all must be, or the target is a guess).
Result<MachinesTarget> machinesTarget(const std::vector<HostPreflight>& checked);

}  // namespace catapult
