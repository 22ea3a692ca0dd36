#include "catapult/ConfigValue.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace catapult {

ConfigValue ConfigValue::boolean(bool value) {
    ConfigValue v(Kind::Bool);
    v.m_bool = value;
    return v;
}

ConfigValue ConfigValue::integer(long long value) {
    ConfigValue v(Kind::Int);
    v.m_int = value;
    return v;
}

ConfigValue ConfigValue::real(double value) {
    ConfigValue v(Kind::Float);
    v.m_float = value;
    return v;
}

ConfigValue ConfigValue::string(std::string value) {
    ConfigValue v(Kind::String);
    v.m_string = std::move(value);
    return v;
}

ConfigValue ConfigValue::list(std::vector<ConfigValue> items) {
    ConfigValue v(Kind::List);
    v.m_items = std::move(items);
    return v;
}

std::string ConfigValue::toDisplay() const {
    switch (m_kind) {
    case Kind::Bool: return m_bool ? "true" : "false";
    case Kind::Int: return std::to_string(m_int);
    case Kind::Float: {
        if (std::isnan(m_float)) return ".nan";
        if (std::isinf(m_float)) return m_float > 0 ? ".inf" : "-.inf";
        // As Python's repr: the shortest text that reads back, with a ".0" for whole numbers.
        char buffer[64];
        for (int precision = 1; precision <= 17; ++precision) {
            std::snprintf(buffer, sizeof buffer, "%.*g", precision, m_float);
            if (std::strtod(buffer, nullptr) == m_float) break;
        }
        std::string text = buffer;
        if (text.find_first_of(".eE") == std::string::npos) text += ".0";
        return text;
    }
    case Kind::String: return m_string;
    case Kind::List: {
        std::string text = "[";
        for (std::size_t i = 0; i < m_items.size(); ++i) text += (i ? ", " : "") + m_items[i].toDisplay();
        return text + "]";
    }
    }
    return {};
}

std::string ConfigValue::kindName() const {
    switch (m_kind) {
    case Kind::Bool: return "a boolean";
    case Kind::Int: return "an integer";
    case Kind::Float: return "a number";
    case Kind::String: return "a string";
    case Kind::List: return "a list";
    }
    return {};
}

bool ConfigValue::operator==(const ConfigValue& o) const {
    if (m_kind != o.m_kind) return false;
    switch (m_kind) {
    case Kind::Bool: return m_bool == o.m_bool;
    case Kind::Int: return m_int == o.m_int;
    case Kind::Float: return m_float == o.m_float;
    case Kind::String: return m_string == o.m_string;
    case Kind::List: return m_items == o.m_items;
    }
    return false;
}

}  // namespace catapult
