#include "GenerateCommand.h"

#include <torch/torch.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <iostream>
#include <sstream>

#include "DiskOffload.h"
#include "Generation.h"
#include "HfCausalLM.h"
#include "JsonDocument.h"
#include "LoraAdapters.h"
#include "TextServer.h"
#include "WorkerFlags.h"
#include "catapult/DeviceMap.h"
#include "catapult/MemoryEstimate.h"
#include "catapult/MetricsWriter.h"

namespace catapult {
namespace {

struct GenerateFlags {
    std::string model, adapter, system, chatTemplate = "auto", dtype = "float32", deviceMap, maxMemory, offloadFolder;
    std::vector<std::string> prompts, promptIds, stops;
    bool chat = false, json = false, ignoreEos = false, serve = false, planOnly = false;
    double loadSeconds = 0;
    GenerationOptions generation;
};

// The sampling flags given (in the order max_new_tokens, do_sample, temperature, top_k, top_p,
// repetition_penalty) over the model's own settings; the seed always.
void overlay(GenerationOptions& o, const GenerationOptions& given, const std::vector<CLI::Option*>& flags) {
    if (flags[0]->count()) o.maxNewTokens = given.maxNewTokens;
    if (flags[1]->count()) o.doSample = true;
    if (flags[2]->count()) o.temperature = given.temperature;
    if (flags[3]->count()) o.topK = given.topK;
    if (flags[4]->count()) o.topP = given.topP;
    if (flags[5]->count()) o.repetitionPenalty = given.repetitionPenalty;
    o.seed = given.seed;
}

// One input (prompts, ids or a chat) unless serving or planning; placement flags with a device map.
Status checkInputs(const GenerateFlags& f) {
    if (!f.serve && !f.planOnly && (f.prompts.empty() == f.promptIds.empty() ? !f.chat || !f.prompts.empty() : f.chat))
        return Status::error("catapult-worker generate: give --prompt TEXT, --prompt_ids IDS or --chat (one of them)");
    if (f.deviceMap.empty() && !f.planOnly && (!f.offloadFolder.empty() || !f.maxMemory.empty()))
        return Status::error(std::string("catapult-worker generate: ") + (f.maxMemory.empty() ? "--offload_folder" : "--max_memory") +
                             " places the model by a device map: give --device_map auto (or balanced, sequential, cpu) too");
    return Status::success();
}

// The flags over the model's generation_config.json: only those given replace its values.
Result<GenerateFlags> parseFlags(const std::vector<std::string>& args, bool& help, std::string& usage) {
    GenerateFlags f;
    GenerationOptions given;
    bool sample = false;
    WorkerFlags flags("generate");
    flags.add("--model", f.model, "a Hugging Face model directory")->required();
    flags.add("--adapter", f.adapter, "a PEFT LoRA adapter directory trained on the model");
    flags.add("--prompt", f.prompts, "a prompt (several: one batch)");
    flags.add("--prompt_ids", f.promptIds, "a prompt as token ids, 1,2,3 (several: one batch)");
    flags.flag("--chat", f.chat, "a conversation: the user's turns from stdin, one per line");
    flags.flag("--serve", f.serve, "the serve protocol on stdin and stdout (catapult-worker serve)");
    flags.flag("--plan_only", f.planOnly, "with --device_map: print the plan as a JSON line and load nothing");
    flags.add("--system", f.system, "with --chat: the system message");
    flags.add("--chat_template", f.chatTemplate, "auto, model, chatml, llama3, none, or a Jinja file");
    auto* maxNew = flags.add("--max_new_tokens", given.maxNewTokens, "new tokens at most")->check(WorkerFlags::atLeast(1));
    auto* doSample = flags.flag("--do_sample", sample, "sample instead of the most likely token");
    auto* temperature = flags.add("--temperature", given.temperature, "sampling temperature")->check(WorkerFlags::positive());
    auto* topK = flags.add("--top_k", given.topK, "sample among the k most likely (0: all)")->check(WorkerFlags::atLeast(0));
    auto* topP = flags.add("--top_p", given.topP, "sample within this much probability")->check(CLI::Range(0.0, 1.0));
    auto* penalty = flags.add("--repetition_penalty", given.repetitionPenalty, "1: none")->check(WorkerFlags::positive());
    flags.add("--seed", given.seed, "the sampling seed");
    flags.add("--stop", f.stops, "end a reply at this text (repeatable)");
    flags.add("--dtype", f.dtype, "float32 or bfloat16")->check(CLI::IsMember({"float32", "bfloat16"}));
    flags.flag("--json", f.json, "JSON lines: one per prompt, then a summary");
    flags.add("--device_map", f.deviceMap, "auto, balanced, sequential or cpu: place the layers by --max_memory, the rest left on disk");
    flags.add("--max_memory", f.maxMemory, "with --device_map: cpu=SIZE, what the process may hold in all (default: 90% of the free memory)");
    flags.add("--offload_folder", f.offloadFolder, "with --device_map: disk layers stored in another dtype are written here once, converted");
    flags.flag("--ignore_eos", f.ignoreEos, "go on past end-of-sequence ids (always max_new_tokens, for benchmarks)");
    if (Status s = flags.parse(args); !s.ok()) return s;
    help = flags.helpAsked();
    usage = flags.usage();
    if (help) return f;
    if (Status s = checkInputs(f); !s.ok()) return s;
    auto defaults = generationDefaults(f.model);
    if (!defaults.ok()) return defaults.status();
    f.generation = defaults.value();
    overlay(f.generation, given, {maxNew, doSample, temperature, topK, topP, penalty});
    if (f.ignoreEos) f.generation.eos.clear();
    return f;
}

Result<std::vector<int64_t>> idsOfText(const std::string& text) {
    std::vector<int64_t> ids;
    std::stringstream in(text);
    for (std::string word; std::getline(in, word, ',');) {
        try {
            ids.push_back(std::stoll(word));
        } catch (const std::exception&) {
            return Status::error("--prompt_ids " + text + ": not a list of token ids (1,2,3)");
        }
    }
    if (ids.empty()) return Status::error("--prompt_ids: no ids");
    return ids;
}

// A row's text as it grows (complete characters only), handed on; the row ends at a stop text.
class Streamer {
public:
    using Emit = std::function<void(const std::string& delta)>;
    Streamer(TextServer& text, const std::vector<std::string>& stops, Emit emit) : m_text(text), m_stops(stops), m_emit(std::move(emit)) {}
    bool add(int64_t id) {
        m_ids.push_back(id);
        auto text = m_text.decode(m_ids);
        if (!text.ok()) return false;
        const std::string& t = text.value();
        const bool complete = t.size() < 3 || t.compare(t.size() - 3, 3, "\xEF\xBF\xBD") != 0;  // no half character
        if (m_emit && complete && t.size() > m_shown && t.compare(0, m_shown, t, 0, m_shown) == 0) {
            m_emit(t.substr(m_shown));
            m_shown = t.size();
        }
        for (const std::string& stop : m_stops)
            if (t.find(stop) != std::string::npos) return false;
        return !g_stopReply;
    }
    static inline volatile std::sig_atomic_t g_stopReply = 0;  // SIGUSR1: end the reply being made

private:
    TextServer& m_text;
    const std::vector<std::string>& m_stops;
    Emit m_emit;
    std::vector<int64_t> m_ids;
    std::size_t m_shown = 0;
};

void printDelta(const std::string& delta) {
    std::fwrite(delta.data(), 1, delta.size(), stdout);
    std::fflush(stdout);
}

// VmHWM of /proc/self/status: the most this process has held in memory.
int64_t peakRssBytes() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
    return 0;
}

int64_t statusKib(const char* field, const char* file) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field, 0) == 0) return std::stoll(line.substr(std::string(field).size()));
    return 0;
}

