#pragma once
// What the Hugging Face training tests read back from a run: the step and eval lines of its
// metrics.jsonl, and the started line; and a shell command run with its failure reported.

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace catapult::test {

struct RunLines {
    std::vector<double> losses;       // step lines
    std::vector<double> evalLosses;   // eval lines
    std::vector<int64_t> evalSteps;
    std::vector<nlohmann::json> alerts;
    nlohmann::json started;
};

RunLines readRun(const std::string& runDir);
// The largest |a[i] - b[i]| / |b[i]| over the common length.
double worstRelativeDifference(const std::vector<double>& a, const std::vector<double>& b);
// std::system(command), a test failure naming it unless it exits 0.
bool runCommand(const std::string& command);

}  // namespace catapult::test
