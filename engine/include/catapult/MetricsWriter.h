#pragma once
// The metrics line protocol: one JSON object per line, prefixed by "@catapult ", on stdout;
// the same lines are appended to <run dir>/metrics.jsonl when a run directory is set.
// Everything else a worker prints is log. See README, "Metrics line protocol".
//
// Thread safety: not thread-safe; one writer per process.

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace catapult {

inline constexpr const char* kMetricsPrefix = "@catapult ";

// A small ordered JSON object builder (numbers, strings, booleans, nested raw JSON).
class JsonObject {
public:
    JsonObject& add(const std::string& key, double value);  // NaN/inf are written as null
    JsonObject& add(const std::string& key, int64_t value);
    JsonObject& add(const std::string& key, int value) { return add(key, static_cast<int64_t>(value)); }
    JsonObject& add(const std::string& key, const std::string& value);
    JsonObject& add(const std::string& key, const char* value) { return add(key, std::string(value)); }
    JsonObject& add(const std::string& key, bool value);
    JsonObject& addRaw(const std::string& key, const std::string& json);
    std::string str() const { return "{" + m_body + "}"; }

    static std::string quote(const std::string& text);

private:
    void key(const std::string& k);
    std::string m_body;
};

class MetricsWriter {
public:
    // `runDir` may be empty (no file). `toStdout` false silences the stdout copy.
    explicit MetricsWriter(const std::string& runDir, bool toStdout = true);
    ~MetricsWriter();
    MetricsWriter(const MetricsWriter&) = delete;
    MetricsWriter& operator=(const MetricsWriter&) = delete;

    // Writes one line: the object must contain "type".
    void write(const JsonObject& object);
    const std::string& filePath() const { return m_path; }

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
    bool m_toStdout;
};

}  // namespace catapult
