#include "catapult/OffloadDevice.h"

#include <cctype>

namespace catapult {

std::optional<OffloadDevice> offloadDeviceFromString(const std::string& text) {
    std::string d;
    for (char c : text)
        if (!std::isspace(static_cast<unsigned char>(c))) d += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (OffloadDevice device : {OffloadDevice::None, OffloadDevice::Cpu, OffloadDevice::Nvme})
        if (d == toString(device)) return device;
    return std::nullopt;
}

const char* toString(OffloadDevice device) {
    switch (device) {
        case OffloadDevice::None: return "none";
        case OffloadDevice::Cpu: return "cpu";
        case OffloadDevice::Nvme: return "nvme";
    }
    return "none";
}

}  // namespace catapult
