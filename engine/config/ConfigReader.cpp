#include "catapult/ConfigReader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "catapult/ConfigSchema.h"

namespace catapult {
namespace {

// YAML 1.1 implicit typing as PyYAML's safe_load applies it to plain (unquoted) scalars.
std::optional<ConfigValue> resolvePlain(const std::string& s) {
    static const std::regex nullRe("^(~|null|Null|NULL|)$");
    static const std::regex trueRe("^(yes|Yes|YES|true|True|TRUE|on|On|ON)$");
    static const std::regex falseRe("^(no|No|NO|false|False|FALSE|off|Off|OFF)$");
    static const std::regex intRe("^[-+]?(0|[1-9][0-9_]*)$");
    static const std::regex hexRe("^[-+]?0x[0-9a-fA-F_]+$");
    static const std::regex octRe("^[-+]?0[0-7_]+$");
    static const std::regex floatRe("^[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?$");
    static const std::regex infRe("^[-+]?\\.(inf|Inf|INF)$");
    static const std::regex nanRe("^\\.(nan|NaN|NAN)$");
    if (std::regex_match(s, nullRe)) return std::nullopt;
    if (std::regex_match(s, trueRe)) return ConfigValue::boolean(true);
    if (std::regex_match(s, falseRe)) return ConfigValue::boolean(false);
    std::string digits = s;
    digits.erase(std::remove(digits.begin(), digits.end(), '_'), digits.end());
    if (std::regex_match(s, intRe)) return ConfigValue::integer(std::strtoll(digits.c_str(), nullptr, 10));
    if (std::regex_match(s, hexRe)) return ConfigValue::integer(std::strtoll(digits.c_str(), nullptr, 16));
    if (std::regex_match(s, octRe)) return ConfigValue::integer(std::strtoll(digits.c_str(), nullptr, 8));
    if (s != "." && std::regex_match(s, floatRe)) return ConfigValue::real(std::strtod(digits.c_str(), nullptr));
    if (std::regex_match(s, infRe)) return ConfigValue::real(s[0] == '-' ? -HUGE_VAL : HUGE_VAL);
    if (std::regex_match(s, nanRe)) return ConfigValue::real(NAN);
    return ConfigValue::string(s);
}

// nullopt for null. Maps are not values (sections are handled by the caller).
std::optional<ConfigValue> toValue(const YAML::Node& node) {
    if (!node || node.IsNull()) return std::nullopt;
    if (node.IsScalar()) {
        if (node.Tag() == "!") return ConfigValue::string(node.Scalar());  // quoted: always a string
        return resolvePlain(node.Scalar());
    }
    if (node.IsSequence()) {
        std::vector<ConfigValue> items;
        for (const auto& item : node)
            if (auto v = toValue(item)) items.push_back(*v);
        return ConfigValue::list(std::move(items));
    }
    return ConfigValue::string(YAML::Dump(node));  // a mapping where a value was expected: keep its text
}

ConfigIssue note(const std::string& key, const char* text, std::vector<std::string> args) {
    return {ConfigIssue::Severity::Note, key, text, std::move(args)};
}

void convertFp8Names(ClusterConfig& c, const std::string& path, std::vector<ConfigIssue>& notes) {
    static const std::pair<const char*, const char*> renames[] = {{"amax_history_length", "amax_history_len"},
                                                                  {"amax_compute_algorithm", "amax_compute_algo"},
                                                                  {"optimization_level", "opt_level"}};
    for (const auto& [from, to] : renames) {
        auto v = c.sectionValue("fp8_config", from);
        if (!v) continue;
        if (!c.sectionValue("fp8_config", to)) c.setSectionValue("fp8_config", to, *v);
        c.removeSectionValue("fp8_config", from);
        notes.push_back(note(std::string("fp8_config.") + from,
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: fp8_config.%2 is the name Accelerate's questionnaire writes "
                                                           "but its runtime never reads; imported as %3."),
                             {path, from, to}));
    }
    if (auto olp = c.sectionValue("fp8_config", "override_linear_precision"); olp && olp->isString()) {
        // "(false, false, false)": a string in YAML; Accelerate would export garbage from it.
        std::vector<ConfigValue> flags;
        std::stringstream ss(olp->asString());
        std::string part;
        while (std::getline(ss, part, ',')) {
            part.erase(std::remove_if(part.begin(), part.end(), [](char ch) { return ch == '(' || ch == ')' || ch == ' '; }),
                       part.end());
            if (auto v = resolvePlain(part); v && v->isBool()) flags.push_back(*v);
        }
        if (flags.size() == 3) {
            c.setSectionValue("fp8_config", "override_linear_precision", ConfigValue::list(flags));
            notes.push_back(note("fp8_config.override_linear_precision",
                                 CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: override_linear_precision was the string '%2'; "
                                                               "imported as a list of three booleans."),
                                 {path, olp->asString()}));
        }
    }
    if (auto backend = c.sectionValue("fp8_config", "backend"); backend && backend->isString()) {
        std::string upper = backend->asString();
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        c.setSectionValue("fp8_config", "backend", ConfigValue::string(upper));
    }
}

}  // namespace

