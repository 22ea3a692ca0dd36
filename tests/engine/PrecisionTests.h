#pragma once
// Mixed precision tests: bf16/fp16 against fp32, the fp16 loss scaler, FP8 linear numerics,
// FP8 training against bf16 (current and delayed scaling), and data parallel FP8.

#include <QObject>

class PrecisionTests : public QObject {
    Q_OBJECT
private slots:
    void mixedPrecisionTracksFp32_data();
    void mixedPrecisionTracksFp32();
    void autocastComputesInTheLowPrecision_data();
    void autocastComputesInTheLowPrecision();
    void fp16ScalerSkipsAndRecovers();
    void fp8LinearMatchesFp32_data();
    void fp8LinearMatchesFp32();
    void fp8EmulationEqualsScaledMm_data();
    void fp8EmulationEqualsScaledMm();
    void fp8ClampsBeforeTheCast();
    void fp8SettingsFromAccelerateConfig();
    void fp8TrainingTracksBf16_data();
    void fp8TrainingTracksBf16();
    void dataParallelFp8MatchesOneRank();
};
