#include "DatasetStep.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "JsonDocument.h"
#include "TokenizerStep.h"
#include "catapult/MetricsWriter.h"

namespace catapult {

const char* formatName(DatasetFormat format) {
    switch (format) {
        case DatasetFormat::Auto: return "auto";
        case DatasetFormat::Text: return "text";
        case DatasetFormat::PromptCompletion: return "prompt_completion";
        case DatasetFormat::Alpaca: return "alpaca";
        case DatasetFormat::Messages: return "messages";
        case DatasetFormat::ShareGpt: return "sharegpt";
    }
    return "auto";
}

const char* overlongName(Overlong overlong) { return overlong == Overlong::Split ? "split" : "truncate"; }

namespace {

std::string arguments(const std::string& modelDir, const DatasetOptions& o, int64_t seqLen, uint64_t seed,
                      const std::string& command = "dataset") {
    std::string args = command + " --model " + shellQuoted(modelDir) + " --seq_len " + std::to_string(seqLen) +
                       " --seed " + std::to_string(seed) + " --format " + formatName(o.format) + " --overlong " +
                       overlongName(o.overlong) + " --chat_template " + shellQuoted(o.chatTemplate);
    for (const std::string& p : o.paths) args += " --data " + shellQuoted(p);
    for (const std::string& p : o.validationPaths) args += " --validation_data " + shellQuoted(p);
    if (!o.columns.empty()) args += " --columns " + shellQuoted(o.columns);
    if (o.trainOnPrompt) args += " --train_on_prompt";
    if (o.skipBadRows) args += " --skip_bad_rows";
    if (o.validationSplit > 0) args += " --validation_split " + std::to_string(o.validationSplit);
    return args;
}

// Runs the step: its progress and messages pass through to stderr; the last "{...}" line is the report.
Result<std::string> runStep(const std::string& command, const std::string& what) {
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return Status::error("cannot start the preparation step for " + what);
    std::string report, lastMessage, line;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe)) {
        line += buffer;
        if (line.back() != '\n') continue;
        if (line.front() == '{') report = line;
        else {
            std::cerr << line << std::flush;
            if (line.rfind("catapult.prepare: ", 0) == 0) lastMessage = line.substr(18, line.size() - 19);
        }
        line.clear();
    }
    const int rc = ::pclose(pipe);
    if (rc != 0 || report.empty())
        return Status::error(lastMessage.empty() ? "preparing " + what + " failed (see the messages above)" : lastMessage);
    return report;
}

template <typename T>
std::vector<T> readArray(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::vector<T> values(in ? static_cast<std::size_t>(in.tellg()) / sizeof(T) : 0);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
    return values;
}

DatasetSplit readSplit(const std::string& directory, const std::string& name) {
    const std::string base = directory + "/" + name;
    return {readArray<int32_t>(base + ".ids"), readArray<uint8_t>(base + ".mask"), readArray<int64_t>(base + ".starts")};
}

std::string count(const nlohmann::json& report, const char* key) { return std::to_string(integerOf(report.value(key, nlohmann::json()))); }

// The first listed entry of report[list] ("where: reason"), for the alert text.
std::string firstOf(const nlohmann::json& report, const char* list) {
    const nlohmann::json* entries = findMember(report, list);
    if (!entries || !entries->is_array() || entries->empty()) return "";
    return stringOf((*entries)[0].value("where", nlohmann::json())) + ": " + stringOf((*entries)[0].value("reason", nlohmann::json()));
}

std::vector<std::string> noticesOf(const nlohmann::json& report, const std::string& what, int64_t seqLen) {
    std::vector<std::string> notices;
    if (integerOf(report.value("skipped_rows", nlohmann::json())) > 0)
        notices.push_back("left out " + count(report, "skipped_rows") + " bad rows of " + what + " (--skip_bad_rows); the first: " +
                          firstOf(report, "skipped"));
    if (integerOf(report.value("longer_than_seq_len", nlohmann::json())) > 0)
        notices.push_back(count(report, "longer_than_seq_len") + " examples of " + what + " are longer than --seq_len " +
                          std::to_string(seqLen) + " and were " + stringOf(report.value("overlong", nlohmann::json())) +
                          (stringOf(report.value("overlong", nlohmann::json())) == "split" ? "" : "d"));
    if (integerOf(report.value("dropped_examples", nlohmann::json())) > 0)
        notices.push_back(count(report, "dropped_examples") + " examples of " + what + " had nothing to train on and were left out; the first: " +
                          firstOf(report, "dropped"));
    return notices;
}

std::string summaryOf(const nlohmann::json& report, const PreparedDataset& d) {
    JsonObject o;
    o.add("format", stringOf(report.value("format", nlohmann::json())))
        .add("chat_template", stringOf(report.value("chat_template", nlohmann::json())))
        .add("examples", static_cast<int64_t>(d.train.examples()))
        .add("trained_tokens", integerOf(report.value("train", nlohmann::json::object()).value("trained_tokens", nlohmann::json())))
        .add("validation_examples", static_cast<int64_t>(d.validation.examples()))
        .add("skipped_rows", integerOf(report.value("skipped_rows", nlohmann::json())))
        .add("cached", report.value("cached", false))
        .add("prepare_seconds", report.value("seconds", 0.0))
        .add("directory", stringOf(report.value("directory", nlohmann::json())));
    return o.str();
}

}  // namespace

Result<PreparedDataset> prepareDataset(const std::string& modelDir, const DatasetOptions& options, int64_t seqLen,
                                       uint64_t seed) {
    PreparedDataset d;
    d.description = options.paths.size() == 1 ? options.paths.front() : std::to_string(options.paths.size()) + " paths";
    auto output = runStep(preparationCommand(arguments(modelDir, options, seqLen, seed)), d.description);
    if (!output.ok()) return output.status();
    auto report = parseJson(output.value());
    if (!report.ok() || !report.value().is_object())
        return Status::error("the preparation step of " + d.description + " printed no report");
    const std::string directory = stringOf(report.value().value("directory", nlohmann::json()));
    d.train = readSplit(directory, "train");
    d.validation = readSplit(directory, "validation");
    if (d.train.examples() == 0 || d.train.mask.size() != d.train.ids.size() ||
        static_cast<std::size_t>(d.train.starts.back()) != d.train.ids.size())
        return Status::error("the prepared dataset in " + directory + " is incomplete; remove that directory to prepare it again");
    d.text = stringOf(report.value().value("format", nlohmann::json())) == "text";
    d.notices = noticesOf(report.value(), d.description, seqLen);
    d.summaryJson = summaryOf(report.value(), d);
    return d;
}

Result<std::string> previewDataset(const std::string& modelDir, const DatasetOptions& options, int64_t seqLen, int rows) {
    const std::string what = options.paths.empty() ? std::string("no dataset") : options.paths.front();
    return runStep(preparationCommand(arguments(modelDir, options, seqLen, 0, "preview") + " --rows " + std::to_string(rows)), what);
}

}  // namespace catapult
