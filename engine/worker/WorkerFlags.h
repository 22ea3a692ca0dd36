#pragma once
// The flags of one catapult-worker subcommand, with CLI11: every flag in both spellings
// (--seq_len and --seq-len), its value after a space or '=', numbers checked as they are
// converted, errors that name the flag, and the usage made from the definitions.

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

class WorkerFlags {
public:
    explicit WorkerFlags(const std::string& command) : m_app("", "catapult-worker " + command) {
        m_app.set_help_flag("-h,--help", "this text");
        m_app.option_defaults()->always_capture_default();
    }

    // --name (and --name with dashes) into `target`; its current value is the default shown.
    template <typename T>
    CLI::Option* add(const std::string& name, T& target, const std::string& help) {
        return m_app.add_option(spellings(name), target, help);
    }
    CLI::Option* flag(const std::string& name, bool& target, const std::string& help) {
        return m_app.add_flag(spellings(name), target, help);
    }
    // Positional words (an action, operands) into `target`, in order.
    CLI::Option* positional(const std::string& name, std::vector<std::string>& target, const std::string& help) {
        return m_app.add_option(name, target, help);
    }

    // An unknown flag, a bad or missing value: an error naming it, then the usage.
    Status parse(const std::vector<std::string>& args) {
        std::vector<const char*> argv{"catapult-worker"};
        for (const std::string& a : args) argv.push_back(a.c_str());
        try {
            m_app.parse(static_cast<int>(argv.size()), argv.data());
        } catch (const CLI::CallForHelp&) {
            m_helpAsked = true;
        } catch (const CLI::ParseError& e) {
            return Status::error(m_app.get_name() + ": " + e.what() + " (" + m_app.get_name() + " --help lists the flags)");
        }
        return Status::success();
    }
    bool helpAsked() const { return m_helpAsked; }
    std::string usage() const { return m_app.help(); }

    // Checks that a number is at least `min` ("must be at least 1").
    static CLI::Validator atLeast(double min) {
        return CLI::Validator(
            [min](std::string& text) {
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                return end && *end == '\0' && v >= min ? std::string() : "must be at least " + CLI::detail::to_string(min);
            },
            ">=" + CLI::detail::to_string(min));
    }
    // Checks that a number is above zero.
    static CLI::Validator positive() {
        return CLI::Validator(
            [](std::string& text) {
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                return end && *end == '\0' && v > 0 ? std::string() : std::string("must be above 0");
            },
            ">0");
    }

private:
    static std::string spellings(const std::string& name) {
        std::string dashed = name;
        for (std::size_t i = 2; i < dashed.size(); ++i)
            if (dashed[i] == '_') dashed[i] = '-';
        return dashed == name ? name : name + "," + dashed;
    }
    CLI::App m_app;
    bool m_helpAsked = false;
};

}  // namespace catapult
