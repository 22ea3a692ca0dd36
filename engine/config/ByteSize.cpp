#include "catapult/ByteSize.h"

#include <cctype>
#include <map>

namespace catapult {

int64_t parseByteSize(const std::string& text) {
    std::size_t end = 0;
    double number = 0;
    try {
        number = std::stod(text, &end);
    } catch (const std::exception&) {
        return -1;
    }
    std::string unit = text.substr(end);
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::map<std::string, double> units = {
        {"", 1},      {"b", 1},          {"kb", 1e3},           {"mb", 1e6},           {"gb", 1e9}, {"tb", 1e12},
        {"kib", 1024.0}, {"mib", 1048576.0}, {"gib", 1073741824.0}, {"tib", 1099511627776.0}};
    auto it = units.find(unit);
    if (it == units.end() || number <= 0) return -1;
    return static_cast<int64_t>(number * it->second);
}

}  // namespace catapult
