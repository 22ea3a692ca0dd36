// Remote launch against real OpenSSH servers (no protocol mocks): host files, the launch plan
// across machines, key and agent login, host-key policy, probe and pre-flight, a 2-machine
// Gloo training through `catapult launch --hosts`, and teardown on rank failure and on a
// dropped connection, checked by listing processes on every host.

#include <signal.h>
#include <unistd.h>

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "RunStore.h"
#include "HostDialog.h"
#include "HostFileTests.h"
#include "HostFile.h"
#include "HostListModel.h"
#include "HostsWidget.h"
#include "SetupWizard.h"
#include "JobController.h"
#include "JobPanel.h"
#include "LaunchPlan.h"
#include "MainWindow.h"
#include "PreflightModel.h"
#include "Preflight.h"
#include "RemoteCommand.h"
#include "RemoteExecutor.h"
#include "SshConfig.h"
#include "SshSession.h"
#include "SshTestHost.h"
#include "TestFiles.h"

Q_DECLARE_METATYPE(catapult::JobOutcome)

using namespace catapult;
using namespace catapult::testing;

namespace {

// Process groups alive on a host, listed over SSH with ps.
QSet<qint64> remoteGroups(const HostSpec& host, const SshOptions& options, QString* error = nullptr) {
    QSet<qint64> groups;
    auto s = SshSession::open(host, options);
    if (!s.ok()) {
        if (error) *error = QString::fromStdString(s.status().message());
        return groups;
    }
    // Zombies (exited, not yet reaped by their parent) are not running processes.
    auto r = s.value()->run("ps -e -o stat=,pgid=,pid=,args=", 10000);
    if (!r.ok()) return groups;
    for (const QByteArray& line : r.value().out.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() >= 2 && !f[0].startsWith('Z')) groups.insert(f[1].toLongLong());
    }
    return groups;
}

// Whether none of `groups` is alive on `host` (false while the host cannot be listed).
bool groupsGone(const HostSpec& host, const SshOptions& options, const std::vector<qint64>& groups) {
    const QSet<qint64> alive = remoteGroups(host, options);
    if (alive.isEmpty()) return false;
    for (qint64 g : groups)
        if (alive.contains(g)) return false;
    return true;
}

bool remotePidAlive(const HostSpec& host, const SshOptions& options, qint64 pid) {
    auto s = SshSession::open(host, options);
    if (!s.ok()) return false;
    auto r = s.value()->run(QStringLiteral("kill -0 %1 && echo alive").arg(pid), 10000);
    return r.ok() && r.value().out.contains("alive");
}

}  // namespace

class RemoteTests : public QObject {
    Q_OBJECT

    std::unique_ptr<SshTestNetwork> m_net;
    std::unique_ptr<SshTestHost> m_a, m_b;
    QString m_knownHosts;

    HostSpec host(int i, const SshTestHost& server) const {
        HostSpec h;
        h.name = i == 0 ? "host-a" : "host-b";
        h.address = server.address();
        h.port = server.port();
        h.user = "root";
        h.identityFile = m_net->userKey();
        h.useAgent = false;
        h.workDir = QDir(m_net->dir()).filePath(h.name);
        QDir().mkpath(h.workDir);
        h.workerPath = CATAPULT_WORKER_PATH;
        return h;
    }
    SshOptions options() const {
        SshOptions o;
        o.knownHostsFile = m_knownHosts;
        o.hostKeyPolicy = HostKeyPolicy::AcceptNew;
        return o;
    }
    // `catapult launch --hosts` (both test hosts) of tests/python/plain_accelerate.py with the
    // venv's Python, recorded in NAME-runs.sqlite of the suite's folder: (exit code, output).
    std::pair<int, QString> launchPlainScriptOnBothHosts(const QString& name, const QStringList& flags,
                                                         const QStringList& scriptArgs) const {
        const QDir dir(m_net->dir());
        QProcess launcher;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CATAPULT_STORE", dir.filePath(name + "-runs.sqlite"));
        env.insert("PYTHON_EXEC", CATAPULT_PYTHON);
        launcher.setProcessEnvironment(env);
        launcher.setProcessChannelMode(QProcess::MergedChannels);
        launcher.start(CATAPULT_LAUNCHER_PATH, QStringList{"launch", "--hosts", writeBothHosts(name + "-hostfile"), "--cpu",
                                                           "--known_hosts", m_knownHosts, "--accept_new_host_keys", "--run_dir",
                                                           dir.filePath("runs/" + name)} +
                                                   flags + QStringList{"--", CATAPULT_SOURCE_DIR "/tests/python/plain_accelerate.py"} +
                                                   scriptArgs);
        if (!launcher.waitForFinished(180000)) launcher.kill();
        launcher.waitForFinished();
        return {launcher.exitCode(), QString::fromUtf8(launcher.readAll())};
    }

