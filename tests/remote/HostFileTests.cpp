#include "HostFileTests.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "HostFile.h"
#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "RemoteCommand.h"
#include "SshConfig.h"
#include "SshTestHost.h"
#include "TestFiles.h"

using namespace catapult;
using namespace catapult::testing;

void HostFileTests::hostFilesAndSshConfig() {
    auto parsed = parseHostFile("# cluster\nworker-1 slots=8\n\nworker-2 slots=4 port=2222 user=me identity=/k/id "
                                "agent=no workdir=/w worker=/opt/cw env=NCCL_DEBUG=INFO env=A=b=c\n",
                                "hostfile");
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.status().message().c_str());
    const auto& hosts = parsed.value();
    QCOMPARE(hosts.size(), std::size_t(2));
    QCOMPARE(hosts[0].name, QString("worker-1"));
    QCOMPARE(hosts[0].slotCount, 8);
    QCOMPARE(hosts[1].port, 2222);
    QCOMPARE(hosts[1].useAgent, false);
    QCOMPARE(hosts[1].environment.value("A"), QString("b=c"));
    auto again = parseHostFile(formatHostFile(hosts), "again");
    QVERIFY(again.ok());
    QVERIFY(again.value() == hosts);
    std::vector<HostSpec> spaced = hosts;
    spaced[0].workDir = "/data/my runs";
    spaced[0].environment.insert("MSG", "hello world");
    auto quoted = parseHostFile(formatHostFile(spaced), "quoted");
    QVERIFY2(quoted.ok(), qPrintable(formatHostFile(spaced)));
    QVERIFY(quoted.value() == spaced);
    const auto message = [](const char* text) {
        auto r = parseHostFile(text, "hf");
        return r.ok() ? QString() : QString::fromStdString(r.status().message());
    };
    QCOMPARE(message("a slots=1\na slots=2\n"), QString("hf:2: host 'a' is listed twice"));
    QCOMPARE(message("a slots=x\n"), QString("hf:1: expected 'HOST slots=N [key=value ...]', got 'a slots=x'"));
    QCOMPARE(message("a slots=1 colour=red\n"), QString("hf:1: unknown field 'colour'"));
    QCOMPARE(message("# nothing\n"), QString("hf lists no hosts"));

}

void HostFileTests::sshConfigResolvesAsSshDoes() {
    // libssh reads the file: Host lists, wildcards with tokens, Include, first value wins.
    QTemporaryDir dir;
    writeTextFile(dir.filePath("cluster.conf"), "Host gpu-*\n  HostName %h.cluster.internal\n  Port 2022\n");
    const QString config = writeTextFile(
        dir.filePath("config"),
        ("Include " + dir.filePath("cluster.conf") + "\n"
         "Host gpu1 gpu1-alias\n  HostName 10.0.0.5\n  User alice\n  Port 2201\n  IdentityFile ~/.ssh/id_gpu\n"
         "Host gpu2\n  HostName=10.0.0.6\nHost *\n  User nobody\n").toUtf8());
    std::vector<HostSpec> hosts = parseHostFile("gpu1 slots=2\ngpu1-alias slots=1\ngpu2 slots=2 user=bob\n"
                                                "gpu-7 slots=1\nplain slots=1 address=10.1.1.1 port=2300\n", "hf").value();
    resolveSshConfig(hosts, config);
    QCOMPARE(hosts[0].address, QString("10.0.0.5"));
    QCOMPARE(hosts[0].port, 2201);
    QCOMPARE(hosts[0].user, QString("alice"));
    QCOMPARE(hosts[0].identityFile, QDir::homePath() + "/.ssh/id_gpu");
    QCOMPARE(hosts[1].address, QString("10.0.0.5"));  // the second name of the same Host line
    QCOMPARE(hosts[2].address, QString("10.0.0.6"));
    QCOMPARE(hosts[2].user, QString("bob"));  // the hostfile wins
    QCOMPARE(hosts[3].address, QString("gpu-7.cluster.internal"));  // from the included file
    QCOMPARE(hosts[3].port, 2022);
    QCOMPARE(hosts[3].user, QString("nobody"));  // "Host *" applies to every name
    QCOMPARE(hosts[4].address, QString("10.1.1.1"));
    QCOMPARE(hosts[4].port, 2300);
    // Import: the concrete names (not the patterns), resolved.
    auto imported = importSshConfig(config);
    QVERIFY(imported.ok());
    QStringList names;
    for (const HostSpec& h : imported.value()) names << h.name;
    QCOMPARE(names, QStringList({"gpu1", "gpu1-alias", "gpu2"}));
    QCOMPARE(imported.value()[2].address, QString("10.0.0.6"));
    QVERIFY(!importSshConfig(dir.filePath("missing")).ok());
}

