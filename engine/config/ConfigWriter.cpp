#include "catapult/ConfigWriter.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "catapult/ConfigSchema.h"

namespace catapult {
namespace {

// True when PyYAML would read the plain scalar as something other than this string.
bool needsQuotes(const std::string& s) {
    static const std::regex special(
        "^(~|null|Null|NULL|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$"
        "|^[-+]?(0|[1-9][0-9_]*)$|^[-+]?0x[0-9a-fA-F_]+$|^[-+]?0[0-7_]+$"
        "|^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$|^[-+]?\\.(inf|Inf|INF)$|^\\.(nan|NaN|NAN)$"
        "|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}");
    if (s.empty()) return true;
    if (std::regex_search(s, special)) return true;
    if (std::string("-?:,[]{}#&*!|>'\"%@` ").find(s.front()) != std::string::npos) return true;
    if (s.back() == ' ' || s.back() == ':') return true;
    if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos) return true;
    return std::any_of(s.begin(), s.end(), [](unsigned char ch) { return ch < 0x20 || ch == 0x7f; });
}

std::string jsonString(const std::string& s) {
    return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Single quotes, as Accelerate's writer uses, where needsQuotes() says so; yaml-cpp itself
// switches to double quotes for a string single quotes cannot hold (a line break).
void emitString(YAML::Emitter& out, const std::string& s, bool forceQuotes) {
    if (forceQuotes || needsQuotes(s)) out << YAML::SingleQuoted;
    out << s;
}

std::string yamlFloat(const ConfigValue& v) {
    std::string text = v.toDisplay();
    // PyYAML needs a dot in an exponent float: 1e-05 -> 1.0e-05.
    if (auto e = text.find_first_of("eE"); e != std::string::npos && text.find('.') == std::string::npos)
        text.insert(e, ".0");
    return text;
}

void emitScalar(YAML::Emitter& out, const ConfigValue& v, bool forceQuotes) {
    switch (v.kind()) {
    case ConfigValue::Kind::Bool: out << v.asBool(); return;
    case ConfigValue::Kind::Int:
        if (forceQuotes) out << YAML::SingleQuoted;
        out << v.toDisplay();
        return;
    case ConfigValue::Kind::Float: out << yamlFloat(v); return;
    case ConfigValue::Kind::String: emitString(out, v.asString(), forceQuotes); return;
    case ConfigValue::Kind::List: out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq; return;  // not nested
    }
}

void emitEntry(YAML::Emitter& out, const std::string& key, const ConfigValue& v, bool forceQuotes) {
    out << YAML::Key;
    emitString(out, key, false);
    out << YAML::Value;
    if (!v.isList() || v.items().empty()) return emitScalar(out, v, forceQuotes);
    out << YAML::BeginSeq;
    for (const auto& item : v.items()) emitScalar(out, item, false);
    out << YAML::EndSeq;
}

std::string jsonValue(const ConfigValue& v) {
    switch (v.kind()) {
    case ConfigValue::Kind::Bool: return v.asBool() ? "true" : "false";
    case ConfigValue::Kind::Int: return v.toDisplay();
    case ConfigValue::Kind::Float: return std::isfinite(v.asFloat()) ? v.toDisplay() : "null";
    case ConfigValue::Kind::String: return jsonString(v.asString());
    case ConfigValue::Kind::List: {
        std::string out = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i) out += (i ? ", " : "") + jsonValue(v.items()[i]);
        return out + "]";
    }
    }
    return "null";
}

// Scalar keys and non-empty sections, merged into one sorted sequence, as Accelerate writes them.
std::vector<std::string> sortedTopLevelKeys(const ClusterConfig& c) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : c.values()) keys.push_back(k);
    for (const auto& [k, s] : c.sections())
        if (!s.empty()) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    return keys;
}

bool isLegacyTopLevel(const std::string& key) {
    const KeySpec* spec = findTopLevelKey(key);
    return !spec || !spec->legacyNote.empty();
}

}  // namespace

