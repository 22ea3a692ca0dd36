#include "catapult/AccelerateConfig.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <set>

namespace catapult {
namespace {

const std::set<std::string>& knownTopLevelKeys() {
    static const std::set<std::string> keys = {
        "compute_environment", "distributed_type", "mixed_precision", "use_cpu", "debug", "num_processes",
        "machine_rank", "num_machines", "gpu_ids", "main_process_ip", "main_process_port", "rdzv_backend",
        "same_network", "main_training_function", "enable_cpu_affinity", "downcast_bf16", "fp8_config",
        "deepspeed_config", "fsdp_config", "parallelism_config", "megatron_lm_config", "mpirun_config",
        "dynamo_config", "tpu_name", "tpu_zone", "tpu_use_cluster", "tpu_use_sudo", "command_file", "commands",
        "tpu_vm", "tpu_env", "fp16", "dynamo_backend"};
    return keys;
}

template <typename T>
std::optional<T> scalar(const YAML::Node& node, const std::string& key, const std::string& path) {
    const YAML::Node v = node[key];
    if (!v || v.IsNull()) return std::nullopt;
    try {
        return v.as<T>();
    } catch (const YAML::Exception&) {
        throw std::runtime_error(path + ": key '" + key + "' has a value of the wrong type ('" + YAML::Dump(v) + "').");
    }
}

}  // namespace

std::string AccelerateConfig::defaultPath() {
    if (const char* hf = std::getenv("HF_HOME"); hf && *hf) return std::string(hf) + "/accelerate/default_config.yaml";
    std::string cache;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) cache = xdg;
    else cache = std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/.cache";
    return cache + "/huggingface/accelerate/default_config.yaml";
}

Result<AccelerateConfig> AccelerateConfig::load(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        return Status::error("Config file '" + path + "' does not exist or cannot be read.");
    } catch (const YAML::Exception& e) {
        return Status::error("Config file '" + path + "' is not valid YAML: " + e.what());
    }
    if (!root.IsMap()) return Status::error("Config file '" + path + "' is not a mapping of keys to values.");
    std::vector<std::string> unknown;
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        if (!knownTopLevelKeys().count(key)) unknown.push_back(key);
    }
    if (!unknown.empty()) {
        std::sort(unknown.begin(), unknown.end());
        std::string list;
        for (const auto& k : unknown) list += (list.empty() ? "" : ", ") + k;
        return Status::error("The config file at " + path + " has unknown keys (" + list + ").");
    }
    AccelerateConfig c;
    c.path = path;
    try {
        const YAML::Node dt = root["distributed_type"];
        if (!dt || dt.IsNull()) return Status::error(path + ": a distributed_type must be specified in the config file.");
        // YAML 1.1 reads an unquoted NO as false: treat it as NO, as it behaves in Accelerate.
        c.distributedType = dt.as<std::string>();
        if (c.distributedType == "false" || c.distributedType == "False") c.distributedType = "NO";
        c.numProcesses = scalar<int>(root, "num_processes", path);
        if (!c.numProcesses && c.distributedType == "NO") c.numProcesses = 1;
        c.numMachines = scalar<int>(root, "num_machines", path).value_or(1);
        c.machineRank = scalar<int>(root, "machine_rank", path).value_or(0);
        c.useCpu = scalar<bool>(root, "use_cpu", path).value_or(false);
        c.mixedPrecision = scalar<std::string>(root, "mixed_precision", path);
        if (c.mixedPrecision && (*c.mixedPrecision == "false" || *c.mixedPrecision == "False")) c.mixedPrecision = "no";
        if (!c.mixedPrecision && scalar<bool>(root, "fp16", path).value_or(false)) c.mixedPrecision = "fp16";
        c.gpuIds = scalar<std::string>(root, "gpu_ids", path);
        c.mainProcessIp = scalar<std::string>(root, "main_process_ip", path);
        c.mainProcessPort = scalar<int>(root, "main_process_port", path);
        if (const YAML::Node ds = root["deepspeed_config"]; ds && ds.IsMap())
            c.gradientAccumulationSteps = scalar<int>(ds, "gradient_accumulation_steps", path);
    } catch (const std::runtime_error& e) {
        return Status::error(e.what());
    }
    if (c.mainProcessPort && (*c.mainProcessPort < 0 || *c.mainProcessPort > 65535))
        return Status::error(path + ": main_process_port " + std::to_string(*c.mainProcessPort) + " is not a port.");
    return c;
}

}  // namespace catapult
