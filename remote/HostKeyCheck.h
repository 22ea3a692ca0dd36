#pragma once
// Compares the key a connected host offers with the known_hosts file of its session, and
// gives the SHA256 fingerprints of the offered key and, when it changed, of the recorded one.
// Internal to remote/.

#include <QString>

#include "HostSpec.h"

struct ssh_session_struct;

namespace catapult {

class HostKeyCheck {
public:
    enum class State { Known, Unknown, Changed, Failed };
    HostKeyCheck(ssh_session_struct* session, const HostSpec& host);

    State state() const { return m_state; }
    QString keyType() const { return m_keyType; }
    QString fingerprint() const { return m_fingerprint; }
    QString knownFingerprint() const { return m_knownFingerprint; }  // Changed only
    QString knownHostsName() const { return m_knownHostsName; }      // "host" or "[host]:port"
    QString error() const { return m_error; }

private:
    State m_state = State::Failed;
    QString m_keyType;
    QString m_fingerprint;
    QString m_knownFingerprint;
    QString m_knownHostsName;
    QString m_error;
};

}  // namespace catapult
