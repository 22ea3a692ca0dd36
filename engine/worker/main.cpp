// catapult-worker: one rank of a training job.
//   catapult-worker train [flags]          the built-in recipe: the GPT, or --model DIR (TrainArguments.h)
//   catapult-worker probe [--disk_path D]  this machine's hardware as one JSON document
//   catapult-worker tokenize|decode|score  a Hugging Face model's tokenizer and loss (HfCommands.h)
//   catapult-worker bench allreduce [...]  all-reduce bandwidth: engine buckets vs raw backend
//   catapult-worker bench fp8 [...]        FP8 vs bf16: matrix products and GPT training steps
//   catapult-worker bench adam [...]       CpuAdamW vs torch::optim::AdamW
//   catapult-worker netcheck listen|connect  pre-flight: can the other hosts reach the main port
//   catapult-worker gpu-check STEP [...]   one check of a GPU path (bench/run gpu-check runs them all)
// The worker reads the worker environment contract (RANK, WORLD_SIZE, MASTER_ADDR, ...),
// speaks the metrics line protocol on stdout, and exits non-zero with an "error" line naming
// its rank when anything fails.

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "AdamBenchmark.h"
#include "AllreduceBenchmark.h"
#include "Fp8Benchmark.h"
#include "GpuCheck.h"
#include "HardwareProbe.h"
#include "GenerateCommand.h"
#include "HfCommands.h"
#include "NetCheck.h"
#include "TrainArguments.h"
#include "catapult/Accelerator.h"
#include "catapult/GptRecipe.h"
#include "catapult/MetricsWriter.h"
#include "catapult/ProcessState.h"

namespace {

// SIGTERM (the launcher's Stop, a scheduler's preemption) asks the recipe to finish the current
// step, write a checkpoint and exit; a second SIGTERM, or SIGKILL, ends the process at once.
std::atomic<bool> g_stopRequested{false};

extern "C" void onTerminate(int) {
    if (g_stopRequested.exchange(true)) {
        std::signal(SIGTERM, SIG_DFL);
        std::raise(SIGTERM);
    }
}

int reportError(const std::string& runDir, int rank, const std::string& message) {
    catapult::MetricsWriter errors(runDir);
    errors.write(catapult::JsonObject().add("type", "error").add("rank", rank).add("message", message));
    // Under catapult launch the error line above is shown; run by hand, or by another launcher, also this.
    if (!std::getenv("CATAPULT_RUN_DIR")) std::fprintf(stderr, "error: rank %d: %s\n", rank, message.c_str());
    return 1;
}

int train(const std::vector<std::string>& args) {
    auto state = catapult::ProcessState::fromProcessEnvironment();
    if (!state.ok()) return reportError("", 0, state.status().message());
    const int rank = state.value().rank;
    auto parsed = catapult::TrainArguments::parse(args);
    if (!parsed.ok()) return reportError("", rank, parsed.status().message());
    const auto& a = parsed.value();
    auto acc = catapult::Accelerator::create(state.value());
    if (!acc.ok()) return reportError(a.runDir, rank, acc.status().message());
    try {
        catapult::MetricsWriter metrics(rank == 0 ? a.runDir : std::string(), rank == 0);
        catapult::RecipeOptions recipe = a.recipe;
        recipe.stopRequested = &g_stopRequested;
        std::signal(SIGTERM, onTerminate);
        catapult::Status s = catapult::runGptRecipe(*acc.value(), recipe, metrics);
        if (!s.ok()) return reportError(a.runDir, rank, s.message());
    } catch (const std::exception& e) {
        std::string what = e.what();
        return reportError(a.runDir, rank, what.substr(0, what.find("\nException raised from")));
    }
    return 0;
}

// --help (the usage, on stdout) or --version.
int printAbout(const std::string& flag, const std::string& usage) {
    if (flag == "--version") std::printf("catapult-worker %s (LibTorch %s)\n", CATAPULT_VERSION, TORCH_VERSION);
    else std::fputs(usage.c_str(), stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const std::string usage =
        "Usage: catapult-worker train [flags]   (catapult-worker train --help)\n"
        "  or:  catapult-worker probe [--disk_path DIR]\n"
        "  or:  catapult-worker tokenize --model DIR --text FILE\n"
        "  or:  catapult-worker decode --model DIR --ids FILE\n"
        "  or:  catapult-worker preview --model DIR --dataset PATH [--rows K] [...]\n"
        "  or:  catapult-worker generate --model DIR [--adapter DIR] (--prompt TEXT | --prompt_ids IDS | --chat) [...]\n"
        "  or:  catapult-worker serve --model DIR [--adapter DIR] [...]   (the Chat tab's line protocol)\n"
        "  or:  catapult-worker merge --model BASE --adapter DIR --out DIR [--max_shard_size S]\n"
        "  or:  catapult-worker score --model DIR --text FILE [--seq_len T] [--batch_size B] [--dtype D]\n"
        "  or:  catapult-worker bench allreduce [--bytes N] [--iterations K]\n"
        "  or:  catapult-worker bench fp8 [--size N] [--width W] [--steps S] [...]\n"
        "  or:  catapult-worker bench adam [--parameters N] [--tensors K] [--steps S]\n"
        "  or:  catapult-worker netcheck listen|connect [...]\n"
        "  or:  catapult-worker gpu-check nccl|dp|zero3|offload|offload3|precision [--corpus F] [--steps N]\n";
    if (args.empty()) {
        std::fputs(usage.c_str(), stderr);
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "--version") return printAbout(args[0], usage);
    const std::string command = args.front();
    args.erase(args.begin());
    if (command == "train") {
        if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
            std::fputs(catapult::TrainArguments::usage().c_str(), stdout);
            return 0;
        }
        return train(args);
    }
    if (command == "probe") return catapult::runProbe(args);
    if (command == "tokenize") return catapult::runTokenize(args);
    if (command == "decode") return catapult::runDecode(args);
    if (command == "score") return catapult::runScore(args);
    if (command == "preview") return catapult::runPreview(args);
    if (command == "merge") return catapult::runMerge(args);
    if (command == "generate") return catapult::runGenerate(args);
    if (command == "serve") return catapult::runServe(args);
    if (command == "netcheck") return catapult::runNetCheck(args);
    if (command == "gpu-check") return catapult::runGpuCheck(args);
    if (command == "bench" && !args.empty() && args[0] == "allreduce") {
        args.erase(args.begin());
        return catapult::runAllreduceBenchmark(args);
    }
    if (command == "bench" && !args.empty() && args[0] == "adam") {
        args.erase(args.begin());
        return catapult::runAdamBenchmark(args);
    }
    if (command == "bench" && !args.empty() && args[0] == "fp8") {
        args.erase(args.begin());
        return catapult::runFp8Benchmark(args);
    }
    std::fprintf(stderr, "catapult-worker: unknown command '%s'\n%s", command.c_str(), usage.c_str());
    return 2;
}