std::string defaultConfigPath() {
    if (const char* hf = std::getenv("HF_HOME"); hf && *hf) return std::string(hf) + "/accelerate/default_config.yaml";
    std::string cache;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) cache = xdg;
    else cache = std::string(std::getenv("HOME") ? std::getenv("HOME") : "") + "/.cache";
    return cache + "/huggingface/accelerate/default_config.yaml";
}

Result<LoadedConfig> readConfigFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::error("Config file '" + path + "' does not exist or cannot be read.");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return parseConfigText(buffer.str(), path);
}

namespace {

// The keys of the YAML mapping into `c`, sections as sections; unknown top-level keys refuse
// the file, as Accelerate does.
Status readKeys(const YAML::Node& root, const std::string& path, ClusterConfig& c) {
    std::vector<std::string> unknown;
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        const KeySpec* spec = findTopLevelKey(key);
        if (!spec) {
            unknown.push_back(key);
            continue;
        }
        if (spec->type != ValueType::Section) {
            if (auto v = toValue(kv.second)) c.set(key, *v);
            continue;
        }
        if (kv.second.IsNull()) continue;
        if (!kv.second.IsMap())
            return Status::error(path + ": " + key + " must be a mapping of keys to values, not '" + YAML::Dump(kv.second) + "'.");
        for (const auto& inner : kv.second)
            if (auto v = toValue(inner.second)) c.setSectionValue(key, inner.first.as<std::string>(), *v);
    }
    if (unknown.empty()) return Status::success();
    std::sort(unknown.begin(), unknown.end());
    std::string list;
    for (const auto& k : unknown) list += (list.empty() ? "" : ", ") + k;
    return Status::error("The config file at " + path + " has unknown keys (" + list +
                         "); Accelerate refuses such a file. Remove them or fix their spelling.");
}

// What every Accelerate launch needs: a local compute environment and a distributed_type.
Status checkRequired(ClusterConfig& c, const std::string& path, std::vector<ConfigIssue>& notes) {
    if (c.stringOr("compute_environment", "LOCAL_MACHINE") != "LOCAL_MACHINE")
        return Status::error(path + ": compute_environment " + c.value("compute_environment")->toDisplay() +
                             " (SageMaker) is not supported; Catapult launches on this machine and over SSH.");
    auto dt = c.value("distributed_type");
    if (!dt) return Status::error(path + ": a distributed_type must be specified in the config file.");
    if (dt->isBool() && !dt->asBool()) {  // an unquoted NO reads as false
        c.setString("distributed_type", "NO");
        notes.push_back(note("distributed_type",
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: distributed_type NO is unquoted, which YAML reads as false; "
                                                           "read as 'NO' and written quoted."),
                             {path}));
    }
    return Status::success();
}

