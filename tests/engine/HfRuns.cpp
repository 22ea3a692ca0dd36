#include "HfRuns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

namespace catapult::test {
namespace {

// The last lines of the file a command's output went to ("... > \"FILE\" 2>&1"), to say why it failed.
std::string logTail(const std::string& command) {
    const std::size_t redirect = command.rfind("> \"");
    if (redirect == std::string::npos) return "";
    const std::string path = command.substr(redirect + 3, command.find('"', redirect + 3) - redirect - 3);
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::string tail = "\n--- the end of " + path + ":";
    for (std::size_t i = lines.size() > 30 ? lines.size() - 30 : 0; i < lines.size(); ++i) tail += "\n" + lines[i];
    return tail;
}

}  // namespace

RunLines readRun(const std::string& runDir) {
    RunLines lines;
    std::ifstream in(runDir + "/metrics.jsonl");
    for (std::string line; std::getline(in, line);) {
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) continue;
        if (j["type"] == "step") lines.losses.push_back(j["loss"].get<double>());
        if (j["type"] == "started") lines.started = j;
        if (j["type"] == "alert") lines.alerts.push_back(j);
        if (j["type"] == "eval") {
            lines.evalLosses.push_back(j["loss"].get<double>());
            lines.evalSteps.push_back(j["step"].get<int64_t>());
        }
    }
    return lines;
}

double worstRelativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) worst = std::max(worst, std::abs(a[i] - b[i]) / std::abs(b[i]));
    return worst;
}

bool runCommand(const std::string& command) {
    const int rc = std::system(command.c_str());
    EXPECT_EQ(rc, 0) << command << logTail(command);
    return rc == 0;
}

}  // namespace catapult::test
