#include "TrainArguments.h"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>

namespace catapult {
namespace {

template <typename T>
bool parseNumber(const std::string& text, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
        char* end = nullptr;
        out = static_cast<T>(std::strtod(text.c_str(), &end));
        return end && *end == '\0' && !text.empty();
    } else {
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
        return ec == std::errc() && ptr == text.data() + text.size();
    }
}

}  // namespace

const char* TrainArguments::usage() {
    return "usage: catapult-worker train [--steps N] [--seed S] [--run_dir DIR] [--corpus FILE]\n"
           "                             [--layers L] [--heads H] [--width W] [--seq_len T]\n"
           "                             [--batch_size B] [--lr LR] [--warmup_steps N] [--min_lr_ratio R]\n"
           "                             [--weight_decay WD] [--grad_clip C] [--memory_every N]\n";
}

Result<TrainArguments> TrainArguments::parse(const std::vector<std::string>& args) {
    TrainArguments a;
    if (const char* dir = std::getenv("CATAPULT_RUN_DIR")) a.runDir = dir;
    RecipeOptions& r = a.recipe;
    bool warmupGiven = false;
    std::map<std::string, std::function<bool(const std::string&)>> flags = {
        {"--steps", [&](const std::string& v) { return parseNumber(v, r.training.totalSteps) && r.training.totalSteps > 0; }},
        {"--seed", [&](const std::string& v) { return parseNumber(v, r.seed); }},
        {"--run_dir", [&](const std::string& v) { a.runDir = v; return true; }},
        {"--corpus", [&](const std::string& v) { r.corpus = v; return !v.empty(); }},
        {"--layers", [&](const std::string& v) { return parseNumber(v, r.model.layers); }},
        {"--heads", [&](const std::string& v) { return parseNumber(v, r.model.heads); }},
        {"--width", [&](const std::string& v) { return parseNumber(v, r.model.width); }},
        {"--seq_len", [&](const std::string& v) { return parseNumber(v, r.model.seqLen); }},
        {"--batch_size", [&](const std::string& v) { return parseNumber(v, r.batchSize) && r.batchSize > 0; }},
        {"--lr", [&](const std::string& v) { return parseNumber(v, r.training.lr) && r.training.lr > 0; }},
        {"--warmup_steps", [&](const std::string& v) { warmupGiven = true; return parseNumber(v, r.training.warmupSteps) && r.training.warmupSteps >= 0; }},
        {"--min_lr_ratio", [&](const std::string& v) { return parseNumber(v, r.training.minLrRatio); }},
        {"--weight_decay", [&](const std::string& v) { return parseNumber(v, r.training.weightDecay); }},
        {"--grad_clip", [&](const std::string& v) { return parseNumber(v, r.training.gradClip); }},
        {"--memory_every", [&](const std::string& v) { return parseNumber(v, r.memoryEvery); }},
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::string value;
        const auto eq = flag.find('=');
        if (eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        }
        for (auto& c : flag)
            if (c == '-' && &c > flag.data() + 1) c = '_';
        if (flag == "--checkpoint_every" || flag == "--keep_last" || flag == "--resume")
            return Status::error(flag + " is not implemented by the engine yet (checkpointing arrives with the "
                                        "checkpoint/resume work); run without it.");
        auto it = flags.find(flag);
        if (it == flags.end()) return Status::error("Unknown flag '" + args[i] + "'.\n" + usage());
        if (eq == std::string::npos) {
            if (i + 1 >= args.size()) return Status::error("Flag " + flag + " needs a value.");
            value = args[++i];
        }
        if (!it->second(value)) return Status::error("Invalid value '" + value + "' for " + flag + ".");
    }
    if (!warmupGiven) r.training.warmupSteps = std::min<int64_t>(100, r.training.totalSteps / 20);
    if (Status s = r.model.validate(); !s.ok()) return s;
    return a;
}

}  // namespace catapult
