#include "TrainArguments.h"

#include <cstdlib>
#include <filesystem>

#include "HfExport.h"
#include "WorkerFlags.h"
#include "catapult/ByteSize.h"

namespace catapult {
namespace {

// Flags whose defaults depend on others (--steps, --model), and those read after parsing.
struct LateFlags {
    CLI::Option* warmup = nullptr;
    CLI::Option* lr = nullptr;
    CLI::Option* weightDecay = nullptr;
    std::vector<CLI::Option*> gptShape;  // --layers --heads --width: the built-in GPT's only
    std::string checkpointDir, onNan = "stop", maxShardSize = "5GB", datasetFormat = "auto", overlong = "truncate";
    bool noShuffle = false;
    bool mergeLora = false;
    std::vector<CLI::Option*> loraShape;  // --lora_rank --lora_alpha --lora_target_modules: from --adapter's config
    std::vector<CLI::Option*> loraAny;    // any of the LoRA flags: LoRA is on
};

// The dataset flags (with --model): LLaMA-Factory's and TRL's words where they have one.
void defineDatasetFlags(WorkerFlags& f, DatasetOptions& d, LateFlags& late) {
    f.add("--dataset", d.paths, "with --model: a dataset file or folder (JSONL, JSON, CSV/TSV, Parquet, text); repeatable");
    f.add("--dataset_format", late.datasetFormat, "text, prompt_completion, alpaca, messages, sharegpt (default: detected)")
        ->check(CLI::IsMember({"auto", "text", "prompt_completion", "alpaca", "messages", "sharegpt"}));
    f.add("--columns", d.columns, "other field names, e.g. prompt=question,completion=answer");
    f.add("--chat_template", d.chatTemplate, "auto, model, chatml, llama3, none, or a Jinja file");
    f.flag("--train_on_prompt", d.trainOnPrompt, "the loss on the prompt too (default: only completions and assistant turns)");
    f.flag("--packing", d.packing, "examples concatenated into full --seq_len windows");
    f.add("--overlong", late.overlong, "an example longer than --seq_len: truncate, or split into several")
        ->check(CLI::IsMember({"truncate", "split"}));
    f.add("--validation_split", d.validationSplit, "fraction of the rows held out for the validation loss")
        ->check(CLI::Range(0.0, 0.9));
    f.add("--validation_file", d.validationPaths, "held-out rows for the validation loss (instead of a split); repeatable");
    f.add("--eval_every", d.evalEvery, "steps between validation losses (default: a tenth of --steps)")->check(WorkerFlags::atLeast(0));
    f.flag("--skip_bad_rows", d.skipBadRows, "leave out rows that cannot be used (counted) instead of stopping");
}

// The LoRA flags: PEFT's names and defaults.
void defineLoraFlags(WorkerFlags& f, LoraOptions& l, LateFlags& late) {
    late.loraAny.push_back(f.flag("--lora", l.enabled, "with --model: train LoRA adapters (PEFT's defaults) instead of every weight"));
    late.loraShape = {f.add("--lora_rank", l.rank, "LoRA rank r (PEFT default 8)")->check(WorkerFlags::atLeast(1)),
                      f.add("--lora_alpha", l.alpha, "LoRA alpha: the adapters are scaled by alpha / r (PEFT default 8)"),
                      f.add("--lora_target_modules", l.targets, "projections that get adapters, e.g. q_proj,v_proj, or all-linear "
                                                                "(default: PEFT's for the architecture)")->delimiter(',')};
    late.loraShape.back()->type_name("NAMES");
    late.loraAny.insert(late.loraAny.end(), late.loraShape.begin(), late.loraShape.end());
    late.loraAny.push_back(f.add("--lora_dropout", l.dropout, "dropout on the adapters' input (PEFT default 0)")->check(CLI::Range(0.0, 0.9)));
    late.loraAny.push_back(f.add("--adapter", l.initAdapter, "start LoRA from this PEFT adapter directory (its r, alpha and targets)"));
    late.loraAny.push_back(f.flag("--merge_lora", late.mergeLora, "also export the model with the adapters merged (RUN_DIR/model)"));
}

// The flags, defined once: the parser and the usage come from here.
void defineFlags(WorkerFlags& f, TrainArguments& a, LateFlags& late) {
    RecipeOptions& r = a.recipe;
    f.add("--steps", r.training.totalSteps, "optimizer steps")->check(WorkerFlags::atLeast(1));
    f.add("--seed", r.seed, "seed of the weights and the data order");
    f.add("--run_dir", a.runDir, "run directory (default CATAPULT_RUN_DIR): metrics, checkpoints, the final weights");
    f.add("--model", r.hfModel, "a Hugging Face model directory to fine-tune (default: the built-in GPT)");
    f.add("--init_weights", r.initWeights, "the built-in GPT starts from this safetensors file (a run's "
                             "model.safetensors, or PyTorch's state_dict by the same names) instead of --seed");
    f.add("--corpus", r.corpus, "text to train on (default: the built-in corpus)");
    f.add("--text", r.corpus, "the same as --corpus");
    f.flag("--no_shuffle", late.noShuffle, "windows in file order each epoch (DistributedSampler(shuffle=False))");
    late.gptShape = {f.add("--layers", r.model.layers, "decoder layers (the built-in GPT)"),
                     f.add("--heads", r.model.heads, "attention heads (the built-in GPT)"),
                     f.add("--width", r.model.width, "model width (the built-in GPT)")};
    f.add("--seq_len", r.model.seqLen, "sequence length");
    f.add("--batch_size", r.batchSize, "micro-batch per process")->check(WorkerFlags::atLeast(1));
    late.lr = f.add("--lr", r.training.lr, "peak learning rate (with --model default 5e-5)");
    late.lr->check(WorkerFlags::positive());
    late.warmup = f.add("--warmup_steps", r.training.warmupSteps, "linear warmup (default: 5% of the steps, at most 100)");
    late.warmup->check(WorkerFlags::atLeast(0))->default_str("5% of --steps");
    f.add("--min_lr_ratio", r.training.minLrRatio, "cosine decay floor, as a fraction of --lr");
    late.weightDecay = f.add("--weight_decay", r.training.weightDecay, "AdamW weight decay (with --model default 0)");
    f.add("--grad_clip", r.training.gradClip, "clip the gradient norm (0: off)");
    f.add("--memory_every", r.memoryEvery, "a memory line every N steps");
    f.add("--checkpoint_every", r.checkpointEvery, "a checkpoint every N steps (also at the end and on SIGTERM)")
        ->check(WorkerFlags::atLeast(0));
    f.add("--keep_last", r.keepLast, "checkpoints kept (0: all)")->check(WorkerFlags::atLeast(0));
    f.add("--checkpoint_dir", late.checkpointDir, "where checkpoints go (default RUN_DIR/checkpoints)");
    f.add("--resume", r.resumeFrom, "continue from a run directory or a checkpoint");
    f.add("--on_nan", late.onNan, "a non-finite loss stops the run, or skips the step")->check(CLI::IsMember({"stop", "skip"}));
    f.flag("--activation_checkpointing", r.activationCheckpointing, "recompute each decoder layer in backward (less memory)");
    f.add("--export_dir", r.exportDir, "where the trained model goes (default RUN_DIR, with --model RUN_DIR/model)");
    f.add("--max_shard_size", late.maxShardSize, "with --model: exported weight files up to this size (5GB, 500MB, bytes)");
    defineDatasetFlags(f, r.dataset, late);
    defineLoraFlags(f, r.lora, late);
}

// A path as one spelling (absolute, without . and ..), so a resumed run given the same file or
// directory another way is the same run.
std::string canonical(const std::string& path) {
    if (path.empty()) return path;
    std::error_code ec;
    std::filesystem::path p = std::filesystem::weakly_canonical(std::filesystem::absolute(path), ec);
    if (ec) return path;
    std::string text = p.string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

// LoRA is on with any of its flags; its export goes to RUN_DIR/adapter (the merged model to RUN_DIR/model).
Status resolveLora(TrainArguments& a, const LateFlags& late, bool exportDirGiven) {
    LoraOptions& l = a.recipe.lora;
    for (const CLI::Option* o : late.loraAny) l.enabled = l.enabled || o->count() > 0;
    if (!l.enabled) return Status::success();
    l.initAdapter = canonical(l.initAdapter);
    if (!l.initAdapter.empty())
        for (const CLI::Option* o : late.loraShape)
            if (o->count() > 0)
                return Status::error(o->get_name() + " is set by the adapter: " + l.initAdapter + "/adapter_config.json gives r, "
                                     "lora_alpha and target_modules.");
    std::string& exportDir = a.recipe.exportDir;
    if (!exportDirGiven) exportDir = a.runDir.empty() ? std::string() : a.runDir + "/adapter";
    if (late.mergeLora)
        l.mergedDir = exportDirGiven || a.runDir.empty() ? (exportDir.empty() ? std::string() : exportDir + "/merged") : a.runDir + "/model";
    return Status::success();
}

DatasetFormat formatNamed(const std::string& name) {
    for (DatasetFormat format : {DatasetFormat::Text, DatasetFormat::PromptCompletion, DatasetFormat::Alpaca,
                                 DatasetFormat::Messages, DatasetFormat::ShareGpt})
        if (name == formatName(format)) return format;
    return DatasetFormat::Auto;
}

Status resolveDatasetFlags(DatasetOptions& d, const LateFlags& late) {
    for (auto* paths : {&d.paths, &d.validationPaths})
        for (std::string& p : *paths) p = canonical(p);
    d.format = formatNamed(late.datasetFormat);
    d.overlong = late.overlong == "split" ? Overlong::Split : Overlong::Truncate;
    if (!d.any() && (!d.validationPaths.empty() || d.validationSplit > 0))
        return Status::error("--validation_file and --validation_split hold out rows of a --dataset; give one.");
    if (!d.validationPaths.empty() && d.validationSplit > 0)
        return Status::error("--validation_file and --validation_split are two ways to choose the validation rows; give one.");
    return Status::success();
}

// Defaults that depend on other flags, and the values read from text.
Status resolveLateFlags(TrainArguments& a, const LateFlags& late) {
    RecipeOptions& r = a.recipe;
    r.hfModel = canonical(r.hfModel);
    r.corpus = canonical(r.corpus);
    r.initWeights = canonical(r.initWeights);
    if (!r.hfModel.empty() && !r.initWeights.empty())
        return Status::error("--init_weights starts the built-in GPT; with --model the weights come from " + r.hfModel + ".");
    if (Status s = resolveDatasetFlags(r.dataset, late); !s.ok()) return s;
    if (!r.hfModel.empty())
        for (const CLI::Option* o : late.gptShape)
            if (o->count() > 0)
                return Status::error(o->get_name() + " shapes the built-in GPT; with --model the shape comes from " + r.hfModel +
                                     "/config.json.");
    r.onNonFinite = late.onNan == "stop" ? NonFinitePolicy::Stop : NonFinitePolicy::Skip;
    r.shuffle = !late.noShuffle;
    r.checkpointRoot = !late.checkpointDir.empty() ? late.checkpointDir : a.runDir.empty() ? std::string() : a.runDir + "/checkpoints";
    const bool exportDirGiven = !r.exportDir.empty();
    if (r.exportDir.empty() && !a.runDir.empty()) r.exportDir = r.hfModel.empty() ? a.runDir : a.runDir + "/model";
    if (Status s = resolveLora(a, late, exportDirGiven); !s.ok()) return s;
    if (r.checkpointEvery > 0 && r.checkpointRoot.empty())
        return Status::error("--checkpoint_every needs a place for the checkpoints: give --run_dir (or CATAPULT_RUN_DIR) "
                             "or --checkpoint_dir.");
    if (late.warmup->count() == 0) r.training.warmupSteps = std::min<int64_t>(100, r.training.totalSteps / 20);
    if (!r.hfModel.empty() && late.lr->count() == 0) r.training.lr = 5e-5;  // transformers' Trainer defaults
    if (!r.hfModel.empty() && late.weightDecay->count() == 0) r.training.weightDecay = 0;
    r.maxShardBytes = parseByteSize(late.maxShardSize);
    if (r.maxShardBytes <= 0)
        return Status::error("--max_shard_size \"" + late.maxShardSize + "\" is not a size (write 5GB, 500MB, 2GiB or bytes).");
    if (!r.hfModel.empty()) return Status::success();
    return r.model.validate();
}

}  // namespace

std::string TrainArguments::usage() {
    TrainArguments a;
    LateFlags late;
    WorkerFlags f("train");
    defineFlags(f, a, late);
    return f.usage() +
           "With a run directory, checkpoints go to RUN_DIR/checkpoints (every N steps, at the end and\n"
           "when stopped by SIGTERM) and the final weights to RUN_DIR/model.safetensors + model.json;\n"
           "with --model, to RUN_DIR/model, a Hugging Face model directory transformers loads.\n";
}

Result<TrainArguments> TrainArguments::parse(const std::vector<std::string>& args) {
    TrainArguments a;
    if (const char* dir = std::getenv("CATAPULT_RUN_DIR")) a.runDir = dir;
    LateFlags late;
    WorkerFlags f("train");
    defineFlags(f, a, late);
    if (Status s = f.parse(args); !s.ok()) return s;
    if (Status s = resolveLateFlags(a, late); !s.ok()) return s;
    return a;
}

}  // namespace catapult
