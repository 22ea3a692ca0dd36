#pragma once
// A file written for a checkpoint: its room is reserved up front (posix_fallocate, so a full
// disk is reported before anything is written), the bytes are checksummed as they are
// written (CRC-32), and finish() flushes them to the device (fsync) before closing.
//
// Errors: every step throws std::runtime_error naming the path and the system's reason
// ("No space left on device"). A file that was not finished is removed by the destructor.
// Thread safety: one writer per file.

#include <cstddef>
#include <cstdint>
#include <string>

namespace catapult {

struct FileDigest {
    int64_t bytes = 0;
    uint32_t crc32 = 0;
};

class DurableFile {
public:
    DurableFile(std::string path, int64_t reserveBytes);
    ~DurableFile();
    DurableFile(const DurableFile&) = delete;
    DurableFile& operator=(const DurableFile&) = delete;

    void append(const void* data, std::size_t size);
    FileDigest finish();

    // Writes `text` as a whole file the same way.
    static FileDigest writeAll(const std::string& path, const std::string& text);
    // The size and CRC-32 of a file's contents. Throws naming the path when unreadable.
    static FileDigest digestOf(const std::string& path);
    // fsync on a directory, so the names created or renamed in it are on the device.
    static void syncDirectory(const std::string& path);

private:
    [[noreturn]] void fail(const char* what) const;

    std::string m_path;
    int m_fd = -1;
    FileDigest m_digest;
};

}  // namespace catapult