// The CPU's budget for the weights: what the process may hold (--max_memory cpu=, else 90% of
// the free memory) less what it holds already and a margin for the keys, values and activations.
Result<std::vector<DeviceBudget>> offloadBudgets(const GenerateFlags& f) {
    std::vector<DeviceBudget> budgets;
    if (!f.maxMemory.empty()) {
        auto parsed = parseMaxMemory(f.maxMemory);
        if (!parsed.ok()) return parsed.status();
        budgets = parsed.value();
    }
    for (const DeviceBudget& b : budgets)
        if (b.device != "cpu" && b.device != "disk")
            return Status::error("--max_memory " + f.maxMemory + ": GPU " + b.device + " is named, but generation runs on the CPU here");
    auto cpu = std::find_if(budgets.begin(), budgets.end(), [](const DeviceBudget& b) { return b.device == "cpu"; });
    if (cpu == budgets.end()) cpu = budgets.insert(budgets.begin(), {"cpu", statusKib("MemAvailable:", "/proc/meminfo") * 1024 * 9 / 10});
    const int64_t held = statusKib("VmRSS:", "/proc/self/status") * 1024, margin = 64ll << 20;
    if (cpu->bytes <= held + margin)
        return Status::error("--max_memory cpu=" + formatBytes(cpu->bytes) + " is less than the process already holds (" + formatBytes(held) +
                             ") and a margin of " + formatBytes(margin));
    cpu->bytes -= held + margin;
    if (std::none_of(budgets.begin(), budgets.end(), [](const DeviceBudget& b) { return b.device == "disk"; }))
        budgets.push_back({"disk", std::numeric_limits<int64_t>::max()});
    return budgets;
}

