#include "MappedSafetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "JsonDocument.h"
#include "SafetensorsFile.h"

namespace catapult {
namespace {

std::optional<torch::Dtype> dtypeNamed(const std::string& name) {
    for (const auto& [type, text] : safetensorsDtypeNames())
        if (text == name) return type;
    return std::nullopt;
}

std::string systemError() { return std::strerror(errno); }

}  // namespace

Result<std::shared_ptr<MappedSafetensors>> MappedSafetensors::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::error(path + ": cannot open: " + systemError());
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size < 8) {
        ::close(fd);
        return Status::error(path + ": not a safetensors file (shorter than its 8-byte header length)");
    }
    void* base = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (base == MAP_FAILED) return Status::error(path + ": cannot map: " + systemError());
    std::shared_ptr<MappedSafetensors> file(new MappedSafetensors);
    const std::size_t size = static_cast<std::size_t>(st.st_size);
    file->m_path = path;
    file->m_size = size;
    file->m_mapping = std::shared_ptr<void>(base, [size](void* p) { ::munmap(p, size); });
    uint64_t headerBytes = 0;
    std::memcpy(&headerBytes, base, 8);  // little-endian, as every machine the engine runs on
    if (headerBytes > size - 8) return Status::error(path + ": its header length runs past the end of the file");
    if (Status s = file->parseHeader(static_cast<std::size_t>(headerBytes)); !s.ok()) return s;
    return file;
}

MappedSafetensors::~MappedSafetensors() = default;

Status MappedSafetensors::parseHeader(std::size_t headerBytes) {
    const char* text = static_cast<const char*>(m_mapping.get()) + 8;
    auto header = parseJson(std::string_view(text, headerBytes));
    if (!header.ok()) return Status::error(m_path + ": header: " + header.status().message());
    if (!header.value().is_object()) return Status::error(m_path + ": header is not a JSON object");
    m_dataStart = 8 + headerBytes;
    const std::size_t dataBytes = m_size - m_dataStart;
    for (const auto& [name, spec] : header.value().items()) {
        if (name == "__metadata__") continue;
        const auto dtype = dtypeNamed(stringOf(spec.value("dtype", nlohmann::json())));
        const nlohmann::json* shape = findMember(spec, "shape");
        const nlohmann::json* offsets = findMember(spec, "data_offsets");
        if (!dtype || !shape || !shape->is_array() || !offsets || !offsets->is_array() || offsets->size() != 2)
            return Status::error(m_path + ": tensor " + name + " has no usable dtype, shape or data_offsets");
        Entry e{*dtype, {}, static_cast<std::size_t>(integerOf((*offsets)[0])), static_cast<std::size_t>(integerOf((*offsets)[1]))};
        int64_t elements = 1;
        for (const auto& d : *shape) {
            e.shape.push_back(integerOf(d));
            elements *= e.shape.back();
        }
        const std::size_t expected = static_cast<std::size_t>(elements) * torch::elementSize(e.dtype);
        if (e.end < e.begin || e.end > dataBytes || e.end - e.begin != expected)
            return Status::error(m_path + ": tensor " + name + "'s data_offsets do not fit its shape or the file");
        m_entries.emplace(name, std::move(e));
    }
    return Status::success();
}

std::vector<std::string> MappedSafetensors::names() const {
    std::vector<std::string> out;
    for (const auto& [name, entry] : m_entries) out.push_back(name);
    return out;
}

Result<torch::Tensor> MappedSafetensors::tensor(const std::string& name) const {
    auto it = m_entries.find(name);
    if (it == m_entries.end()) return Status::error(m_path + ": has no tensor " + name);
    const Entry& e = it->second;
    char* data = static_cast<char*>(m_mapping.get()) + m_dataStart + e.begin;
    std::shared_ptr<void> keep = m_mapping;
    return torch::from_blob(data, e.shape, [keep](void*) mutable { keep.reset(); }, torch::TensorOptions().dtype(e.dtype));
}

namespace {

void advise(const torch::Tensor& view, int advice) {
    static const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto start = reinterpret_cast<uintptr_t>(view.data_ptr());
    const uintptr_t begin = start & ~(page - 1), end = start + view.nbytes();
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, advice);
}

}  // namespace

void MappedSafetensors::dropPages(const torch::Tensor& view) { advise(view, MADV_DONTNEED); }
void MappedSafetensors::prefetch(const torch::Tensor& view) { advise(view, MADV_WILLNEED); }

}  // namespace catapult
