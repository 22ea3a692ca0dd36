#pragma once
// Replaces a zero or busy TCP port by a free one chosen by the kernel.

namespace catapult {

// True if nothing listens on `port` on any local address (checked by binding it).
bool isPortFree(int port);
// `requested` when it is free, else a free port.
int resolvePort(int requested);

}  // namespace catapult
