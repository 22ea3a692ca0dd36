#include "SafetensorsFile.h"

#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include "JsonDocument.h"

namespace catapult {

const std::map<torch::ScalarType, std::string>& safetensorsDtypeNames() {
    static const std::map<torch::ScalarType, std::string> names = {
        {torch::kFloat, "F32"}, {torch::kDouble, "F64"}, {torch::kHalf, "F16"},   {torch::kBFloat16, "BF16"},
        {torch::kLong, "I64"},  {torch::kInt, "I32"},    {torch::kShort, "I16"},  {torch::kChar, "I8"},
        {torch::kByte, "U8"},   {torch::kBool, "BOOL"},
    };
    return names;
}

FileDigest SafetensorsFile::write(const std::string& path, const std::vector<NamedTensor>& tensors,
                                  const std::map<std::string, std::string>& metadata) {
    std::vector<torch::Tensor> host;
    std::set<std::string> names;
    nlohmann::ordered_json entries = nlohmann::ordered_json::object();
    if (!metadata.empty()) entries["__metadata__"] = metadata;
    int64_t offset = 0;
    for (const NamedTensor& nt : tensors) {
        if (!names.insert(nt.name).second) throw std::invalid_argument("duplicate tensor name " + nt.name + " for " + path);
        auto it = safetensorsDtypeNames().find(nt.tensor.scalar_type());
        if (it == safetensorsDtypeNames().end())
            throw std::invalid_argument("tensor " + nt.name + " has a type safetensors cannot hold");
        torch::Tensor t = nt.tensor.detach().to(torch::kCPU).contiguous();
        const int64_t bytes = static_cast<int64_t>(t.numel() * t.element_size());
        entries[nt.name] = {{"dtype", it->second}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        host.push_back(std::move(t));
    }
    std::string header = entries.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    while (header.size() % 8 != 0) header += ' ';
    const uint64_t length = header.size();
    unsigned char prefix[8];
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>((length >> (8 * i)) & 0xFF);

    DurableFile file(path, static_cast<int64_t>(8 + header.size()) + offset);
    file.append(prefix, 8);
    file.append(header.data(), header.size());
    for (const torch::Tensor& t : host) file.append(t.data_ptr(), static_cast<std::size_t>(t.numel() * t.element_size()));
    return file.finish();
}

SafetensorsFile SafetensorsFile::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto bad = [&](const std::string& why) { return std::runtime_error(path + " is not a valid safetensors file: " + why); };
    if (bytes.size() < 8) throw bad("shorter than its 8-byte header length");
    uint64_t length = 0;
    for (int i = 0; i < 8; ++i) length |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    if (length > bytes.size() - 8) throw bad("the header length exceeds the file");
    auto header = parseJson(std::string_view(bytes).substr(8, length));
    if (!header.ok() || !header.value().is_object()) throw bad(header.ok() ? "the header is not an object" : header.status().message());
    const std::size_t dataStart = 8 + length;
    SafetensorsFile out;
    out.m_path = path;
    std::map<std::string, torch::ScalarType> types;
    for (const auto& [type, name] : safetensorsDtypeNames()) types[name] = type;
    for (const auto& [name, entry] : header.value().items()) {
        if (name == "__metadata__") {
            if (entry.is_object())
                for (const auto& [k, v] : entry.items()) out.m_metadata[k] = stringOf(v);
            continue;
        }
        const nlohmann::json* dtype = findMember(entry, "dtype");
        const nlohmann::json* shape = findMember(entry, "shape");
        const nlohmann::json* offsets = findMember(entry, "data_offsets");
        if (!dtype || !shape || !offsets || !offsets->is_array() || offsets->size() != 2 || !types.count(stringOf(*dtype)))
            throw bad("entry " + name + " is incomplete");
        std::vector<int64_t> sizes;
        if (shape->is_array())
            for (const nlohmann::json& d : *shape) sizes.push_back(integerOf(d));
        const int64_t begin = integerOf((*offsets)[0]);
        const int64_t end = integerOf((*offsets)[1]);
        if (begin < 0 || end < begin || dataStart + static_cast<std::size_t>(end) > bytes.size())
            throw bad("entry " + name + " lies outside the file");
        torch::Tensor t = torch::empty(sizes, torch::TensorOptions().dtype(types[stringOf(*dtype)]));
        if (static_cast<int64_t>(t.numel() * t.element_size()) != end - begin)
            throw bad("entry " + name + " has " + std::to_string(end - begin) + " bytes for its shape");
        std::memcpy(t.data_ptr(), bytes.data() + dataStart + begin, static_cast<std::size_t>(end - begin));
        out.m_tensors[name] = std::move(t);
    }
    return out;
}

const torch::Tensor& SafetensorsFile::tensor(const std::string& name) const {
    auto it = m_tensors.find(name);
    if (it == m_tensors.end()) throw std::runtime_error(m_path + " has no tensor " + name);
    return it->second;
}

}  // namespace catapult
