#include "HardwareReport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include "catapult/MemoryEstimate.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::HardwareReport", text); }

}  // namespace

QString formatByteSize(qint64 bytes) { return QString::fromStdString(formatBytes(bytes)); }

Result<HardwareReport> HardwareReport::fromJson(const QByteArray& document) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(document.trimmed(), &error);
    if (doc.isNull() || !doc.isObject())
        return Status::error(tr("The hardware probe did not print a JSON document: %1").arg(error.errorString()).toStdString());
    HardwareReport r;
    r.json = doc.object();
    const QJsonObject& j = r.json;
    r.hostname = j.value("hostname").toString();
    const QJsonObject os = j.value("os").toObject();
    r.os = QStringLiteral("%1 (%2, %3)").arg(os.value("name").toString(), os.value("kernel").toString(), os.value("arch").toString());
    const QJsonObject cpu = j.value("cpu").toObject();
    r.cpuModel = cpu.value("model").toString();
    r.sockets = cpu.value("sockets").toInt(1);
    r.cores = cpu.value("cores").toInt(1);
    r.threads = cpu.value("threads").toInt(1);
    r.numaNodes = cpu.value("numa_nodes").toInt(1);
    const QJsonObject mem = j.value("memory").toObject();
    r.ramTotalBytes = mem.value("total_bytes").toInteger();
    r.ramAvailableBytes = mem.value("available_bytes").toInteger();
    for (const QJsonValue& v : j.value("gpus").toArray()) {
        const QJsonObject g = v.toObject();
        GpuInfo gpu;
        gpu.index = g.value("index").toInt();
        gpu.name = g.value("name").toString();
        gpu.uuid = g.value("uuid").toString();
        gpu.totalBytes = g.value("total_bytes").toInteger();
        gpu.freeBytes = g.value("free_bytes").toInteger();
        gpu.computeCapability = g.value("compute_capability").toString();
        for (const QJsonValue& p : g.value("peer_access").toArray()) gpu.peerAccess << p.toString();
        gpu.nvlinkActiveLinks = g.value("nvlink_active_links").toInt(-1);
        r.gpus.push_back(gpu);
    }
    const QJsonObject cuda = j.value("cuda").toObject();
    r.builtWithCuda = cuda.value("built_with_cuda").toBool();
    r.cudaError = cuda.value("error").toString();
    r.cudaRuntime = cuda.value("runtime_version").toString();
    r.cudaDriver = cuda.value("driver_version").toString();
    r.ncclVersion = j.value("nccl_version").toString();
    r.libtorchVersion = j.value("libtorch_version").toString();
    for (const QJsonValue& v : j.value("infiniband").toArray()) {
        const QJsonObject dev = v.toObject();
        for (const QJsonValue& p : dev.value("ports").toArray()) {
            const QJsonObject port = p.toObject();
            r.infiniband << QStringLiteral("%1 port %2: %3, %4")
                                .arg(dev.value("name").toString(), port.value("port").toString(),
                                     port.value("state").toString(), port.value("rate").toString());
        }
    }
    const QJsonObject disk = j.value("disk").toObject();
    r.diskPath = disk.value("path").toString();
    r.diskFreeBytes = disk.value("free_bytes").toInteger();
    if (r.threads < 1 || r.ramTotalBytes <= 0)
        return Status::error(tr("The hardware probe's document lacks the CPU or memory section.").toStdString());
    return r;
}

Result<HardwareReport> HardwareReport::probe(const QString& worker, const QString& diskPath, int timeoutMs) {
    QProcess process;
    QStringList args{QStringLiteral("probe")};
    if (!diskPath.isEmpty()) args << QStringLiteral("--disk_path") << diskPath;
    process.start(worker, args);
    if (!process.waitForStarted(10000))
        return Status::error(tr("Cannot start the hardware probe '%1': %2").arg(worker, process.errorString()).toStdString());
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return Status::error(tr("The hardware probe '%1' did not finish within %2 s.").arg(worker).arg(timeoutMs / 1000).toStdString());
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Status::error(tr("The hardware probe failed (exit code %1): %2")
                                 .arg(process.exitCode())
                                 .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed())
                                 .toStdString());
    return fromJson(process.readAllStandardOutput());
}

HardwareFacts HardwareReport::toFacts() const {
    HardwareFacts f;
    f.known = true;
    f.cpuCores = cores;
    f.ramBytes = ramTotalBytes;
    for (const GpuInfo& g : gpus) {
        f.gpuNames.push_back(g.name.toStdString());
        const QStringList cc = g.computeCapability.split('.');
        f.computeCapabilities.push_back(cc.value(0).toInt() * 10 + cc.value(1).toInt());
        f.gpuMemoryBytes.push_back(g.totalBytes);
    }
    return f;
}

QString HardwareReport::gpuNote() const {
    if (!gpus.isEmpty() || !json.contains(QLatin1String("cuda"))) return {};  // described machines say nothing
    if (!builtWithCuda) return tr("No GPU support in this build (LibTorch CPU libraries only).");
    if (cudaDriver.isEmpty()) return tr("No NVIDIA GPU found: no NVIDIA driver is installed.");
    if (!cudaError.isEmpty()) return tr("No usable NVIDIA GPU: %1.").arg(cudaError);
    return tr("No NVIDIA GPU found.");
}

QStringList HardwareReport::summaryLines() const {
    QStringList lines;
    lines << tr("Machine: %1, %2").arg(hostname, os);
    lines << tr("CPU: %1, %2 socket(s), %3 cores, %4 threads, %5 NUMA node(s)")
                 .arg(cpuModel).arg(sockets).arg(cores).arg(threads).arg(numaNodes);
    lines << tr("Memory: %1 total, %2 available").arg(formatByteSize(ramTotalBytes), formatByteSize(ramAvailableBytes));
    if (gpus.isEmpty()) {
        lines << tr("GPUs: none. %1 Training runs on the CPU.").arg(gpuNote());
    } else {
        for (const GpuInfo& g : gpus) {
            QString line = tr("GPU %1: %2, %3 (%4 free), compute capability %5")
                               .arg(g.index)
                               .arg(g.name, formatByteSize(g.totalBytes), formatByteSize(g.freeBytes), g.computeCapability);
            if (!g.peerAccess.isEmpty()) line += tr(", peer access to %1").arg(g.peerAccess.join(QStringLiteral(", ")));
            if (g.nvlinkActiveLinks >= 0) line += tr(", %1 NVLink link(s) active").arg(g.nvlinkActiveLinks);
            lines << line;
        }
    }
    lines << tr("CUDA runtime: %1, driver: %2, NCCL: %3")
                 .arg(cudaRuntime.isEmpty() ? tr("none") : cudaRuntime, cudaDriver.isEmpty() ? tr("none") : cudaDriver,
                      ncclVersion.isEmpty() ? tr("none") : ncclVersion);
    lines << tr("InfiniBand: %1").arg(infiniband.isEmpty() ? tr("none") : infiniband.join(QStringLiteral("; ")));
    lines << tr("Free disk at %1: %2").arg(diskPath, formatByteSize(diskFreeBytes));
    lines << tr("LibTorch: %1").arg(libtorchVersion);
    return lines;
}

}  // namespace catapult
