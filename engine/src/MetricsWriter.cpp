#include "catapult/MetricsWriter.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

namespace catapult {

void JsonObject::key(const std::string& k) {
    if (!m_body.empty()) m_body += ',';
    m_body += quote(k);
    m_body += ':';
}

JsonObject& JsonObject::add(const std::string& k, double value) {
    key(k);
    if (!std::isfinite(value)) {
        m_body += "null";
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.9g", value);
        m_body += buf;
    }
    return *this;
}

JsonObject& JsonObject::add(const std::string& k, int64_t value) {
    key(k);
    m_body += std::to_string(value);
    return *this;
}

JsonObject& JsonObject::add(const std::string& k, const std::string& value) {
    key(k);
    m_body += quote(value);
    return *this;
}

JsonObject& JsonObject::add(const std::string& k, bool value) {
    key(k);
    m_body += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::addRaw(const std::string& k, const std::string& json) {
    key(k);
    m_body += json;
    return *this;
}

std::string JsonObject::quote(const std::string& text) {
    // Bytes that are not UTF-8 become U+FFFD, so every line stays valid JSON.
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

MetricsWriter::MetricsWriter(const std::string& runDir, bool toStdout) : m_toStdout(toStdout) {
    if (runDir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(runDir, ec);
    m_path = (std::filesystem::path(runDir) / "metrics.jsonl").string();
    m_file = std::fopen(m_path.c_str(), "a");
    if (!m_file) std::fprintf(stderr, "warning: cannot append to %s; metrics go to stdout only\n", m_path.c_str());
}

MetricsWriter::~MetricsWriter() {
    if (m_file) std::fclose(m_file);
}

void MetricsWriter::write(const JsonObject& object) {
    const std::string line = object.str();
    if (m_toStdout) {
        std::fprintf(stdout, "%s%s\n", kMetricsPrefix, line.c_str());
        std::fflush(stdout);
    }
    if (m_file) {
        std::fprintf(m_file, "%s\n", line.c_str());
        std::fflush(m_file);
    }
}

}  // namespace catapult
