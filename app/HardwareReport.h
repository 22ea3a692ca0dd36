#pragma once
// The parsed `catapult-worker probe` document (schema in README, "Hardware probe"), and a
// way to run the probe. The desktop app, `catapult env` and `catapult config --default` use it.

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include "catapult/HardwareFacts.h"
#include "catapult/Status.h"

namespace catapult {

struct GpuInfo {
    int index = 0;
    QString name;
    QString uuid;
    qint64 totalBytes = 0;
    qint64 freeBytes = 0;
    QString computeCapability;  // "9.0"
    QStringList peerAccess;     // indices this GPU can access directly
    int nvlinkActiveLinks = -1;  // -1: not readable
};

struct HardwareReport {
    QJsonObject json;  // the document as the probe printed it
    QString hostname;
    QString os;
    QString cpuModel;
    int sockets = 1, cores = 1, threads = 1, numaNodes = 1;
    qint64 ramTotalBytes = 0, ramAvailableBytes = 0;
    QVector<GpuInfo> gpus;
    bool builtWithCuda = false;
    QString cudaError;  // why CUDA found no usable GPU, as CUDA says it
    QString cudaRuntime, cudaDriver, ncclVersion, libtorchVersion;
    QStringList infiniband;  // "mlx5_0 port 1: ACTIVE, 200 Gb/sec"
    QString diskPath;
    qint64 diskFreeBytes = 0;

    static Result<HardwareReport> fromJson(const QByteArray& document);
    // Runs `worker probe --disk_path diskPath` and parses its output (waits up to timeoutMs).
    static Result<HardwareReport> probe(const QString& worker, const QString& diskPath, int timeoutMs = 60000);

    HardwareFacts toFacts() const;
    // Readable lines ("CPU: AMD EPYC, 1 socket, 2 cores, 2 threads, 1 NUMA node", ...), translated.
    QStringList summaryLines() const;
    // Why there are no GPUs (empty when there are), translated.
    QString gpuNote() const;
};

QString formatByteSize(qint64 bytes);

}  // namespace catapult
