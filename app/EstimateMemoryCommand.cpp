#include "EstimateMemoryCommand.h"

#include "catapult/HfModelConfig.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <cstdio>
#include <optional>
#include <array>

#include "CommandFlags.h"
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

std::vector<CommandFlag> estimateFlags() {
    return {{"config_file", "F", tr("the setup of an Accelerate config (flags override it)")},
            {"model", "DIR", tr("a Hugging Face model directory: its config.json gives the model's shape")},
            {"lora_rank", "R", tr("with --model: LoRA adapters of this rank train, the base is frozen")},
            {"lora_target_modules", "T", tr("with --lora_rank: the projections (default: PEFT's for the architecture; all-linear)")},
            {"layers", "L", tr("model: decoder layers")},
            {"width", "W", tr("model: width")},
            {"heads", "H", tr("model: attention heads")},
            {"seq_len", "T", tr("model: sequence length")},
            {"vocab", "V", tr("model: vocabulary size")},
            {"batch_size", "B", tr("micro-batch per process")},
            {"num_processes", "N", tr("processes in all")},
            {"num_machines", "M", tr("machines")},
            {"cpu", {}, tr("train on the CPU")},
            {"mixed_precision", "no|fp16|bf16|fp8", tr("mixed precision")},
            {"zero_stage", "0-3", tr("ZeRO stage (0: plain data parallel)")},
            {"offload_optimizer_device", "none|cpu|nvme", tr("where the optimizer state lives")},
            {"offload_param_device", "none|cpu|nvme", tr("where the parameters live (ZeRO-3)")},
            {"activation_checkpointing", {}, tr("recompute activations in backward")},
            {"gpu_memory", "GIB", tr("judge against GPUs of this memory")},
            {"host_memory", "GIB", tr("judge against this much RAM")},
            {"no_probe", {}, tr("do not probe this machine")},
            {"json", {}, tr("one JSON line for scripts")}};
}

// What the flags ask for; `problem` names a bad value.
struct EstimateRequest {
    GptConfig model;
    std::optional<HfModelConfig> hfModel;  // --model DIR
    QString modelDir;
    std::optional<ParameterCounts> counts;  // --model DIR: its parameters (with LoRA, trained and frozen)
    int64_t batch = 16;
    QString configFile;
    std::optional<int> processes, machines, zeroStage;
    std::optional<MixedPrecision> precision;
    std::optional<OffloadDevice> offloadOptimizer, offloadParams;
    bool cpu = false, checkpointing = false, probe = true, json = false;
    std::optional<double> gpuGib, hostGib;
    QString problem;
};

// An integer flag within [min, max] into `target`; a bad value becomes the request's problem.
template <typename T>
void integer(const CommandFlags& f, const char* name, T& target, long long min, long long max, QString& problem) {
    if (!f.isSet(name)) return;
    bool ok = false;
    const long long n = f.value(name).toLongLong(&ok);
    if (ok && n >= min && n <= max) target = static_cast<T>(n);
    else problem = tr("invalid value '%1' for --%2.").arg(f.value(name), QLatin1String(name));
}

template <typename T>
void integer(const CommandFlags& f, const char* name, std::optional<T>& target, long long min, long long max, QString& problem) {
    T v{};
    integer(f, name, v, min, max, problem);
    if (f.isSet(name)) target = v;
}

void device(const CommandFlags& f, const char* name, std::optional<OffloadDevice>& target, QString& problem) {
    if (!f.isSet(name)) return;
    target = offloadDeviceFromString(f.value(name).toStdString());
    if (!target) problem = tr("invalid value '%1' for --%2.").arg(f.value(name), QLatin1String(name));
}

void gib(const CommandFlags& f, const char* name, std::optional<double>& target, QString& problem) {
    if (!f.isSet(name)) return;
    bool ok = false;
    target = f.value(name).toDouble(&ok);
    if (!ok || *target <= 0) problem = tr("invalid value '%1' for --%2.").arg(f.value(name), QLatin1String(name));
}

// The model's parameters: all trained, or with --lora_rank the adapters trained and the base frozen.
ParameterCounts loraCounts(const CommandFlags& f, const HfModelConfig& model, QString& problem) {
    if (!f.isSet("lora_rank")) {
        if (f.isSet("lora_target_modules")) problem = tr("--lora_target_modules needs --lora_rank R.");
        return {model.parameterCount(), 0};
    }
    int64_t rank = 8;
    integer(f, "lora_rank", rank, 1, 1 << 16, problem);
    std::vector<std::string> targets;
    for (const QString& t : f.value("lora_target_modules").split(QLatin1Char(','), Qt::SkipEmptyParts)) targets.push_back(t.trimmed().toStdString());
    const int64_t adapters = model.loraParameterCount(rank, targets);
    if (adapters == 0 && problem.isEmpty())
        problem = tr("--lora_target_modules %1 matches no projection of the model.").arg(f.value("lora_target_modules"));
    return {adapters, model.parameterCount()};
}

