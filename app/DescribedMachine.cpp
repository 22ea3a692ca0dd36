#include "DescribedMachine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace catapult {

const QVector<GpuModel>& DescribedMachine::knownGpus() {
    static const QVector<GpuModel> models = {
        {QStringLiteral("NVIDIA H200"), QStringLiteral("9.0"), 141},
        {QStringLiteral("NVIDIA H100 80GB HBM3"), QStringLiteral("9.0"), 80},
        {QStringLiteral("NVIDIA A100-SXM4-80GB"), QStringLiteral("8.0"), 80},
        {QStringLiteral("NVIDIA A100-SXM4-40GB"), QStringLiteral("8.0"), 40},
        {QStringLiteral("NVIDIA L40S"), QStringLiteral("8.9"), 48},
        {QStringLiteral("NVIDIA GeForce RTX 4090"), QStringLiteral("8.9"), 24},
        {QStringLiteral("NVIDIA GeForce RTX 3090"), QStringLiteral("8.6"), 24},
        {QStringLiteral("Tesla V100-SXM2-32GB"), QStringLiteral("7.0"), 32},
        {QStringLiteral("Tesla T4"), QStringLiteral("7.5"), 16},
    };
    return models;
}

HardwareReport DescribedMachine::toReport() const {
    const auto gib = [](double g) { return static_cast<qint64>(g * 1024 * 1024 * 1024); };
    QJsonArray gpus;
    for (int i = 0; i < gpusPerMachine; ++i)
        gpus.append(QJsonObject{{"index", i}, {"name", gpuName}, {"uuid", QStringLiteral("described-%1").arg(i)},
                                {"total_bytes", gib(gpuMemoryGib)}, {"free_bytes", gib(gpuMemoryGib)},
                                {"compute_capability", computeCapability}});
    const QJsonObject doc{
        {"hostname", QStringLiteral("described")},
        {"os", QJsonObject{{"name", QStringLiteral("Linux")}, {"kernel", QString()}, {"arch", QStringLiteral("x86_64")}}},
        {"cpu", QJsonObject{{"model", QStringLiteral("described")}, {"sockets", 1}, {"cores", cores}, {"threads", cores}, {"numa_nodes", 1}}},
        {"memory", QJsonObject{{"total_bytes", gib(ramGib)}, {"available_bytes", gib(ramGib)}}},
        {"gpus", gpus}};
    return HardwareReport::fromJson(QJsonDocument(doc).toJson()).value();
}

}  // namespace catapult
