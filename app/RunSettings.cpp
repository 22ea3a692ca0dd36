#include "RunSettings.h"

#include <QCoreApplication>
#include <QHash>
#include <QProcess>
#include <algorithm>
#include <cmath>

#include "CommandLine.h"
#include "RunSubject.h"
#include "catapult/ConfigReader.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }
QString text(const std::string& s) { return QString::fromStdString(s); }

void addRun(const RunRecord& run, QList<RunSetting>& out) {
    const RunSubject subject = runSubject(run.command);
    const QString group = tr("Run");
    out.append({group, tr("model"), subject.model});
    out.append({group, tr("data"), subject.data});
    out.append({group, tr("method"), subject.method});
    out.append({group, tr("machines"), run.hosts});
    out.append({group, tr("processes"), QString::number(run.numProcesses)});
    out.append({group, tr("config file"), run.configPath});
}

void addResult(const RunRecord& run, QList<RunSetting>& out) {
    const QString group = tr("Result");
    out.append({group, tr("status"), run.status});
    out.append({group, tr("steps"), QString::number(run.finalStep)});
    out.append({group, tr("final loss"), std::isfinite(run.finalLoss) && run.finalLoss != 0 ? QString::number(run.finalLoss, 'f', 4) : QString()});
    out.append({group, tr("tokens/s"), run.tokensPerSecond > 0 ? QString::number(run.tokensPerSecond, 'f', 0) : QString()});
    if (run.startedAt.isValid() && run.endedAt.isValid())
        out.append({group, tr("duration (s)"), QString::number(run.startedAt.secsTo(run.endedAt))});
}

// The launch's flags (before "--"), then the program's name and flags.
void addFlags(const RunRecord& run, QList<RunSetting>& out) {
    QStringList words = QProcess::splitCommand(run.command);
    if (words.value(0) == QLatin1String("catapult") && words.value(1) == QLatin1String("launch")) words = words.mid(2);
    const int dash = static_cast<int>(words.indexOf(QStringLiteral("--")));
    const QStringList launch = dash >= 0 ? words.mid(0, dash) : words;
    const QStringList program = dash >= 0 ? words.mid(dash + 1) : QStringList();
    for (const auto& [name, value] : flagsOf(launch))
        out.append({tr("Launch"), name.isEmpty() ? tr("program") : QStringLiteral("--") + name, value});
    if (!program.isEmpty()) out.append({tr("Program"), tr("program"), program.front()});
    int argument = 0;
    for (const auto& [name, value] : flagsOf(program.mid(1)))
        out.append({tr("Program"), name.isEmpty() ? tr("argument %1").arg(++argument) : QStringLiteral("--") + name, value});
}

void addConfig(const RunRecord& run, QList<RunSetting>& out) {
    if (run.configYaml.trimmed().isEmpty()) return;
    auto loaded = parseConfigText(run.configYaml.toStdString(), run.configPath.toStdString());
    if (!loaded.ok()) {
        out.append({tr("Config"), tr("config"), text(loaded.status().message())});
        return;
    }
    const ClusterConfig& c = loaded.value().config;
    for (const auto& [key, value] : c.values()) out.append({tr("Config"), text(key), text(value.toDisplay())});
    for (const auto& [section, values] : c.sections())
        for (const auto& [key, value] : values) out.append({tr("Config"), text(section + "." + key), text(value.toDisplay())});
}

}  // namespace

QList<RunSetting> runSettings(const RunRecord& run) {
    QList<RunSetting> out;
    addRun(run, out);
    addResult(run, out);
    addFlags(run, out);
    addConfig(run, out);
    return out;
}

QList<ComparedSetting> compareSettings(const QList<RunRecord>& runs) {
    QList<ComparedSetting> rows;
    QHash<QString, qsizetype> rowOf;  // group + name -> index into rows
    for (qsizetype r = 0; r < runs.size(); ++r)
        for (const RunSetting& s : runSettings(runs[r])) {
            const QString key = s.group + QChar(0) + s.name;
            auto it = rowOf.constFind(key);
            if (it == rowOf.cend()) {
                it = rowOf.insert(key, rows.size());
                rows.append({s.group, s.name, QStringList(runs.size(), QString())});
            }
            rows[*it].values[r] = s.value;
        }
    // Config keys in one order whichever run has them (each run lists its own sorted).
    const QString config = tr("Config");
    const auto first = std::find_if(rows.begin(), rows.end(), [&](const ComparedSetting& c) { return c.group == config; });
    std::stable_sort(first, rows.end(), [&](const ComparedSetting& a, const ComparedSetting& b) {
        return a.group == config && b.group == config && a.name < b.name;
    });
    return rows;
}

}  // namespace catapult
