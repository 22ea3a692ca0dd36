#include "SafetensorsFile.h"

#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include "JsonValue.h"
#include "catapult/MetricsWriter.h"

namespace catapult {
namespace {

const std::map<torch::ScalarType, std::string>& dtypeNames() {
    static const std::map<torch::ScalarType, std::string> names = {
        {torch::kFloat, "F32"}, {torch::kDouble, "F64"}, {torch::kHalf, "F16"},   {torch::kBFloat16, "BF16"},
        {torch::kLong, "I64"},  {torch::kInt, "I32"},    {torch::kShort, "I16"},  {torch::kChar, "I8"},
        {torch::kByte, "U8"},   {torch::kBool, "BOOL"},
    };
    return names;
}

}  // namespace

FileDigest SafetensorsFile::write(const std::string& path, const std::vector<NamedTensor>& tensors,
                                  const std::map<std::string, std::string>& metadata) {
    std::vector<torch::Tensor> host;
    std::set<std::string> names;
    std::string header = "{";
    if (!metadata.empty()) {
        JsonObject meta;
        for (const auto& [k, v] : metadata) meta.add(k, v);
        header += JsonObject::quote("__metadata__") + ":" + meta.str();
    }
    int64_t offset = 0;
    for (const NamedTensor& nt : tensors) {
        if (!names.insert(nt.name).second) throw std::invalid_argument("duplicate tensor name " + nt.name + " for " + path);
        auto it = dtypeNames().find(nt.tensor.scalar_type());
        if (it == dtypeNames().end())
            throw std::invalid_argument("tensor " + nt.name + " has a type safetensors cannot hold");
        torch::Tensor t = nt.tensor.detach().to(torch::kCPU).contiguous();
        const int64_t bytes = static_cast<int64_t>(t.numel() * t.element_size());
        std::string shape = "[";
        for (int64_t d = 0; d < t.dim(); ++d) shape += (d ? "," : "") + std::to_string(t.size(d));
        shape += "]";
        if (header.size() > 1) header += ",";
        header += JsonObject::quote(nt.name) + ":{\"dtype\":\"" + it->second + "\",\"shape\":" + shape +
                  ",\"data_offsets\":[" + std::to_string(offset) + "," + std::to_string(offset + bytes) + "]}";
        offset += bytes;
        host.push_back(std::move(t));
    }
    header += "}";
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
    auto header = JsonValue::parse(std::string_view(bytes).substr(8, length));
    if (!header.ok() || !header.value().isObject()) throw bad(header.ok() ? "the header is not an object" : header.status().message());
    const std::size_t dataStart = 8 + length;
    SafetensorsFile out;
    out.m_path = path;
    std::map<std::string, torch::ScalarType> types;
    for (const auto& [type, name] : dtypeNames()) types[name] = type;
    for (const auto& [name, entry] : header.value().members()) {
        if (name == "__metadata__") {
            for (const auto& [k, v] : entry.members()) out.m_metadata[k] = v.string();
            continue;
        }
        const JsonValue* dtype = entry.find("dtype");
        const JsonValue* shape = entry.find("shape");
        const JsonValue* offsets = entry.find("data_offsets");
        if (!dtype || !shape || !offsets || offsets->items().size() != 2 || !types.count(dtype->string()))
            throw bad("entry " + name + " is incomplete");
        std::vector<int64_t> sizes;
        for (const JsonValue& d : shape->items()) sizes.push_back(d.integer());
        const int64_t begin = offsets->items()[0].integer();
        const int64_t end = offsets->items()[1].integer();
        if (begin < 0 || end < begin || dataStart + static_cast<std::size_t>(end) > bytes.size())
            throw bad("entry " + name + " lies outside the file");
        torch::Tensor t = torch::empty(sizes, torch::TensorOptions().dtype(types[dtype->string()]));
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
