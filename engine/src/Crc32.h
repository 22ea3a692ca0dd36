#pragma once
// CRC-32 (the polynomial of zip, PNG and Python's zlib.crc32), so a checkpoint's checksums
// can be verified with `python3 -c "import zlib; ..."`. Internal to the engine.

#include <cstddef>
#include <cstdint>

namespace catapult {

// Continues `crc` (start with 0) over `size` bytes.
uint32_t crc32Update(uint32_t crc, const void* data, std::size_t size);

}  // namespace catapult
