#include "StackReport.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMap>
#include <QRegularExpression>

#include <algorithm>

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::StackReport", text); }

// py-spy: `Thread 123 (idle): "MainThread"`, then frames `    function (file.py:12)`.
QStringList pySpyMainThread(const QString& text) {
    static const QRegularExpression frame(QStringLiteral("^\\s+(.+) \\(([^():]+):\\d+\\)\\s*$"));
    QStringList frames;
    bool inMain = false;
    for (const QString& line : text.split('\n')) {
        if (line.startsWith(QLatin1String("Thread "))) {
            if (inMain) break;
            inMain = line.contains(QLatin1String("\"MainThread\""));
            continue;
        }
        if (!inMain) continue;
        if (const auto m = frame.match(line); m.hasMatch())
            frames << QStringLiteral("%1 (%2)").arg(m.captured(1).trimmed(), QFileInfo(m.captured(2)).fileName());
    }
    return frames;
}

// gdb `thread apply all bt`: `Thread 1 (...)`, then `#0  0x... in function (args) at file:line`.
QStringList gdbMainThread(const QString& text) {
    static const QRegularExpression frame(
        QStringLiteral("^#\\d+\\s+(?:0x[0-9a-fA-F]+ in )?([^ (]+) \\(.*?\\)(?: at ([^:]+):\\d+| from (\\S+))?"));
    QStringList frames;
    bool inMain = false;
    for (const QString& line : text.split('\n')) {
        if (line.startsWith(QLatin1String("Thread "))) {
            if (inMain) break;
            inMain = line.startsWith(QLatin1String("Thread 1 "));
            continue;
        }
        if (!inMain) continue;
        if (const auto m = frame.match(line); m.hasMatch()) {
            const QString file = !m.captured(2).isEmpty() ? m.captured(2) : m.captured(3);
            frames << (file.isEmpty() ? m.captured(1) : QStringLiteral("%1 (%2)").arg(m.captured(1), QFileInfo(file).fileName()));
        }
    }
    return frames;
}

// Where a signature's thread is: its innermost frame, and the deepest frame of the program's own
// file (the file of the outermost frame) that led there.
QString place(const QString& signature) {
    const QStringList frames = signature.split('\n', Qt::SkipEmptyParts);
    if (frames.isEmpty()) return tr("(no stack)");
    static const QRegularExpression fileOf(QStringLiteral("\\(([^()]+)\\)$"));
    const QString script = fileOf.match(frames.back()).captured(1);
    for (const QString& f : frames.mid(1))
        if (!script.isEmpty() && fileOf.match(f).captured(1) == script)
            return tr("%1 from %2").arg(frames.front(), f);
    return frames.front();
}

QString rankList(const std::vector<int>& ranks) {
    QStringList names;
    for (int r : ranks) names << QString::number(r);
    return names.join(QStringLiteral(", "));
}

}  // namespace

QStringList mainThreadFrames(const RankStack& stack) {
    if (stack.tool == QLatin1String("py-spy")) return pySpyMainThread(stack.text);
    if (stack.tool == QLatin1String("gdb")) return gdbMainThread(stack.text);
    return {};
}

StackComparison compareStacks(const std::vector<RankStack>& stacks) {
    QMap<QString, std::vector<int>> groups;  // signature -> ranks
    for (const RankStack& s : stacks) groups[mainThreadFrames(s).join('\n')].push_back(s.rank);
    StackComparison out;
    if (stacks.empty()) return out;
    auto rest = groups.cbegin();
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const bool larger = it->size() > rest->size();
        const bool lowerRank = it->size() == rest->size() && it->front() < rest->front();
        if (larger || lowerRank) rest = it;
    }
    for (auto it = groups.cbegin(); it != groups.cend(); ++it)
        if (it != rest) out.oddRanks.insert(out.oddRanks.end(), it->begin(), it->end());
    std::sort(out.oddRanks.begin(), out.oddRanks.end());
    if (out.oddRanks.empty()) {
        out.summary = tr("every rank's main thread is in the same place: %1").arg(place(rest.key()));
        return out;
    }
    QStringList odd;
    for (auto it = groups.cbegin(); it != groups.cend(); ++it)
        if (it != rest) odd << tr("rank(s) %1 in %2").arg(rankList(*it), place(it.key()));
    out.summary = tr("rank(s) %1 differ from the rest: %2, while rank(s) %3 are in %4")
                      .arg(rankList(out.oddRanks), odd.join(QStringLiteral("; ")), rankList(*rest), place(rest.key()));
    return out;
}

}  // namespace catapult
