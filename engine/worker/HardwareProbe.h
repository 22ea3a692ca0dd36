#pragma once
// `catapult-worker probe`: the facts about this machine that set-up and pre-flight need, as
// one JSON document on stdout (schema in README, "Hardware probe"). The same binary runs
// locally and on remote hosts over SSH, so one piece of code detects hardware everywhere.

#include <string>
#include <vector>

namespace catapult {

// Builds the JSON document. `diskPath` is the folder whose free space is reported.
std::string probeHardwareJson(const std::string& diskPath);
int runProbe(const std::vector<std::string>& args);

}  // namespace catapult
