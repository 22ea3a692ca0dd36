#include "HardwareProbe.h"

#include <dlfcn.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <torch/version.h>

#include "WorkerFlags.h"
#include "catapult/MetricsWriter.h"

#ifdef CATAPULT_HAVE_CUDA
#include <cuda_runtime_api.h>
#endif

namespace catapult {
namespace {

namespace fs = std::filesystem;

std::string readFirstLine(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string jsonArray(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

std::string osJson() {
    JsonObject o;
    std::string pretty;
    std::ifstream rel("/etc/os-release");
    for (std::string line; std::getline(rel, line);) {
        if (line.rfind("PRETTY_NAME=", 0) == 0) {
            pretty = line.substr(12);
            if (pretty.size() >= 2 && pretty.front() == '"') pretty = pretty.substr(1, pretty.size() - 2);
        }
    }
    utsname u{};
    uname(&u);
    o.add("name", pretty.empty() ? std::string(u.sysname) : pretty).add("kernel", std::string(u.release))
        .add("arch", std::string(u.machine));
    return o.str();
}

std::string cpuJson() {
    std::ifstream in("/proc/cpuinfo");
    std::string model;
    std::set<std::string> sockets;
    std::set<std::pair<std::string, std::string>> cores;
    int threads = 0;
    std::string physical, core;
    for (std::string line; std::getline(in, line);) {
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string key = line.substr(0, colon);
        key.erase(key.find_last_not_of(" \t") + 1);
        std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
        if (key == "processor") ++threads;
        else if (key == "model name" && model.empty()) model = value;
        else if (key == "physical id") physical = value, sockets.insert(value);
        else if (key == "core id") core = value, cores.insert({physical, core});
    }
    int numa = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/sys/devices/system/node", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("node", 0) == 0 && name.size() > 4 && std::isdigit(static_cast<unsigned char>(name[4]))) ++numa;
    }
    JsonObject o;
    o.add("model", model.empty() ? std::string("unknown") : model)
        .add("sockets", static_cast<int>(std::max<std::size_t>(1, sockets.size())))
        .add("cores", static_cast<int>(cores.empty() ? threads : cores.size()))
        .add("threads", threads)
        .add("numa_nodes", std::max(1, numa));
    return o.str();
}

std::string memoryJson() {
    std::ifstream in("/proc/meminfo");
    int64_t total = 0, available = 0;
    for (std::string line; std::getline(in, line);) {
        std::istringstream ss(line);
        std::string key;
        int64_t kb = 0;
        ss >> key >> kb;
        if (key == "MemTotal:") total = kb * 1024;
        else if (key == "MemAvailable:") available = kb * 1024;
    }
    return JsonObject().add("total_bytes", total).add("available_bytes", available).str();
}

std::string diskJson(const std::string& path) {
    fs::path p = path.empty() ? fs::current_path() : fs::path(path);
    std::error_code ec;
    while (!p.empty() && !fs::exists(p, ec) && p.has_parent_path() && p != p.parent_path()) p = p.parent_path();
    struct statvfs s{};
    JsonObject o;
    o.add("path", path.empty() ? p.string() : path);
    if (statvfs(p.c_str(), &s) == 0) {
        o.add("free_bytes", static_cast<int64_t>(s.f_bavail) * static_cast<int64_t>(s.f_frsize))
            .add("total_bytes", static_cast<int64_t>(s.f_blocks) * static_cast<int64_t>(s.f_frsize));
    }
    return o.str();
}

std::string infinibandJson() {
    std::vector<std::string> devices;
    std::error_code ec;
    for (const auto& dev : fs::directory_iterator("/sys/class/infiniband", ec)) {
        std::vector<std::string> ports;
        for (const auto& port : fs::directory_iterator(dev.path() / "ports", ec)) {
            ports.push_back(JsonObject()
                                .add("port", port.path().filename().string())
                                .add("state", readFirstLine((port.path() / "state").string()))
                                .add("rate", readFirstLine((port.path() / "rate").string()))
                                .add("link_layer", readFirstLine((port.path() / "link_layer").string()))
                                .str());
        }
        devices.push_back(JsonObject().add("name", dev.path().filename().string()).addRaw("ports", jsonArray(ports)).str());
    }
    return jsonArray(devices);
}

std::string versionText(int v, int majorDiv) {
    return std::to_string(v / majorDiv) + "." + std::to_string((v % majorDiv) / 10);
}

// NVLink state through NVML, when the driver's library is there (read-only queries).
std::vector<int> activeNvLinks(int gpuCount) {
    std::vector<int> links(gpuCount, -1);
    void* nvml = dlopen("libnvidia-ml.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!nvml) return links;
    using InitFn = int (*)();
    using HandleFn = int (*)(unsigned, void**);
    using StateFn = int (*)(void*, unsigned, int*);
    auto init = reinterpret_cast<InitFn>(dlsym(nvml, "nvmlInit_v2"));
    auto handle = reinterpret_cast<HandleFn>(dlsym(nvml, "nvmlDeviceGetHandleByIndex_v2"));
    auto state = reinterpret_cast<StateFn>(dlsym(nvml, "nvmlDeviceGetNvLinkState"));
    auto shutdown = reinterpret_cast<InitFn>(dlsym(nvml, "nvmlShutdown"));
    if (init && handle && state && init() == 0) {
        for (int i = 0; i < gpuCount; ++i) {
            void* device = nullptr;
            if (handle(static_cast<unsigned>(i), &device) != 0) continue;
            int active = 0;
            for (unsigned link = 0; link < 18; ++link) {
                int isActive = 0;
                if (state(device, link, &isActive) == 0 && isActive) ++active;
            }
            links[i] = active;
        }
        if (shutdown) shutdown();
    }
    dlclose(nvml);
    return links;
}

std::string ncclVersion() {
    using VersionFn = int (*)(int*);
    auto fn = reinterpret_cast<VersionFn>(dlsym(RTLD_DEFAULT, "ncclGetVersion"));
    if (!fn) {
        if (void* lib = dlopen("libnccl.so.2", RTLD_LAZY | RTLD_GLOBAL)) fn = reinterpret_cast<VersionFn>(dlsym(lib, "ncclGetVersion"));
    }
    int v = 0;
    if (!fn || fn(&v) != 0 || v <= 0) return "";
    // NCCL >= 2.9 encodes major*10000 + minor*100 + patch.
    return std::to_string(v / 10000) + "." + std::to_string((v / 100) % 100) + "." + std::to_string(v % 100);
}

void addGpus(JsonObject& root) {
    std::vector<std::string> gpus;
    JsonObject cuda;
    std::string note;
#ifdef CATAPULT_HAVE_CUDA
    int driver = 0, runtime = 0, count = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    const cudaError_t err = cudaGetDeviceCount(&count);
    cuda.add("built_with_cuda", true).add("runtime_version", versionText(runtime, 1000));
    if (driver > 0) cuda.add("driver_version", versionText(driver, 1000));
    if (err != cudaSuccess) {
        count = 0;
        if (driver > 0) cuda.add("error", std::string(cudaGetErrorString(err)));  // the launcher says why, translated
        note = driver == 0 ? std::string("No NVIDIA GPU found: no NVIDIA driver is installed.")
                           : std::string("No usable NVIDIA GPU: ") + cudaGetErrorString(err) + ".";
    }
    const auto nvlinks = activeNvLinks(count);
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp p{};
        if (cudaGetDeviceProperties(&p, i) != cudaSuccess) continue;
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaSetDevice(i) == cudaSuccess) cudaMemGetInfo(&freeBytes, &totalBytes);
        char uuid[64];
        const auto* u = reinterpret_cast<const unsigned char*>(p.uuid.bytes);
        std::snprintf(uuid, sizeof uuid, "GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
                      u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
        std::vector<std::string> peers;
        for (int j = 0; j < count; ++j) {
            int can = 0;
            if (j != i) cudaDeviceCanAccessPeer(&can, i, j);
            if (can) peers.push_back(std::to_string(j));
        }
        char pci[32];
        std::snprintf(pci, sizeof pci, "%04x:%02x:%02x.0", p.pciDomainID, p.pciBusID, p.pciDeviceID);
        JsonObject g;
        g.add("index", i).add("name", std::string(p.name)).add("uuid", std::string(uuid))
            .add("total_bytes", static_cast<int64_t>(totalBytes ? totalBytes : p.totalGlobalMem))
            .add("free_bytes", static_cast<int64_t>(freeBytes))
            .add("compute_capability", std::to_string(p.major) + "." + std::to_string(p.minor))
            .add("multiprocessors", p.multiProcessorCount).add("pci_bus_id", std::string(pci))
            .addRaw("peer_access", jsonArray(peers));
        if (nvlinks[i] >= 0) g.add("nvlink_active_links", nvlinks[i]);
        gpus.push_back(g.str());
    }
    if (count == 0 && note.empty()) note = "No NVIDIA GPU found.";
#else
    cuda.add("built_with_cuda", false);
    note = "No GPU support in this build (LibTorch CPU libraries only).";
#endif
    cuda.add("available", !gpus.empty());
    root.addRaw("cuda", cuda.str());
    root.addRaw("gpus", jsonArray(gpus));
    root.add("gpu_count", static_cast<int>(gpus.size()));
    if (!note.empty()) root.add("gpu_note", note);
    const std::string nccl = ncclVersion();
    if (!nccl.empty()) root.add("nccl_version", nccl);
}

}  // namespace

std::string probeHardwareJson(const std::string& diskPath) {
    JsonObject root;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    root.add("schema", 1).add("hostname", std::string(host)).addRaw("os", osJson()).addRaw("cpu", cpuJson())
        .addRaw("memory", memoryJson());
    addGpus(root);
    root.addRaw("infiniband", infinibandJson()).addRaw("disk", diskJson(diskPath));
    std::string self;
    std::error_code ec;
    self = fs::read_symlink("/proc/self/exe", ec).string();
    root.add("catapult_version", std::string(CATAPULT_VERSION)).add("libtorch_version", std::string(TORCH_VERSION)).add("worker_path", self);
    return root.str();
}

int runProbe(const std::vector<std::string>& args) {
    std::string disk;
    if (const char* dir = std::getenv("CATAPULT_RUN_DIR")) disk = dir;
    WorkerFlags flags("probe");
    flags.add("--disk_path", disk, "the folder whose free space is reported (default CATAPULT_RUN_DIR)");
    if (Status s = flags.parse(args); !s.ok()) {
        std::fprintf(stderr, "%s\n", s.message().c_str());
        return 2;
    }
    std::printf("%s\n", probeHardwareJson(disk).c_str());
    return 0;
}

}  // namespace catapult
