#pragma once
// Sizes as people write them on command lines: "5GB", "500MB", "2GiB", "100kB", "20GiB" or a
// number of bytes, with transformers' and Accelerate's units (kB/MB/GB/TB powers of 1000,
// KiB/MiB/GiB/TiB powers of 1024; any case). No LibTorch, no Qt.

#include <cstdint>
#include <string>

namespace catapult {

// The bytes, or -1 for text that is not a positive size.
int64_t parseByteSize(const std::string& text);

}  // namespace catapult
