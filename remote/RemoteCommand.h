#pragma once
// Shell command lines that Catapult sends over SSH. Pure functions.
//
// A rank runs inside a small POSIX sh wrapper started with `setsid -w`, so the rank and
// everything it starts form one new process group on that host (teardown signals exactly that
// group, never processes found by name). On the channel's stderr the wrapper reports
// `@catapult-pgid N TICKS PAGE` once, then with every heartbeat a `@catapult-sample CPU_TICKS
// RSS_PAGES PROCESSES` line and a `.`, and `@catapult-exit N` when
// the program ends, after which whatever the program left in its group is killed (as for a
// local rank); the program's own stdout and stderr are merged on the channel's stdout. If the
// SSH connection goes away (the channel's stdin closes), a watchdog in the group sends SIGTERM
// to the group, then SIGKILL.

#include <QMap>
#include <QString>
#include <QStringList>
#include <vector>

namespace catapult {

QString shellQuote(const QString& word);

struct RankCommandSpec {
    QString workDir;                   // empty: the login directory
    QMap<QString, QString> environment;
    QStringList argv;
    int heartbeatSeconds = 2;
    int graceSeconds = 5;              // watchdog: SIGTERM, then SIGKILL after this
    // An address of the main process (MASTER_ADDR): unless the rank's environment names one,
    // GLOO_SOCKET_IFNAME becomes the host's interface that holds or routes to it. Gloo otherwise
    // binds to what the host name resolves to, which is 127.0.1.1 on a stock Debian or Ubuntu
    // machine, and the other machines cannot connect. Empty: nothing is set.
    QString glooInterfaceTowards;
    // A directory put first on PYTHONPATH, before what the host's login environment has there.
    QString pythonPathFirst;
};
QString rankCommand(const RankCommandSpec& spec);

// Writes `files` (path relative to `dir` -> contents) under `dir` on the host, replacing what is
// there; exits non-zero when it cannot. Contents travel base64-encoded (coreutils' base64 -d).
QString writeFilesCommand(const QString& workDir, const QString& dir, const QMap<QString, QByteArray>& files);

// The stack of the program in a rank's session (the wrapper's shells left out): `py-spy dump`
// with `pySpy` (or py-spy on the host's PATH), else gdb; the output ends with
// `@catapult-tool py-spy|gdb`, and the command exits non-zero when neither could read it.
QString stackDumpCommand(qint64 session, const QString& pySpy);

// `kill -SIGNAL -- -PGID ...`; succeeds even when some groups are already gone.
QString signalGroupsCommand(const std::vector<qint64>& groups, int signal);

// Runs catapult-worker with `args` in the host's working directory (a relative worker path is
// relative to it; `probe --disk_path .` measures free disk there).
QString workerCommand(const QString& worker, const QString& workDir, const QStringList& args);

// Prints what of `programs` cannot be found (by `command -v`, relative to workDir) and whether
// workDir is a writable directory; see PreflightCheck for how the output is read.
QString toolsCheckCommand(const QString& workDir, const QStringList& programs);

}  // namespace catapult
