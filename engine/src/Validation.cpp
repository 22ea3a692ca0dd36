#include "Validation.h"

#include <torch/torch.h>

#include <chrono>

#include "RecipeModel.h"
#include "catapult/Accelerator.h"

namespace catapult {
namespace {

// The samples of this rank's batch starting at `first` of its share; past the end, sample 0
// with no trained target.
std::pair<torch::Tensor, torch::Tensor> shareBatch(const TokenCorpus& data, std::size_t first, std::size_t perRank,
                                                   int64_t batchSize, int64_t seqLen, int rank, int world) {
    const std::size_t n = data.sampleCount(seqLen);
    std::vector<std::size_t> indices;
    std::vector<int64_t> padding;
    for (std::size_t k = first; k < std::min(first + static_cast<std::size_t>(batchSize), perRank); ++k) {
        const std::size_t i = k * static_cast<std::size_t>(world) + static_cast<std::size_t>(rank);
        if (i >= n) padding.push_back(static_cast<int64_t>(indices.size()));
        indices.push_back(i < n ? i : 0);
    }
    auto [x, y] = data.batch(indices, seqLen);
    for (int64_t row : padding) y[row].fill_(TokenCorpus::kIgnoredTarget);
    return {x, y};
}

}  // namespace

ValidationResult validate(Accelerator& acc, RecipeModel& model, const TokenCorpus& data, int64_t batchSize, int64_t seqLen) {
    const auto start = std::chrono::steady_clock::now();
    const int world = acc.numProcesses();
    const std::size_t n = data.sampleCount(seqLen);
    const std::size_t perRank = (n + static_cast<std::size_t>(world) - 1) / static_cast<std::size_t>(world);
    torch::NoGradGuard noGrad;
    model.module().eval();
    auto totals = torch::zeros({2}, torch::TensorOptions().dtype(torch::kDouble).device(acc.device()));
    for (std::size_t first = 0; first < perRank; first += static_cast<std::size_t>(batchSize)) {
        auto [x, y] = shareBatch(data, first, perRank, batchSize, seqLen, acc.processIndex(), world);
        x = x.to(acc.device());
        y = y.to(acc.device());
        torch::Tensor loss;
        {
            auto amp = acc.autocast();
            loss = model.loss(x, y);
        }
        const torch::Tensor targets = y.ne(TokenCorpus::kIgnoredTarget).sum().to(torch::kDouble);
        totals += torch::stack({loss.to(torch::kDouble) * targets, targets});
    }
    model.module().train();
    const torch::Tensor all = acc.reduce(totals, Reduction::Sum).cpu();
    ValidationResult r;
    r.targets = static_cast<int64_t>(all[1].item<double>());
    r.loss = r.targets > 0 ? all[0].item<double>() / static_cast<double>(r.targets) : 0;
    r.samples = static_cast<int64_t>(n);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

}  // namespace catapult
