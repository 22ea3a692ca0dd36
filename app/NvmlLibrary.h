#pragma once
// NVIDIA's management library, loaded at run time (libnvidia-ml.so.1, or CATAPULT_NVML_LIBRARY):
// GPU memory per process and utilisation per device. Without a driver every answer is empty and
// nothing is loaded; the launcher never links CUDA or LibTorch.
//
// Thread safety: instance() and the queries may be called from any thread (NVML is thread-safe).

#include <QHash>
#include <QString>
#include <QtGlobal>
#include <vector>

namespace catapult {

struct GpuProcess {
    quint32 pid = 0;
    qint64 usedBytes = 0;
    int device = 0;
};

class NvmlLibrary {
public:
    static NvmlLibrary& instance();
    bool available() const { return m_ready; }
    QString error() const { return m_error; }  // why it is not available

    std::vector<GpuProcess> computeProcesses() const;  // every device's compute processes
    std::vector<double> utilization() const;           // percent, per device

private:
    NvmlLibrary();
    bool m_ready = false;
    QString m_error;
    struct Api;
    Api* m_api = nullptr;
};

}  // namespace catapult
