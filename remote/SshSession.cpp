#include "SshSession.h"

#include <libssh/libssh.h>
#include <poll.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include "HostKeyCheck.h"
#include "SshConfig.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::SshSession", text); }

Status fail(const QString& message) { return Status::error(message.toStdString()); }

// Whether a private key file is protected by a passphrase (PEM "ENCRYPTED" or an OpenSSH key
// with a cipher other than "none").
bool keyIsEncrypted(const QByteArray& file) {
    if (file.contains("ENCRYPTED")) return true;
    const QByteArray begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    const qsizetype at = file.indexOf(begin);
    if (at < 0) return false;
    const qsizetype end = file.indexOf("-----END", at + begin.size());
    const QByteArray body = QByteArray::fromBase64(file.mid(at + begin.size(), end - at - begin.size()).simplified().replace(' ', ""));
    // "openssh-key-v1\0" then a length-prefixed cipher name.
    const qsizetype off = 15;
    if (body.size() < off + 4) return false;
    const auto* p = reinterpret_cast<const unsigned char*>(body.constData() + off);
    const quint32 len = (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
    return body.mid(off + 4, len) != "none";
}

}  // namespace

QString defaultKnownHostsPath() {
    if (qEnvironmentVariableIsSet("CATAPULT_KNOWN_HOSTS")) return qEnvironmentVariable("CATAPULT_KNOWN_HOSTS");
    return QDir::homePath() + QStringLiteral("/.ssh/known_hosts");
}

