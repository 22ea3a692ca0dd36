#include "DurableFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace catapult {
namespace {

// zlib's CRC-32: the checksums in a manifest can be checked with Python's zlib.crc32.
uint32_t crc32Update(uint32_t crc, const void* data, std::size_t size) {
    return static_cast<uint32_t>(::crc32_z(crc, static_cast<const Bytef*>(data), size));
}

}  // namespace

DurableFile::DurableFile(std::string path, int64_t reserveBytes) : m_path(std::move(path)) {
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) fail("cannot create");
    if (reserveBytes > 0) {
        const int rc = ::posix_fallocate(m_fd, 0, reserveBytes);
        if (rc != 0 && rc != EOPNOTSUPP && rc != EINVAL) {
            errno = rc;
            fail(("cannot reserve " + std::to_string(reserveBytes) + " bytes for").c_str());
        }
    }
}

DurableFile::~DurableFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_path.c_str());
    }
}

void DurableFile::fail(const char* what) const {
    throw std::runtime_error(std::string(what) + " " + m_path + ": " + std::strerror(errno));
}

void DurableFile::append(const void* data, std::size_t size) {
    m_digest.crc32 = crc32Update(m_digest.crc32, data, size);
    const auto* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write");
        }
        p += n;
        size -= static_cast<std::size_t>(n);
        m_digest.bytes += n;
    }
}

FileDigest DurableFile::finish() {
    if (::ftruncate(m_fd, m_digest.bytes) != 0) fail("cannot truncate");
    if (::fsync(m_fd) != 0) fail("cannot flush");
    const int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
        ::unlink(m_path.c_str());
        fail("cannot close");
    }
    return m_digest;
}

FileDigest DurableFile::writeAll(const std::string& path, const std::string& text) {
    DurableFile f(path, static_cast<int64_t>(text.size()));
    f.append(text.data(), text.size());
    return f.finish();
}

FileDigest DurableFile::digestOf(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    FileDigest d;
    std::vector<char> buffer(1 << 20);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            ::close(fd);
            throw std::runtime_error("cannot read " + path + ": " + std::strerror(e));
        }
        if (n == 0) break;
        d.crc32 = crc32Update(d.crc32, buffer.data(), static_cast<std::size_t>(n));
        d.bytes += n;
    }
    ::close(fd);
    return d;
}

void DurableFile::syncDirectory(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) throw std::runtime_error("cannot open directory " + path + ": " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int e = errno;
    ::close(fd);
    if (rc != 0 && e != EINVAL) throw std::runtime_error("cannot flush directory " + path + ": " + std::strerror(e));
}

}  // namespace catapult
