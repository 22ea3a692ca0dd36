#include "catapult/ClusterConfig.h"

#include <algorithm>
#include <cctype>

namespace catapult {

std::optional<ConfigValue> ClusterConfig::value(const std::string& key) const {
    auto it = m_values.find(key);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

void ClusterConfig::set(const std::string& key, ConfigValue value) { m_values[key] = std::move(value); }

void ClusterConfig::remove(const std::string& key) { m_values.erase(key); }

const ClusterConfig::Section& ClusterConfig::section(const std::string& name) const {
    static const Section empty;
    auto it = m_sections.find(name);
    return it == m_sections.end() ? empty : it->second;
}

std::optional<ConfigValue> ClusterConfig::sectionValue(const std::string& section, const std::string& key) const {
    const Section& s = this->section(section);
    auto it = s.find(key);
    if (it == s.end()) return std::nullopt;
    return it->second;
}

void ClusterConfig::setSectionValue(const std::string& section, const std::string& key, ConfigValue value) {
    m_sections[section][key] = std::move(value);
}

void ClusterConfig::removeSectionValue(const std::string& section, const std::string& key) {
    auto it = m_sections.find(section);
    if (it == m_sections.end()) return;
    it->second.erase(key);
    if (it->second.empty()) m_sections.erase(it);
}

std::string ClusterConfig::stringOr(const std::string& key, const std::string& fallback) const {
    auto v = value(key);
    return v && v->isString() ? v->asString() : fallback;
}

long long ClusterConfig::intOr(const std::string& key, long long fallback) const {
    auto v = value(key);
    return v && v->isInt() ? v->asInt() : fallback;
}

bool ClusterConfig::boolOr(const std::string& key, bool fallback) const {
    auto v = value(key);
    return v && v->isBool() ? v->asBool() : fallback;
}

std::string ClusterConfig::sectionStringOr(const std::string& section, const std::string& key,
                                           const std::string& fallback) const {
    auto v = sectionValue(section, key);
    return v && v->isString() ? v->asString() : fallback;
}

long long ClusterConfig::sectionIntOr(const std::string& section, const std::string& key, long long fallback) const {
    auto v = sectionValue(section, key);
    return v && v->isInt() ? v->asInt() : fallback;
}

bool ClusterConfig::sectionBoolOr(const std::string& section, const std::string& key, bool fallback) const {
    auto v = sectionValue(section, key);
    return v && v->isBool() ? v->asBool() : fallback;
}

std::string ClusterConfig::distributedType() const { return stringOr("distributed_type", ""); }

std::string ClusterConfig::mixedPrecision() const {
    std::string mp = stringOr("mixed_precision", "no");
    std::transform(mp.begin(), mp.end(), mp.begin(), [](unsigned char c) { return std::tolower(c); });
    return mp;
}

std::optional<int> ClusterConfig::numProcesses() const {
    long long n = intOr("num_processes", -1);
    if (n < 0) return std::nullopt;
    return static_cast<int>(n);
}

int ClusterConfig::numMachines() const { return static_cast<int>(intOr("num_machines", 1)); }
int ClusterConfig::machineRank() const { return static_cast<int>(intOr("machine_rank", 0)); }
bool ClusterConfig::useCpu() const { return boolOr("use_cpu", false); }

std::optional<std::string> ClusterConfig::gpuIds() const {
    auto v = value("gpu_ids");
    if (!v) return std::nullopt;
    return v->toDisplay();
}

std::optional<std::string> ClusterConfig::mainProcessIp() const {
    auto v = value("main_process_ip");
    if (!v) return std::nullopt;
    return v->toDisplay();
}

std::optional<int> ClusterConfig::mainProcessPort() const {
    auto v = value("main_process_port");
    if (!v || !v->isInt()) return std::nullopt;
    return static_cast<int>(v->asInt());
}

std::optional<int> ClusterConfig::gradientAccumulationSteps() const {
    auto v = sectionValue("deepspeed_config", "gradient_accumulation_steps");
    if (!v || !v->isInt()) return std::nullopt;
    return static_cast<int>(v->asInt());
}

}  // namespace catapult