ClusterConfig normalizedForWriting(const ClusterConfig& in) {
    ClusterConfig c;
    for (const auto& [key, value] : in.values())
        if (!isLegacyTopLevel(key)) c.set(key, value);
    for (const auto& [name, section] : in.sections()) {
        if (isLegacyTopLevel(name)) continue;
        for (const auto& [key, value] : section) {
            const KeySpec* spec = findSectionKey(name, key);
            if (spec && !spec->legacyNote.empty()) continue;  // converted by the reader
            c.setSectionValue(name, key, value);
        }
    }
    if (auto mp = c.value("mixed_precision"); mp && mp->isString()) c.setString("mixed_precision", c.mixedPrecision());
    if (auto gpu = c.value("gpu_ids"); gpu && !gpu->isString()) c.setString("gpu_ids", gpu->toDisplay());

    // fp8: runtime names, upper-case backend.
    if (auto b = c.sectionValue("fp8_config", "backend"); b && b->isString()) {
        std::string upper = b->asString();
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        c.setSectionValue("fp8_config", "backend", ConfigValue::string(upper));
    }
    // FSDP.
    if (!c.section("fsdp_config").empty()) {
        const long long version = c.sectionIntOr("fsdp_config", "fsdp_version", 1);
        if (version >= 2) {
            for (const char* key : {"fsdp_backward_prefetch", "fsdp_forward_prefetch", "fsdp_use_orig_params",
                                    "fsdp_sync_module_states", "fsdp_sharding_strategy"})
                c.removeSectionValue("fsdp_config", key);
        } else if (auto r = c.sectionValue("fsdp_config", "fsdp_reshard_after_forward"); r && r->isString() &&
                   r->asString() != "FULL_SHARD" && !c.sectionValue("fsdp_config", "fsdp_sharding_strategy")) {
            c.setSectionValue("fsdp_config", "fsdp_sharding_strategy", *r);
        }
    }
    // DeepSpeed with a json file: the json owns these (Accelerate's worker refuses duplicates).
    if (c.sectionValue("deepspeed_config", "deepspeed_config_file")) {
        for (const char* key : {"gradient_accumulation_steps", "gradient_clipping", "zero_stage",
                                "offload_optimizer_device", "offload_param_device", "offload_param_nvme_path",
                                "offload_optimizer_nvme_path", "zero3_save_16bit_model"})
            c.removeSectionValue("deepspeed_config", key);
        c.remove("mixed_precision");
    }
    return c;
}

std::string toYaml(const ClusterConfig& config) {
    const ClusterConfig c = normalizedForWriting(config);
    const std::vector<std::string> keys = sortedTopLevelKeys(c);
    if (keys.empty()) return {};
    YAML::Emitter out;
    out << YAML::BeginMap;
    for (const auto& key : keys) {
        if (auto v = c.value(key)) {
            const KeySpec* spec = findTopLevelKey(key);
            emitEntry(out, key, *v, spec && spec->alwaysQuote);
            continue;
        }
        out << YAML::Key << key << YAML::Value << YAML::BeginMap;
        for (const auto& [inner, value] : c.section(key)) {
            const KeySpec* spec = findSectionKey(key, inner);
            emitEntry(out, inner, value, spec && spec->alwaysQuote);
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string toJson(const ClusterConfig& config) {
    const ClusterConfig c = normalizedForWriting(config);
    const std::vector<std::string> keys = sortedTopLevelKeys(c);
    std::string out = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        out += (i ? ",\n  " : "\n  ") + jsonString(keys[i]) + ": ";
        if (auto v = c.value(keys[i])) {
            out += jsonValue(*v);
            continue;
        }
        out += "{";
        std::size_t j = 0;
        for (const auto& [inner, value] : c.section(keys[i]))
            out += (j++ ? ",\n    " : "\n    ") + jsonString(inner) + ": " + jsonValue(value);
        out += "\n  }";
    }
    return out + "\n}\n";
}

Status writeConfigFile(const ClusterConfig& config, const std::string& path) {
    namespace fs = std::filesystem;
    const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    const std::string text = json ? toJson(config) : toYaml(config);
    std::error_code ec;
    const fs::path target(path);
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    if (ec) return Status::error("Cannot create the folder of '" + path + "': " + ec.message() + ".");
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return Status::error("Cannot write '" + temporary + "': " + std::strerror(errno) + ".");
        out << text;
        out.flush();
        if (!out) return Status::error("Writing '" + temporary + "' failed (disk full?).");
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary);
        return Status::error("Cannot replace '" + path + "': " + ec.message() + ".");
    }
    return Status::success();
}

}  // namespace catapult
