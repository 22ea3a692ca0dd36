#pragma once
// The schema of an Accelerate cluster config (docs/config-schema.md): every
// top-level key and every key of the nested sections, with its type and allowed values.
// The reader, the writer and the validator are driven by these tables.
//
// No Qt, no LibTorch. Thread safety: the tables are immutable after first use.

#include <string>
#include <vector>

namespace catapult {

enum class ValueType {
    Bool,
    Int,
    Float,           // an integer is accepted too
    String,
    BoolOrString,    // e.g. downcast_bf16 (false or 'no'), fsdp_reshard_after_forward (v2 bool, v1 strategy)
    IntOrString,     // e.g. fsdp_sharding_strategy (FULL_SHARD or 1..5)
    StringList,
    BoolList,
    Section          // a nested mapping (top level only)
};

struct KeySpec {
    std::string key;
    ValueType type;
    std::vector<std::string> choices;  // allowed string values; empty: any
    bool caseInsensitive = false;      // choices compared ignoring case (mixed_precision, dynamo backend)
    bool alwaysQuote = false;          // written as a quoted string even when it looks like a number
    std::string legacyNote;            // non-empty: accepted on import only, with this explanation
};

// Keys Accelerate 1.15's ClusterConfig accepts, plus the legacy keys older versions wrote.
const std::vector<KeySpec>& topLevelKeys();
// The nested section names, in schema order: fp8_config, deepspeed_config, fsdp_config, ...
const std::vector<std::string>& sectionNames();
// Keys of one section (empty for an unknown section).
const std::vector<KeySpec>& sectionKeys(const std::string& section);

// nullptr when the key is not in the schema.
const KeySpec* findTopLevelKey(const std::string& key);
const KeySpec* findSectionKey(const std::string& section, const std::string& key);

const std::vector<std::string>& distributedTypes();

}  // namespace catapult
