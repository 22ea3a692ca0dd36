#pragma once
// The fused CPU AdamW held to torch::optim::AdamW.

#include <QObject>

class OptimizerTests : public QObject {
    Q_OBJECT
private slots:
    void cpuAdamWEqualsTorchAdamW();
    void cpuAdamWRefusesOtherTensors();
};