// Where --device_map puts the model's parts within the budgets.
Result<DeviceMapPlan> planFor(const GenerateFlags& f, torch::Dtype dtype) {
    auto mode = parseDeviceMapMode(f.deviceMap);
    if (!mode.ok()) return mode.status();
    auto config = HfModelConfig::read(f.model);
    if (!config.ok()) return config.status();
    auto budgets = offloadBudgets(f);
    if (!budgets.ok()) return budgets.status();
    return planDeviceMap(modelParts(config.value(), dtype == torch::kFloat ? 4 : 2), budgets.value(), mode.value());
}

// The model placed by --device_map: the plan printed, the CPU's part loaded, the rest left on disk.
Result<std::shared_ptr<HfCausalLM>> loadByDeviceMap(const GenerateFlags& f, torch::Dtype dtype, const LoadProgress& progress) {
    auto plan = planFor(f, dtype);
    if (!plan.ok()) return plan.status();
    std::fprintf(stderr, "catapult-worker generate: device map (%s)\n%s", f.deviceMap.c_str(), plan.value().table().c_str());
    auto loaded = loadOffloaded(f.model, plan.value(), {dtype, f.offloadFolder, progress});
    if (!loaded.ok()) return loaded.status();
    if (!f.adapter.empty())  // the adapters in memory, beside base weights wherever the plan put them
        if (Status s = attachAdapter(*loaded.value().model, f.model, f.adapter, dtype); !s.ok()) return s;
    return loaded.value().model;
}

// --plan_only: the plan as one JSON line (its table, and the bytes per device), nothing loaded.
int printPlan(const GenerateFlags& f, torch::Dtype dtype) {
    auto plan = planFor(f, dtype);
    if (!plan.ok()) return std::fprintf(stderr, "catapult-worker generate: %s\n", plan.status().message().c_str()), 1;
    JsonObject used;
    for (const auto& [device, bytes] : plan.value().used) used.add(device, bytes);
    std::printf("%s\n", JsonObject().add("type", "plan").add("device_map", f.deviceMap).add("table", plan.value().table())
                            .addRaw("bytes", used.str()).str().c_str());
    return 0;
}

void printSummary(const GenerationResult& r, bool json, double loadSeconds) {
    const double rate = r.seconds > 0 ? static_cast<double>(r.generated) / r.seconds : 0;
    if (json) {
        std::printf("%s\n", JsonObject().add("type", "generated").add("tokens", r.generated).add("seconds", r.seconds)
                                .add("tokens_per_s", rate).add("first_token_seconds", r.firstTokenSeconds)
                                .add("load_seconds", loadSeconds).add("peak_rss_bytes", peakRssBytes()).str().c_str());
        return;
    }
    std::fprintf(stderr, "\ncatapult-worker generate: %lld tokens in %.2f s (%.1f tokens/s), first token after %.3f s\n",
                 static_cast<long long>(r.generated), r.seconds, rate, r.firstTokenSeconds);
}

struct Session {
    GenerateFlags flags;
    std::shared_ptr<HfCausalLM> model;
    std::unique_ptr<TextServer> text;
};

// The prompts as ids (text through the tokenizer), each id checked against the vocabulary.
Result<std::vector<std::vector<int64_t>>> promptsOf(Session& s) {
    std::vector<std::vector<int64_t>> prompts;
    for (const std::string& p : s.flags.promptIds) {
        auto ids = idsOfText(p);
        if (!ids.ok()) return ids.status();
        prompts.push_back(ids.value());
    }
    for (const std::string& p : s.flags.prompts) {
        auto ids = s.text->encode(p);
        if (!ids.ok()) return ids.status();
        prompts.push_back(ids.value());
    }
    const int64_t vocab = s.model->config().vocabSize;
    for (const auto& p : prompts)
        for (int64_t id : p)
            if (id < 0 || id >= vocab)
                return Status::error("token id " + std::to_string(id) + " is outside the model's vocabulary (0-" + std::to_string(vocab - 1) + ")");
    return prompts;
}

