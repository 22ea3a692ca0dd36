#include "EstimateMemoryCommand.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <cstdio>
#include <functional>
#include <map>

#include "CommandOutput.h"
#include "HardwareReport.h"
#include "LaunchFacts.h"
#include "MemoryReport.h"
#include "catapult/ConfigReader.h"

namespace catapult {
namespace {

using cli::out;
using cli::tr;
int fail(const QString& text) { return cli::fail(text, 2); }

}  // namespace

int runEstimateMemoryCommand(const QStringList& args) {
    GptConfig model;
    int64_t batch = 16;
    SetupChoices c;
    c.strategy = SetupChoices::Strategy::None;
    QString configFile;
    std::optional<int> processes, machines, zeroStage;
    std::optional<QString> precision, offloadOptimizer, offloadParams;
    bool cpu = false, checkpointing = false, probe = true, json = false;
    std::optional<double> gpuGib, hostGib;
    const auto integer = [](const QString& v, auto& target, long long min, long long max) {
        bool ok = false;
        const long long n = v.toLongLong(&ok);
        if (!ok || n < min || n > max) return false;
        target = static_cast<std::decay_t<decltype(target)>>(n);
        return true;
    };
    const std::map<QString, std::function<bool(const QString&)>> valued = {
        {"--config_file", [&](const QString& v) { configFile = v; return true; }},
        {"--layers", [&](const QString& v) { return integer(v, model.layers, 1, 100000); }},
        {"--width", [&](const QString& v) { return integer(v, model.width, 1, 1 << 20); }},
        {"--heads", [&](const QString& v) { return integer(v, model.heads, 1, 1 << 14); }},
        {"--seq_len", [&](const QString& v) { return integer(v, model.seqLen, 1, 1 << 24); }},
        {"--vocab", [&](const QString& v) { return integer(v, model.vocabSize, 1, 1 << 24); }},
        {"--batch_size", [&](const QString& v) { return integer(v, batch, 1, 1 << 20); }},
        {"--num_processes", [&](const QString& v) { int n = 0; return integer(v, n, 1, 1 << 20) && (processes = n, true); }},
        {"--num_machines", [&](const QString& v) { int n = 0; return integer(v, n, 1, 1 << 16) && (machines = n, true); }},
        {"--zero_stage", [&](const QString& v) { int n = 0; return integer(v, n, 0, 3) && (zeroStage = n, true); }},
        {"--mixed_precision", [&](const QString& v) { precision = v.toLower(); return QStringList{"no", "bf16", "fp16", "fp8"}.contains(*precision); }},
        {"--offload_optimizer_device", [&](const QString& v) { offloadOptimizer = v; return QStringList{"none", "cpu", "nvme"}.contains(v); }},
        {"--offload_param_device", [&](const QString& v) { offloadParams = v; return QStringList{"none", "cpu", "nvme"}.contains(v); }},
        {"--gpu_memory", [&](const QString& v) { bool ok = false; gpuGib = v.toDouble(&ok); return ok && *gpuGib > 0; }},
        {"--host_memory", [&](const QString& v) { bool ok = false; hostGib = v.toDouble(&ok); return ok && *hostGib > 0; }},
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString flag = args[i].section('=', 0, 0).replace('-', '_').replace(QStringLiteral("__"), QStringLiteral("--"));
        if (flag == QLatin1String("--cpu")) { cpu = true; continue; }
        if (flag == QLatin1String("--activation_checkpointing")) { checkpointing = true; continue; }
        if (flag == QLatin1String("--no_probe")) { probe = false; continue; }
        if (flag == QLatin1String("--json")) { json = true; continue; }
        auto it = valued.find(flag);
        if (it == valued.end()) return fail(tr("catapult estimate-memory: unknown option '%1'.").arg(args[i]));
        const QString value = args[i].contains('=') ? args[i].section('=', 1) : args.value(++i);
        if (!it->second(value)) return fail(tr("catapult estimate-memory: invalid value '%1' for %2.").arg(value, flag));
    }
    if (!configFile.isEmpty()) {
        auto loaded = readConfigFile(configFile.toStdString());
        if (!loaded.ok()) return fail(QString::fromStdString(loaded.status().message()));
        c = choicesFromConfig(loaded.value().config);
    }
    if (Status s = model.validate(); !s.ok()) return fail(QString::fromStdString(s.message()));

    HardwareFacts facts;
    if (probe) {
        if (auto report = HardwareReport::probe(workerPath(), QDir::currentPath(), 60000); report.ok()) facts = report.value().toFacts();
        else out(tr("catapult: this machine could not be probed (%1); pass --gpu_memory / --host_memory for a verdict.")
                     .arg(QString::fromStdString(report.status().message())));
    }
    if (hostGib) facts.ramBytes = static_cast<int64_t>(*hostGib * (1LL << 30));
    if (gpuGib) {
        facts.known = true;
        if (facts.gpuMemoryBytes.empty()) facts.gpuNames = {"GPU"};
        facts.gpuMemoryBytes.assign(facts.gpuNames.size(), static_cast<int64_t>(*gpuGib * (1LL << 30)));
    }
    if (cpu) c.useCpu = true;
    else if (configFile.isEmpty()) c.useCpu = facts.gpuCount() == 0;
    if (machines) c.numMachines = *machines;
    if (processes) c.processesPerMachine = std::max(1, *processes / std::max(1, c.numMachines));
    if (precision) c.mixedPrecision = *precision;
    if (checkpointing) c.activationCheckpointing = true;
    if (offloadOptimizer) c.offloadOptimizer = *offloadOptimizer;
    if (offloadParams) c.offloadParams = *offloadParams;
    if (zeroStage) {
        c.strategy = *zeroStage == 0 ? SetupChoices::Strategy::DataParallel
                     : *zeroStage == 1 ? SetupChoices::Strategy::Zero1
                     : *zeroStage == 2 ? SetupChoices::Strategy::Zero2
                                       : SetupChoices::Strategy::Zero3;
    } else if (configFile.isEmpty() && c.totalProcesses() > 1) {
        c.strategy = SetupChoices::Strategy::DataParallel;
    }

    const MemoryReport r = buildMemoryReport(c, model, batch, facts);
    if (json) {  // one line for scripts (bench/run zero compares it with measured memory)
        const MemoryEstimate& e = r.estimate;
        QJsonObject o{{"parameters", static_cast<qint64>(r.input.parameters)},
                      {"parameter_bytes", static_cast<qint64>(e.parameterBytes)},
                      {"gradient_bytes", static_cast<qint64>(e.gradientBytes)},
                      {"optimizer_bytes", static_cast<qint64>(e.optimizerBytes)},
                      {"activation_bytes", static_cast<qint64>(e.activationBytes)},
                      {"buffer_bytes", static_cast<qint64>(e.bufferBytes)},
                      {"host_bytes", static_cast<qint64>(e.hostBytes)},
                      {"disk_bytes", static_cast<qint64>(e.diskBytes)},
                      {"device_total_bytes", static_cast<qint64>(e.deviceTotal())},
                      {"on_gpu", r.input.onGpu},
                      {"fits", r.fits}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
        return 0;
    }
    out(tr("Model: built-in GPT, %1 layers, width %2, %3 heads, sequence %4, vocabulary %5: %6 parameters; micro-batch %7 per process")
            .arg(model.layers).arg(model.width).arg(model.heads).arg(model.seqLen).arg(model.vocabSize)
            .arg(QLocale().toString(static_cast<qlonglong>(r.input.parameters))).arg(batch));
    out(tr("Setup: %1 process(es) on %2 machine(s), %3, ZeRO stage %4, mixed precision %5, offload optimizer %6 / parameters %7, "
           "activation checkpointing %8")
            .arg(r.input.worldSize).arg(c.numMachines).arg(r.input.onGpu ? tr("GPU") : tr("CPU")).arg(r.input.zeroStage)
            .arg(c.mixedPrecision, c.offloadOptimizer, c.offloadParams, c.activationCheckpointing ? tr("on") : tr("off")));
    out(QString());
    out(QStringLiteral("%1  %2").arg(tr("Part"), -44).arg(r.deviceColumn));
    for (const MemoryReport::Row& row : r.rows)
        out(QStringLiteral("%1  %2").arg(row.part, -44).arg(QString::fromStdString(formatBytes(row.bytes))));
    out(QString());
    out(r.verdict);
    return 0;
}

}  // namespace catapult
