#include "TokenizerStep.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace catapult {

std::string shellQuoted(const std::string& word) {
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

namespace {

// share/catapult/python beside the running program's bin/ (or CATAPULT_PYTHON_DIR).
std::string packageDir() {
    if (const char* dir = std::getenv("CATAPULT_PYTHON_DIR"); dir && *dir) return dir;
    char exe[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    const std::string self = n > 0 ? std::string(exe, static_cast<std::size_t>(n)) : std::string();
    return self.substr(0, self.rfind('/')) + "/../share/catapult/python";
}

// CATAPULT_PYTHON, else the Python of the LibTorch this engine was built with (its venv has
// tokenizers), else python3.
std::string pythonProgram() {
    if (const char* python = std::getenv("CATAPULT_PYTHON"); python && *python) return python;
    std::error_code ec;
    if (std::filesystem::exists(CATAPULT_BUILD_PYTHON, ec)) return CATAPULT_BUILD_PYTHON;
    return "python3";
}

}  // namespace

std::string preparationCommand(const std::string& args) {
    const std::string pythonPath = packageDir() + (std::getenv("PYTHONPATH") ? std::string(":") + std::getenv("PYTHONPATH") : "");
    return "PYTHONPATH=" + shellQuoted(pythonPath) + " " + shellQuoted(pythonProgram()) + " -m catapult.prepare " + args;
}

Status decodeIdsFile(const std::string& modelDir, const std::string& idsJson) {
    const std::string command = preparationCommand("decode --model " + shellQuoted(modelDir) + " --ids " + shellQuoted(idsJson));
    if (std::system(command.c_str()) != 0)
        return Status::error("decoding " + idsJson + " with " + modelDir + "'s tokenizer failed (see the message above)");
    return Status::success();
}

Result<std::vector<int32_t>> tokenizeFiles(const std::string& modelDir, const std::vector<std::string>& textFiles) {
    char file[] = "/tmp/catapult-ids-XXXXXX";
    const int fd = ::mkstemp(file);
    if (fd < 0) return Status::error("cannot create a temporary file for the token ids");
    ::close(fd);
    std::string command = preparationCommand("tokenize --model " + shellQuoted(modelDir) + " --out " + shellQuoted(file));
    for (const std::string& text : textFiles) command += " --text " + shellQuoted(text);
    command += " >/dev/null";
    const int rc = std::system(command.c_str());
    std::ifstream in(file, std::ios::binary);
    std::vector<int32_t> ids;
    for (int32_t id = 0; in.read(reinterpret_cast<char*>(&id), sizeof id);) ids.push_back(id);
    ::unlink(file);
    if (rc != 0)
        return Status::error("tokenizing " + (textFiles.size() == 1 ? textFiles.front() : std::to_string(textFiles.size()) + " files") +
                             " with " + modelDir + "'s tokenizer failed (see the message above)");
    return ids;
}

}  // namespace catapult
