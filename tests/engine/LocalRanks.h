#pragma once
// Runs the processes of a test job on this machine without Qt, as the launcher does: each in
// its own process group, bound to this process's life (PR_SET_PDEATHSIG), its output and
// errors printed line by line prefixed "[rank N] " while the last lines are kept. When one
// fails, the others get SIGTERM, then SIGKILL after a 3 s grace period; past the time limit
// every rank is killed.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace catapult::test {

struct RankCommand {
    std::string program;                             // the file to execute
    std::vector<std::string> argv;                   // argv[0] included
    std::map<std::string, std::string> environment;  // the whole environment
};

struct RanksOutcome {
    bool success = false;
    int failingRank = -1;  // the first rank that failed, -1 if none did
    // e.g. "rank 1 exited with code 1", followed by that rank's last lines.
    std::string reason;
    std::vector<int> exitCodes;  // per rank: the exit code, 128 + signal when killed, -1 if it never ended
};

RanksOutcome runLocalRanks(const std::vector<RankCommand>& ranks, std::chrono::seconds timeLimit);

// This process's environment as a map.
std::map<std::string, std::string> processEnvironment();

}  // namespace catapult::test
