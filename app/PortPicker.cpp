#include "PortPicker.h"

#include <QHostAddress>
#include <QTcpServer>

namespace catapult {

bool isPortFree(int port) {
    if (port <= 0 || port > 65535) return false;
    QTcpServer probe;
    return probe.listen(QHostAddress::Any, static_cast<quint16>(port));
}

int resolvePort(int requested) {
    if (isPortFree(requested)) return requested;
    QTcpServer probe;
    if (!probe.listen(QHostAddress::Any, 0)) return requested;
    return probe.serverPort();
}

}  // namespace catapult
