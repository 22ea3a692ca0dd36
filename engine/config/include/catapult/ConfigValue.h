#pragma once
// One value of an Accelerate config file as YAML (1.1, as PyYAML's safe_load) resolves it:
// a boolean, an integer, a float, a string or a list of values. Nulls are not values: a key
// whose value is null is absent, as Accelerate's writer drops it.
//
// No Qt, no LibTorch. Thread safety: plain value.

#include <string>
#include <vector>

namespace catapult {

class ConfigValue {
public:
    enum class Kind { Bool, Int, Float, String, List };

    ConfigValue() : m_kind(Kind::String) {}
    static ConfigValue boolean(bool value);
    static ConfigValue integer(long long value);
    static ConfigValue real(double value);
    static ConfigValue string(std::string value);
    static ConfigValue list(std::vector<ConfigValue> items);

    Kind kind() const { return m_kind; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isInt() const { return m_kind == Kind::Int; }
    bool isNumber() const { return m_kind == Kind::Int || m_kind == Kind::Float; }
    bool isString() const { return m_kind == Kind::String; }
    bool isList() const { return m_kind == Kind::List; }

    // REQUIRES: the matching kind (asFloat also accepts Int).
    bool asBool() const { return m_bool; }
    long long asInt() const { return m_int; }
    double asFloat() const { return m_kind == Kind::Int ? static_cast<double>(m_int) : m_float; }
    const std::string& asString() const { return m_string; }
    const std::vector<ConfigValue>& items() const { return m_items; }

    // How the value reads to a person: true, 3, 1.0, text, [a, b].
    std::string toDisplay() const;
    // The YAML kind name for messages: "a boolean", "an integer", ...
    std::string kindName() const;

    bool operator==(const ConfigValue& other) const;
    bool operator!=(const ConfigValue& other) const { return !(*this == other); }

private:
    explicit ConfigValue(Kind kind) : m_kind(kind) {}
    Kind m_kind;
    bool m_bool = false;
    long long m_int = 0;
    double m_float = 0.0;
    std::string m_string;
    std::vector<ConfigValue> m_items;
};

}  // namespace catapult
