#include "MachinesTarget.h"

#include <QCoreApplication>

#include <algorithm>

namespace catapult {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::MachinesTarget", text); }

int capability(const GpuInfo& g) {
    const QStringList cc = g.computeCapability.split('.');
    return cc.value(0).toInt() * 10 + cc.value(1).toInt();
}

// Each GPU of `into` no bigger (memory, compute capability) than the smallest of `other`.
void shrinkGpus(QVector<GpuInfo>& into, const QVector<GpuInfo>& other) {
    for (const GpuInfo& o : other)
        for (GpuInfo& g : into) {
            if (o.totalBytes < g.totalBytes) g.totalBytes = g.freeBytes = o.totalBytes;
            if (capability(o) < capability(g)) g.computeCapability = o.computeCapability;
        }
}

QString shape(const HardwareReport& r) {
    const QString gpu = r.gpus.isEmpty() ? tr("no GPU") : QStringLiteral("%1 x %2").arg(r.gpus.size()).arg(r.gpus.front().name);
    return tr("%1, %2 cores, %3 RAM").arg(gpu).arg(r.cores).arg(formatByteSize(r.ramTotalBytes));
}

}  // namespace

Result<MachinesTarget> machinesTarget(const std::vector<HostPreflight>& checked) {
    QStringList missing;
    for (const HostPreflight& h : checked)
        if (!h.hardware) missing << tr("%1 (%2)").arg(h.host.name, h.problems().join(QStringLiteral("; ")));
    if (checked.empty()) return Status::error(tr("The Machines tab lists no machine.").toStdString());
    if (!missing.isEmpty())
        return Status::error(tr("These machines could not be probed: %1").arg(missing.join(QStringLiteral(", "))).toStdString());
    const auto fewest = std::min_element(checked.begin(), checked.end(), [](const HostPreflight& a, const HostPreflight& b) {
        return a.hardware->gpus.size() < b.hardware->gpus.size();
    });
    MachinesTarget t;
    t.perMachine = *fewest->hardware;
    t.machines = static_cast<int>(checked.size());
    t.mainAddress = checked.front().host.reachableAddress();
    QStringList names;
    for (const HostPreflight& h : checked) {
        const HardwareReport& r = *h.hardware;
        names << h.host.name;
        shrinkGpus(t.perMachine.gpus, r.gpus);
        t.perMachine.cores = std::min(t.perMachine.cores, r.cores);
        t.perMachine.ramTotalBytes = std::min(t.perMachine.ramTotalBytes, r.ramTotalBytes);
        t.perMachine.ramAvailableBytes = std::min(t.perMachine.ramAvailableBytes, r.ramAvailableBytes);
        if (shape(r) != shape(*checked.front().hardware))
            t.notes << tr("The machines differ (%1: %2; %3: %4); the config is for what each has at least.")
                           .arg(checked.front().host.name, shape(*checked.front().hardware), h.host.name, shape(r));
    }
    t.perMachine.hostname = names.join(QStringLiteral(", "));
    return t;
}

}  // namespace catapult
