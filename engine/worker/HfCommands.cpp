#include "HfCommands.h"

#include <torch/torch.h>

#include <cstdio>
#include <filesystem>

#include "DatasetStep.h"
#include "HfCausalLM.h"
#include "HfExport.h"
#include "HfWeights.h"
#include "LoraAdapters.h"
#include "TokenizerStep.h"
#include "catapult/ByteSize.h"
#include "WorkerFlags.h"

namespace catapult {
namespace {

struct HfFlags {
    std::string model, text, dtype = "float32";
    int64_t seqLen = 1024, batch = 8;
};

Result<HfFlags> parseFlags(const std::string& command, const std::vector<std::string>& args, bool scoring) {
    HfFlags f;
    WorkerFlags flags(command);
    flags.add("--model", f.model, "a Hugging Face model directory")->required();
    flags.add("--text", f.text, "a UTF-8 text file")->required();
    if (scoring) {
        flags.add("--seq_len", f.seqLen, "ids per window")->check(WorkerFlags::atLeast(2));
        flags.add("--batch_size", f.batch, "windows per forward pass")->check(WorkerFlags::positive());
        flags.add("--dtype", f.dtype, "float32, bfloat16 or float16")->check(CLI::IsMember({"float32", "bfloat16", "float16"}));
    }
    if (Status s = flags.parse(args); !s.ok()) return s;
    if (flags.helpAsked()) return Status::error(flags.usage());
    return f;
}

}  // namespace

int runTokenize(const std::vector<std::string>& args) {
    auto f = parseFlags("tokenize", args, false);
    if (!f.ok()) return std::fprintf(stderr, "%s\n", f.status().message().c_str()), 2;
    auto ids = tokenizeFiles(f.value().model, {f.value().text});
    if (!ids.ok()) return std::fprintf(stderr, "catapult-worker tokenize: %s\n", ids.status().message().c_str()), 1;
    std::string line = "{\"ids\": [";
    for (std::size_t i = 0; i < ids.value().size(); ++i) line += (i ? ", " : "") + std::to_string(ids.value()[i]);
    std::printf("%s]}\n", line.c_str());
    return 0;
}

int runDecode(const std::vector<std::string>& args) {
    std::string model, ids;
    WorkerFlags flags("decode");
    flags.add("--model", model, "a Hugging Face model directory")->required();
    flags.add("--ids", ids, "a JSON file {\"ids\": [...]}, as tokenize prints it")->required();
    if (Status s = flags.parse(args); !s.ok()) return std::fprintf(stderr, "%s\n", s.message().c_str()), 2;
    if (flags.helpAsked()) return std::printf("%s", flags.usage().c_str()), 0;
    std::fflush(stdout);
    if (Status s = decodeIdsFile(model, ids); !s.ok())
        return std::fprintf(stderr, "catapult-worker decode: %s\n", s.message().c_str()), 1;
    return 0;
}

int runPreview(const std::vector<std::string>& args) {
    std::string model, format = "auto";
    DatasetOptions d;
    int64_t seqLen = 1024;
    int rows = 20;
    WorkerFlags flags("preview");
    flags.add("--model", model, "a Hugging Face model directory")->required();
    flags.add("--dataset", d.paths, "a dataset file or folder")->required();
    flags.add("--dataset_format", format, "text, prompt_completion, alpaca, messages, sharegpt (default: detected)");
    flags.add("--columns", d.columns, "other field names, e.g. prompt=question,completion=answer");
    flags.add("--chat_template", d.chatTemplate, "auto, model, chatml, llama3, none, or a Jinja file");
    flags.flag("--train_on_prompt", d.trainOnPrompt, "the loss on the prompt too");
    flags.add("--seq_len", seqLen, "sequence length (for the counts)");
    flags.add("--rows", rows, "examples shown");
    if (Status s = flags.parse(args); !s.ok()) return std::fprintf(stderr, "%s\n", s.message().c_str()), 2;
    if (flags.helpAsked()) return std::printf("%s", flags.usage().c_str()), 0;
    for (DatasetFormat f : {DatasetFormat::Text, DatasetFormat::PromptCompletion, DatasetFormat::Alpaca, DatasetFormat::Messages,
                            DatasetFormat::ShareGpt})
        if (format == formatName(f)) d.format = f;
    auto preview = previewDataset(model, d, seqLen, rows);
    if (!preview.ok()) return std::fprintf(stderr, "catapult-worker preview: %s\n", preview.status().message().c_str()), 1;
    std::fputs(preview.value().c_str(), stdout);
    return 0;
}

int runScore(const std::vector<std::string>& args) {
    auto f = parseFlags("score", args, true);
    if (!f.ok()) return std::fprintf(stderr, "%s\n", f.status().message().c_str()), 2;
    const HfFlags& a = f.value();
    const torch::Dtype dtype = a.dtype == "bfloat16" ? torch::kBFloat16 : a.dtype == "float16" ? torch::kHalf : torch::kFloat;
    auto model = HfCausalLM::fromDirectory(a.model, dtype);
    if (!model.ok()) return std::fprintf(stderr, "catapult-worker score: %s\n", model.status().message().c_str()), 1;
    if (Status s = model.value()->config().checkSequenceLength(a.seqLen); !s.ok())
        return std::fprintf(stderr, "catapult-worker score: %s: %s\n", a.model.c_str(), s.message().c_str()), 1;
    auto ids = tokenizeFiles(a.model, {a.text});
    if (!ids.ok()) return std::fprintf(stderr, "catapult-worker score: %s\n", ids.status().message().c_str()), 1;
    torch::NoGradGuard noGrad;
    const torch::Tensor all = torch::tensor(ids.value(), torch::kInt).to(torch::kLong);
    const int64_t n = all.size(0), full = n / a.seqLen;
    double total = 0;
    int64_t tokens = 0;
    auto add = [&](const torch::Tensor& windows) {  // [k, T]: positions 0..T-2 predict 1..T-1
        const torch::Tensor logits = model.value()->forward(windows).slice(1, 0, -1).to(torch::kDouble);
        const torch::Tensor labels = windows.slice(1, 1);
        total += torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), labels.reshape({-1}),
                                                      torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum)).item<double>();
        tokens += labels.numel();
    };
    for (int64_t first = 0; first < full; first += a.batch)
        add(all.slice(0, first * a.seqLen, std::min(full, first + a.batch) * a.seqLen).view({-1, a.seqLen}));
    if (n - full * a.seqLen >= 2) add(all.slice(0, full * a.seqLen).unsqueeze(0));
    if (tokens == 0) return std::fprintf(stderr, "catapult-worker score: %s has fewer than 2 tokens\n", a.text.c_str()), 1;
    std::printf("{\"loss\": %.17g, \"tokens\": %lld}\n", total / double(tokens), static_cast<long long>(tokens));
    return 0;
}

