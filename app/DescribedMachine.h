#pragma once
// Hardware the user describes instead of probing it: the machines a config is prepared for
// when they are not the machine at hand (a laptop preparing a job for a GPU cluster). Turned
// into the same HardwareReport a probe gives, so validation, the memory estimate and the
// wizard's choices check against it. Pure; no widgets.

#include <QString>
#include <QVector>

#include "HardwareReport.h"

namespace catapult {

struct GpuModel {
    QString name;               // as nvidia-smi names it
    QString computeCapability;  // "9.0"
    int memoryGib = 0;
};

struct DescribedMachine {
    QString gpuName = QStringLiteral("NVIDIA H100 80GB HBM3");
    QString computeCapability = QStringLiteral("9.0");
    int gpusPerMachine = 8;   // 0: CPU-only machines
    double gpuMemoryGib = 80;
    int cores = 64;
    double ramGib = 1024;

    // The GPUs people most often train on (the wizard's choices; memory editable).
    static const QVector<GpuModel>& knownGpus();
    HardwareReport toReport() const;
};

}  // namespace catapult
