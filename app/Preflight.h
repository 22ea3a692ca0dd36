#pragma once
// Pre-flight of a multi-machine launch: for every host, connect (host key, login), check the
// working directory and the programs the job needs, run `catapult-worker probe` there, check
// GPUs and disk, then across hosts check that versions agree and that the main process port
// can be bound on host 0 and reached from every other host. Nothing is started if a check
// fails; each failure names the host and the reason.
//
// runPreflight blocks (seconds per host): run it off the GUI thread. The sessions it opened
// stay connected in the result, for the launch.

#include <QStringList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "HardwareReport.h"
#include "LaunchSettings.h"
#include "SshSession.h"

namespace catapult {

struct PreflightCheck {
    QString name;    // "connect", "directory", "programs", "probe", "gpus", "disk", "versions", "port"
    bool ok = true;
    QString detail;  // what was found, or why it failed
};

struct HostPreflight {
    HostSpec host;
    QString label;
    std::optional<HardwareReport> hardware;
    QString catapultVersion;
    std::vector<PreflightCheck> checks;
    bool ok() const;
    QStringList problems() const;  // "host-b: port: cannot reach ..."
};

struct PreflightResult {
    std::vector<HostPreflight> hosts;
    std::vector<std::unique_ptr<SshSession>> sessions;  // per host; null where connecting failed
    bool ok() const;
    QStringList problems() const;
    // A readable table, one block per host (what the CLI prints).
    QStringList report() const;
};

PreflightResult runPreflight(const LaunchSettings& settings, const SshOptions& options,
                             const std::function<void(const QString&)>& progress = {});

}  // namespace catapult
