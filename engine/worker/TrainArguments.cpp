#include "TrainArguments.h"

#include <cstdlib>

#include "WorkerFlags.h"

namespace catapult {
namespace {

// The flags, defined once: the parser and the usage come from here. Returns --warmup_steps
// (its default depends on --steps).
CLI::Option* defineFlags(WorkerFlags& f, TrainArguments& a, std::string& checkpointDir, std::string& onNan) {
    RecipeOptions& r = a.recipe;
    f.add("--steps", r.training.totalSteps, "optimizer steps")->check(WorkerFlags::atLeast(1));
    f.add("--seed", r.seed, "seed of the weights and the data order");
    f.add("--run_dir", a.runDir, "run directory (default CATAPULT_RUN_DIR): metrics, checkpoints, the final weights");
    f.add("--corpus", r.corpus, "text to train on (default: the built-in corpus)");
    f.add("--layers", r.model.layers, "decoder layers");
    f.add("--heads", r.model.heads, "attention heads");
    f.add("--width", r.model.width, "model width");
    f.add("--seq_len", r.model.seqLen, "sequence length");
    f.add("--batch_size", r.batchSize, "micro-batch per process")->check(WorkerFlags::atLeast(1));
    f.add("--lr", r.training.lr, "peak learning rate")->check(WorkerFlags::positive());
    CLI::Option* warmup = f.add("--warmup_steps", r.training.warmupSteps, "linear warmup (default: 5% of the steps, at most 100)");
    warmup->check(WorkerFlags::atLeast(0));
    f.add("--min_lr_ratio", r.training.minLrRatio, "cosine decay floor, as a fraction of --lr");
    f.add("--weight_decay", r.training.weightDecay, "AdamW weight decay");
    f.add("--grad_clip", r.training.gradClip, "clip the gradient norm (0: off)");
    f.add("--memory_every", r.memoryEvery, "a memory line every N steps");
    f.add("--checkpoint_every", r.checkpointEvery, "a checkpoint every N steps (also at the end and on SIGTERM)")
        ->check(WorkerFlags::atLeast(0));
    f.add("--keep_last", r.keepLast, "checkpoints kept (0: all)")->check(WorkerFlags::atLeast(0));
    f.add("--checkpoint_dir", checkpointDir, "where checkpoints go (default RUN_DIR/checkpoints)");
    f.add("--resume", r.resumeFrom, "continue from a run directory or a checkpoint");
    f.add("--on_nan", onNan, "a non-finite loss stops the run, or skips the step")->check(CLI::IsMember({"stop", "skip"}));
    return warmup;
}

}  // namespace

std::string TrainArguments::usage() {
    TrainArguments a;
    std::string checkpointDir, onNan = "stop";
    WorkerFlags f("train");
    defineFlags(f, a, checkpointDir, onNan);
    return f.usage() +
           "With a run directory, checkpoints go to RUN_DIR/checkpoints (every N steps, at the end and\n"
           "when stopped by SIGTERM) and the final weights to RUN_DIR/model.safetensors + model.json.\n";
}

Result<TrainArguments> TrainArguments::parse(const std::vector<std::string>& args) {
    TrainArguments a;
    if (const char* dir = std::getenv("CATAPULT_RUN_DIR")) a.runDir = dir;
    RecipeOptions& r = a.recipe;
    std::string checkpointDir, onNan = "stop";
    WorkerFlags f("train");
    const CLI::Option* warmup = defineFlags(f, a, checkpointDir, onNan);
    if (Status s = f.parse(args); !s.ok()) return s;
    r.onNonFinite = onNan == "stop" ? NonFinitePolicy::Stop : NonFinitePolicy::Skip;
    r.checkpointRoot = !checkpointDir.empty() ? checkpointDir : a.runDir.empty() ? std::string() : a.runDir + "/checkpoints";
    r.exportDir = a.runDir;
    if (r.checkpointEvery > 0 && r.checkpointRoot.empty())
        return Status::error("--checkpoint_every needs a place for the checkpoints: give --run_dir (or CATAPULT_RUN_DIR) "
                             "or --checkpoint_dir.");
    if (warmup->count() == 0) r.training.warmupSteps = std::min<int64_t>(100, r.training.totalSteps / 20);
    if (Status s = r.model.validate(); !s.ok()) return s;
    return a;
}

}  // namespace catapult
