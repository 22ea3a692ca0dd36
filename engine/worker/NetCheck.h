#pragma once
// `catapult-worker netcheck`: the pre-flight check that the main process port can be bound on
// host 0 and reached from the other hosts, with nothing but this binary on each host.
//   catapult-worker netcheck listen --port P [--expect N] [--timeout_s S]
//     binds P on every address, prints {"event":"listening"}, then one {"event":"accepted",
//     "from":ADDR} per connection; exits 0 after N connections, 3 on timeout, 2 if P cannot
//     be bound (message names the reason, e.g. the port is in use).
//   catapult-worker netcheck connect --host H --port P [--timeout_s S]
//     exits 0 after {"event":"connected","local_address":ADDR}, else 1 with {"event":"error"}.

#include <string>
#include <vector>

namespace catapult {

int runNetCheck(const std::vector<std::string>& args);

}  // namespace catapult
