#pragma once
// Support for the engine tests (GoogleTest, no Qt): printed figure lines, temporary
// directories, free ports and readable names for parameterised rows.

#include <gtest/gtest.h>

#include <string>

namespace catapult::test {

// Prints one line (printf format, no newline needed) on stdout at once: the figures a test
// measured, next to its verdict.
void info(const char* format, ...) __attribute__((format(printf, 1, 2)));

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    bool isValid() const { return !m_path.empty(); }
    const std::string& path() const { return m_path; }
    std::string filePath(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

// A TCP port that was free a moment ago (the kernel's pick when binding port 0).
int freePort();

// "ZeRO-3 + parameter offload cpu, 2 ranks" -> "ZeRO_3_parameter_offload_cpu_2_ranks".
std::string identifier(const std::string& tag);

// Names a parameterised row after its `tag` (INSTANTIATE_TEST_SUITE_P's name generator).
template <class Row>
std::string rowName(const ::testing::TestParamInfo<Row>& info) {
    return identifier(info.param.tag);
}

}  // namespace catapult::test
