#include "CheckpointDirectory.h"

#include <ftw.h>
#include <stdio.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace catapult {
namespace fs = std::filesystem;
namespace {

// "step-00000100" -> 100; anything else -> -1.
int64_t stepOf(const std::string& name) {
    if (name.rfind("step-", 0) != 0 || name.size() <= 5) return -1;
    const std::string digits = name.substr(5);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return -1;
    return std::stoll(digits);
}

int removeEntry(const char* path, const struct stat*, int, struct FTW*) {
    ::remove(path);
    return 0;
}

}  // namespace

void CheckpointDirectory::removeTree(const std::string& path) {
    ::nftw(path.c_str(), removeEntry, 16, FTW_DEPTH | FTW_PHYS);
}

std::string CheckpointDirectory::stepName(int64_t step) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "step-%08lld", static_cast<long long>(step));
    return buf;
}

std::string CheckpointDirectory::partialName(int64_t step) { return "." + stepName(step) + ".partial"; }

std::string CheckpointDirectory::rankFileName(int rank) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "rank-%05d.safetensors", rank);
    return buf;
}

Result<CheckpointDirectory::Location> CheckpointDirectory::locate(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return Status::error("No checkpoint directory at " + path + ".");
    const fs::path p = fs::absolute(path, ec);
    if (fs::exists(p / "manifest.json", ec) || stepOf(p.filename().string()) >= 0)
        return Location{p.parent_path().string(), stepOf(p.filename().string())};
    if (fs::is_directory(p / "checkpoints", ec)) return Location{(p / "checkpoints").string(), -1};
    return Location{p.string(), -1};
}

std::vector<int64_t> CheckpointDirectory::steps(const std::string& root) {
    std::vector<int64_t> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && stepOf(entry.path().filename().string()) >= 0)
            out.push_back(stepOf(entry.path().filename().string()));
    std::sort(out.begin(), out.end());
    return out;
}

Result<nlohmann::json> CheckpointDirectory::validate(const std::string& directory) {
    const std::string manifestPath = directory + "/manifest.json";
    std::ifstream in(manifestPath);
    if (!in) return Status::error("incomplete: it has no manifest.json (the save did not finish)");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto manifest = parseJson(text);
    if (!manifest.ok()) return Status::error("its manifest.json is damaged (" + manifest.status().message() + ")");
    const nlohmann::json& m = manifest.value();
    const nlohmann::json* format = findMember(m, "format");
    const nlohmann::json* files = findMember(m, "files");
    const nlohmann::json* step = findMember(m, "step");
    if (!format || stringOf(*format) != kFormat || !files || !files->is_array() || !step || !step->is_number_integer())
        return Status::error("its manifest.json is not a complete Catapult checkpoint manifest");
    if (const nlohmann::json* v = findMember(m, "version"); !v || integerOf(*v) > kVersion)
        return Status::error("it was written by a newer format version than this engine reads");
    for (const nlohmann::json& f : *files) {
        const nlohmann::json* name = findMember(f, "name");
        const nlohmann::json* bytes = findMember(f, "bytes");
        const nlohmann::json* crc = findMember(f, "crc32");
        if (!name || !bytes || !crc) return Status::error("its manifest.json lists a file without name, size or checksum");
        FileDigest d;
        try {
            d = DurableFile::digestOf(directory + "/" + stringOf(*name));
        } catch (const std::exception&) {
            return Status::error(stringOf(*name) + " is missing");
        }
        if (d.bytes != integerOf(*bytes))
            return Status::error(stringOf(*name) + " has " + std::to_string(d.bytes) + " bytes, the manifest says " +
                                 std::to_string(integerOf(*bytes)));
        if (static_cast<int64_t>(d.crc32) != integerOf(*crc))
            return Status::error(stringOf(*name) + " does not match its checksum (the file is damaged)");
    }
    return manifest;
}

Result<int64_t> CheckpointDirectory::newestUsable(const Location& location, std::vector<std::string>& skipped) {
    std::error_code ec;
    std::vector<int64_t> candidates;
    if (location.step >= 0) {
        candidates.push_back(location.step);
    } else {
        candidates = steps(location.root);
        for (const auto& entry : fs::directory_iterator(location.root, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.size() > 9 && name.front() == '.' && name.compare(name.size() - 8, 8, ".partial") == 0)
                skipped.push_back(name + ": ignored, a save that did not finish (the process died or the disk filled)");
        }
    }
    std::reverse(candidates.begin(), candidates.end());
    for (int64_t step : candidates) {
        auto valid = validate(location.root + "/" + stepName(step));
        if (valid.ok()) return step;
        skipped.push_back(stepName(step) + ": ignored, " + valid.status().message());
    }
    std::string why;
    for (const auto& s : skipped) why += " " + s + ";";
    if (candidates.empty())
        return Status::error("No checkpoint under " + location.root + (why.empty() ? "." : ":" + why.substr(0, why.size() - 1) + "."));
    return Status::error("No usable checkpoint under " + location.root + ":" + why.substr(0, why.size() - 1) + ".");
}

void CheckpointDirectory::commit(const std::string& root, int64_t step) {
    const fs::path partial = fs::path(root) / partialName(step);
    const fs::path final = fs::path(root) / stepName(step);
    DurableFile::syncDirectory(partial.string());
    std::error_code ec;
    if (fs::exists(final, ec)) {
        const fs::path old = fs::path(root) / ("." + stepName(step) + ".replaced");
        removeTree(old.string());
        fs::rename(final, old, ec);
        if (ec) throw std::runtime_error("cannot replace " + final.string() + ": " + ec.message());
        fs::rename(partial, final, ec);
        if (ec) throw std::runtime_error("cannot move " + partial.string() + " into place: " + ec.message());
        removeTree(old.string());
    } else {
        fs::rename(partial, final, ec);
        if (ec) throw std::runtime_error("cannot move " + partial.string() + " into place: " + ec.message());
    }
    DurableFile::syncDirectory(root);
}

std::vector<std::string> CheckpointDirectory::prune(const std::string& root, int keepLast) {
    std::vector<std::string> removed;
    if (keepLast <= 0) return removed;
    std::vector<int64_t> all = steps(root);
    std::error_code ec;
    for (std::size_t i = 0; i + static_cast<std::size_t>(keepLast) < all.size(); ++i) {
        const fs::path dir = fs::path(root) / stepName(all[i]);
        // Remove the manifest first: a directory half removed by a crash is then never loaded.
        fs::remove(dir / "manifest.json", ec);
        removeTree(dir.string());
        removed.push_back(dir.string());
    }
    return removed;
}

}  // namespace catapult
