#include "catapult/ConfigIssue.h"

#include <algorithm>

namespace catapult {

std::string ConfigIssue::fill(const std::string& text, const std::vector<std::string>& args) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
            const std::size_t index = static_cast<std::size_t>(text[i + 1] - '1');
            if (index < args.size()) {
                out += args[index];
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string ConfigIssue::message() const { return fill(text, args); }

bool hasErrors(const std::vector<ConfigIssue>& issues) {
    return std::any_of(issues.begin(), issues.end(),
                       [](const ConfigIssue& i) { return i.severity == ConfigIssue::Severity::Error; });
}

}  // namespace catapult
