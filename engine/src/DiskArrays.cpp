#include "DiskArrays.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace catapult {
namespace {

int64_t alignUp(int64_t n) {
    const auto a = static_cast<int64_t>(DiskArrays::kAlignment);
    return (n + a - 1) / a * a;
}

std::string errorText() { return std::strerror(errno); }

}  // namespace

DiskArrays::DiskArrays(const std::string& directory, const std::string& label) {
    struct stat st{};
    if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw std::runtime_error("the " + label + " offload directory " + directory +
                                 " does not exist (set the nvme path to a directory on a fast local disk).");
    m_path = directory + "/catapult-" + std::to_string(::getpid()) + "-" + label + ".bin";
    m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_DIRECT | O_CLOEXEC, 0600);
    m_direct = m_fd >= 0;
    if (m_fd < 0 && errno == EINVAL) m_fd = ::open(m_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (m_fd < 0) throw std::runtime_error("cannot create " + m_path + ": " + errorText() + ".");
}

DiskArrays::~DiskArrays() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_path.empty()) ::unlink(m_path.c_str());
}

int64_t DiskArrays::allocate(int64_t count) {
    const int64_t offset = m_size;
    const int64_t bytes = alignUp(count * static_cast<int64_t>(sizeof(float)));
    if (const int rc = ::posix_fallocate(m_fd, offset, bytes); rc != 0)
        throw std::runtime_error("cannot reserve " + std::to_string(bytes >> 20) + " MiB in " + m_path + ": " +
                                 std::strerror(rc) + ".");
    m_size += bytes;
    return offset;
}

void DiskArrays::io(bool writing, int64_t offset, int64_t bytes, char* buffer) const {
    while (bytes > 0) {
        const ssize_t n = writing ? ::pwrite(m_fd, buffer, static_cast<std::size_t>(bytes), offset)
                                  : ::pread(m_fd, buffer, static_cast<std::size_t>(bytes), offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw std::runtime_error(std::string(writing ? "writing " : "reading ") + m_path + " failed: " +
                                     (n < 0 ? errorText() : std::string("unexpected end of file")) + ".");
        offset += n;
        bytes -= n;
        buffer += n;
    }
}

void DiskArrays::read(int64_t region, int64_t index, int64_t count, float* buffer) const {
    // Whole aligned blocks: the callers' blocks start at multiples of 1024 floats, and a
    // region's tail beyond `count` is padding inside the region.
    io(false, region + index * 4, alignUp(count * 4), reinterpret_cast<char*>(buffer));
}

void DiskArrays::write(int64_t region, int64_t index, int64_t count, const float* buffer) {
    const int64_t bytes = alignUp(count * 4);
    io(true, region + index * 4, bytes, reinterpret_cast<char*>(const_cast<float*>(buffer)));
    if (!m_direct) {
        ::fdatasync(m_fd);
        ::posix_fadvise(m_fd, region + index * 4, bytes, POSIX_FADV_DONTNEED);
    }
}

}  // namespace catapult
