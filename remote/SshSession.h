#pragma once
// One authenticated SSH connection (libssh) to a host, with its host key checked.
//
// Host keys are checked against an OpenSSH known_hosts file. A known key connects; an
// unknown key follows the policy (Strict refuses and shows the SHA256 fingerprint, AcceptNew
// records it, Ask asks the askHostKey callback); a changed key is always refused with a
// message that names the host and the old and new fingerprints.
//
// Authentication tries, in order: the host's identity file (asking askSecret for its
// passphrase when it has one), ssh-agent, the default keys in ~/.ssh, and only if askSecret
// is set, keyboard-interactive and password. Secrets live only in memory for the attempt.
//
// Thread safety: a session may move between threads but is used by one thread at a time.

#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "HostSpec.h"
#include "catapult/Status.h"

struct ssh_session_struct;
struct ssh_channel_struct;

namespace catapult {

enum class HostKeyPolicy { Strict, AcceptNew, Ask };

struct HostKeyQuestion {
    QString host;  // name (address:port)
    QString keyType;
    QString fingerprint;  // SHA256:...
    QString knownHostsFile;
};

struct SshOptions {
    HostKeyPolicy hostKeyPolicy = HostKeyPolicy::Strict;
    QString knownHostsFile;  // empty: ~/.ssh/known_hosts
    int connectTimeoutSeconds = 10;
    std::function<bool(const HostKeyQuestion&)> askHostKey;  // Ask policy: true trusts and records the key
    // Asked for a key passphrase or a password; nullopt: the user declined. Unset: never asked.
    std::function<std::optional<QString>(const QString& prompt)> askSecret;
};

// $CATAPULT_KNOWN_HOSTS, else ~/.ssh/known_hosts.
QString defaultKnownHostsPath();

class SshChannel;

class SshSession {
public:
    static Result<std::unique_ptr<SshSession>> open(const HostSpec& host, const SshOptions& options);
    ~SshSession();
    SshSession(const SshSession&) = delete;
    SshSession& operator=(const SshSession&) = delete;

    struct CommandResult {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    // Runs a command to completion (or until timeoutMs, which is an error).
    Result<CommandResult> run(const QString& command, int timeoutMs);
    // Starts a command whose output is read as it comes (SshChannel::read).
    Result<std::unique_ptr<SshChannel>> start(const QString& command);

    const HostSpec& host() const { return m_host; }
    QString label() const;           // "name (user@address:port)"
    QString authMethod() const { return m_authMethod; }
    bool isConnected() const;
    // The socket, for poll(); -1 when closed.
    int socket() const;
    QString lastError() const;
    // Closes the TCP connection at once (no goodbye), as when a network link dies.
    void disconnect();

private:
    SshSession() = default;
    Status checkHostKey(const SshOptions& options);
    Status authenticate(const SshOptions& options);
    // Each login method: a Status when it decided (logged in, or an error that ends the
    // attempt); empty when the next method should be tried, with the reason added to `tried`.
    std::optional<Status> tryIdentityFile(const SshOptions& options, QStringList& tried);
    std::optional<Status> tryAgent(QStringList& tried);
    std::optional<Status> tryDefaultKeys(QStringList& tried);
    std::optional<Status> tryKeyboardInteractive(const SshOptions& options, QStringList& tried);
    std::optional<Status> tryPassword(const SshOptions& options, QStringList& tried);
    Status loggedIn(const QString& method);

    ssh_session_struct* m_session = nullptr;
    HostSpec m_host;
    QString m_authMethod;
};

class SshChannel {
public:
    ~SshChannel();
    SshChannel(const SshChannel&) = delete;
    SshChannel& operator=(const SshChannel&) = delete;

    // Appends whatever has arrived without waiting. An error means the connection failed.
    Status read(QByteArray& out, QByteArray& err);
    bool atEnd() const;  // the remote side sent EOF or closed the channel
    // The command's exit status (128+N when a signal N ended it); call once atEnd().
    int exitStatus();

private:
    friend class SshSession;
    explicit SshChannel(ssh_channel_struct* channel) : m_channel(channel) {}
    ssh_channel_struct* m_channel;
};

}  // namespace catapult
