#include "CommandLine.h"

#include <QRegularExpression>

namespace catapult {

QString joinCommandLine(const QStringList& words) {
    QStringList out;
    for (const QString& w : words) {
        const bool plain = !w.isEmpty() && !w.contains('"') && !w.contains(QRegularExpression(QStringLiteral("\\s")));
        out << (plain ? w : QLatin1Char('"') + QString(w).replace(QStringLiteral("\""), QStringLiteral("\"\"\"")) + QLatin1Char('"'));
    }
    return out.join(QLatin1Char(' '));
}

QString launchCommandLine(const QStringList& launchArgs) {
    return joinCommandLine(QStringList{QStringLiteral("catapult"), QStringLiteral("launch")} + launchArgs);
}

namespace {

QString flagName(const QString& word) {
    return word.startsWith(QLatin1String("--")) ? word.section('=', 0, 0).mid(2).replace('-', '_') : QString();
}

}  // namespace

QStringList takeFlags(const QStringList& words, const QStringList& known, const QStringList& switches,
                      QMap<QString, QString>& found) {
    QStringList rest;
    for (int i = 0; i < words.size(); ++i) {
        const QString name = flagName(words[i]);
        if (!known.contains(name)) {
            rest << words[i];
            continue;
        }
        if (words[i].contains('=')) found[name] = words[i].section('=', 1);
        else if (switches.contains(name)) found[name] = QStringLiteral("1");
        else found[name] = words.value(++i);
    }
    return rest;
}

QList<QPair<QString, QString>> flagsOf(const QStringList& words) {
    QList<QPair<QString, QString>> flags;
    for (int i = 0; i < words.size(); ++i) {
        const QString name = flagName(words[i]);
        if (name.isEmpty()) flags.append({QString(), words[i]});
        else if (words[i].contains('=')) flags.append({name, words[i].section('=', 1)});
        else if (i + 1 < words.size() && !words[i + 1].startsWith(QLatin1String("--"))) flags.append({name, words[++i]});
        else flags.append({name, QStringLiteral("true")});
    }
    return flags;
}

}  // namespace catapult