// --model DIR: the shape and parameters of a Hugging Face model (false: it cannot be read).
bool readModel(const CommandFlags& f, EstimateRequest& r) {
    if (!f.isSet("model")) {
        if (f.isSet("lora_rank") || f.isSet("lora_target_modules"))
            r.problem = tr("--lora_rank needs --model DIR (the adapters' size comes from the model's projections).");
        return true;
    }
    auto hf = HfModelConfig::read(f.value("model").toStdString());
    if (!hf.ok()) {
        r.problem = QString::fromStdString(hf.status().message());
        return false;
    }
    r.modelDir = f.value("model");
    r.hfModel = hf.value();
    r.model.layers = hf.value().layers;
    r.model.width = hf.value().hiddenSize;
    r.model.heads = hf.value().heads;
    r.model.vocabSize = hf.value().vocabSize;
    r.model.seqLen = std::min<int64_t>(hf.value().maxPositions, 2048);
    r.counts = loraCounts(f, hf.value(), r.problem);
    return true;
}

EstimateRequest parseRequest(const QStringList& args) {
    EstimateRequest r;
    CommandFlags f(estimateFlags());
    if (Status s = f.parse(args); !s.ok()) {
        r.problem = QString::fromStdString(s.message());
        return r;
    }
    r.configFile = f.value("config_file");
    if (!readModel(f, r)) return r;
    integer(f, "layers", r.model.layers, 1, 100000, r.problem);
    integer(f, "width", r.model.width, 1, 1 << 20, r.problem);
    integer(f, "heads", r.model.heads, 1, 1 << 14, r.problem);
    integer(f, "seq_len", r.model.seqLen, 1, 1 << 24, r.problem);
    integer(f, "vocab", r.model.vocabSize, 1, 1 << 24, r.problem);
    integer(f, "batch_size", r.batch, 1, 1 << 20, r.problem);
    integer(f, "num_processes", r.processes, 1, 1 << 20, r.problem);
    integer(f, "num_machines", r.machines, 1, 1 << 16, r.problem);
    integer(f, "zero_stage", r.zeroStage, 0, 3, r.problem);
    if (f.isSet("mixed_precision")) {
        const auto mp = parseMixedPrecision(f.value("mixed_precision").toStdString());
        if (mp.ok()) r.precision = mp.value();
        else r.problem = QString::fromStdString(mp.status().message());
    }
    device(f, "offload_optimizer_device", r.offloadOptimizer, r.problem);
    device(f, "offload_param_device", r.offloadParams, r.problem);
    gib(f, "gpu_memory", r.gpuGib, r.problem);
    gib(f, "host_memory", r.hostGib, r.problem);
    r.cpu = f.isSet("cpu");
    r.checkpointing = f.isSet("activation_checkpointing");
    r.probe = !f.isSet("no_probe");
    r.json = f.isSet("json");
    if (r.problem.isEmpty() && !f.positional().isEmpty()) r.problem = tr("unexpected argument '%1'.").arg(f.positional().front());
    return r;
}

}  // namespace

