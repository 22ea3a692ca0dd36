#include "RemoteCommand.h"

#include <QRegularExpression>

namespace catapult {

QString shellQuote(const QString& word) {
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (!word.isEmpty() && plain.match(word).hasMatch()) return word;
    QString quoted = word;
    quoted.replace('\'', QLatin1String("'\\''"));
    return '\'' + quoted + '\'';
}

namespace {

QString inDirectory(const QString& workDir, const QString& command) {
    if (workDir.isEmpty()) return command;
    return QStringLiteral("cd %1 && %2").arg(shellQuote(workDir), command);
}

}  // namespace

QString rankCommand(const RankCommandSpec& spec) {
    // Runs as `sh -c SCRIPT catapult-rank env NAME=VALUE... PROGRAM ARGS...`: "$@" is the rank.
    // setsid's own stderr is /dev/null (it complains when the group it waits for is killed at
    // the end); the script gets the channel's stderr back from fd 4.
    QString gloo;
    if (!spec.glooInterfaceTowards.isEmpty() && !spec.environment.contains(QStringLiteral("GLOO_SOCKET_IFNAME"))) {
        const QString to = shellQuote(spec.glooInterfaceTowards);
        gloo = QStringLiteral("i=$(ip -o addr show to %1 2>/dev/null | awk '{print $2; exit}'); "
                              "[ -n \"$i\" ] || i=$(ip -o route get %1 2>/dev/null | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p'); "
                              "[ -n \"$i\" ] && export GLOO_SOCKET_IFNAME=\"$i\"; ").arg(to);
    }
    if (!spec.pythonPathFirst.isEmpty())
        gloo += QStringLiteral("PYTHONPATH=\"$PWD/%1${PYTHONPATH:+:$PYTHONPATH}\"; export PYTHONPATH; ").arg(spec.pythonPathFirst);
    const QString script = gloo + QStringLiteral(
        "exec 2>&4 4>&-; "
        "echo \"@catapult-pgid $$ $(getconf CLK_TCK 2>/dev/null || echo 100) $(getconf PAGESIZE 2>/dev/null || echo 4096)\" >&2; "
        "exec 3<&0; "
        "\"$@\" </dev/null 3<&- 2>&1 & child=$!; "
        // The heartbeat, with a sample of the session's processes (the rank and its children):
        // CPU ticks and resident pages from /proc, fields counted after the command's name.
        "( while sleep %1; do "
        "awk -v s=$$ '{ sub(/^.*\\) /, \"\"); if ($4 == s) { t += $12 + $13; r += $22; n++ } } "
        "END { printf \"@catapult-sample %d %d %d\\n\", t, r, n }' /proc/[0-9]*/stat >&2 2>/dev/null; "
        "echo . >&2 || exit 0; done ) </dev/null >/dev/null 3<&- & "
        // The watchdog: stdin closes when the connection is gone.
        "( trap '' TERM; while read -r _; do :; done <&3; kill -TERM 0; n=0; "
        "while kill -0 $child 2>/dev/null && [ $n -lt %2 ]; do sleep 0.1; n=$((n+1)); done; kill -KILL 0 ) "
        "</dev/null >/dev/null 2>&1 & "
        "exec 3<&-; trap '' TERM PIPE; "
        "wait $child; rc=$?; echo \"@catapult-exit $rc\" >&2; kill -KILL 0")
                               .arg(spec.heartbeatSeconds)
                               .arg(spec.graceSeconds * 10);
    QStringList words{QStringLiteral("exec 4>&2; exec setsid -w sh -c"), shellQuote(script), QStringLiteral("catapult-rank"),
                      QStringLiteral("env")};
    for (auto it = spec.environment.begin(); it != spec.environment.end(); ++it)
        words << shellQuote(it.key() + '=' + it.value());
    for (const QString& arg : spec.argv) words << shellQuote(arg);
    words << QStringLiteral("2>/dev/null");
    return inDirectory(spec.workDir, words.join(' '));
}

QString writeFilesCommand(const QString& workDir, const QString& dir, const QMap<QString, QByteArray>& files) {
    QStringList lines{QStringLiteral("set -e")};
    for (auto it = files.begin(); it != files.end(); ++it) {
        const QString path = dir + '/' + it.key();
        lines << QStringLiteral("mkdir -p %1").arg(shellQuote(path.section('/', 0, -2)));
        lines << QStringLiteral("printf %s %1 | base64 -d > %2").arg(shellQuote(QString::fromLatin1(it.value().toBase64())), shellQuote(path));
    }
    return inDirectory(workDir, QStringLiteral("sh -c %1").arg(shellQuote(lines.join(QStringLiteral("; ")))));
}

QString stackDumpCommand(qint64 session, const QString& pySpy) {
    return QStringLiteral(
               "spy=$(command -v py-spy 2>/dev/null || echo %2); [ -x \"$spy\" ] || spy=; "
               "for p in $(ps -o pid= -s %1 2>/dev/null); do "
               "case \"$(cat /proc/$p/comm 2>/dev/null)\" in sh|dash|bash|sleep|awk|ps|cat|setsid|env) continue;; esac; "
               "if [ -n \"$spy\" ] && \"$spy\" dump --pid $p 2>/dev/null; then echo @catapult-tool py-spy; exit 0; fi; "
               "if command -v gdb >/dev/null 2>&1 && gdb -p $p -batch -nx -ex 'thread apply all bt' 2>/dev/null; then "
               "echo @catapult-tool gdb; exit 0; fi; "
               "done; exit 1")
        .arg(session)
        .arg(shellQuote(pySpy.isEmpty() ? QStringLiteral("/nonexistent") : pySpy));
}

QString signalGroupsCommand(const std::vector<qint64>& groups, int signal) {
    QStringList words{QStringLiteral("kill"), QStringLiteral("-%1").arg(signal), QStringLiteral("--")};
    for (qint64 g : groups) words << QStringLiteral("-%1").arg(g);
    return words.join(' ') + QStringLiteral(" 2>/dev/null; true");
}

QString workerCommand(const QString& worker, const QString& workDir, const QStringList& args) {
    QStringList words{shellQuote(worker)};
    for (const QString& a : args) words << shellQuote(a);
    return inDirectory(workDir, words.join(' '));
}

QString toolsCheckCommand(const QString& workDir, const QStringList& programs) {
    QStringList lines;
    lines << (workDir.isEmpty() ? QStringLiteral("cd") : QStringLiteral("cd %1 2>/dev/null").arg(shellQuote(workDir)))
                 + QStringLiteral(" || { echo nodir; exit 0; }");
    lines << QStringLiteral("[ -w . ] || echo readonly");
    for (const QString& p : programs)
        lines << QStringLiteral("command -v %1 >/dev/null 2>&1 || echo missing %1").arg(shellQuote(p));
    return lines.join(QStringLiteral("; "));
}

}  // namespace catapult
