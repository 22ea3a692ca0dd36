#include "SshConfig.h"

#include <libssh/libssh.h>
#include <pwd.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

#include <optional>

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::SshConfig", text); }

QString optionText(ssh_session session, ssh_options_e option) {
    char* value = nullptr;
    if (ssh_options_get(session, option, &value) != SSH_OK || !value) return {};
    const QString text = QString::fromUtf8(value);
    ssh_string_free_char(value);
    return text;
}

// libssh keeps IdentityFile as written ("~/.ssh/id", "%d/id"); its built-in defaults are the
// "%d/id_*" entries, which mean "not configured" here.
QString expandIdentity(const QString& path) {
    QString p = path;
    if (p.startsWith(QLatin1String("~/"))) p = QDir::homePath() + p.mid(1);
    p.replace(QLatin1String("%d"), QDir::homePath() + QStringLiteral("/.ssh"));
    return p;
}

bool isBuiltinIdentity(const QString& path) {
    static const QStringList builtin{QStringLiteral("%d/id_ed25519"), QStringLiteral("%d/id_ecdsa"),
                                     QStringLiteral("%d/id_rsa"), QStringLiteral("%d/id_dsa")};
    return builtin.contains(path);
}

// The Host names (no wildcards, no negations) of one file and the files it includes, in order.
// Only the names: what they mean is libssh's business (resolveSshConfig).
void collectHostNames(const QString& path, QStringList& names, int depth) {
    QFile file(path);
    if (depth > 16 || !file.open(QIODevice::ReadOnly)) return;
    static const QRegularExpression keyword(QStringLiteral("^\\s*(\\w+)\\s*(?:=\\s*|\\s+)(.*?)\\s*$"));
    for (const QByteArray& raw : file.readAll().split('\n')) {
        const auto m = keyword.match(QString::fromUtf8(raw));
        if (!m.hasMatch()) continue;
        const QString key = m.captured(1).toLower();
        const QStringList words = m.captured(2).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (key == QLatin1String("include")) {
            for (const QString& w : words) {
                const QString pattern = QDir::isAbsolutePath(w) ? expandIdentity(w)
                                        : w.startsWith('~')    ? expandIdentity(w)
                                                               : QDir::homePath() + QStringLiteral("/.ssh/") + w;
                const QFileInfo info(pattern);
                const QStringList matches = info.dir().entryList({info.fileName()}, QDir::Files, QDir::Name);
                for (const QString& match : matches) collectHostNames(info.dir().filePath(match), names, depth + 1);
            }
        } else if (key == QLatin1String("host")) {
            for (QString w : words) {
                w.remove('"');
                if (w.contains('*') || w.contains('?') || w.startsWith('!') || names.contains(w)) continue;
                names << w;
            }
        }
    }
}

}  // namespace

QString defaultSshConfigPath() {
    if (qEnvironmentVariableIsSet("CATAPULT_SSH_CONFIG")) return qEnvironmentVariable("CATAPULT_SSH_CONFIG");
    return QDir::homePath() + QStringLiteral("/.ssh/config");
}

Status applySshConfig(ssh_session_struct* session, const QString& configPath) {
    if (configPath.isEmpty() || !QFileInfo::exists(configPath)) return Status::success();
    if (ssh_options_parse_config(session, QFile::encodeName(configPath).constData()) != SSH_OK)
        return Status::error(tr("Cannot read the SSH config %1: %2")
                                 .arg(configPath, QString::fromUtf8(ssh_get_error(session)))
                                 .toStdString());
    return Status::success();
}

namespace {

// OpenSSH's own answer (`ssh -G NAME`): every option as ssh would use it for NAME. libssh 0.10
// matches the Host lines after a HostName against the new name, not the one the user typed,
// so `Host a` + HostName followed by `Host a b` + User would lose the User; ssh does not.
std::optional<QMap<QString, QStringList>> askOpenSsh(const QString& name, const QString& configPath) {
    const QString ssh = QStandardPaths::findExecutable(QStringLiteral("ssh"));
    if (ssh.isEmpty()) return std::nullopt;
    QStringList args{QStringLiteral("-G")};
    if (configPath != QDir::homePath() + QStringLiteral("/.ssh/config")) args << QStringLiteral("-F") << configPath;
    QProcess p;
    p.start(ssh, args << QStringLiteral("--") << name);
    if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) return std::nullopt;
    QMap<QString, QStringList> options;
    for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        const qsizetype space = text.indexOf(' ');
        if (space > 0) options[text.left(space).toLower()] << text.mid(space + 1);
    }
    return options;
}