namespace {

HardwareFacts factsFor(const EstimateRequest& q) {
    HardwareFacts facts;
    if (q.probe) {
        if (auto report = HardwareReport::probe(workerPath(), QDir::currentPath(), 60000); report.ok()) facts = report.value().toFacts();
        else out(tr("catapult: this machine could not be probed (%1); pass --gpu_memory / --host_memory for a verdict.")
                     .arg(QString::fromStdString(report.status().message())));
    }
    if (q.hostGib) facts.ramBytes = static_cast<int64_t>(*q.hostGib * (1LL << 30));
    if (q.gpuGib) {
        facts.known = true;
        if (facts.gpuMemoryBytes.empty()) facts.gpuNames = {"GPU"};
        facts.gpuMemoryBytes.assign(facts.gpuNames.size(), static_cast<int64_t>(*q.gpuGib * (1LL << 30)));
    }
    return facts;
}

// The config's setup (if any) with the flags over it.
void applyFlags(const EstimateRequest& q, const HardwareFacts& facts, SetupChoices& c) {
    if (q.cpu) c.useCpu = true;
    else if (q.configFile.isEmpty()) c.useCpu = facts.gpuCount() == 0;
    if (q.machines) c.numMachines = *q.machines;
    if (q.processes) c.processesPerMachine = std::max(1, *q.processes / std::max(1, c.numMachines));
    if (q.precision) c.mixedPrecision = *q.precision;
    if (q.checkpointing) c.activationCheckpointing = true;
    if (q.offloadOptimizer) c.offloadOptimizer = *q.offloadOptimizer;
    if (q.offloadParams) c.offloadParams = *q.offloadParams;
    using S = SetupChoices::Strategy;
    if (q.zeroStage) c.strategy = std::array{S::DataParallel, S::Zero1, S::Zero2, S::Zero3}[*q.zeroStage];
    else if (q.configFile.isEmpty() && c.totalProcesses() > 1) c.strategy = S::DataParallel;
}

// One line for scripts (bench/run zero compares it with measured memory).
void printJson(const MemoryReport& r) {
    const MemoryEstimate& e = r.estimate;
    QJsonObject o{{"parameters", static_cast<qint64>(r.input.parameters)},
                  {"parameter_bytes", static_cast<qint64>(e.parameterBytes)},
                  {"gradient_bytes", static_cast<qint64>(e.gradientBytes)},
                  {"optimizer_bytes", static_cast<qint64>(e.optimizerBytes)},
                  {"activation_bytes", static_cast<qint64>(e.activationBytes)},
                  {"buffer_bytes", static_cast<qint64>(e.bufferBytes)},
                  {"runtime_bytes", static_cast<qint64>(e.runtimeBytes)},
                  {"host_bytes", static_cast<qint64>(e.hostBytes)},
                  {"disk_bytes", static_cast<qint64>(e.diskBytes)},
                  {"device_total_bytes", static_cast<qint64>(e.deviceTotal())},
                  {"on_gpu", r.input.onGpu},
                  {"fits", r.fits}};
    out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

void printTable(const MemoryReport& r, const EstimateRequest& q, const SetupChoices& c) {
    const GptConfig& model = q.model;
    const QString name = q.hfModel ? tr("%1 from %2").arg(QString::fromStdString(q.hfModel->architectureName), q.modelDir)
                                   : tr("built-in GPT");
    out(tr("Model: %1, %2 layers, width %3, %4 heads, sequence %5, vocabulary %6: %7 parameters; micro-batch %8 per process")
            .arg(name).arg(model.layers).arg(model.width).arg(model.heads).arg(model.seqLen).arg(model.vocabSize)
            .arg(QLocale().toString(static_cast<qlonglong>(r.input.parameters))).arg(q.batch));
    out(tr("Setup: %1 process(es) on %2 machine(s), %3, ZeRO stage %4, mixed precision %5, offload optimizer %6 / parameters %7, "
           "activation checkpointing %8")
            .arg(r.input.worldSize).arg(c.numMachines).arg(r.input.onGpu ? tr("GPU") : tr("CPU")).arg(r.input.zeroStage)
            .arg(QString::fromLatin1(toString(c.mixedPrecision)), QString::fromLatin1(toString(c.offloadOptimizer)), QString::fromLatin1(toString(c.offloadParams)), c.activationCheckpointing ? tr("on") : tr("off")));
    out(QString());
    out(QStringLiteral("%1  %2").arg(tr("Part"), -44).arg(r.deviceColumn));
    for (const MemoryReport::Row& row : r.rows)
        out(QStringLiteral("%1  %2").arg(row.part, -44).arg(QString::fromStdString(formatBytes(row.bytes))));
    out(QString());
    out(r.verdict);
}

}  // namespace

int runEstimateMemoryCommand(const QStringList& args) {
    const EstimateRequest q = parseRequest(args);
    if (!q.problem.isEmpty())
        return fail(tr("catapult estimate-memory: %1\nusage: catapult estimate-memory [FLAGS]\n").arg(q.problem) +
                    CommandFlags(estimateFlags()).usageLines().chopped(1));
    SetupChoices c;
    c.strategy = SetupChoices::Strategy::None;
    if (!q.configFile.isEmpty()) {
        auto loaded = readConfigFile(q.configFile.toStdString());
        if (!loaded.ok()) return fail(QString::fromStdString(loaded.status().message()));
        c = choicesFromConfig(loaded.value().config);
    }
    if (Status s = q.model.validate(); !s.ok()) return fail(QString::fromStdString(s.message()));
    const HardwareFacts facts = factsFor(q);
    applyFlags(q, facts, c);
    const MemoryReport r = buildMemoryReport(c, q.model, q.batch, facts, q.counts);
    if (q.json) printJson(r);
    else printTable(r, q, c);
    return 0;
}

}  // namespace catapult
