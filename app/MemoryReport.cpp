#include "MemoryReport.h"

#include <QLocale>

#include "CommandOutput.h"

namespace catapult {
namespace {

using cli::tr;
QString bytes(int64_t b) { return QString::fromStdString(formatBytes(b)); }

}  // namespace

MemoryReport buildMemoryReport(const SetupChoices& c, const GptConfig& model, int64_t microBatch, const HardwareFacts& facts,
                               std::optional<ParameterCounts> parameters) {
    MemoryReport r;
    MemoryEstimateInput& in = r.input;
    in.parameters = parameters ? parameters->trained : model.parameterCount();
    in.frozenParameters = parameters ? parameters->frozen : 0;
    in.layers = model.layers;
    in.width = model.width;
    in.heads = model.heads;
    in.seqLen = model.seqLen;
    in.vocab = model.vocabSize;
    in.microBatch = microBatch;
    in.precision = c.mixedPrecision;
    in.zeroStage = c.zeroStage();
    in.offloadOptimizer = c.offloadOptimizer;
    in.offloadParams = c.offloadParams;
    in.worldSize = c.strategy == SetupChoices::Strategy::None ? 1 : c.totalProcesses();
    in.activationCheckpointing = c.activationCheckpointing;
    in.onGpu = !c.useCpu && facts.gpuCount() > 0;
    in.processesPerMachine = c.processesPerMachine;
    in.hostCapacityBytes = facts.ramBytes;
    if (in.onGpu && !facts.gpuMemoryBytes.empty()) in.deviceCapacityBytes = facts.gpuMemoryBytes.front();
    const MemoryEstimate& e = r.estimate = estimateMemory(in);

    r.deviceColumn = in.onGpu ? tr("Per GPU") : tr("Per process (CPU)");
    const auto count = [](int64_t n) { return QLocale().toString(static_cast<qlonglong>(n)); };
    r.rows.append({in.frozenParameters > 0 ? tr("Parameters (%1 trained, %2 frozen)").arg(count(in.parameters), count(in.frozenParameters))
                                           : tr("Parameters (%1)").arg(count(in.parameters)),
                   e.parameterBytes});
    r.rows.append({tr("Gradients"), e.gradientBytes});
    r.rows.append({tr("Optimizer state and master weights"), e.optimizerBytes});
    r.rows.append({tr("Activations"), e.activationBytes});
    r.rows.append({tr("Buffers"), e.bufferBytes});
    if (e.runtimeBytes > 0) r.rows.append({tr("Runtime (LibTorch, threads)"), e.runtimeBytes});
    r.rows.append({tr("Total"), e.deviceTotal()});
    if (e.hostBytes > 0) r.rows.append({tr("Offloaded to CPU memory (per process)"), e.hostBytes});
    if (e.diskBytes > 0) r.rows.append({tr("Offloaded to disk (per process)"), e.diskBytes});
    if (in.onGpu && in.deviceCapacityBytes > 0) {
        r.fits = e.deviceFits;
        r.verdict = e.deviceFits ? tr("Fits: %1 of %2 GPU memory.").arg(bytes(e.deviceTotal()), bytes(in.deviceCapacityBytes))
                                 : tr("Does not fit: %1 needed, the GPU has %2. Shard (ZeRO/FSDP), offload, checkpoint "
                                      "activations or lower the micro-batch.").arg(bytes(e.deviceTotal()), bytes(in.deviceCapacityBytes));
    } else if (in.hostCapacityBytes > 0) {
        r.fits = e.hostFits;
        r.verdict = e.hostFits ? tr("Fits in this machine's memory (%1 for %2 process(es)).")
                                     .arg(bytes((e.deviceTotal() + e.hostBytes) * in.processesPerMachine)).arg(in.processesPerMachine)
                               : tr("Does not fit in this machine's %1 of memory with %2 process(es). Offload to disk, "
                                    "shard or lower the micro-batch.").arg(bytes(in.hostCapacityBytes)).arg(in.processesPerMachine);
    } else {
        r.verdict = tr("No hardware facts: no verdict.");
    }
    return r;
}

}  // namespace catapult
