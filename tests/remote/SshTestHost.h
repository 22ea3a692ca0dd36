#pragma once
// A real OpenSSH server for the remote tests: Debian's sshd on a port of its own, with a
// generated host key, accepting generated user keys. As root, each host gets its own network
// namespace with its own address on a bridge (so two hosts really differ and the launcher
// reaches them over a network); otherwise hosts are distinct loopback addresses.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace catapult::testing {

// The user keys and the network shared by the hosts of one test suite.
class SshTestNetwork {
public:
    SshTestNetwork();
    ~SshTestNetwork();
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    bool usesNamespaces() const { return m_namespaces; }
    QString dir() const { return m_dir.path(); }
    QString userKey() const { return m_dir.filePath("user_key"); }           // accepted
    QString encryptedKey() const { return m_dir.filePath("user_key_enc"); }  // accepted, passphrase "s3cret pass"
    QString wrongKey() const { return m_dir.filePath("wrong_key"); }         // not accepted
    QString authorizedKeys() const { return m_dir.filePath("authorized_keys"); }
    // Address and namespace ("" without namespaces) of host i (0-based).
    QString address(int i) const;
    QString namespaceName(int i) const;
    // Adds host i's namespace and address (idempotent).
    bool addHost(int i);

private:
    QTemporaryDir m_dir;
    QString m_error;
    bool m_namespaces = false;
    QString m_suffix;
    int m_subnet = 0;
    int m_hosts = 0;
};

class SshTestHost {
public:
    // Starts sshd for host `index` of the network on `port`, with host key `hostKeyName`
    // (generated on first use; the same name gives the same key).
    SshTestHost(SshTestNetwork& net, int index, int port, const QString& hostKeyName = QStringLiteral("host"));
    ~SshTestHost();
    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString address() const { return m_address; }
    int port() const { return m_port; }
    qint64 serverPid() const { return m_sshd.processId(); }
    // SIGKILLs every per-connection sshd process of this server (the connections drop).
    int killConnections();
    // Sends `signal` to those processes (SIGSTOP: the connections go silent, as a dead link).
    int signalConnections(int signal);
    void stop();

private:
    SshTestNetwork& m_net;
    QString m_address;
    int m_port;
    QProcess m_sshd;
    QString m_error;
};

// Runs a command and returns its exit code (output in `out`).
int runCommand(const QString& program, const QStringList& args, QByteArray* out = nullptr, int timeoutMs = 30000);
int freeTcpPort();

}  // namespace catapult::testing
