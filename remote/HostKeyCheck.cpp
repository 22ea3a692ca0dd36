#include "HostKeyCheck.h"

#include <libssh/libssh.h>

#include <QFile>

namespace catapult {
namespace {

QString sha256(ssh_key key) {
    unsigned char* hash = nullptr;
    size_t length = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK) return {};
    char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
    ssh_clean_pubkey_hash(&hash);
    const QString out = QString::fromUtf8(text);
    ssh_string_free_char(text);
    return out;
}

}  // namespace

HostKeyCheck::HostKeyCheck(ssh_session_struct* session, const HostSpec& host) {
    m_knownHostsName = host.port == 22 ? host.connectAddress()
                                       : QStringLiteral("[%1]:%2").arg(host.connectAddress()).arg(host.port);
    ssh_key offered = nullptr;
    if (ssh_get_server_publickey(session, &offered) != SSH_OK) {
        m_error = QString::fromUtf8(ssh_get_error(session));
        return;
    }
    m_keyType = QString::fromUtf8(ssh_key_type_to_char(ssh_key_type(offered)));
    m_fingerprint = sha256(offered);
    ssh_key_free(offered);
    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        m_state = State::Known;
        return;
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
        m_state = State::Unknown;
        return;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
        m_state = State::Changed;
        break;
    case SSH_KNOWN_HOSTS_ERROR:
        m_error = QString::fromUtf8(ssh_get_error(session));
        return;
    }
    // The recorded key: the first entry of the known_hosts file that names this host.
    char* path = nullptr;
    if (ssh_options_get(session, SSH_OPTIONS_KNOWNHOSTS, &path) != SSH_OK || !path) return;
    QFile file(QString::fromUtf8(path));
    ssh_string_free_char(path);
    if (!file.open(QIODevice::ReadOnly)) return;
    const QByteArray name = m_knownHostsName.toUtf8();
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#')) continue;
        ssh_knownhosts_entry* entry = nullptr;
        if (ssh_known_hosts_parse_line(name.constData(), line.constData(), &entry) == SSH_OK && entry) {
            if (entry->publickey) m_knownFingerprint = sha256(entry->publickey);
            ssh_knownhosts_entry_free(entry);
            if (!m_knownFingerprint.isEmpty()) return;
        } else if (entry) {
            ssh_knownhosts_entry_free(entry);
        }
    }
}

}  // namespace catapult