    // A hostfile with both test hosts, in the suite's folder.
    QString writeBothHosts(const QString& name) const {
        return writeTextFile(QDir(m_net->dir()).filePath(name), formatHostFile({host(0, *m_a), host(1, *m_b)}).toUtf8());
    }
    LaunchSettings settingsFor(const QStringList& program, bool builtin) const {
        LaunchSettings s;
        s.hosts = {host(0, *m_a), host(1, *m_b)};
        s.numProcesses = 2;
        s.useCpu = true;
        s.masterAddr = m_a->address();
        s.port = freeTcpPort();
        s.program = program;
        s.builtinRecipe = builtin;
        s.runDir = QDir(m_net->dir()).filePath("runs/test-run");
        return s;
    }

    // Starts a rank per host that prints a line every 0.5 s, through the pre-flight, and waits
    // until both are talking. Check QTest::currentTestFailed() after the call.
    void startTickingJob(int hostTimeoutMs, LaunchSettings& s, std::unique_ptr<RemoteExecutor>& executor) {
        s = settingsFor({"sh", "-c", "while :; do echo tick; sleep 0.5; done"}, false);
        PreflightResult pre = runPreflight(s, options());
        QVERIFY2(pre.ok(), qPrintable(pre.problems().join('\n')));
        executor = std::make_unique<RemoteExecutor>(std::move(pre.sessions), options(), hostTimeoutMs);
        QSignalSpy lines(executor.get(), &JobExecutor::logLine);
        executor->start(buildLaunchPlan(s, {}));
        QTRY_VERIFY_WITH_TIMEOUT(lines.count() >= 6, 20000);
    }

private slots:
    void initTestCase() {
        qRegisterMetaType<JobOutcome>();
        if (::geteuid() != 0) QSKIP("the remote tests start sshd, which needs root here");
        m_net = std::make_unique<SshTestNetwork>();
        QVERIFY2(m_net->ok(), qPrintable(m_net->error()));
        m_a = std::make_unique<SshTestHost>(*m_net, 0, freeTcpPort());
        QVERIFY2(m_a->ok(), qPrintable(m_a->error()));
        m_b = std::make_unique<SshTestHost>(*m_net, 1, freeTcpPort());
        QVERIFY2(m_b->ok(), qPrintable(m_b->error()));
        m_knownHosts = QDir(m_net->dir()).filePath("known_hosts");
        qInfo("hosts: %s:%d and %s:%d (%s)", qPrintable(m_a->address()), m_a->port(), qPrintable(m_b->address()),
              m_b->port(), m_net->usesNamespaces() ? "network namespaces on a bridge" : "loopback addresses");
    }

