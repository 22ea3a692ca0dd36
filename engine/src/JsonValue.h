#pragma once
// A parsed JSON document, for the files the engine reads back (checkpoint manifests,
// safetensors headers). Numbers are kept as double and, when integral, as int64 exactly.
// Internal to the engine; JsonObject (MetricsWriter.h) writes JSON.
//
// Errors: parse() returns an error naming the byte offset of the first problem.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

class JsonValue {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    static Result<JsonValue> parse(std::string_view text);

    Kind kind() const { return m_kind; }
    bool isObject() const { return m_kind == Kind::Object; }
    bool isArray() const { return m_kind == Kind::Array; }
    bool isString() const { return m_kind == Kind::String; }
    bool isNumber() const { return m_kind == Kind::Number; }
    bool isInteger() const { return m_kind == Kind::Number && m_integral; }

    bool boolean() const { return m_bool; }
    double number() const { return m_number; }
    int64_t integer() const { return m_integer; }
    const std::string& string() const { return m_string; }
    const std::vector<JsonValue>& items() const { return m_items; }
    const std::map<std::string, JsonValue>& members() const { return m_members; }
    // The member `key`, or nullptr (also for non-objects).
    const JsonValue* find(const std::string& key) const;

private:
    friend class JsonParser;
    Kind m_kind = Kind::Null;
    bool m_bool = false;
    bool m_integral = false;
    double m_number = 0;
    int64_t m_integer = 0;
    std::string m_string;
    std::vector<JsonValue> m_items;
    std::map<std::string, JsonValue> m_members;
};

}  // namespace catapult