bool isDefaultIdentity(const QString& path) {
    static const QRegularExpression builtin(QStringLiteral("^~/\\.ssh/id_(rsa|ecdsa|ecdsa_sk|ed25519|ed25519_sk|xmss|dsa)$"));
    return builtin.match(path).hasMatch();
}

HostSpec fillFromOpenSsh(HostSpec h, const QMap<QString, QStringList>& o) {
    const QString address = o.value(QStringLiteral("hostname")).value(0);
    if (h.address.isEmpty() && address.compare(h.name, Qt::CaseInsensitive) != 0) h.address = address;
    const QString user = o.value(QStringLiteral("user")).value(0);
    const passwd* me = ::getpwuid(::geteuid());
    if (h.user.isEmpty() && (!me || user != QString::fromLocal8Bit(me->pw_name))) h.user = user;
    const int port = o.value(QStringLiteral("port")).value(0).toInt();
    if (h.port == 22 && port > 0) h.port = port;
    const QString identity = o.value(QStringLiteral("identityfile")).value(0);
    if (h.identityFile.isEmpty() && !identity.isEmpty() && !isDefaultIdentity(identity)) h.identityFile = expandIdentity(identity);
    return h;
}

}  // namespace

QString sshConfigProxyCommand(const HostSpec& host, const QString& configPath) {
    if (configPath.isEmpty() || !QFileInfo::exists(configPath)) return {};
    const auto options = askOpenSsh(host.name, configPath);
    const QString jump = options ? options->value(QStringLiteral("proxyjump")).value(0) : QString();
    if (jump.isEmpty() || jump == QLatin1String("none")) return {};
    // What ssh does for ProxyJump a,b: reach b through a, then forward to the target.
    QStringList hops = jump.split(',');
    const QString last = hops.takeLast();
    QString command = QStringLiteral("ssh -F '%1'").arg(configPath);
    if (!hops.isEmpty()) command += QStringLiteral(" -J ") + hops.join(',');
    return command + QStringLiteral(" -W '[%h]:%p' ssh://") + last;
}

HostSpec resolveSshConfig(const HostSpec& host, const QString& configPath) {
    if (configPath.isEmpty() || !QFileInfo::exists(configPath)) return host;
    if (const auto options = askOpenSsh(host.name, configPath)) return fillFromOpenSsh(host, *options);
    HostSpec h = host;  // no OpenSSH client: libssh's reading
    ssh_session session = ssh_new();
    if (!session) return h;
    ssh_options_set(session, SSH_OPTIONS_HOST, host.name.toUtf8().constData());
    if (applySshConfig(session, configPath).ok()) {
        const QString address = optionText(session, SSH_OPTIONS_HOST);
        if (h.address.isEmpty() && address != host.name) h.address = address;
        if (h.user.isEmpty()) h.user = optionText(session, SSH_OPTIONS_USER);
        unsigned int port = 0;
        if (h.port == 22 && ssh_options_get_port(session, &port) == SSH_OK && port > 0) h.port = static_cast<int>(port);
        const QString identity = optionText(session, SSH_OPTIONS_IDENTITY);
        if (h.identityFile.isEmpty() && !identity.isEmpty() && !isBuiltinIdentity(identity))
            h.identityFile = expandIdentity(identity);
    }
    ssh_free(session);
    return h;
}

void resolveSshConfig(std::vector<HostSpec>& hosts, const QString& configPath) {
    for (HostSpec& h : hosts) h = resolveSshConfig(h, configPath);
}

Result<std::vector<HostSpec>> importSshConfig(const QString& configPath) {
    QFile file(configPath);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(tr("Cannot read %1: %2").arg(configPath, file.errorString()).toStdString());
    QStringList names;
    collectHostNames(configPath, names, 0);
    std::vector<HostSpec> hosts;
    for (const QString& name : names) {
        HostSpec h;
        h.name = name;
        hosts.push_back(resolveSshConfig(h, configPath));
    }
    return hosts;
}

}  // namespace catapult
