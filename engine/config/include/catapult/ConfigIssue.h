#pragma once
// One finding about a config: an error (the file must not be used as is), a warning (it works,
// but probably not as meant) or a note (what Catapult did or will do, e.g. a legacy key it
// converted). Messages are templates with %1..%n placeholders so the desktop app can
// translate them: the templates are marked with CATAPULT_TRANSLATE_NOOP, which lupdate
// reads as QT_TRANSLATE_NOOP (context "ConfigIssue").
//
// No Qt, no LibTorch. Thread safety: plain value.

#include <string>
#include <vector>

#define CATAPULT_TRANSLATE_NOOP(context, text) text

namespace catapult {

struct ConfigIssue {
    enum class Severity { Error, Warning, Note };
    Severity severity = Severity::Error;
    std::string key;                // e.g. "num_processes" or "fsdp_config.fsdp_version"; may be empty
    std::string text;               // English template, %1..%n
    std::vector<std::string> args;  // values for the placeholders

    // The English message with the placeholders filled in.
    std::string message() const;
    static std::string fill(const std::string& text, const std::vector<std::string>& args);
};

bool hasErrors(const std::vector<ConfigIssue>& issues);

}  // namespace catapult