// Each prompt's reply: "[i] text", or with --json its ids and text.
void printReplies(Session& s, const GenerationResult& r) {
    for (std::size_t i = 0; i < r.tokens.size(); ++i) {
        const std::string text = s.text->decode(r.tokens[i]).valueOr("");
        if (!s.flags.json) {
            std::printf("[%zu] %s\n", i, text.c_str());
            continue;
        }
        std::string ids = "[";
        for (std::size_t k = 0; k < r.tokens[i].size(); ++k) ids += (k ? "," : "") + std::to_string(r.tokens[i][k]);
        std::printf("%s\n", JsonObject().add("type", "text").add("prompt", static_cast<int64_t>(i)).addRaw("ids", ids + "]")
                                .add("text", text).str().c_str());
    }
}

// The prompts generated as one batch; one prompt streams its text.
int runPrompts(Session& s) {
    auto prompts = promptsOf(s);
    if (!prompts.ok()) return std::fprintf(stderr, "catapult-worker generate: %s\n", prompts.status().message().c_str()), 2;
    const bool stream = prompts.value().size() == 1 && !s.flags.json;
    std::vector<Streamer> rows;
    for (std::size_t i = 0; i < prompts.value().size(); ++i) rows.emplace_back(*s.text, s.flags.stops, stream ? Streamer::Emit(printDelta) : nullptr);
    const GenerationResult r = generate(*s.model, prompts.value(), s.flags.generation,
                                        [&](std::size_t row, int64_t id) { return rows[row].add(id); });
    if (!stream) printReplies(s, r);
    printSummary(r, s.flags.json, s.flags.loadSeconds);
    return 0;
}

// A conversation on stdin: each line a user turn, each answer streamed and kept.
int runChat(Session& s) {
    std::vector<ChatMessage> messages;
    if (!s.flags.system.empty()) messages.push_back({"system", s.flags.system});
    for (std::string line; std::getline(std::cin, line);) {
        messages.push_back({"user", line});
        auto prompt = s.text->chat(messages);
        if (!prompt.ok()) return std::fprintf(stderr, "catapult-worker generate: %s\n", prompt.status().message().c_str()), 1;
        Streamer streamer(*s.text, s.flags.stops, printDelta);
        const GenerationResult r = generate(*s.model, {prompt.value()}, s.flags.generation, [&](std::size_t, int64_t id) { return streamer.add(id); });
        messages.push_back({"assistant", s.text->decode(r.tokens[0]).valueOr("")});
        printSummary(r, false, s.flags.loadSeconds);
    }
    return 0;
}

// One request of the serve protocol: the conversation and the settings it changes.
Result<std::pair<std::vector<ChatMessage>, GenerationOptions>> serveRequest(const std::string& line, GenerationOptions o) {
    auto json = parseJson(line);
    if (!json.ok() || !json.value().is_object()) return Status::error("not a JSON object: " + line);
    const nlohmann::json& r = json.value();
    std::vector<ChatMessage> messages;
    for (const auto& m : r.value("messages", nlohmann::json::array()))
        messages.push_back({m.value("role", ""), m.value("content", "")});
    if (messages.empty()) return Status::error("a request needs \"messages\": [{\"role\": ..., \"content\": ...}]");
    o.maxNewTokens = r.value("max_new_tokens", o.maxNewTokens);
    o.doSample = r.value("do_sample", o.doSample);
    o.temperature = r.value("temperature", o.temperature);
    o.topK = r.value("top_k", o.topK);
    o.topP = r.value("top_p", o.topP);
    o.repetitionPenalty = r.value("repetition_penalty", o.repetitionPenalty);
    o.seed = r.value("seed", o.seed);
    return std::make_pair(messages, o);
}

void serveLine(const JsonObject& o) {
    std::printf("%s\n", o.str().c_str());
    std::fflush(stdout);
}