    void hostfileAliasesThroughSshConfig() {
        // As people write it: a hostfile of bare aliases, ~/.ssh/config saying where they are.
        const QString dir = m_net->dir();
        const QString config = writeTextFile(
            QDir(dir).filePath("alias_ssh_config"),
            QStringLiteral("Host alias-a\n  HostName %1\n  Port %2\nHost alias-b\n  HostName %3\n  Port %4\n"
                           "Host alias-a alias-b\n  User root\n  IdentityFile %5\n")
                .arg(m_a->address()).arg(m_a->port()).arg(m_b->address()).arg(m_b->port()).arg(m_net->userKey())
                .toUtf8());
        QString lines;
        for (const char* name : {"alias-a", "alias-b"}) {
            const QString work = QDir(dir).filePath(name);
            QDir().mkpath(work);
            lines += QStringLiteral("%1 slots=1 agent=no workdir=%2 worker=%3\n").arg(name, work, CATAPULT_WORKER_PATH);
        }
        const QString hostfile = writeTextFile(QDir(dir).filePath("alias-hostfile"), lines.toUtf8());
        QProcess launcher;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CATAPULT_STORE", QDir(dir).filePath("alias-runs.sqlite"));
        env.insert("CATAPULT_SSH_CONFIG", config);
        launcher.setProcessEnvironment(env);
        launcher.setProcessChannelMode(QProcess::MergedChannels);
        launcher.start(CATAPULT_LAUNCHER_PATH, {"launch", "--hosts", hostfile, "--cpu", "--known_hosts", m_knownHosts,
                                                "--accept_new_host_keys", "--run_dir", QDir(dir).filePath("runs/aliases"),
                                                "--", "sh", "-c", "echo rank $RANK of $WORLD_SIZE, main $MASTER_ADDR"});
        QVERIFY(launcher.waitForFinished(120000));
        const QString out = QString::fromUtf8(launcher.readAll());
        QVERIFY2(launcher.exitCode() == 0, qPrintable(out.right(3000)));
        // MASTER_ADDR is alias-a's HostName: the other machines cannot resolve a local alias.
        QVERIFY2(out.contains(QStringLiteral("[alias-a rank 0] rank 0 of 2, main %1").arg(m_a->address())), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("[alias-b rank 1] rank 1 of 2, main %1").arg(m_a->address())), qPrintable(out));
    }

    void pythonScriptReportsFromBothHosts() {
        // A plain Accelerate script on the two hosts: its step lines come back over SSH, and each
        // host's wrapper samples its rank, so the store has memory of both machines.
        const auto [rc, out] = launchPlainScriptOnBothHosts("python", {}, {"--steps", "6", "--sleep", "1"});
        if (rc != 0) qInfo("%s", qPrintable(out));
        QCOMPARE(rc, 0);
        auto store = RunStore::open(QDir(m_net->dir()).filePath("python-runs.sqlite"));
        QVERIFY(store.ok() && !store.value()->listRuns().isEmpty());
        const RunSeries s = store.value()->series(store.value()->listRuns().front().id);
        QCOMPARE(s.steps.size(), 6);
        for (int rank : {0, 1}) {
            const auto sampled = std::count_if(s.memory.begin(), s.memory.end(), [rank](const MemoryPoint& m) {
                return m.sampled && m.rank == rank && m.rssBytes > (50 << 20);
            });
            QVERIFY2(sampled >= 1, qPrintable(QStringLiteral("rank %1: %2 samples\n%3").arg(rank).arg(sampled).arg(out.right(2000))));
        }
    }

    void deadlockAcrossHostsIsNamed() {
        // Rank 1 (host-b) waits at a barrier while rank 0 (host-a) is in an all_reduce: the
        // stacks come from each host over SSH, and rank 1 is named.
        const auto [rc, out] = launchPlainScriptOnBothHosts("hang", {"--hang_timeout_s", "5", "--hang_policy", "stop"},
                                                            {"--skip_all_reduce_at", "2"});
        for (const char* text : {"stack of rank 0 (py-spy)", "stack of rank 1 (py-spy)", "rank(s) 1 differ from the rest",
                                 "job failed: the job stalled; rank 1's stack differs"})
            QVERIFY2(out.contains(text), qPrintable(QString(text) + "\n" + out.right(3000)));
        QVERIFY(rc != 0);
    }

    void proxyJumpReachesAHostBehindAnother() {
        if (!m_net->usesNamespaces()) QSKIP("needs the hosts on a network of their own");
        // ProxyJump runs the OpenSSH client (`ssh -W`) through host A, with the same config file,
        // where the jump host's own entry is.
        const QDir dir(m_net->dir());
        const QString config = writeTextFile(
            dir.filePath("proxy_ssh_config"),
            QStringLiteral("Host behind\n  HostName %1\n  Port %2\n  User root\n  IdentityFile %3\n"
                           "  ProxyJump root@%4:%5\nHost %4\n  IdentityFile %3\n  UserKnownHostsFile %6\n"
                           "  StrictHostKeyChecking accept-new\n  BatchMode yes\n")
                .arg(m_b->address()).arg(m_b->port()).arg(m_net->userKey(), m_a->address()).arg(m_a->port())
                .arg(dir.filePath("jump_known_hosts")).toUtf8());
        const QByteArray oldConfig = qgetenv("CATAPULT_SSH_CONFIG");
        qputenv("CATAPULT_SSH_CONFIG", config.toUtf8());
        HostSpec behind;
        behind.name = "behind";
        behind.useAgent = false;
        auto session = SshSession::open(behind, options());
        oldConfig.isNull() ? qunsetenv("CATAPULT_SSH_CONFIG") : qputenv("CATAPULT_SSH_CONFIG", oldConfig);
        QVERIFY2(session.ok(), session.ok() ? "" : session.status().message().c_str());
        QCOMPARE(session.value()->host().address, m_b->address());
        auto r = session.value()->run("echo $SSH_CONNECTION", 10000);
        QVERIFY(r.ok());
        // The connection reached B from A's address: it went through the jump host.
        QVERIFY2(r.value().out.startsWith(m_a->address().toUtf8() + ' '), r.value().out.constData());
    }

    void keyAuthentication() {
        auto s = SshSession::open(host(0, *m_a), options());
        QVERIFY2(s.ok(), s.ok() ? "" : s.status().message().c_str());
        QCOMPARE(s.value()->authMethod(), QString("key %1").arg(m_net->userKey()));
        auto r = s.value()->run("echo hello; echo oops >&2; exit 3", 10000);
        QVERIFY(r.ok());
        QCOMPARE(r.value().out, QByteArray("hello\n"));
        QCOMPARE(r.value().err, QByteArray("oops\n"));
        QCOMPARE(r.value().exitCode, 3);
    }

    void agentAuthentication() {
        QTemporaryDir dir;
        const QString socket = dir.filePath("agent.sock");
        QProcess agent;
        agent.start("ssh-agent", {"-D", "-a", socket});
        QVERIFY(agent.waitForStarted());
        for (int i = 0; i < 100 && !QFile::exists(socket); ++i) QThread::msleep(20);
        QProcess add;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("SSH_AUTH_SOCK", socket);
        add.setProcessEnvironment(env);
        add.start("ssh-add", {m_net->userKey()});
        QVERIFY(add.waitForFinished());
        QCOMPARE(add.exitCode(), 0);
        const QByteArray saved = qgetenv("SSH_AUTH_SOCK");
        qputenv("SSH_AUTH_SOCK", socket.toUtf8());
        HostSpec h = host(0, *m_a);
        h.identityFile.clear();
        h.useAgent = true;
        auto s = SshSession::open(h, options());
        if (saved.isEmpty()) qunsetenv("SSH_AUTH_SOCK");
        else qputenv("SSH_AUTH_SOCK", saved);
        agent.kill();
        agent.waitForFinished();
        QVERIFY2(s.ok(), s.ok() ? "" : s.status().message().c_str());
        QCOMPARE(s.value()->authMethod(), QString("ssh-agent"));
    }

    void wrongKeyFails() {
        HostSpec h = host(0, *m_a);
        h.identityFile = m_net->wrongKey();
        auto s = SshSession::open(h, options());
        QVERIFY(!s.ok());
        const QString message = QString::fromStdString(s.status().message());
        QVERIFY2(message.startsWith("Authentication to host-a (root@" + m_a->address()), qPrintable(message));
        QVERIFY2(message.contains("the key " + m_net->wrongKey() + " was refused"), qPrintable(message));
        QVERIFY2(message.contains("The host accepts: publickey."), qPrintable(message));
    }

    void passphraseKey() {
        HostSpec h = host(0, *m_a);
        h.identityFile = m_net->encryptedKey();
        auto headless = SshSession::open(h, options());
        QVERIFY(!headless.ok());
        QVERIFY2(QString::fromStdString(headless.status().message())
                     .startsWith("The key " + m_net->encryptedKey() + " for host-a"),
                 headless.status().message().c_str());
        SshOptions o = options();
        QStringList prompts;
        o.askSecret = [&](const QString& prompt) -> std::optional<QString> {
            prompts << prompt;
            return QString("wrong");
        };
        auto wrong = SshSession::open(h, o);
        QVERIFY(!wrong.ok());
        QVERIFY2(QString::fromStdString(wrong.status().message()).startsWith("Wrong passphrase for the key"),
                 wrong.status().message().c_str());
        o.askSecret = [&](const QString& prompt) -> std::optional<QString> {
            prompts << prompt;
            return QString("s3cret pass");
        };
        auto right = SshSession::open(h, o);
        QVERIFY2(right.ok(), right.ok() ? "" : right.status().message().c_str());
        QVERIFY(prompts.last().startsWith("Passphrase for " + m_net->encryptedKey()));
    }

    void unknownHostKey() {
        const QString known = QDir(m_net->dir()).filePath("known_hosts_fresh");
        SshOptions o;
        o.knownHostsFile = known;
        auto strict = SshSession::open(host(1, *m_b), o);
        QVERIFY(!strict.ok());
        const QString message = QString::fromStdString(strict.status().message());
        QVERIFY2(message.contains("is not known: ssh-ed25519 SHA256:"), qPrintable(message));
        QVERIFY2(message.contains("--accept_new_host_keys"), qPrintable(message));
        QVERIFY(!QFile::exists(known));

        // Ask: the question carries the fingerprint; "no" refuses, "yes" records it.
        o.hostKeyPolicy = HostKeyPolicy::Ask;
        QString asked;
        o.askHostKey = [&](const HostKeyQuestion& q) {
            asked = q.fingerprint;
            return false;
        };
        QVERIFY(!SshSession::open(host(1, *m_b), o).ok());
        QVERIFY2(asked.startsWith("SHA256:") && message.contains(asked), qPrintable(asked));
        o.askHostKey = [](const HostKeyQuestion&) { return true; };
        QVERIFY(SshSession::open(host(1, *m_b), o).ok());
        QVERIFY(QFile::exists(known));
        // Now known: Strict connects without asking.
        o.hostKeyPolicy = HostKeyPolicy::Strict;
        auto again = SshSession::open(host(1, *m_b), o);
        QVERIFY2(again.ok(), again.ok() ? "" : again.status().message().c_str());
    }

    void changedHostKeyRefused() {
        // A third server on host B's address records its key, then comes back with another.
        const int port = freeTcpPort();
        const QString known = QDir(m_net->dir()).filePath("known_hosts_changed");
        SshOptions o;
        o.knownHostsFile = known;
        o.hostKeyPolicy = HostKeyPolicy::AcceptNew;
        HostSpec h = host(1, *m_b);
        h.port = port;
        QString firstFingerprint;
        {
            SshTestHost server(*m_net, 1, port, "original");
            QVERIFY2(server.ok(), qPrintable(server.error()));
            QVERIFY(SshSession::open(h, o).ok());
        }
        SshTestHost server(*m_net, 1, port, "reinstalled");
        QVERIFY2(server.ok(), qPrintable(server.error()));
        auto s = SshSession::open(h, o);  // even accept-new refuses a changed key
        QVERIFY(!s.ok());
        const QString message = QString::fromStdString(s.status().message());
        QVERIFY2(message.startsWith("WARNING: the host key of host-b (root@" + m_b->address()), qPrintable(message));
        const QStringList fingerprints = [&] {
            QStringList out;
            static const QRegularExpression re("SHA256:[A-Za-z0-9+/]+");
            for (auto it = re.globalMatch(message); it.hasNext();) out << it.next().captured(0);
            return out;
        }();
        QCOMPARE(fingerprints.size(), 2);
        QVERIFY(fingerprints[0] != fingerprints[1]);
        QVERIFY2(message.contains("ssh-keygen -R [" + m_b->address() + "]:" + QString::number(port)), qPrintable(message));
    }

    void probeAndPreflight() {
        LaunchSettings s = settingsFor({CATAPULT_WORKER_PATH, "train"}, true);
        PreflightResult r = runPreflight(s, options());
        for (const QString& line : r.report()) qInfo("%s", qPrintable(line));
        QVERIFY2(r.ok(), qPrintable(r.problems().join('\n')));
        QCOMPARE(r.hosts.size(), std::size_t(2));
        for (const auto& h : r.hosts) {
            QVERIFY(h.hardware.has_value());
            QVERIFY(h.hardware->cores >= 1);
            QCOMPARE(h.hardware->libtorchVersion, QString("2.11.0"));
            QVERIFY(h.hardware->diskFreeBytes > 0);
        }
        QVERIFY(r.sessions[0] && r.sessions[1]);
        const auto port = std::find_if(r.hosts[1].checks.begin(), r.hosts[1].checks.end(),
                                       [](const PreflightCheck& c) { return c.name == "port"; });
        QVERIFY(port != r.hosts[1].checks.end());
        QCOMPARE(port->detail, QString("reaches %1:%2").arg(m_a->address()).arg(s.port));
    }

    void preflightCatchesMissingProgramAndPort() {
        LaunchSettings s = settingsFor({CATAPULT_WORKER_PATH, "train"}, true);
        s.hosts[1].workerPath = "/opt/nowhere/catapult-worker";
        PreflightResult r = runPreflight(s, options());
        QVERIFY(!r.ok());
        const QString problems = r.problems().join('\n');
        QVERIFY2(problems.contains("host-b: programs: not found on this host: /opt/nowhere/catapult-worker"), qPrintable(problems));
        QVERIFY2(!problems.contains("host-a"), qPrintable(problems));

        // The main address the other hosts are told to use is not reachable from them.
        s = settingsFor({CATAPULT_WORKER_PATH, "train"}, true);
        s.masterAddr = "192.0.2.1";  // TEST-NET-1: routed nowhere
        r = runPreflight(s, options());
        QVERIFY(!r.ok());
        QVERIFY2(r.problems().join('\n').contains(
                     QString("host-b: port: cannot reach the main process address 192.0.2.1:%1").arg(s.port)),
                 qPrintable(r.problems().join('\n')));

        // The port is taken on host 0.
        s = settingsFor({CATAPULT_WORKER_PATH, "train"}, true);
        auto holder = SshSession::open(s.hosts[0], options());
        QVERIFY(holder.ok());
        auto listening = holder.value()->start(
            workerCommand(CATAPULT_WORKER_PATH, {}, {"netcheck", "listen", "--port", QString::number(s.port), "--timeout_s", "30"}));
        QVERIFY(listening.ok());
        QByteArray out, err;
        for (int i = 0; i < 200 && !out.contains("listening"); ++i) {
            listening.value()->read(out, err);
            QThread::msleep(10);
        }
        r = runPreflight(s, options());
        QVERIFY(!r.ok());
        QVERIFY2(r.problems().join('\n').contains(QString("host-a: port: cannot listen on port %1: Address already in use").arg(s.port)),
                 qPrintable(r.problems().join('\n')));
    }

    void twoMachineTraining() {
        // As a user would: a hostfile and `catapult launch --hosts`.
        const QString hostfile = writeBothHosts("hostfile");
        QVERIFY(!hostfile.isEmpty());
        const QString runDir = QDir(m_net->dir()).filePath("runs/two-machines");
        QProcess launcher;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CATAPULT_STORE", QDir(m_net->dir()).filePath("runs.sqlite"));
        launcher.setProcessEnvironment(env);
        launcher.setProcessChannelMode(QProcess::MergedChannels);
        QElapsedTimer t;
        t.start();
        launcher.start(CATAPULT_LAUNCHER_PATH,
                       {"launch", "--hosts", hostfile, "--cpu", "--known_hosts", m_knownHosts, "--accept_new_host_keys",
                        "--num_cpu_threads_per_process", "1", "--run_dir", runDir, "--", "catapult-worker", "train",
                        "--steps", "200", "--layers", "2", "--width", "64", "--seq_len", "64", "--batch_size", "8"});
        QVERIFY(launcher.waitForFinished(300000));
        const QString output = QString::fromUtf8(launcher.readAll());
        qInfo("launch took %.1f s", t.elapsed() / 1000.0);
        for (const QString& line : output.split('\n'))
            if (line.startsWith("catapult:") || line.startsWith("host ") || line.startsWith("    ")) qInfo("%s", qPrintable(line));
        QVERIFY2(launcher.exitCode() == 0, qPrintable(output.right(3000)));
        QVERIFY(output.contains("catapult: job finished successfully"));
        QVERIFY(output.contains("catapult: first step"));
        QVERIFY2(!output.contains("did not exit normally"), qPrintable(output.right(2000)));  // the wrapper stays silent
        // Rank 0's metrics came back over SSH into the local run directory.
        QFile metrics(runDir + "/metrics.jsonl");
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        QList<double> losses;
        for (const QByteArray& line : metrics.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value("type").toString() == "step") losses << o.value("loss").toDouble();
        }
        QCOMPARE(losses.size(), 200);
        double last = 0;
        for (int i = losses.size() - 20; i < losses.size(); ++i) last += losses[i] / 20;
        qInfo("loss %.3f -> mean of last 20 %.3f", losses.first(), last);
        QVERIFY(last < 0.6 * losses.first());
        // Both ranks ran where they were meant to: rank 1's run files are on host B.
        QVERIFY(QDir(host(0, *m_a).workDir + "/catapult-runs/two-machines").exists());

        // Each rank's log lines come back prefixed with its host and rank.
        launcher.start(CATAPULT_LAUNCHER_PATH, {"launch", "--hosts", hostfile, "--cpu", "--known_hosts", m_knownHosts,
                                                "--run_dir", runDir + "-echo", "--", "sh", "-c",
                                                "echo hello from rank $RANK of $WORLD_SIZE, local $LOCAL_RANK"});
        QVERIFY(launcher.waitForFinished(120000));
        const QString echo = QString::fromUtf8(launcher.readAll());
        QCOMPARE(launcher.exitCode(), 0);
        QVERIFY2(echo.contains("[host-a rank 0] hello from rank 0 of 2, local 0"), qPrintable(echo));
        QVERIFY2(echo.contains("[host-b rank 1] hello from rank 1 of 2, local 0"), qPrintable(echo));
    }

    void hostsCommandChecksStoredHosts() {
        // `catapult hosts` keeps the list in the run store; `check` runs the pre-flight on it.
        const QString hostfile = writeBothHosts("hostfile-store");
        QVERIFY(!hostfile.isEmpty());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CATAPULT_STORE", QDir(m_net->dir()).filePath("hosts-store.sqlite"));
        const auto catapult = [&](const QStringList& args, QString* output) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(CATAPULT_LAUNCHER_PATH, args);
            p.waitForFinished(120000);
            *output = QString::fromUtf8(p.readAll());
            return p.exitCode();
        };
        QString output;
        QCOMPARE(catapult({"hosts", "import", hostfile}, &output), 0);
        QCOMPARE(catapult({"hosts", "check", "--cpu", "--known_hosts", m_knownHosts, "--accept_new_host_keys",
                           "--main_process_port", QString::number(freeTcpPort())}, &output), 0);
        QVERIFY2(output.contains("catapult: every host is ready"), qPrintable(output));
        QCOMPARE(catapult({"hosts", "edit", "host-b", "worker=/opt/none/catapult-worker"}, &output), 0);
        QCOMPARE(catapult({"hosts", "check", "--cpu", "--known_hosts", m_knownHosts}, &output), 1);
        QVERIFY2(output.contains("host-b: programs: not found on this host: /opt/none/catapult-worker"), qPrintable(output));
        QCOMPARE(catapult({"hosts", "export", hostfile + ".out"}, &output), 0);
        QFile exported(hostfile + ".out");
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QVERIFY(exported.readAll().contains("host-b slots=1 address=" + m_b->address().toUtf8()));
    }

    void rankFailureStopsEveryHost() {
        // Rank 2 (host B) exits 1 after 2 s; every rank ignores SIGTERM and has a child.
        const QString script = "trap '' TERM; sleep 300 & if [ \"$RANK\" = 2 ]; then sleep 2; echo 'rank 2 gives up'; exit 1; fi; "
                               "while :; do echo tick; sleep 1; done";
        LaunchSettings s = settingsFor({"sh", "-c", script}, false);
        s.hosts[0].slotCount = 2;
        s.numProcesses = 3;
        PreflightResult pre = runPreflight(s, options());
        QVERIFY2(pre.ok(), qPrintable(pre.problems().join('\n')));
        // An unrelated process on host B, started over SSH in a session of its own.
        auto other = pre.sessions[1]->run("setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!", 10000);
        QVERIFY(other.ok());
        const qint64 unrelated = other.value().out.trimmed().toLongLong();
        QVERIFY(unrelated > 0);

        RemoteExecutor executor(std::move(pre.sessions), options(), 20000);
        QSignalSpy finished(&executor, &JobExecutor::finished);
        QElapsedTimer sinceFailure;
        connect(&executor, &JobExecutor::stopping, this, [&] { sinceFailure.start(); });
        executor.start(buildLaunchPlan(s, {}));
        QVERIFY(finished.wait(60000));
        const qint64 teardownMs = sinceFailure.elapsed();
        const JobOutcome o = finished.first().first().value<JobOutcome>();
        qInfo("teardown after rank failure: %lld ms; reason: %s", teardownMs, qPrintable(o.reason));
        QCOMPARE(o.failingRank, 2);  // ranks 0, 1 on host A; rank 2 is host B's
        QCOMPARE(o.exitCode, 1);
        QCOMPARE(o.reason, QString("rank 2 on host-b exited with code 1"));
        QVERIFY2(o.lastLines.contains("rank 2 gives up"), qPrintable(o.lastLines.join('|')));
        QVERIFY(teardownMs < 10000);
        // Nothing of the job is left on either host; the unrelated process is.
        for (int hostIndex = 0; hostIndex < 2; ++hostIndex) {
            const std::vector<qint64> groups = executor.processGroups(hostIndex);
            QVERIFY(std::all_of(groups.begin(), groups.end(), [](qint64 g) { return g > 0; }));
            QVERIFY2(groupsGone(s.hosts[hostIndex], options(), groups),
                     qPrintable("a process group of the job is still alive on " + s.hosts[hostIndex].name));
        }
        QVERIFY(remotePidAlive(s.hosts[1], options(), unrelated));
        ::kill(static_cast<pid_t>(unrelated), SIGKILL);
    }

    void lostConnectionTearsDown() {
        LaunchSettings s;
        std::unique_ptr<RemoteExecutor> executor;
        startTickingJob(20000, s, executor);
        if (QTest::currentTestFailed()) return;
        QSignalSpy finished(executor.get(), &JobExecutor::finished);
        const std::vector<qint64> groupsB = executor->processGroups(1);
        QVERIFY(m_b->killConnections() > 0);  // host B's SSH connections die
        QElapsedTimer t;
        t.start();
        QVERIFY(finished.wait(30000));
        const JobOutcome o = finished.first().first().value<JobOutcome>();
        qInfo("job down %lld ms after the connection to host B was killed: %s", t.elapsed(), qPrintable(o.reason));
        QCOMPARE(o.failingHost, QString("host-b"));
        QVERIFY2(o.reason.startsWith("rank 1 on host-b: the connection to host-b"), qPrintable(o.reason));
        QCOMPARE(o.exitCode, 255);
        // The remote watchdog stops host B's rank once its connection is gone.
        QTRY_VERIFY_WITH_TIMEOUT(groupsGone(s.hosts[1], options(), groupsB), 15000);
        qInfo("host B's rank gone %lld ms after its connection was killed", t.elapsed());
        QVERIFY(groupsGone(s.hosts[0], options(), executor->processGroups(0)));
    }

    void silentHostIsDeclaredLost() {
        // Host B's sshd is frozen (SIGSTOP): no FIN, no data, as when a link dies. With a 4 s
        // host timeout the job stops naming host B; once B runs again, its rank stops itself.
        LaunchSettings s;
        std::unique_ptr<RemoteExecutor> executor;
        startTickingJob(4000, s, executor);
        if (QTest::currentTestFailed()) return;
        QSignalSpy finished(executor.get(), &JobExecutor::finished);
        const std::vector<qint64> groupsB = executor->processGroups(1);
        QVERIFY(m_b->signalConnections(SIGSTOP) > 0);
        QElapsedTimer t;
        t.start();
        QVERIFY(finished.wait(30000));
        const JobOutcome o = finished.first().first().value<JobOutcome>();
        qInfo("silent host declared lost after %lld ms: %s", t.elapsed(), qPrintable(o.reason));
        QCOMPARE(o.failingHost, QString("host-b"));
        QVERIFY2(o.reason.contains("stopped responding: no data for 4 s"), qPrintable(o.reason));
        QVERIFY(t.elapsed() < 10000);
        m_b->signalConnections(SIGCONT);
        QTRY_VERIFY_WITH_TIMEOUT(groupsGone(s.hosts[1], options(), groupsB), 20000);
    }

    void desktopAppLaunchesOnMachines() {
        // The desktop app as a person uses it: Machines tab, Add..., Check (trusting the unknown
        // host keys in the dialog), then the Job tab's Start on the machines.
        QTemporaryDir home;
        qputenv("CATAPULT_STORE", (home.path() + "/runs.sqlite").toUtf8());
        qputenv("CATAPULT_RUNS_DIR", (home.path() + "/runs").toUtf8());
        qputenv("HF_HOME", (home.path() + "/hf").toUtf8());
        qputenv("CATAPULT_KNOWN_HOSTS", (home.path() + "/known_hosts").toUtf8());
        qputenv("CATAPULT_WORKER", CATAPULT_WORKER_PATH);
        const QString shots = QString(CATAPULT_BINARY_DIR) + "/screenshots";
        QDir().mkpath(shots);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.tabs()->setCurrentWidget(window.hosts());

        const HostSpec a = host(0, *m_a);
        bool filled = false;
        QTimer::singleShot(200, this, [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* d = qobject_cast<HostDialog*>(w)) {
                    d->findChild<QLineEdit*>("hostName")->setText(a.name);
                    d->findChild<QLineEdit*>("hostAddress")->setText(a.address);
                    d->findChild<QSpinBox*>("hostPort")->setValue(a.port);
                    d->findChild<QLineEdit*>("hostUser")->setText(a.user);
                    d->findChild<QLineEdit*>("hostIdentity")->setText(a.identityFile);
                    d->findChild<QCheckBox*>("hostAgent")->setChecked(false);
                    d->findChild<QLineEdit*>("hostWorkDir")->setText(a.workDir);
                    d->findChild<QLineEdit*>("hostWorker")->setText(a.workerPath);
                    d->grab().save(shots + "/machines-add.png");
                    filled = true;
                    d->accept();
                }
        });
        QTest::mouseClick(window.hosts()->findChild<QPushButton*>("addHost"), Qt::LeftButton);
        QVERIFY(filled);
        window.hosts()->addHost(host(1, *m_b));
        QCOMPARE(window.hosts()->model()->rowCount(), 2);
        QVERIFY(window.hosts()->model()->hosts()[0] == a);

        // Check: each unknown host key is asked about; the person compares and trusts it.
        QStringList questions;
        QTimer answer;
        connect(&answer, &QTimer::timeout, this, [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->objectName() == "hostKeyQuestion" && box->isVisible()) {
                    questions << box->text();
                    if (questions.size() == 1) box->grab().save(shots + "/machines-host-key.png");
                    box->button(QMessageBox::Yes)->click();
                }
        });
        answer.start(100);
        QSignalSpy checked(window.hosts(), &HostsWidget::checkFinished);
        QTest::mouseClick(window.hosts()->findChild<QPushButton*>("checkHosts"), Qt::LeftButton);
        QVERIFY(checked.wait(120000));
        QVERIFY2(checked.first().first().toBool(), qPrintable(window.hosts()->findChild<QLabel*>("checkStatus")->text()));
        QCOMPARE(questions.size(), 2);
        QVERIFY2(questions[0].contains("SHA256:") && questions[0].contains("host-a"), qPrintable(questions[0]));
        QCOMPARE(window.hosts()->checks()->failedCount(), 0);
        window.grab().save(shots + "/machines-checked.png");

        // The setup wizard prepares a config for these machines: the Hardware page takes the
        // tab's checked machines as the target.
        {
            SetupWizard wizard(nullptr, &window);
            wizard.setMachinesTab(window.hosts());
            wizard.show();
            auto* target = wizard.findChild<QRadioButton*>("targetMachinesTab");
            QVERIFY(target->isEnabled());
            target->setChecked(true);
            const QString text = wizard.findChild<QPlainTextEdit*>("hardwareText")->toPlainText();
            QVERIFY2(text.startsWith("2 machine(s): host-a, host-b"), qPrintable(text));
            wizard.grab().save(shots + "/wizard-machines-target.png");
            QCOMPARE(wizard.choices().numMachines, 2);
            QCOMPARE(wizard.choices().mainProcessIp, a.reachableAddress());
            QVERIFY(wizard.choices().useCpu);  // the test machines have no GPU
            QCOMPARE(wizard.config().numMachines(), 2);
        }

        // The machines list survives in the run store.
        auto store = RunStore::open(home.path() + "/runs.sqlite");
        QVERIFY(store.ok());
        QCOMPARE(store.value()->hosts().size(), std::size_t(2));

        JobPanel* panel = window.jobPanel();
        window.tabs()->setCurrentWidget(panel);
        // A config for two machines (as the wizard writes it) selects the machines list.
        const QString config = writeTextFile(home.path() + "/two_machines.yaml",
                                             "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_CPU\nmachine_rank: 0\n"
                                             "main_process_port: " + QByteArray::number(freeTcpPort()) +
                                                 "\nmixed_precision: 'no'\nnum_machines: 2\nnum_processes: 2\nuse_cpu: true\n");
        QVERIFY(!config.isEmpty());
        QVERIFY(!panel->findChild<QCheckBox*>("onHosts")->isChecked());
        panel->setConfigFile(config);
        QVERIFY(panel->findChild<QCheckBox*>("onHosts")->isChecked());
        panel->findChild<QSpinBox*>("layers")->setValue(2);
        panel->findChild<QSpinBox*>("width")->setValue(64);
        panel->findChild<QSpinBox*>("seqLen")->setValue(64);
        panel->findChild<QSpinBox*>("batchSize")->setValue(8);
        panel->findChild<QSpinBox*>("steps")->setValue(120);
        QSignalSpy finished(window.controller(), &JobController::finished);
        QTest::mouseClick(panel->findChild<QPushButton*>("start"), Qt::LeftButton);
        QVERIFY(finished.wait(240000));
        answer.stop();
        const JobOutcome outcome = finished.first().first().value<JobOutcome>();
        QVERIFY2(outcome.success, qPrintable(outcome.reason));
        window.grab().save(shots + "/machines-job.png");
        const auto& steps = window.controller()->recorder()->series().steps;
        QCOMPARE(steps.back().step, 120);
        QVERIFY(steps.back().loss < steps.front().loss);
        const auto runs = store.value()->listRuns();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.front().hosts, QString("host-a,host-b"));
        QCOMPARE(runs.front().status, QString("finished"));
        qunsetenv("CATAPULT_KNOWN_HOSTS");
    }

    void cleanupTestCase() {
        m_a.reset();
        m_b.reset();
        m_net.reset();
    }
};

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir settings;  // the desktop app's QSettings, not the user's
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
    // CATAPULT_TEST_SUITE=HostFileTests runs one suite (ctest has an entry per suite).
    const QByteArray only = qgetenv("CATAPULT_TEST_SUITE");
    HostFileTests files;
    RemoteTests tests;
    int failed = 0;
    for (QObject* suite : std::initializer_list<QObject*>{&files, &tests})
        if (only.isEmpty() || only == suite->metaObject()->className()) failed += QTest::qExec(suite, argc, argv);
    return failed;
}
#include "RemoteTests.moc"
