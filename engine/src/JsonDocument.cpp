#include "JsonDocument.h"

#include <limits>

namespace catapult {

Result<nlohmann::json> parseJson(std::string_view text) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // what() is "[json.exception.parse_error.101] parse error at line 1, column 9: ...";
        // `byte` counts from 1 and points at the last character read.
        std::string reason = e.what();
        if (const auto end = reason.find("] "); end != std::string::npos) reason.erase(0, end + 2);
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        return Status::error("malformed JSON at byte " + std::to_string(offset) + ": " + reason);
    } catch (const nlohmann::json::exception& e) {
        return Status::error(std::string("malformed JSON: ") + e.what());
    }
}

const nlohmann::json* findMember(const nlohmann::json& object, const std::string& key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

int64_t integerOf(const nlohmann::json& value) {
    if (value.is_number_unsigned())
        return value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                   ? static_cast<int64_t>(value.get<uint64_t>())
                   : 0;
    return value.is_number_integer() ? value.get<int64_t>() : 0;
}

std::string stringOf(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : std::string(); }

}  // namespace catapult