void HostFileTests::planAcrossHosts() {
    LaunchSettings s;
    s.hosts = parseHostFile("a slots=2 address=10.0.0.1 worker=/opt/a/catapult-worker env=X=1\n"
                            "b slots=1 address=10.0.0.2\n", "hf").value();
    s.numProcesses = 3;
    s.masterAddr = "10.0.0.1";
    s.port = 29511;
    s.useCpu = true;
    s.program = {"/local/catapult-worker", "train"};
    s.builtinRecipe = true;
    s.hostCores = {8, 4};
    s.runDir = "/home/me/runs/run-7";
    QProcessEnvironment base;
    base.insert("SECRET_LOCAL", "1");
    const LaunchPlan plan = buildLaunchPlan(s, base);
    QCOMPARE(plan.ranks.size(), std::size_t(3));
    const auto env = [&](int r, const char* k) { return plan.ranks[r].environment.value(k); };
    QCOMPARE(plan.ranks[2].host, 1);
    QCOMPARE(env(2, "RANK"), QString("2"));
    QCOMPARE(env(2, "LOCAL_RANK"), QString("0"));
    QCOMPARE(env(1, "LOCAL_RANK"), QString("1"));
    QCOMPARE(env(0, "LOCAL_WORLD_SIZE"), QString("2"));
    QCOMPARE(env(2, "LOCAL_WORLD_SIZE"), QString("1"));
    QCOMPARE(env(2, "GROUP_RANK"), QString("1"));
    QCOMPARE(env(2, "GROUP_WORLD_SIZE"), QString("2"));
    QCOMPARE(env(2, "WORLD_SIZE"), QString("3"));
    QCOMPARE(env(2, "MASTER_ADDR"), QString("10.0.0.1"));
    QCOMPARE(env(0, "OMP_NUM_THREADS"), QString("4"));  // 8 cores / 2 ranks
    QCOMPARE(env(2, "OMP_NUM_THREADS"), QString("4"));
    QCOMPARE(env(0, "X"), QString("1"));
    QCOMPARE(env(2, "X"), QString());
    QCOMPARE(env(0, "CATAPULT_RUN_DIR"), QString("catapult-runs/run-7"));
    QVERIFY(!plan.ranks[0].environment.contains("SECRET_LOCAL"));  // nothing of this machine leaks
    QCOMPARE(plan.ranks[0].argv.front(), QString("/opt/a/catapult-worker"));
    QCOMPARE(plan.ranks[2].argv.front(), QString("catapult-worker"));

    // num_processes is the total and must equal the slots.
    QTemporaryDir dir;
    const QString hostfile = writeTextFile(dir.filePath("hosts"), "a slots=8\nb slots=4\n");
    auto args = parseLaunchArguments({"--hosts", hostfile, "--num_processes", "16", "--cpu"});
    QVERIFY(args.ok());
    auto resolved = resolveLaunchSettings(args.value(), LaunchEnvironmentFacts{});
    QVERIFY(!resolved.ok());
    QVERIFY2(QString::fromStdString(resolved.status().message()).contains("provide 8 + 4 = 12 process slots"),
             resolved.status().message().c_str());
    args = parseLaunchArguments({"--hosts", hostfile, "--cpu"});
    resolved = resolveLaunchSettings(args.value(), LaunchEnvironmentFacts{});
    QVERIFY(resolved.ok());
    QCOMPARE(resolved.value().numProcesses, 12);
    QCOMPARE(resolved.value().masterAddr, QString("a"));  // host 0 as the others reach it
}

void HostFileTests::shellQuoting() {
    const QStringList words{"plain", "two words", "it's", "$HOME", "a\"b", "", "semi;colon", "back\\slash", "new\nline"};
    QStringList quoted;
    for (const QString& w : words) quoted << shellQuote(w);
    QByteArray out;
    QCOMPARE(runCommand("sh", {"-c", "for a in " + quoted.join(' ') + "; do printf '[%s]' \"$a\"; done"}, &out), 0);
    QString expected;
    for (const QString& w : words) expected += '[' + w + ']';
    QCOMPARE(QString::fromUtf8(out), expected);
}