namespace {

struct MergeFlags {
    std::string model, adapter, out, maxShardSize = "5GB";
};

// A new or empty folder for the merged model (as `catapult runs export` asks).
Status checkOut(const std::string& out) {
    std::error_code ec;
    if (!std::filesystem::exists(out, ec)) return Status::success();
    if (!std::filesystem::is_directory(out, ec)) return Status::error("--out " + out + " is a file; give a new or empty folder");
    if (!std::filesystem::is_empty(out, ec)) return Status::error("--out " + out + " is not empty; give a new or empty folder, nothing was written");
    return Status::success();
}

// Says so when the adapter names another base (PEFT merges into any base of the same shapes).
void noteOtherBase(const MergeFlags& f) {
    const std::string base = adapterBaseModel(f.adapter);
    std::error_code ec;
    if (base.empty() || base == f.model || std::filesystem::equivalent(base, f.model, ec)) return;
    std::fprintf(stderr, "catapult-worker merge: note: %s was trained on %s; merging it into %s, whose shapes fit\n", f.adapter.c_str(),
                 base.c_str(), f.model.c_str());
}

Status writeMerged(const MergeFlags& f) {
    if (Status s = checkOut(f.out); !s.ok()) return s;
    const int64_t shard = parseByteSize(f.maxShardSize);
    if (shard <= 0) return Status::error("--max_shard_size " + f.maxShardSize + ": not a size (5GB, 500MB, bytes)");
    auto weights = HfWeights::open(f.model);
    if (!weights.ok()) return weights.status();
    const torch::Dtype fileDtype = weights.value().tensor(weights.value().names().front()).value().scalar_type();
    auto model = loadWithAdapter(f.model, f.adapter);
    if (!model.ok()) return model.status();
    noteOtherBase(f);
    NamedTensorList adapters;
    for (const auto& item : model.value()->named_parameters())
        if (isLoraParameter(item.key())) adapters.emplace_back(item.key(), item.value().detach());
    torch::NoGradGuard noGrad;
    try {
        writeHfDirectory(f.out, mergedParameters(*model.value(), adapters), {f.model, shard, fileDtype});
    } catch (const std::exception& e) {
        return Status::error(e.what());
    }
    return Status::success();
}

}  // namespace

int runMerge(const std::vector<std::string>& args) {
    MergeFlags f;
    WorkerFlags flags("merge");
    flags.add("--model", f.model, "the base model directory the adapter was trained on")->required();
    flags.add("--adapter", f.adapter, "a PEFT LoRA adapter directory")->required();
    flags.add("--out", f.out, "where the merged model directory goes")->required();
    flags.add("--max_shard_size", f.maxShardSize, "weight files up to this size (5GB, 500MB, bytes)");
    if (Status s = flags.parse(args); !s.ok()) return std::fprintf(stderr, "%s\n", s.message().c_str()), 2;
    if (flags.helpAsked()) return std::printf("%s", flags.usage().c_str()), 0;
    if (Status s = writeMerged(f); !s.ok()) return std::fprintf(stderr, "catapult-worker merge: %s\n", s.message().c_str()), 1;
    std::printf("catapult-worker merge: wrote %s (%s with %s merged in)\n", f.out.c_str(), f.model.c_str(), f.adapter.c_str());
    return 0;
}

}  // namespace catapult