// Values YAML typed other than Accelerate means them: an unquoted `no`, numbers for strings.
void fixYamlTyping(ClusterConfig& c, const std::string& path, std::vector<ConfigIssue>& notes) {
    if (auto mp = c.value("mixed_precision"); mp && mp->isBool() && !mp->asBool()) {
        c.setString("mixed_precision", "no");
        notes.push_back(note("mixed_precision",
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: mixed_precision no is unquoted, which YAML reads as false "
                                                           "(Accelerate would crash on it); read as 'no'."),
                             {path}));
    }
    for (const char* key : {"gpu_ids", "main_process_ip"}) {
        if (auto v = c.value(key); v && !v->isString()) {
            c.setString(key, v->toDisplay());
            notes.push_back(note(key,
                                 CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: %2 was written as a number (%3); read as the string "
                                                               "'%3' and written quoted."),
                                 {path, key, v->toDisplay()}));
        }
    }
}

// Keys older Accelerate versions wrote, in their present form.
void convertLegacyKeys(ClusterConfig& c, const std::string& path, std::vector<ConfigIssue>& notes) {
    if (auto fp16 = c.value("fp16")) {
        if (!c.value("mixed_precision") && fp16->isBool() && fp16->asBool()) c.setString("mixed_precision", "fp16");
        c.remove("fp16");
        notes.push_back(note("fp16", CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: the legacy key fp16: %2 was converted to mixed_precision %3."),
                             {path, fp16->toDisplay(), c.mixedPrecision()}));
    }
    if (auto backend = c.value("dynamo_backend")) {
        std::string b = backend->toDisplay();
        std::transform(b.begin(), b.end(), b.begin(), ::toupper);
        if (b != "NO" && b != "FALSE") c.setSectionValue("dynamo_config", "dynamo_backend", ConfigValue::string(b));
        c.remove("dynamo_backend");
        notes.push_back(note("dynamo_backend",
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: the legacy top-level dynamo_backend was moved into dynamo_config."),
                             {path}));
    }
    if (!c.section("ipex_config").empty()) {
        c.clearSection("ipex_config");
        notes.push_back(note("ipex_config",
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: ipex_config (Intel Extension for PyTorch, Accelerate 0.2x) "
                                                           "was dropped: Accelerate 1.x refuses the key."),
                             {path}));
    }
    convertFp8Names(c, path, notes);
}

// Accelerate's process_config defaults.
void applyDefaults(ClusterConfig& c) {
    if (!c.value("compute_environment")) c.setString("compute_environment", "LOCAL_MACHINE");
    if (!c.value("num_processes") && c.distributedType() == "NO") c.setInt("num_processes", 1);
    for (const char* key : {"use_cpu", "debug", "enable_cpu_affinity"})
        if (!c.value(key)) c.setBool(key, false);
}

// Section keys the schema does not know: loaded, but a warning (a misspelling does nothing).
void warnUnknownSectionKeys(const ClusterConfig& c, const std::string& path, std::vector<ConfigIssue>& notes) {
    for (const auto& [section, values] : c.sections()) {
        for (const auto& entry : values) {
            if (findSectionKey(section, entry.first)) continue;
            notes.push_back({ConfigIssue::Severity::Warning, section + "." + entry.first,
                             CATAPULT_TRANSLATE_NOOP("ConfigIssue", "%1: unknown key %2 in %3; Accelerate loads it without "
                                                           "checking and may pass it to the workers. Check its spelling."),
                             {path, entry.first, section}});
        }
    }
}

}  // namespace

Result<LoadedConfig> parseConfigText(const std::string& text, const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return Status::error("Config file '" + path + "' is not valid YAML: " + e.what());
    }
    if (!root || root.IsNull()) return Status::error("Config file '" + path + "' is empty.");
    if (!root.IsMap()) return Status::error("Config file '" + path + "' is not a mapping of keys to values.");
    LoadedConfig loaded;
    loaded.path = path;
    if (Status s = readKeys(root, path, loaded.config); !s.ok()) return s;
    if (Status s = checkRequired(loaded.config, path, loaded.notes); !s.ok()) return s;
    fixYamlTyping(loaded.config, path, loaded.notes);
    convertLegacyKeys(loaded.config, path, loaded.notes);
    applyDefaults(loaded.config);
    warnUnknownSectionKeys(loaded.config, path, loaded.notes);
    return loaded;
}

}  // namespace catapult
