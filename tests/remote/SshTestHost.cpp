#include "SshTestHost.h"

#include <signal.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include "ProcessTable.h"

namespace catapult::testing {

int runCommand(const QString& program, const QStringList& args, QByteArray* out, int timeoutMs) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    if (out) *out = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

int freeTcpPort() {
    QTcpServer s;
    s.listen(QHostAddress::Any, 0);
    return s.serverPort();
}

namespace {

bool keygen(const QString& path, const QString& passphrase = {}) {
    if (QFileInfo::exists(path)) return true;
    return runCommand("ssh-keygen", {"-q", "-t", "ed25519", "-N", passphrase, "-C", "catapult-test", "-f", path}) == 0;
}

}  // namespace

SshTestNetwork::SshTestNetwork() {
    if (!m_dir.isValid()) {
        m_error = "no temporary directory";
        return;
    }
    QFile::setPermissions(m_dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (!keygen(userKey()) || !keygen(encryptedKey(), "s3cret pass") || !keygen(wrongKey())) {
        m_error = "ssh-keygen failed";
        return;
    }
    QFile keys(authorizedKeys());
    keys.open(QIODevice::WriteOnly);
    for (const QString& k : {userKey(), encryptedKey()}) {
        QFile pub(k + ".pub");
        pub.open(QIODevice::ReadOnly);
        keys.write(pub.readAll());
    }
    keys.close();
    m_suffix = QString::number(::getpid() % 100000);
    m_subnet = 16 + ::getpid() % 200;
    if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("CATAPULT_TEST_NO_NETNS")) {
        const QString bridge = "cpb" + m_suffix;
        m_namespaces = runCommand("ip", {"link", "add", bridge, "type", "bridge"}) == 0 &&
                       runCommand("ip", {"addr", "add", QString("10.213.%1.254/24").arg(m_subnet), "dev", bridge}) == 0 &&
                       runCommand("ip", {"link", "set", bridge, "up"}) == 0;
        if (!m_namespaces) runCommand("ip", {"link", "del", bridge});
    }
}

SshTestNetwork::~SshTestNetwork() {
    if (!m_namespaces) return;
    for (int i = 0; i < m_hosts; ++i) runCommand("ip", {"netns", "del", namespaceName(i)});
    runCommand("ip", {"link", "del", "cpb" + m_suffix});
}

QString SshTestNetwork::address(int i) const {
    return m_namespaces ? QString("10.213.%1.%2").arg(m_subnet).arg(i + 1) : QString("127.0.0.%1").arg(i + 2);
}

QString SshTestNetwork::namespaceName(int i) const {
    return m_namespaces ? QString("catapult-test-%1-%2").arg(m_suffix).arg(i) : QString();
}

bool SshTestNetwork::addHost(int i) {
    if (!m_namespaces || i < m_hosts) return true;
    for (; m_hosts <= i; ++m_hosts) {
        const QString ns = namespaceName(m_hosts);
        const QString outer = QString("cpo%1x%2").arg(m_suffix).arg(m_hosts);
        const QString inner = QString("cpi%1x%2").arg(m_suffix).arg(m_hosts);
        const QList<QStringList> steps = {
            {"netns", "add", ns},
            {"link", "add", outer, "type", "veth", "peer", "name", inner},
            {"link", "set", inner, "netns", ns},
            {"link", "set", outer, "master", "cpb" + m_suffix},
            {"link", "set", outer, "up"},
            {"-n", ns, "addr", "add", address(m_hosts) + "/24", "dev", inner},
            {"-n", ns, "link", "set", inner, "up"},
            {"-n", ns, "link", "set", "lo", "up"},
        };
        for (const QStringList& step : steps)
            if (runCommand("ip", step) != 0) {
                m_error = "ip " + step.join(' ') + " failed";
                return false;
            }
    }
    return true;
}

SshTestHost::SshTestHost(SshTestNetwork& net, int index, int port, const QString& hostKeyName)
    : m_net(net), m_address(net.address(index)), m_port(port) {
    if (!net.addHost(index)) {
        m_error = net.error();
        return;
    }
    const QString hostKey = QDir(net.dir()).filePath(hostKeyName + "_key");
    if (!keygen(hostKey)) {
        m_error = "ssh-keygen (host key) failed";
        return;
    }
    QDir().mkpath("/run/sshd");  // sshd's privilege separation directory
    const QString config = QDir(net.dir()).filePath(QString("sshd_%1_%2.conf").arg(index).arg(port));
    QFile f(config);
    f.open(QIODevice::WriteOnly);
    f.write(QString("Port %1\nListenAddress %2\nHostKey %3\nAuthorizedKeysFile %4\nPidFile none\n"
                    "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                    "PermitRootLogin prohibit-password\nPubkeyAuthentication yes\nLogLevel ERROR\n"
                    "MaxStartups 100\nMaxSessions 20\nPrintMotd no\n")
                .arg(port)
                .arg(m_address, hostKey, net.authorizedKeys())
                .toUtf8());
    f.close();
    QStringList args{"/usr/sbin/sshd", "-D", "-e", "-f", config};
    m_sshd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (net.usesNamespaces()) m_sshd.start("ip", QStringList{"netns", "exec", net.namespaceName(index)} + args);
    else m_sshd.start(args.front(), args.mid(1));
    if (!m_sshd.waitForStarted(5000)) {
        m_error = "sshd did not start";
        return;
    }
    // Ready when it accepts connections.
    for (int i = 0; i < 100; ++i) {
        QTcpSocket s;
        s.connectToHost(m_address, static_cast<quint16>(port));
        if (s.waitForConnected(100)) return;
        if (m_sshd.state() != QProcess::Running) break;
        QThread::msleep(50);
    }
    m_error = "sshd is not accepting connections on " + m_address + ":" + QString::number(port);
}

SshTestHost::~SshTestHost() { stop(); }

void SshTestHost::stop() {
    if (m_sshd.state() == QProcess::NotRunning) return;
    killConnections();
    m_sshd.kill();
    m_sshd.waitForFinished(5000);
}

int SshTestHost::killConnections() { return signalConnections(SIGKILL); }

int SshTestHost::signalConnections(int signal) {
    // Every descendant of the listening sshd that is itself an sshd process.
    const qint64 root = m_sshd.processId();
    QMap<qint64, qint64> parent;
    QMap<qint64, QString> exe;
    for (const ProcessEntry& p : listProcesses()) {
        parent[p.pid] = p.parent;
        exe[p.pid] = p.executable;
    }
    int killed = 0;
    for (auto it = parent.begin(); it != parent.end(); ++it) {
        if (it.key() == root || !exe.value(it.key()).endsWith("sshd")) continue;
        for (qint64 p = it.value(); p > 1; p = parent.value(p, 0))
            if (p == root) {
                ::kill(static_cast<pid_t>(it.key()), signal);
                ++killed;
                break;
            }
    }
    return killed;
}

}  // namespace catapult::testing
