// A stand-in for libnvidia-ml.so.1 with the few functions Catapult loads: one device at 42 %
// utilisation whose compute processes are FAKE_NVML_PROCESSES ("pid:bytes,pid:bytes"). The
// sampler's test loads it through CATAPULT_NVML_LIBRARY.
#include <cstdlib>
#include <cstring>

extern "C" {

struct ProcessInfoV2 {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
};
struct Utilization {
    unsigned int gpu;
    unsigned int memory;
};

int device;

int nvmlInit_v2(void) { return 0; }
int nvmlDeviceGetCount_v2(unsigned int* count) { *count = 1; return 0; }
int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void** handle) { *handle = &device; return index == 0 ? 0 : 2; }
int nvmlDeviceGetUtilizationRates(void* handle, Utilization* u) { (void)handle; u->gpu = 42; u->memory = 7; return 0; }

int nvmlDeviceGetComputeRunningProcesses_v2(void* handle, unsigned int* count, ProcessInfoV2* infos) {
    (void)handle;
    const char* spec = std::getenv("FAKE_NVML_PROCESSES");
    unsigned int n = 0;
    char buffer[512];
    std::strncpy(buffer, spec ? spec : "", sizeof buffer - 1);
    buffer[sizeof buffer - 1] = 0;
    for (char* item = std::strtok(buffer, ","); item; item = std::strtok(nullptr, ",")) {
        char* colon = std::strchr(item, ':');
        if (!colon) continue;
        if (n < *count) {
            infos[n].pid = static_cast<unsigned int>(std::strtoul(item, nullptr, 10));
            infos[n].usedGpuMemory = std::strtoull(colon + 1, nullptr, 10);
            infos[n].gpuInstanceId = infos[n].computeInstanceId = 0;
        }
        ++n;
    }
    const int enough = n <= *count;
    *count = n;
    return enough ? 0 : 7;  // NVML_ERROR_INSUFFICIENT_SIZE
}

}  // extern "C"
