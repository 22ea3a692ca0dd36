#pragma once
// The JSON documents the engine reads back (checkpoint manifests, safetensors headers), parsed
// with nlohmann-json. Internal to the engine; catapult/MetricsWriter.h's JsonObject writes
// metrics lines.
//
// Errors: parseJson() returns an error naming the byte offset and line of the first problem;
// no nlohmann exception leaves these functions.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "catapult/Status.h"

namespace catapult {

Result<nlohmann::json> parseJson(std::string_view text);

// The member `key` of an object, or nullptr (also when `object` is not an object).
const nlohmann::json* findMember(const nlohmann::json& object, const std::string& key);
// The value when it is an integer that fits int64 (no fraction, no exponent), else 0.
int64_t integerOf(const nlohmann::json& value);
// The value when it is a string, else "".
std::string stringOf(const nlohmann::json& value);

}  // namespace catapult
