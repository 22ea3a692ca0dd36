#include "HostFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

QString expandHome(const QString& path) {
    if (path == QLatin1String("~")) return QDir::homePath();
    if (path.startsWith(QLatin1String("~/"))) return QDir::homePath() + path.mid(1);
    return path;
}

// Applies one `key=value` field; an empty string means it was understood.
QString applyField(HostSpec& h, const QString& key, const QString& value) {
    bool ok = true;
    if (key == QLatin1String("address")) h.address = value;
    else if (key == QLatin1String("port")) {
        h.port = value.toInt(&ok);
        if (!ok || h.port <= 0 || h.port > 65535) return tr("port must be 1-65535, not '%1'").arg(value);
    } else if (key == QLatin1String("user")) h.user = value;
    else if (key == QLatin1String("identity")) h.identityFile = expandHome(value);
    else if (key == QLatin1String("agent")) {
        if (value != QLatin1String("yes") && value != QLatin1String("no")) return tr("agent must be yes or no");
        h.useAgent = value == QLatin1String("yes");
    } else if (key == QLatin1String("workdir")) h.workDir = value;
    else if (key == QLatin1String("worker")) h.workerPath = value;
    else if (key == QLatin1String("main_address")) h.mainAddress = value;
    else if (key == QLatin1String("env")) {
        const qsizetype eq = value.indexOf('=');
        if (eq <= 0) return tr("env needs NAME=VALUE, not '%1'").arg(value);
        h.environment.insert(value.left(eq), value.mid(eq + 1));
    } else return tr("unknown field '%1'").arg(key);
    return {};
}

// Splits on spaces, keeping "double quoted" parts (quotes removed) together.
QStringList splitFields(const QString& text) {
    QStringList out;
    QString current;
    bool quoted = false, any = false;
    for (const QChar c : text) {
        if (c == '"') {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any) out << current;
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any) out << current;
    return out;
}

QString quoteField(const QString& value) {
    return value.contains(' ') || value.contains('\t') ? '"' + value + '"' : value;
}

}  // namespace

Result<std::vector<HostSpec>> parseHostFile(const QString& text, const QString& sourceName) {
    static const QRegularExpression head(QStringLiteral("^(\\S+)\\s+slots=(\\d+)(.*)$"));
    std::vector<HostSpec> hosts;
    QSet<QString> seen;
    const QStringList lines = text.split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].section('#', 0, 0).trimmed();
        if (line.isEmpty()) continue;
        const auto where = [&] { return QStringLiteral("%1:%2: ").arg(sourceName).arg(i + 1); };
        const auto m = head.match(line);
        if (!m.hasMatch())
            return Status::error((where() + tr("expected 'HOST slots=N [key=value ...]', got '%1'").arg(line)).toStdString());
        HostSpec h;
        h.name = m.captured(1);
        h.slotCount = m.captured(2).toInt();
        if (h.slotCount <= 0) return Status::error((where() + tr("slots must be at least 1")).toStdString());
        if (seen.contains(h.name)) return Status::error((where() + tr("host '%1' is listed twice").arg(h.name)).toStdString());
        seen.insert(h.name);
        for (const QString& field : splitFields(m.captured(3))) {
            const qsizetype eq = field.indexOf('=');
            if (eq <= 0) return Status::error((where() + tr("expected key=value, got '%1'").arg(field)).toStdString());
            const QString problem = applyField(h, field.left(eq), field.mid(eq + 1));
            if (!problem.isEmpty()) return Status::error((where() + problem).toStdString());
        }
        hosts.push_back(h);
    }
    if (hosts.empty()) return Status::error(tr("%1 lists no hosts").arg(sourceName).toStdString());
    return hosts;
}

Result<std::vector<HostSpec>> readHostFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(tr("Cannot read hostfile %1: %2").arg(path, file.errorString()).toStdString());
    return parseHostFile(QString::fromUtf8(file.readAll()), path);
}

QString formatHostFile(const std::vector<HostSpec>& hosts) {
    QString out;
    const HostSpec defaults;
    for (const HostSpec& h : hosts) {
        out += QStringLiteral("%1 slots=%2").arg(h.name).arg(h.slotCount);
        const auto field = [&](const char* key, const QString& value, const QString& unset) {
            if (value != unset) out += QStringLiteral(" %1=%2").arg(QLatin1String(key), quoteField(value));
        };
        field("address", h.address, {});
        field("port", QString::number(h.port), QString::number(defaults.port));
        field("user", h.user, {});
        field("identity", h.identityFile, {});
        field("agent", h.useAgent ? QStringLiteral("yes") : QStringLiteral("no"), QStringLiteral("yes"));
        field("workdir", h.workDir, {});
        field("worker", h.workerPath, {});
        field("main_address", h.mainAddress, {});
        for (auto it = h.environment.begin(); it != h.environment.end(); ++it)
            out += QStringLiteral(" env=%1").arg(quoteField(it.key() + '=' + it.value()));
        out += '\n';
    }
    return out;
}

}  // namespace catapult
