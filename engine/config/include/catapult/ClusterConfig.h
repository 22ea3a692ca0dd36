#pragma once
// The typed config model: what the wizard edits, the YAML file stores and the launcher turns
// into worker environments. It holds an Accelerate cluster config (compute_environment
// LOCAL_MACHINE, docs/config-schema.md): top-level values and the nested sections
// (fsdp_config, deepspeed_config, fp8_config, ...), keyed by Accelerate's own key names.
// Absent keys take Accelerate's defaults through the typed accessors.
//
// No Qt, no LibTorch. Thread safety: plain value.

#include <map>
#include <optional>
#include <string>

#include "catapult/ConfigValue.h"

namespace catapult {

class ClusterConfig {
public:
    using Section = std::map<std::string, ConfigValue>;

    // Generic access (the reader, the writer and the wizard's review use these).
    const std::map<std::string, ConfigValue>& values() const { return m_values; }
    const std::map<std::string, Section>& sections() const { return m_sections; }
    std::optional<ConfigValue> value(const std::string& key) const;
    void set(const std::string& key, ConfigValue value);
    void remove(const std::string& key);
    // An absent section reads as empty; empty sections are dropped when written.
    const Section& section(const std::string& name) const;
    std::optional<ConfigValue> sectionValue(const std::string& section, const std::string& key) const;
    void setSectionValue(const std::string& section, const std::string& key, ConfigValue value);
    void removeSectionValue(const std::string& section, const std::string& key);
    void clearSection(const std::string& name) { m_sections.erase(name); }

    // Convenience setters.
    void setString(const std::string& key, const std::string& v) { set(key, ConfigValue::string(v)); }
    void setInt(const std::string& key, long long v) { set(key, ConfigValue::integer(v)); }
    void setBool(const std::string& key, bool v) { set(key, ConfigValue::boolean(v)); }

    // Typed readers with Accelerate's defaults. A value of the wrong type reads as the default
    // (the validator reports it).
    std::string distributedType() const;              // "" when absent
    std::string mixedPrecision() const;               // lower case; "no" when absent
    std::optional<int> numProcesses() const;          // nullopt when absent or -1
    int numMachines() const;                          // 1
    int machineRank() const;                          // 0
    bool useCpu() const;                              // false
    std::optional<std::string> gpuIds() const;        // nullopt: all
    std::optional<std::string> mainProcessIp() const;
    std::optional<int> mainProcessPort() const;
    std::optional<int> gradientAccumulationSteps() const;  // deepspeed_config.gradient_accumulation_steps

    std::string stringOr(const std::string& key, const std::string& fallback) const;
    long long intOr(const std::string& key, long long fallback) const;
    bool boolOr(const std::string& key, bool fallback) const;
    std::string sectionStringOr(const std::string& section, const std::string& key, const std::string& fallback) const;
    long long sectionIntOr(const std::string& section, const std::string& key, long long fallback) const;
    bool sectionBoolOr(const std::string& section, const std::string& key, bool fallback) const;

    bool operator==(const ClusterConfig& other) const {
        return m_values == other.m_values && m_sections == other.m_sections;
    }

private:
    std::map<std::string, ConfigValue> m_values;
    std::map<std::string, Section> m_sections;
};

}  // namespace catapult