Result<std::unique_ptr<SshSession>> SshSession::open(const HostSpec& host, const SshOptions& options) {
    ssh_init();
    std::unique_ptr<SshSession> s(new SshSession);
    s->m_host = resolveSshConfig(host);
    s->m_session = ssh_new();
    if (!s->m_session) return fail(tr("Out of memory creating an SSH session."));
    const QByteArray address = s->m_host.connectAddress().toUtf8();
    const QByteArray knownHosts =
        (options.knownHostsFile.isEmpty() ? defaultKnownHostsPath() : options.knownHostsFile).toUtf8();
    const unsigned int port = static_cast<unsigned int>(s->m_host.port);
    const long timeout = options.connectTimeoutSeconds;
    // ssh_config for the name the user gave (ProxyJump and whatever else matches it), then the
    // host's own settings, which already include what that config gives them.
    const int noMoreConfig = 0;
    ssh_options_set(s->m_session, SSH_OPTIONS_HOST, host.name.toUtf8().constData());
    if (Status st = applySshConfig(s->m_session); !st.ok()) return st;
    if (const QString proxy = sshConfigProxyCommand(host); !proxy.isEmpty())
        ssh_options_set(s->m_session, SSH_OPTIONS_PROXYCOMMAND, proxy.toUtf8().constData());
    ssh_options_set(s->m_session, SSH_OPTIONS_PROCESS_CONFIG, &noMoreConfig);
    ssh_options_set(s->m_session, SSH_OPTIONS_HOST, address.constData());
    ssh_options_set(s->m_session, SSH_OPTIONS_PORT, &port);
    ssh_options_set(s->m_session, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(s->m_session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    if (!s->m_host.user.isEmpty()) ssh_options_set(s->m_session, SSH_OPTIONS_USER, s->m_host.user.toUtf8().constData());
    if (ssh_connect(s->m_session) != SSH_OK)
        return fail(tr("Cannot connect to %1: %2").arg(s->label(), s->lastError()));
    if (Status st = s->checkHostKey(options); !st.ok()) return st;
    if (Status st = s->authenticate(options); !st.ok()) return st;
    return s;
}

SshSession::~SshSession() {
    if (!m_session) return;
    if (ssh_is_connected(m_session)) ssh_disconnect(m_session);
    ssh_free(m_session);
}

QString SshSession::label() const {
    QString user = m_host.user;
    if (user.isEmpty() && m_session) {
        char* u = nullptr;
        if (ssh_options_get(m_session, SSH_OPTIONS_USER, &u) == SSH_OK && u) {
            user = QString::fromUtf8(u);
            ssh_string_free_char(u);
        }
    }
    const QString target = QStringLiteral("%1%2:%3")
                               .arg(user.isEmpty() ? QString() : user + '@', m_host.connectAddress())
                               .arg(m_host.port);
    return m_host.name == m_host.connectAddress() ? target : QStringLiteral("%1 (%2)").arg(m_host.name, target);
}

bool SshSession::isConnected() const { return m_session && ssh_is_connected(m_session); }

int SshSession::socket() const { return m_session ? ssh_get_fd(m_session) : -1; }

QString SshSession::lastError() const { return m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString(); }

void SshSession::disconnect() {
    if (m_session && ssh_get_fd(m_session) >= 0) ::shutdown(ssh_get_fd(m_session), SHUT_RDWR);
}

Status SshSession::checkHostKey(const SshOptions& options) {
    HostKeyCheck check(m_session, m_host);
    if (check.state() == HostKeyCheck::State::Known) return Status::success();
    const QString knownHosts = options.knownHostsFile.isEmpty() ? defaultKnownHostsPath() : options.knownHostsFile;
    switch (check.state()) {
    case HostKeyCheck::State::Known:
        return Status::success();
    case HostKeyCheck::State::Failed:
        return fail(tr("Cannot check the host key of %1: %2").arg(label(), check.error()));
    case HostKeyCheck::State::Changed:
        return fail(tr("WARNING: the host key of %1 has changed. %2 records %3; the host now offers %4 (%5). "
                       "Someone may be intercepting the connection, or the host was reinstalled. Not connecting. "
                       "If you know why it changed, remove the old entry with: ssh-keygen -R %6 -f %2")
                        .arg(label(), knownHosts, check.knownFingerprint().isEmpty() ? tr("another key") : check.knownFingerprint(),
                             check.fingerprint(), check.keyType(), check.knownHostsName()));
    case HostKeyCheck::State::Unknown:
        break;
    }
    HostKeyQuestion question{label(), check.keyType(), check.fingerprint(), knownHosts};
    bool trust = false;
    if (options.hostKeyPolicy == HostKeyPolicy::AcceptNew) trust = true;
    else if (options.hostKeyPolicy == HostKeyPolicy::Ask && options.askHostKey) trust = options.askHostKey(question);
    if (!trust) {
        if (options.hostKeyPolicy == HostKeyPolicy::Ask)
            return fail(tr("The host key of %1 (%2 %3) was not trusted. Not connecting.")
                            .arg(label(), check.keyType(), check.fingerprint()));
        return fail(tr("The host key of %1 is not known: %2 %3. Not connecting. Check the fingerprint with the "
                       "host's administrator, then pass --accept_new_host_keys to record it in %4 (or add it there "
                       "yourself).")
                        .arg(label(), check.keyType(), check.fingerprint(), knownHosts));
    }
    QDir().mkpath(QFileInfo(knownHosts).absolutePath());
    if (ssh_session_update_known_hosts(m_session) != SSH_OK)
        return fail(tr("Cannot record the host key of %1 in %2: %3").arg(label(), knownHosts, lastError()));
    return Status::success();
}

Status SshSession::loggedIn(const QString& method) {
    m_authMethod = method;
    return Status::success();
}

std::optional<Status> SshSession::tryIdentityFile(const SshOptions& options, QStringList& tried) {
    const QString path = m_host.identityFile;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot read the identity file %1 for %2: %3").arg(path, label(), file.errorString()));
    const bool encrypted = keyIsEncrypted(file.readAll());
    std::optional<QString> passphrase;
    if (encrypted) {
        if (!options.askSecret)
            return fail(tr("The key %1 for %2 is protected by a passphrase and nothing can ask for it here. "
                           "Add it to ssh-agent (ssh-add %1) and set agent=yes, or launch from the desktop app.")
                            .arg(path, label()));
        passphrase = options.askSecret(tr("Passphrase for %1 (to log in to %2):").arg(path, label()));
        if (!passphrase) return fail(tr("No passphrase given for %1; not connecting to %2.").arg(path, label()));
    }
    ssh_key key = nullptr;
    QByteArray secret = passphrase ? passphrase->toUtf8() : QByteArray();
    const int rc = ssh_pki_import_privkey_file(path.toUtf8().constData(), passphrase ? secret.constData() : nullptr,
                                               nullptr, nullptr, &key);
    secret.fill('\0');
    if (rc != SSH_OK)
        return fail(encrypted ? tr("Wrong passphrase for the key %1 (for %2).").arg(path, label())
                              : tr("%1 is not a private key that can be used for %2.").arg(path, label()));
    const int auth = ssh_userauth_publickey(m_session, nullptr, key);
    ssh_key_free(key);
    if (auth == SSH_AUTH_SUCCESS) return loggedIn(tr("key %1").arg(path));
    tried << tr("the key %1 was refused").arg(path);
    return std::nullopt;
}

std::optional<Status> SshSession::tryAgent(QStringList& tried) {
    if (qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK")) tried << tr("no ssh-agent is running (SSH_AUTH_SOCK is not set)");
    else if (ssh_userauth_agent(m_session, nullptr) == SSH_AUTH_SUCCESS) return loggedIn(tr("ssh-agent"));
    else tried << tr("ssh-agent offered no key the host accepts");
    return std::nullopt;
}

std::optional<Status> SshSession::tryDefaultKeys(QStringList& tried) {
    if (ssh_userauth_publickey_auto(m_session, nullptr, nullptr) == SSH_AUTH_SUCCESS)
        return loggedIn(tr("default key in ~/.ssh"));
    tried << tr("no default key in ~/.ssh was accepted");
    return std::nullopt;
}

std::optional<Status> SshSession::tryKeyboardInteractive(const SshOptions& options, QStringList& tried) {
    int rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
    while (rc == SSH_AUTH_INFO) {
        const int prompts = ssh_userauth_kbdint_getnprompts(m_session);
        for (int i = 0; i < prompts; ++i) {
            char echo = 0;
            const QString prompt = QString::fromUtf8(ssh_userauth_kbdint_getprompt(m_session, i, &echo));
            std::optional<QString> answer = options.askSecret(tr("%1 asks: %2").arg(label(), prompt));
            if (!answer) return fail(tr("Login to %1 cancelled.").arg(label()));
            QByteArray bytes = answer->toUtf8();
            answer->fill(QChar(0));
            ssh_userauth_kbdint_setanswer(m_session, static_cast<unsigned int>(i), bytes.constData());
            bytes.fill('\0');
        }
        rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
    }
    if (rc == SSH_AUTH_SUCCESS) return loggedIn(tr("keyboard-interactive"));
    tried << tr("keyboard-interactive login failed");
    return std::nullopt;
}

std::optional<Status> SshSession::tryPassword(const SshOptions& options, QStringList& tried) {
    std::optional<QString> password = options.askSecret(tr("Password for %1:").arg(label()));
    if (!password) return fail(tr("Login to %1 cancelled.").arg(label()));
    QByteArray bytes = password->toUtf8();
    password->fill(QChar(0));
    const int rc = ssh_userauth_password(m_session, nullptr, bytes.constData());
    bytes.fill('\0');
    if (rc == SSH_AUTH_SUCCESS) return loggedIn(tr("password"));
    tried << tr("the password was refused");
    return std::nullopt;
}

// Key file, ssh-agent, default keys, then (with someone to ask) keyboard-interactive or password,
// as far as the host offers them; a failure lists what was tried and what the host accepts.
Status SshSession::authenticate(const SshOptions& options) {
    if (ssh_userauth_none(m_session, nullptr) == SSH_AUTH_SUCCESS) return loggedIn(QStringLiteral("none"));
    const int methods = ssh_userauth_list(m_session, nullptr);
    QStringList tried;
    std::optional<Status> decided;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY) {
        if (!decided && !m_host.identityFile.isEmpty()) decided = tryIdentityFile(options, tried);
        if (!decided && m_host.useAgent) decided = tryAgent(tried);
        if (!decided && m_host.identityFile.isEmpty()) decided = tryDefaultKeys(tried);
    }
    if (!decided && options.askSecret) {
        if (methods & SSH_AUTH_METHOD_INTERACTIVE) decided = tryKeyboardInteractive(options, tried);
        else if (methods & SSH_AUTH_METHOD_PASSWORD) decided = tryPassword(options, tried);
    }
    if (decided) return *decided;
    QStringList accepted;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY) accepted << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_PASSWORD) accepted << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE) accepted << QStringLiteral("keyboard-interactive");
    return fail(tr("Authentication to %1 failed: %2. The host accepts: %3.")
                    .arg(label(), tried.isEmpty() ? tr("no method could be tried") : tried.join(QStringLiteral("; ")),
                         accepted.isEmpty() ? tr("nothing offered") : accepted.join(QStringLiteral(", "))));
}

