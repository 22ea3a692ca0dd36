#include "catapult/TokenCorpus.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace catapult {

std::vector<std::string> TokenCorpus::defaultPaths() {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/share/common-licenses", ec))
        if (entry.is_regular_file(ec)) paths.push_back(entry.path().string());
    std::sort(paths.begin(), paths.end());
    return paths;
}

Result<TokenCorpus> TokenCorpus::load(const std::vector<std::string>& paths) {
    if (paths.empty())
        return Status::error("No corpus: /usr/share/common-licenses is empty or missing; pass --corpus FILE.");
    std::string bytes;
    std::set<std::string> seen;
    for (const auto& path : paths) {
        std::error_code ec;
        const std::string canonical = std::filesystem::canonical(path, ec).string();
        if (ec) return Status::error("Cannot read corpus file '" + path + "': " + ec.message() + ".");
        if (!seen.insert(canonical).second) continue;
        std::ifstream in(canonical, std::ios::binary);
        if (!in) return Status::error("Cannot open corpus file '" + path + "'.");
        std::ostringstream content;
        content << in.rdbuf();
        bytes += content.str();
    }
    std::string description = paths.size() == 1 ? paths.front()
                                                 : std::to_string(seen.size()) + " files in " +
                                                       std::filesystem::path(paths.front()).parent_path().string();
    if (bytes.size() < 1024)
        return Status::error("Corpus '" + description + "' has only " + std::to_string(bytes.size()) +
                             " bytes; at least 1024 are needed.");
    return fromBytes(bytes, description);
}

TokenCorpus TokenCorpus::fromBytes(const std::string& bytes, std::string description) {
    TokenCorpus corpus;
    auto raw = torch::from_blob(const_cast<char*>(bytes.data()), {static_cast<int64_t>(bytes.size())}, torch::kUInt8);
    corpus.m_ids = raw.to(torch::kLong);
    corpus.m_description = std::move(description);
    return corpus;
}

namespace {

void checkIds(const std::vector<int32_t>& ids, int64_t vocabSize, const std::string& description) {
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= vocabSize)
            throw std::invalid_argument("token " + std::to_string(i) + " of " + description + " is id " + std::to_string(ids[i]) +
                                        ", outside the model's vocabulary of " + std::to_string(vocabSize));
}

}  // namespace

TokenCorpus TokenCorpus::fromIds(const std::vector<int32_t>& ids, int64_t vocabSize, std::string description) {
    checkIds(ids, vocabSize, description);
    TokenCorpus corpus;
    corpus.m_ids = torch::tensor(ids, torch::kInt).to(torch::kLong);
    corpus.m_vocabSize = vocabSize;
    corpus.m_description = std::move(description);
    return corpus;
}

TokenCorpus TokenCorpus::fromExamples(const std::vector<int32_t>& ids, const std::vector<uint8_t>& mask,
                                      const std::vector<int64_t>& starts, int64_t vocabSize, std::string description,
                                      bool packed) {
    TokenCorpus corpus = fromIds(ids, vocabSize, std::move(description));
    auto trained = torch::from_blob(const_cast<uint8_t*>(mask.data()), {static_cast<int64_t>(mask.size())}, torch::kUInt8)
                       .to(torch::kBool);
    corpus.m_targets = corpus.m_ids.masked_fill(trained.logical_not(), kIgnoredTarget);
    if (!packed) corpus.m_starts = starts;
    return corpus;
}

std::size_t TokenCorpus::sampleCount(int64_t seqLen) const {
    if (!m_starts.empty()) return m_starts.size() - 1;
    return size() < 2 ? 0 : (size() - 1) / static_cast<std::size_t>(seqLen);
}

std::pair<torch::Tensor, torch::Tensor> TokenCorpus::batch(const std::vector<std::size_t>& samples,
                                                          int64_t seqLen) const {
    if (!m_starts.empty()) return exampleBatch(samples);
    const torch::Tensor& targets = m_targets.defined() ? m_targets : m_ids;
    std::vector<torch::Tensor> inputs, outputs;
    for (std::size_t s : samples) {
        inputs.push_back(m_ids.narrow(0, static_cast<int64_t>(s) * seqLen, seqLen));
        outputs.push_back(targets.narrow(0, static_cast<int64_t>(s) * seqLen + 1, seqLen));
    }
    return {torch::stack(inputs), torch::stack(outputs)};
}

// Examples padded at the end to the batch's longest: inputs with id 0, targets with -100.
std::pair<torch::Tensor, torch::Tensor> TokenCorpus::exampleBatch(const std::vector<std::size_t>& samples) const {
    int64_t longest = 1;
    for (std::size_t s : samples) longest = std::max(longest, m_starts[s + 1] - m_starts[s] - 1);
    auto x = torch::zeros({static_cast<int64_t>(samples.size()), longest}, torch::kLong);
    auto y = torch::full({static_cast<int64_t>(samples.size()), longest}, kIgnoredTarget, torch::kLong);
    for (std::size_t row = 0; row < samples.size(); ++row) {
        const int64_t start = m_starts[samples[row]], length = m_starts[samples[row] + 1] - start - 1;
        x[static_cast<int64_t>(row)].narrow(0, 0, length).copy_(m_ids.narrow(0, start, length));
        y[static_cast<int64_t>(row)].narrow(0, 0, length).copy_(m_targets.narrow(0, start + 1, length));
    }
    return {x, y};
}

double TokenCorpus::unigramEntropy() const {
    auto counts = torch::bincount(m_ids, {}, m_vocabSize).to(torch::kDouble);
    auto p = counts / counts.sum();
    auto nz = p.masked_select(p > 0);
    return -(nz * nz.log()).sum().item<double>();
}

}  // namespace catapult
