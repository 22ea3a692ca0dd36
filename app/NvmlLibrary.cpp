#include "NvmlLibrary.h"

#include <dlfcn.h>

namespace catapult {
namespace {

// The few NVML declarations used, as nvml.h has them (the C ABI is stable across drivers).
using nvmlReturn_t = int;
using nvmlDevice_t = void*;
constexpr nvmlReturn_t kSuccess = 0;
constexpr nvmlReturn_t kInsufficientSize = 7;
struct ProcessInfoV2 {  // nvmlProcessInfo_v2_t
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};
struct Utilization {  // nvmlUtilization_t
    unsigned int gpu;
    unsigned int memory;
};

template <typename F>
bool resolve(void* lib, const char* name, F& target) {
    target = reinterpret_cast<F>(::dlsym(lib, name));
    return target != nullptr;
}

}  // namespace

struct NvmlLibrary::Api {
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*deviceCount)(unsigned int*) = nullptr;
    nvmlReturn_t (*deviceHandle)(unsigned int, nvmlDevice_t*) = nullptr;
    nvmlReturn_t (*processes)(nvmlDevice_t, unsigned int*, ProcessInfoV2*) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, Utilization*) = nullptr;
    std::vector<nvmlDevice_t> devices;
};

NvmlLibrary& NvmlLibrary::instance() {
    static NvmlLibrary library;
    return library;
}

NvmlLibrary::NvmlLibrary() {
    const QByteArray path = qEnvironmentVariableIsSet("CATAPULT_NVML_LIBRARY") ? qgetenv("CATAPULT_NVML_LIBRARY")
                                                                                : QByteArray("libnvidia-ml.so.1");
    void* lib = ::dlopen(path.constData(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        m_error = QString::fromLocal8Bit(::dlerror());
        return;
    }
    auto* api = new Api;
    if (!resolve(lib, "nvmlInit_v2", api->init) || !resolve(lib, "nvmlDeviceGetCount_v2", api->deviceCount) ||
        !resolve(lib, "nvmlDeviceGetHandleByIndex_v2", api->deviceHandle) ||
        !resolve(lib, "nvmlDeviceGetComputeRunningProcesses_v2", api->processes) ||
        !resolve(lib, "nvmlDeviceGetUtilizationRates", api->utilization) || api->init() != kSuccess) {
        m_error = QStringLiteral("%1 lacks the NVML functions used, or nvmlInit failed").arg(QString::fromLocal8Bit(path));
        delete api;
        return;  // the library stays loaded: unloading a driver library is not worth the risk
    }
    unsigned int count = 0;
    api->deviceCount(&count);
    for (unsigned int i = 0; i < count; ++i) {
        nvmlDevice_t device = nullptr;
        if (api->deviceHandle(i, &device) == kSuccess) api->devices.push_back(device);
    }
    m_api = api;
    m_ready = true;
}

std::vector<GpuProcess> NvmlLibrary::computeProcesses() const {
    std::vector<GpuProcess> out;
    if (!m_ready) return out;
    for (int d = 0; d < static_cast<int>(m_api->devices.size()); ++d) {
        std::vector<ProcessInfoV2> infos(64);
        unsigned int count = static_cast<unsigned int>(infos.size());
        nvmlReturn_t rc = m_api->processes(m_api->devices[d], &count, infos.data());
        if (rc == kInsufficientSize) {
            infos.resize(count + 16);
            count = static_cast<unsigned int>(infos.size());
            rc = m_api->processes(m_api->devices[d], &count, infos.data());
        }
        if (rc != kSuccess) continue;
        for (unsigned int i = 0; i < count; ++i)
            out.push_back({infos[i].pid, static_cast<qint64>(infos[i].usedGpuMemory), d});
    }
    return out;
}

std::vector<double> NvmlLibrary::utilization() const {
    std::vector<double> out;
    if (!m_ready) return out;
    for (nvmlDevice_t device : m_api->devices) {
        Utilization u{};
        out.push_back(m_api->utilization(device, &u) == kSuccess ? u.gpu : -1.0);
    }
    return out;
}

}  // namespace catapult