// The serve protocol: a request per stdin line, its reply streamed as "delta" lines and ended by
// a "done" line (or an "error" line); SIGUSR1 ends the reply being made.
int runServe(Session& s) {
    std::signal(SIGUSR1, [](int) { Streamer::g_stopReply = 1; });
    serveLine(JsonObject().add("type", "ready").add("template", s.text->templateUsed()).add("load_seconds", s.flags.loadSeconds)
                  .add("parameters", s.model->config().parameterCount()));
    for (std::string line; std::getline(std::cin, line);) {
        if (line.empty()) continue;
        Streamer::g_stopReply = 0;
        auto request = serveRequest(line, s.flags.generation);
        std::string promptText;
        auto prompt = request.ok() ? s.text->chat(request.value().first, &promptText) : Result<std::vector<int64_t>>(request.status());
        if (!prompt.ok()) {
            serveLine(JsonObject().add("type", "error").add("message", prompt.status().message()));
            continue;
        }
        Streamer streamer(*s.text, s.flags.stops, [](const std::string& delta) { serveLine(JsonObject().add("type", "delta").add("text", delta)); });
        const GenerationResult r = generate(*s.model, {prompt.value()}, request.value().second, [&](std::size_t, int64_t id) { return streamer.add(id); });
        serveLine(JsonObject().add("type", "done").add("text", s.text->decode(r.tokens[0]).valueOr("")).add("tokens", r.generated)
                      .add("seconds", r.seconds).add("tokens_per_s", r.seconds > 0 ? r.generated / r.seconds : 0.0)
                      .add("first_token_seconds", r.firstTokenSeconds).add("prompt", promptText).add("stopped", Streamer::g_stopReply != 0));
    }
    return 0;
}

// For serve: {"type":"loading","stage":"weights","done","total"} as each percent of the
// weights is in, so the app's bar moves.
LoadProgress servedProgress() {
    return [shown = int64_t(-1)](int64_t done, int64_t total) mutable {
        const int64_t percent = total > 0 ? done * 100 / total : 100;
        if (percent == shown) return;
        shown = percent;
        serveLine(JsonObject().add("type", "loading").add("stage", "weights").add("done", done).add("total", total));
    };
}

// The model as the flags place it: by the device map, with the adapter, or whole in memory.
Result<std::shared_ptr<HfCausalLM>> loadModel(const GenerateFlags& f, torch::Dtype dtype) {
    const LoadProgress progress = f.serve ? servedProgress() : LoadProgress();
    if (!f.deviceMap.empty()) return loadByDeviceMap(f, dtype, progress);
    if (!f.adapter.empty()) return loadWithAdapter(f.model, f.adapter, dtype, progress);
    return HfCausalLM::fromDirectory(f.model, dtype, progress);
}

}  // namespace

int runGenerate(const std::vector<std::string>& args) {
    std::signal(SIGPIPE, SIG_IGN);  // a tokenizer process that ended is an error, not a signal
    bool help = false;
    std::string usage;
    auto f = parseFlags(args, help, usage);
    if (!f.ok()) return std::fprintf(stderr, "%s\n", f.status().message().c_str()), 2;
    if (help) return std::printf("%s", usage.c_str()), 0;
    Session s{f.value(), nullptr, nullptr};
    const torch::Dtype dtype = s.flags.dtype == "bfloat16" ? torch::kBFloat16 : torch::kFloat;
    const auto loading = std::chrono::steady_clock::now();
    if (s.flags.planOnly) {
        if (s.flags.deviceMap.empty()) s.flags.deviceMap = "auto";
        return printPlan(s.flags, dtype);
    }
    auto model = loadModel(s.flags, dtype);
    if (!model.ok()) return std::fprintf(stderr, "catapult-worker generate: %s\n", model.status().message().c_str()), 1;
    s.model = model.value();
    s.model->eval();
    s.flags.loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loading).count();
    if (s.flags.serve) serveLine(JsonObject().add("type", "loading").add("stage", "tokenizer"));
    auto text = TextServer::start(s.flags.model, s.flags.chatTemplate);
    if (!text.ok()) return std::fprintf(stderr, "catapult-worker generate: %s\n", text.status().message().c_str()), 1;
    s.text = std::move(text.value());
    try {
        return s.flags.serve ? runServe(s) : s.flags.chat ? runChat(s) : runPrompts(s);
    } catch (const std::exception& e) {
        const std::string what = e.what();
        std::fprintf(stderr, "catapult-worker generate: %s\n", what.substr(0, what.find("\nException raised from")).c_str());
        return 1;
    }
}

int runServe(const std::vector<std::string>& args) {
    std::vector<std::string> withServe = args;
    withServe.push_back("--serve");
    return runGenerate(withServe);
}

}  // namespace catapult
