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
           "                             [--weight_decay WD] [--grad_clip C] [--memory_every N]\n"
           "                             [--checkpoint_every N] [--keep_last K] [--checkpoint_dir DIR]\n"
           "                             [--resume RUN_DIR_OR_CHECKPOINT] [--on_nan stop|skip]\n"
           "With a run directory, checkpoints go to RUN_DIR/checkpoints (every N steps, at the end and\n"
           "when stopped by SIGTERM) and the final weights to RUN_DIR/model.safetensors + model.json.\n";
}

Result<TrainArguments> TrainArguments::parse(const std::vector<std::string>& args) {
    TrainArguments a;
    if (const char* dir = std::getenv("CATAPULT_RUN_DIR")) a.runDir = dir;
    RecipeOptions& r = a.recipe;
    bool warmupGiven = false;
    std::string checkpointDir;
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
        {"--checkpoint_every", [&](const std::string& v) { return parseNumber(v, r.checkpointEvery) && r.checkpointEvery >= 0; }},
        {"--keep_last", [&](const std::string& v) { return parseNumber(v, r.keepLast) && r.keepLast >= 0; }},
        {"--checkpoint_dir", [&](const std::string& v) { checkpointDir = v; return !v.empty(); }},
        {"--resume", [&](const std::string& v) { r.resumeFrom = v; return !v.empty(); }},
        {"--on_nan", [&](const std::string& v) {
             if (v != "stop" && v != "skip") return false;
             r.onNonFinite = v == "stop" ? NonFinitePolicy::Stop : NonFinitePolicy::Skip;
             return true;
         }},
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
        auto it = flags.find(flag);
        if (it == flags.end()) return Status::error("Unknown flag '" + args[i] + "'.\n" + usage());
        if (eq == std::string::npos) {
            if (i + 1 >= args.size()) return Status::error("Flag " + flag + " needs a value.");
            value = args[++i];
        }
        if (!it->second(value)) return Status::error("Invalid value '" + value + "' for " + flag + ".");
    }
    r.checkpointRoot = !checkpointDir.empty() ? checkpointDir : a.runDir.empty() ? std::string() : a.runDir + "/checkpoints";
    r.exportDir = a.runDir;
    if (r.checkpointEvery > 0 && r.checkpointRoot.empty())
        return Status::error("--checkpoint_every needs a place for the checkpoints: give --run_dir (or CATAPULT_RUN_DIR) "
                             "or --checkpoint_dir.");
    if (!warmupGiven) r.training.warmupSteps = std::min<int64_t>(100, r.training.totalSteps / 20);
    if (Status s = r.model.validate(); !s.ok()) return s;
    return a;
}

}  // namespace catapult
