#pragma once
// fp32 arrays kept in one file on disk (the nvme tier of ZeRO offload), read and written in
// large blocks. Regions are 4 KiB aligned; the file is opened with O_DIRECT where the file
// system allows it (so the page cache does not quietly keep what was moved off the host),
// falling back to buffered I/O with the written pages dropped from the cache.
//
// Errors: create() throws std::runtime_error naming the path (missing directory, no space,
// no permission). Thread safety: distinct regions may be read and written from different
// threads at once (pread/pwrite).

#include <cstddef>
#include <cstdint>
#include <string>

namespace catapult {

class DiskArrays {
public:
    // A file in `directory`, removed again by the destructor. `label` names it for messages.
    DiskArrays(const std::string& directory, const std::string& label);
    ~DiskArrays();
    DiskArrays(const DiskArrays&) = delete;
    DiskArrays& operator=(const DiskArrays&) = delete;

    // Reserves room for `count` floats, zero-filled; returns the region's byte offset.
    int64_t allocate(int64_t count);
    // Reads / writes `count` floats at element `index` of the region at `region`.
    // `buffer` must be aligned to kAlignment (see alignedFloats).
    void read(int64_t region, int64_t index, int64_t count, float* buffer) const;
    void write(int64_t region, int64_t index, int64_t count, const float* buffer);

    int64_t bytes() const { return m_size; }
    const std::string& path() const { return m_path; }
    bool direct() const { return m_direct; }

    static constexpr std::size_t kAlignment = 4096;

private:
    void io(bool writing, int64_t offset, int64_t bytes, char* buffer) const;

    std::string m_path;
    int m_fd = -1;
    bool m_direct = false;
    int64_t m_size = 0;
};

}  // namespace catapult