Result<std::unique_ptr<SshChannel>> SshSession::start(const QString& command) {
    ssh_channel channel = ssh_channel_new(m_session);
    if (!channel) return fail(tr("Cannot open a channel to %1: %2").arg(label(), lastError()));
    if (ssh_channel_open_session(channel) != SSH_OK || ssh_channel_request_exec(channel, command.toUtf8().constData()) != SSH_OK) {
        const QString error = lastError();
        ssh_channel_free(channel);
        return fail(tr("Cannot run a command on %1: %2").arg(label(), error));
    }
    return std::unique_ptr<SshChannel>(new SshChannel(channel));
}

Result<SshSession::CommandResult> SshSession::run(const QString& command, int timeoutMs) {
    auto started = start(command);
    if (!started.ok()) return started.status();
    SshChannel& channel = *started.value();
    CommandResult result;
    QDeadlineTimer deadline(timeoutMs);
    while (!channel.atEnd()) {
        if (Status st = channel.read(result.out, result.err); !st.ok()) return st;
        if (channel.atEnd()) break;
        if (deadline.hasExpired())
            return fail(tr("'%1' on %2 did not finish within %3 s").arg(command.left(80), label()).arg(timeoutMs / 1000.0));
        pollfd pfd{socket(), POLLIN, 0};
        ::poll(&pfd, 1, 20);
    }
    if (Status st = channel.read(result.out, result.err); !st.ok()) return st;
    result.exitCode = channel.exitStatus();
    return result;
}

SshChannel::~SshChannel() {
    if (!m_channel) return;
    if (!ssh_channel_is_closed(m_channel)) ssh_channel_close(m_channel);
    ssh_channel_free(m_channel);
}

Status SshChannel::read(QByteArray& out, QByteArray& err) {
    char buffer[16384];
    for (int stream = 0; stream < 2; ++stream) {
        for (;;) {
            const int n = ssh_channel_read_nonblocking(m_channel, buffer, sizeof buffer, stream);
            if (n == SSH_ERROR) {
                ssh_session session = ssh_channel_get_session(m_channel);
                return fail(QCoreApplication::translate("catapult::SshSession", "connection lost: %1").arg(QString::fromUtf8(ssh_get_error(session))));
            }
            if (n <= 0) break;
            (stream ? err : out).append(buffer, n);
        }
    }
    return Status::success();
}

bool SshChannel::atEnd() const { return ssh_channel_is_eof(m_channel) || ssh_channel_is_closed(m_channel); }

int SshChannel::exitStatus() {
    const int status = ssh_channel_get_exit_status(m_channel);
    return status < 0 ? 255 : status;
}

}  // namespace catapult
