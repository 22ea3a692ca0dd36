// Launcher tests: argument parsing and config merging, the worker environment contract,
// failure and cancel handling checked against the OS, port selection, and an end-to-end run of
// the default recipe on 2 ranks that must learn.

#include <signal.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include "EventText.h"
#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "LocalExecutor.h"
#include "ProcessTable.h"
#include "TestFiles.h"
#include "MetricsLine.h"
#include "PortPicker.h"
#include "JobFile.h"
#include "ProgressLine.h"
#include "RunSubject.h"
#include "ResumeTarget.h"

Q_DECLARE_METATYPE(catapult::JobOutcome)

using namespace catapult;

namespace {

LaunchEnvironmentFacts facts() {
    LaunchEnvironmentFacts f;
    f.physicalCores = 8;
    f.workerPath = CATAPULT_WORKER_PATH;
    f.defaultRunDir = QDir::tempPath() + "/catapult-test-run";
    return f;
}

LaunchSettings resolve(const QStringList& args, LaunchEnvironmentFacts f = facts()) {
    auto parsed = parseLaunchArguments(args);
    if (!parsed.ok()) qFatal("%s", parsed.status().message().c_str());
    auto s = resolveLaunchSettings(parsed.value(), f);
    if (!s.ok()) qFatal("%s", s.status().message().c_str());
    return s.value();
}

// Every live process whose process group is `pgid` (read from /proc, not from the launcher).
QList<qint64> processesInGroup(qint64 pgid) {
    QList<qint64> found;
    for (const testing::ProcessEntry& p : testing::listProcesses())
        if (p.group == pgid && p.state != 'Z') found << p.pid;  // a zombie is already dead
    return found;
}

JobOutcome runToEnd(LocalExecutor& executor, const LaunchPlan& plan, int timeoutMs) {
    QSignalSpy done(&executor, &LocalExecutor::finished);
    executor.start(plan);
    if (!done.wait(timeoutMs)) qFatal("job did not finish in %d ms", timeoutMs);
    return done.first().first().value<JobOutcome>();
}

// A launch of the built-in recipe to its end, with its started and step metrics lines.
struct RecipeRun {
    JobOutcome outcome;
    QList<QJsonObject> started, steps;
};

RecipeRun runRecipe(const LaunchPlan& plan, int timeoutMs) {
    LocalExecutor executor;
    RecipeRun run;
    QObject::connect(&executor, &LocalExecutor::metricsReceived, [&](int, const QJsonObject& m) {
        if (m.value("type") == "started") run.started << m;
        if (m.value("type") == "step") run.steps << m;
    });
    run.outcome = runToEnd(executor, plan, timeoutMs);
    return run;
}

}  // namespace

class AppTests : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<JobOutcome>(); }
    void parsesAccelerateFlags();
    void everyAccelerateLaunchFlagIsUnderstood();
    void eachMachineLaunchesItsShare();
    void maxRestartsContinuesFromTheCheckpoint();
    void flagsBeatTheConfigFile();
    void configErrorsAreSpecific();
    void workerEnvironmentMatchesAccelerate();
    void pythonScriptsRunWithPython();
    void busyOrZeroPortIsReplaced();
    void eventsAreWordedForTheLog();
    void metricsLinesAreRecognised();
    void progressLineShowsStepLossRateEta();
    void failingRankStopsTheJobQuickly();
    void cancelLeavesNoProcess();
    void defaultRecipeLearnsOnTwoRanks();
    void launcherCommandReportsFailure();
    void fp8ConfigTrainsInFp8();
    void shardingConfigsBecomeWorkerVariables();
    void shardingConfigsLaunchTheirStage();
    void resumeFlagReachesEveryRank();
    void modelFlagRunsTheRecipeOnIt();
    void runSubjectReadsTheCommandLine();
    void jobFileExpandsIntoTheLaunchFlags();
};

void AppTests::parsesAccelerateFlags() {
    auto a = parseLaunchArguments({"--num-processes", "3", "--cpu", "--main_process_port=29999",
                                   "--gradient_accumulation_steps", "2", "--mixed_precision", "no", "train.py", "--lr",
                                   "1"});
    QVERIFY(a.ok());
    QCOMPARE(*a.value().numProcesses, 3);
    QVERIFY(a.value().cpu);
    QCOMPARE(*a.value().mainProcessPort, 29999);
    QCOMPARE(*a.value().gradientAccumulationSteps, 2);
    QCOMPARE(a.value().program, QStringList({"train.py", "--lr", "1"}));
    QVERIFY(!parseLaunchArguments({"--num_processes", "zero"}).ok());
    QVERIFY(!parseLaunchArguments({"--mixed_precision", "fp64"}).ok());
    QVERIFY(!parseLaunchArguments({"--bogus"}).ok());
}

void AppTests::everyAccelerateLaunchFlagIsUnderstood() {
    // The flag list comes from Accelerate's own parser: a flag a new Accelerate adds fails here
    // until `catapult launch` knows it. Each is accepted (both spellings) or refused with a
    // message that says why; none is an unknown option.
    QProcess py;
    py.start(CATAPULT_PYTHON, {"-c", "from accelerate.commands.launch import launch_command_parser\n"
                                     "for a in launch_command_parser()._actions:\n"
                                     "    print(' '.join(a.option_strings), 'switch' if a.nargs == 0 else 'value')"});
    QVERIFY(py.waitForFinished(60000));
    QCOMPARE(py.exitCode(), 0);
    const QMap<QString, QString> samples = {{"--mixed_precision", "bf16"}, {"--tee", "3"}, {"--env", "A=1"},
                                            {"--machine_rank", "0"}, {"--main_process_port", "29500"}};
    int accepted = 0, refused = 0;
    QStringList unknown;
    for (const QByteArray& raw : py.readAllStandardOutput().split('\n')) {
        QStringList words = QString::fromUtf8(raw).split(' ', Qt::SkipEmptyParts);
        if (words.size() < 2) continue;  // the positional arguments
        const bool isSwitch = words.takeLast() == "switch";
        for (const QString& flag : words) {
            if (flag == "-h" || flag == "--help") continue;
            QStringList args{flag};
            if (!isSwitch) args << samples.value(QString(flag).replace('-', '_').replace("__", "--"), "1");
            auto parsed = parseLaunchArguments(args + QStringList{"--", "train.py"});
            if (parsed.ok()) ++accepted;
            else if (QString::fromStdString(parsed.status().message()).contains("Unknown option")) unknown << flag;
            else ++refused;
        }
    }
    qInfo("accelerate launch flags (both spellings): %d accepted, %d refused with a reason", accepted, refused);
    QVERIFY2(unknown.isEmpty(), qPrintable(unknown.join(' ')));
    QVERIFY(accepted > refused);  // most flags apply; the refused are TPU, SageMaker, Megatron-LM, ParallelismConfig
    const auto message = [](const QStringList& args) {
        auto r = parseLaunchArguments(args);
        return r.ok() ? QString() : QString::fromStdString(r.status().message());
    };
    QVERIFY(message({"--tpu"}).contains("TPU launches"));
    QVERIFY(message({"--megatron_lm_tp_degree", "2"}).contains("Megatron-LM"));
    // Flags with their meaning: variables for the ranks, both spellings, -q and -t.
    auto a = parseLaunchArguments({"--env", "WANDB_MODE=offline", "--dynamo-backend", "inductor", "--debug",
                                   "--fp8_format", "hybrid", "-q", "--log-dir", "/tmp/l", "-t", "3", "--same_network",
                                   "--deepspeed_hostfile", "/etc/hosts.ds", "train.py"});
    QVERIFY(a.ok());
    QCOMPARE(a.value().environment.value("WANDB_MODE"), QString("offline"));
    QCOMPARE(a.value().environment.value("ACCELERATE_DYNAMO_BACKEND"), QString("INDUCTOR"));
    QCOMPARE(a.value().environment.value("ACCELERATE_DEBUG_MODE"), QString("true"));
    QCOMPARE(a.value().environment.value("ACCELERATE_FP8_FORMAT"), QString("HYBRID"));
    QVERIFY(a.value().quiet);
    QCOMPARE(*a.value().logDir, QString("/tmp/l"));
    QCOMPARE(*a.value().hostsFile, QString("/etc/hosts.ds"));
    QCOMPARE(a.value().notes.size(), 1);  // --same_network changes nothing, and says so
    const LaunchSettings s = resolve({"--env", "WANDB_MODE=offline", "--num_processes", "1", "--cpu", "train.py"});
    QCOMPARE(buildLaunchPlan(s, {}).ranks[0].environment.value("WANDB_MODE"), QString("offline"));
}

void AppTests::eachMachineLaunchesItsShare() {
    // accelerate launch's multi-machine form, run on each machine: two "machines" on this one.
    const LaunchSettings second = resolve({"--num_machines", "2", "--machine_rank", "1", "--main_process_ip", "10.0.0.1",
                                           "--num_processes", "4", "--cpu", "train.py"});
    const LaunchPlan plan = buildLaunchPlan(second, {});
    QCOMPARE(plan.ranks.size(), std::size_t(2));
    QCOMPARE(plan.ranks[0].environment.value("RANK"), QString("2"));
    QCOMPARE(plan.ranks[1].environment.value("RANK"), QString("3"));
    QCOMPARE(plan.ranks[1].environment.value("LOCAL_RANK"), QString("1"));
    QCOMPARE(plan.ranks[1].environment.value("GROUP_RANK"), QString("1"));
    QCOMPARE(plan.ranks[1].environment.value("GROUP_WORLD_SIZE"), QString("2"));
    QCOMPARE(plan.ranks[1].environment.value("WORLD_SIZE"), QString("4"));
    QCOMPARE(plan.ranks[1].environment.value("MASTER_ADDR"), QString("10.0.0.1"));
    auto noMain = resolveLaunchSettings(parseLaunchArguments({"--num_machines", "2", "--num_processes", "4", "--cpu"}).value(), facts());
    QVERIFY(!noMain.ok());
    QVERIFY(QString::fromStdString(noMain.status().message()).contains("--main_process_ip"));

    // For real: both halves of a 2-machine job with the same main address and port train together.
    QTemporaryDir dir;
    const QString port = QString::number(resolvePort(0));
    QProcess machines[2];
    for (int m = 0; m < 2; ++m) {
        machines[m].setProcessChannelMode(QProcess::MergedChannels);
        machines[m].start(CATAPULT_LAUNCHER_PATH,
                          {"launch", "--num_machines", "2", "--machine_rank", QString::number(m), "--main_process_ip",
                           "127.0.0.1", "--main_process_port", port, "--num_processes", "2", "--cpu", "--log_dir",
                           dir.filePath(QStringLiteral("logs%1").arg(m)), "--run_dir", dir.filePath(QStringLiteral("run%1").arg(m)),
                           "--", "catapult-worker", "train", "--steps", "5", "--layers", "1", "--width", "32",
                           "--seq_len", "32", "--batch_size", "4"});
    }
    for (QProcess& p : machines) {
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAll());
        QVERIFY2(p.exitCode() == 0 && out.contains("job finished successfully"), qPrintable(out.right(2000)));
    }
    QVERIFY(QFile::exists(dir.filePath("logs1/1/stdout.log")));  // machine 1 ran global rank 1
    QFile log(dir.filePath("logs0/0/stdout.log"));
    QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
    const QByteArray logged = log.readAll();  // all rank 0 printed, metrics lines included
    QCOMPARE(logged.count("\"type\":\"step\""), 5);
    QVERIFY(logged.startsWith("@catapult {"));
    QFile started(dir.filePath("run0/metrics.jsonl"));
    QVERIFY(started.open(QIODevice::ReadOnly));
    QVERIFY2(started.readAll().contains("\"world_size\":2"), "rank 0 saw a world of 2");
}

void AppTests::maxRestartsContinuesFromTheCheckpoint() {
    // A job that fails after writing a checkpoint, launched with --max_restarts 2: the second
    // attempt gets the first one's run directory to continue from and the torchrun counters.
    QTemporaryDir dir;
    const QString script =
        "if [ \"$TORCHELASTIC_RESTART_COUNT\" = 0 ]; then mkdir -p \"$CATAPULT_RUN_DIR/checkpoints/step-00000005\"; "
        "echo first attempt fails; exit 3; fi; "
        "echo attempt $TORCHELASTIC_RESTART_COUNT of $TORCHELASTIC_MAX_RESTARTS resumes from $CATAPULT_RESUME_FROM";
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CATAPULT_STORE", dir.filePath("runs.sqlite"));
    p.setProcessEnvironment(env);
    p.start(CATAPULT_LAUNCHER_PATH, {"launch", "--num_processes", "1", "--cpu", "--max_restarts", "2", "--run_dir",
                                     dir.filePath("job"), "--", "sh", "-c", script});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAll());
    QVERIFY2(p.exitCode() == 0, qPrintable(out));
    QVERIFY2(out.contains("[rank 0] first attempt fails"), qPrintable(out));
    QVERIFY2(out.contains("restart 1 of 2 from the newest checkpoint of " + dir.filePath("job")), qPrintable(out));
    QVERIFY2(out.contains("[rank 0] attempt 1 of 2 resumes from " + dir.filePath("job")), qPrintable(out));
    QCOMPARE(out.count("job finished successfully"), 1);
    QVERIFY(QFileInfo::exists(dir.filePath("job-restart-1")));
    // Without a checkpoint the restart starts afresh, and once the restarts are used up the job fails.
    p.start(CATAPULT_LAUNCHER_PATH, {"launch", "--num_processes", "1", "--cpu", "--max_restarts", "1", "--run_dir",
                                     dir.filePath("never"), "--", "sh", "-c", "exit 4"});
    QVERIFY(p.waitForFinished(60000));
    const QString failing = QString::fromUtf8(p.readAll());
    QCOMPARE(p.exitCode(), 4);
    QVERIFY2(failing.contains("restart 1 of 1 from the start (no checkpoint was written)"), qPrintable(failing));
    QCOMPARE(failing.count("job failed"), 2);
}

void AppTests::flagsBeatTheConfigFile() {
    QTemporaryDir dir;
    const QString path = testing::writeTextFile(dir.filePath("cfg.yaml"),
                                                "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_CPU\n"
                                                "num_processes: 4\nmain_process_port: 29123\nmixed_precision: 'no'\nuse_cpu: true\n");
    QVERIFY(!path.isEmpty());
    LaunchSettings fromFile = resolve({"--config_file", path});
    QCOMPARE(fromFile.configFile, path);
    QCOMPARE(fromFile.numProcesses, 4);
    QCOMPARE(fromFile.port, 29123);
    QVERIFY(fromFile.useCpu);
    QCOMPARE(fromFile.threadsPerProcess, 2);  // 8 physical cores / 4 processes
    LaunchSettings flags = resolve({"--config_file", path, "--num_processes", "2", "--main_process_port", "29001"});
    QCOMPARE(flags.numProcesses, 2);
    QCOMPARE(flags.port, 29001);
    // The default config is used unless --cpu is given (Accelerate's rule).
    LaunchEnvironmentFacts withDefault = facts();
    withDefault.defaultConfigPath = path;
    QCOMPARE(resolve({}, withDefault).configFile, path);
    QCOMPARE(resolve({"--cpu"}, withDefault).configFile, QString());
    QCOMPARE(resolve({}).program, QStringList({CATAPULT_WORKER_PATH, "train"}));
}

void AppTests::configErrorsAreSpecific() {
    QTemporaryDir dir;
    auto write = [&](const char* name, const char* text) { return testing::writeTextFile(dir.filePath(name), text); };
    auto errorFor = [&](const QString& path) {
        auto s = resolveLaunchSettings(parseLaunchArguments({"--config_file", path}).value(), facts());
        return s.ok() ? QString() : QString::fromStdString(s.status().message());
    };
    QVERIFY(errorFor(write("unknown.yaml", "distributed_type: 'NO'\nnum_procs: 2\nzzz: 1\n")).contains("unknown keys (num_procs, zzz)"));
    QVERIFY(errorFor(write("nodt.yaml", "num_processes: 2\n")).contains("distributed_type must be specified"));
    QVERIFY(errorFor(write("broken.yaml", "distributed_type: [\n")).contains("not valid YAML"));
    QVERIFY(errorFor(write("type.yaml", "distributed_type: MULTI_CPU\nnum_processes: many\n")).contains("num_processes"));
    QVERIFY(errorFor(dir.filePath("missing.yaml")).contains("does not exist"));
    QVERIFY(errorFor(write("noproc.yaml", "distributed_type: MULTI_CPU\n")).contains("--num_processes"));
}

void AppTests::workerEnvironmentMatchesAccelerate() {
    LaunchSettings s = resolve({"--num_processes", "2", "--cpu", "--main_process_port", "29700"});
    QProcessEnvironment base;
    base.insert("PATH", "/usr/bin");
    const LaunchPlan plan = buildLaunchPlan(s, base);
    QCOMPARE(plan.ranks.size(), std::size_t(2));
    for (int r = 0; r < 2; ++r) {
        const QProcessEnvironment& e = plan.ranks[r].environment;
        QCOMPARE(e.value("RANK"), QString::number(r));
        QCOMPARE(e.value("LOCAL_RANK"), QString::number(r));
        QCOMPARE(e.value("WORLD_SIZE"), QString("2"));
        QCOMPARE(e.value("LOCAL_WORLD_SIZE"), QString("2"));
        QCOMPARE(e.value("GROUP_RANK"), QString("0"));
        QCOMPARE(e.value("GROUP_WORLD_SIZE"), QString("1"));
        QCOMPARE(e.value("ROLE_RANK"), QString::number(r));
        QCOMPARE(e.value("ROLE_NAME"), QString("default"));
        QCOMPARE(e.value("ROLE_WORLD_SIZE"), QString("2"));
        QCOMPARE(e.value("MASTER_ADDR"), QString("127.0.0.1"));
        QCOMPARE(e.value("MASTER_PORT"), QString("29700"));
        QCOMPARE(e.value("ACCELERATE_USE_CPU"), QString("True"));
        QCOMPARE(e.value("ACCELERATE_MIXED_PRECISION"), QString("no"));
        QCOMPARE(e.value("ACCELERATE_DYNAMO_BACKEND"), QString("NO"));
        QCOMPARE(e.value("ACCELERATE_DYNAMO_MODE"), QString("default"));
        QCOMPARE(e.value("ACCELERATE_DYNAMO_USE_FULLGRAPH"), QString("False"));
        QCOMPARE(e.value("ACCELERATE_DYNAMO_USE_DYNAMIC"), QString("False"));
        QCOMPARE(e.value("OMP_NUM_THREADS"), QString("4"));  // 8 cores / 2 processes
        QCOMPARE(e.value("TORCHELASTIC_RESTART_COUNT"), QString("0"));
        QCOMPARE(e.value("TORCHELASTIC_RUN_ID"), QString("none"));
        QVERIFY(!e.contains("CUDA_VISIBLE_DEVICES"));
        QCOMPARE(e.value("PATH"), QString("/usr/bin"));  // a copy of the launcher's environment
        QCOMPARE(plan.ranks[r].argv, QStringList({CATAPULT_WORKER_PATH, "train"}));
    }
    LaunchSettings masked = resolve({"--num_processes", "2", "--gpu_ids", "0,1"});
    QCOMPARE(buildLaunchPlan(masked, base).ranks[0].environment.value("CUDA_VISIBLE_DEVICES"), QString("0,1"));
}

void AppTests::pythonScriptsRunWithPython() {
    QCOMPARE(resolve({"train.py", "--x"}).program, QStringList({"python3", "train.py", "--x"}));
    QCOMPARE(resolve({"-m", "pkg.mod"}).program, QStringList({"python3", "-m", "pkg.mod"}));
    QCOMPARE(resolve({"--no_python", "run.py"}).program, QStringList({"run.py"}));
    QCOMPARE(resolve({"--", "catapult-worker", "train"}).program, QStringList({CATAPULT_WORKER_PATH, "train"}));
}

void AppTests::busyOrZeroPortIsReplaced() {
    QTcpServer busy;
    QVERIFY(busy.listen(QHostAddress::Any, 0));
    const int port = busy.serverPort();
    QVERIFY(!isPortFree(port));
    const int replaced = resolvePort(port);
    QVERIFY(replaced != port);
    QVERIFY(isPortFree(replaced));
    QVERIFY(resolvePort(0) > 0);
}

void AppTests::eventsAreWordedForTheLog() {
    QCOMPARE(eventLogText({{"type", "error"}, {"rank", 1}, {"message", "out of memory"}}), QString("error: out of memory"));
    QCOMPARE(eventLogText({{"type", "checkpoint"}, {"action", "loaded"}, {"step", 20}, {"path", "/r/checkpoints/step-00000020"}}),
             QString("resumed from /r/checkpoints/step-00000020 (its step 20); training continues with step 21"));
    QVERIFY(eventLogText({{"type", "checkpoint"}, {"action", "saved"}, {"step", 20}}).isEmpty());
    QVERIFY(eventLogText({{"type", "step"}, {"step", 3}}).isEmpty());
}

void AppTests::metricsLinesAreRecognised() {
    auto m = parseMetricsLine(R"(@catapult {"type":"step","step":3,"loss":2.5})");
    QVERIFY(m.has_value());
    QCOMPARE(m->value("step").toInt(), 3);
    QVERIFY(!parseMetricsLine("plain log line").has_value());
    QVERIFY(!parseMetricsLine("@catapult not json").has_value());
    QVERIFY(!parseMetricsLine(R"(@catapult {"step":1})").has_value());  // no type
}

void AppTests::progressLineShowsStepLossRateEta() {
    ProgressLine p;
    p.update(QJsonDocument::fromJson(R"({"type":"started","steps":300})").object());
    QVERIFY(p.update(QJsonDocument::fromJson(R"({"type":"step","step":100,"loss":2.5,"tokens_per_s":18300,"time":60})").object()));
    QCOMPARE(p.text(), QString("step 100/300 | loss 2.5000 | 18.3k tok/s | 1:00 elapsed | ETA 2:00"));
    QVERIFY(p.update(QJsonDocument::fromJson(R"({"type":"eval","step":100,"loss":2.75,"time":61})").object()));
    QCOMPARE(p.text(), QString("step 100/300 | loss 2.5000 | 18.3k tok/s | 1:00 elapsed | eval loss 2.7500 | ETA 2:00"));
}

void AppTests::failingRankStopsTheJobQuickly() {
    LaunchSettings s = resolve({"--num_processes", "3", "--cpu"});
    // Rank 1 fails after a moment; ranks 0 and 2 ignore SIGTERM, so the SIGKILL after the grace
    // period has to stop them.
    s.program = {"bash", "-c", "trap '' TERM; echo rank $RANK up; if [ $RANK = 1 ]; then sleep 0.5; echo dying; exit 1; fi; "
                               "sleep 300 & wait; sleep 300"};
    LocalExecutor executor;
    QElapsedTimer clock;
    qint64 failedAt = -1;
    QList<qint64> pids;
    connect(&executor, &LocalExecutor::logLine, [&](int rank, const QString& line) {
        if (rank == 1 && line == "dying") failedAt = clock.elapsed();
        if (line.endsWith(" up") && pids.isEmpty())
            for (qint64 pid : executor.processIds()) pids << pid;
    });
    clock.start();
    const JobOutcome o = runToEnd(executor, buildLaunchPlan(s, QProcessEnvironment::systemEnvironment()), 20000);
    const qint64 stoppedAfter = clock.elapsed() - failedAt;
    qInfo("rank 1 failed; the job was down %lld ms later", stoppedAfter);
    QVERIFY(!o.success);
    QCOMPARE(o.failingRank, 1);
    QCOMPARE(o.exitCode, 1);
    QVERIFY(o.reason.contains("rank 1 exited with code 1"));
    QVERIFY(o.lastLines.contains("dying"));
    QVERIFY(failedAt >= 0);
    QVERIFY(stoppedAfter < 5000);
    for (qint64 pid : pids) QVERIFY2(processesInGroup(pid).isEmpty(), "a rank's process group is still alive");
}

void AppTests::cancelLeavesNoProcess() {
    LaunchSettings s = resolve({"--num_processes", "2", "--cpu"});
    // Each rank starts a child of its own, as data loader workers would.
    s.program = {"bash", "-c", "sleep 600 & echo started; wait"};
    LocalExecutor executor;
    executor.setGracePeriodMs(2000);
    QSignalSpy done(&executor, &LocalExecutor::finished);
    int started = 0;
    connect(&executor, &LocalExecutor::logLine, [&](int, const QString& line) { started += line == "started"; });
    executor.start(buildLaunchPlan(s, QProcessEnvironment::systemEnvironment()));
    QTRY_COMPARE_WITH_TIMEOUT(started, 2, 10000);
    const auto pids = executor.processIds();
    for (qint64 pid : pids) QCOMPARE(processesInGroup(pid).size(), 2);  // bash + sleep
    executor.cancel();
    QVERIFY(done.wait(10000));
    const JobOutcome o = done.first().first().value<JobOutcome>();
    QVERIFY(o.cancelled);
    QCOMPARE(o.exitCode, 130);
    for (qint64 pid : pids) QVERIFY2(processesInGroup(pid).isEmpty(), "a process of the job survived the cancel");
}

void AppTests::defaultRecipeLearnsOnTwoRanks() {
    // A small GPT so that 300 steps take seconds on 2 cores. The unigram entropy of the corpus
    // is the loss of the best model that ignores context; a model that learned from context must
    // end clearly below it: we ask for the mean of the last 20 losses to be under 85% of it.
    QTemporaryDir dir;
    LaunchSettings s = resolve({"--num_processes", "2", "--cpu", "--run_dir", dir.path(), "--", "catapult-worker",
                                "train", "--steps", "300", "--layers", "2", "--width", "64", "--seq_len", "64",
                                "--batch_size", "8"});
    s.port = resolvePort(0);
    LocalExecutor executor;
    QList<QJsonObject> steps;
    double unigram = 0;
    connect(&executor, &LocalExecutor::metricsReceived, [&](int, const QJsonObject& m) {
        if (m.value("type") == "step") steps << m;
        if (m.value("type") == "started") unigram = m.value("unigram_entropy").toDouble();
    });
    const JobOutcome o = runToEnd(executor, buildLaunchPlan(s, QProcessEnvironment::systemEnvironment()), 600000);
    QVERIFY2(o.success, qPrintable(o.reason + " " + o.errorMessage));
    QCOMPARE(steps.size(), 300);
    double tail = 0;
    for (int i = 280; i < 300; ++i) tail += steps[i].value("loss").toDouble() / 20;
    const double first = steps.front().value("loss").toDouble();
    qInfo("loss: first %.3f, mean of last 20 %.3f, unigram entropy %.3f (threshold %.3f)", first, tail, unigram,
          0.85 * unigram);
    QVERIFY(unigram > 2.0);
    QVERIFY(tail < 0.85 * unigram);
    // The same lines were appended to <run dir>/metrics.jsonl.
    QFile jsonl(dir.filePath("metrics.jsonl"));
    QVERIFY(jsonl.open(QIODevice::ReadOnly));
    int stepLines = 0;
    for (const QByteArray& line : jsonl.readAll().split('\n'))
        stepLines += QJsonDocument::fromJson(line).object().value("type") == "step";
    QCOMPARE(stepLines, 300);
}

void AppTests::launcherCommandReportsFailure() {
    // The real `catapult launch` binary: the failing rank is named with its last lines.
    QProcess launcher;
    launcher.setProcessChannelMode(QProcess::MergedChannels);
    launcher.start(CATAPULT_LAUNCHER_PATH, {"launch", "--num_processes", "2", "--cpu", "--", "bash", "-c",
                                            "if [ $RANK = 1 ]; then echo boom >&2; exit 7; fi; sleep 60"});
    QVERIFY(launcher.waitForFinished(20000));
    const QString out = QString::fromUtf8(launcher.readAll());
    QCOMPARE(launcher.exitCode(), 7);
    QVERIFY2(out.contains("config file: none"), qPrintable(out));
    QVERIFY2(out.contains("job failed: rank 1 exited with code 7"), qPrintable(out));
    QVERIFY2(out.contains("    boom"), qPrintable(out));
}

void AppTests::fp8ConfigTrainsInFp8() {
    // An Accelerate config with mixed_precision fp8 and a TE fp8_config, as the questionnaire
    // writes it (amax_history_length, the name the runtime never reads), launched for real:
    // the worker runs delayed scaling with those settings on 2 ranks.
    QTemporaryDir dir;
    const QString path = testing::writeTextFile(
        dir.filePath("fp8.yaml"),
        "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_CPU\nnum_processes: 2\nuse_cpu: true\n"
        "mixed_precision: fp8\nfp8_config:\n  backend: TE\n  fp8_format: E4M3\n  amax_history_length: 16\n"
        "  amax_compute_algo: most_recent\n  margin: 0\n  interval: 1\n  override_linear_precision: [false, false, false]\n");
    QVERIFY(!path.isEmpty());
    LaunchSettings settings = resolve({"--config_file", path});
    QCOMPARE(settings.mixedPrecision, MixedPrecision::Fp8);
    settings.port = resolvePort(0);
    settings.runDir = dir.filePath("run");
    settings.program = {CATAPULT_WORKER_PATH, "train", "--steps", "20", "--layers", "2", "--width", "64", "--seq_len", "32",
                        "--batch_size", "4"};
    const LaunchPlan plan = buildLaunchPlan(settings, QProcessEnvironment::systemEnvironment());
    const QProcessEnvironment& env = plan.ranks[1].environment;
    QCOMPARE(env.value("ACCELERATE_MIXED_PRECISION"), QString("fp8"));
    QCOMPARE(env.value("ACCELERATE_FP8_BACKEND"), QString("TE"));
    QCOMPARE(env.value("ACCELERATE_FP8_FORMAT"), QString("E4M3"));
    QCOMPARE(env.value("ACCELERATE_FP8_AMAX_HISTORY_LEN"), QString("16"));
    QCOMPARE(env.value("ACCELERATE_FP8_AMAX_COMPUTE_ALGO"), QString("most_recent"));
    const auto [o, started, steps] = runRecipe(plan, 120000);
    QVERIFY2(o.success, qPrintable(o.reason + " " + o.errorMessage));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started[0].value("mixed_precision").toString(), QString("fp8"));
    QCOMPARE(started[0].value("fp8_recipe").toString(),
             QString("delayed scaling (history 16, most_recent, margin 0, interval 1), E4M3, backend TE"));
    QCOMPARE(steps.size(), 20);
    QVERIFY(steps.last().value("loss").toDouble() < steps.first().value("loss").toDouble());
}

void AppTests::shardingConfigsBecomeWorkerVariables() {
    QTemporaryDir dir;
    const QString ds = testing::writeTextFile(
        dir.filePath("ds.yaml"),
        "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\nnum_processes: 2\nuse_cpu: true\n"
        "mixed_precision: 'no'\ndeepspeed_config:\n  zero_stage: 3\n  offload_optimizer_device: nvme\n"
        "  offload_optimizer_nvme_path: /scratch/opt\n  offload_param_device: cpu\n  gradient_accumulation_steps: 2\n"
        "  gradient_clipping: 0.5\n  zero3_init_flag: false\n");
    LaunchSettings s = resolve({"--config_file", ds});
    QCOMPARE(s.configEnvironment.value("ACCELERATE_USE_DEEPSPEED"), QString("true"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_DEEPSPEED_ZERO_STAGE"), QString("3"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE"), QString("nvme"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH"), QString("/scratch/opt"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE"), QString("cpu"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_GRADIENT_CLIPPING"), QString("0.5"));
    QCOMPARE(s.configEnvironment.value("ACCELERATE_DEEPSPEED_ZERO3_INIT"), QString("false"));
    QCOMPARE(*s.gradientAccumulationSteps, 2);
    // Flags beat the file, as in accelerate launch.
    LaunchSettings flagged = resolve({"--config_file", ds, "--zero_stage", "1", "--offload_param_device=none"});
    QCOMPARE(flagged.configEnvironment.value("ACCELERATE_DEEPSPEED_ZERO_STAGE"), QString("1"));
    QCOMPARE(flagged.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_PARAM_DEVICE"), QString("none"));
    // No config at all: the flags alone.
    LaunchSettings bare = resolve({"--cpu", "--use_deepspeed", "--zero_stage", "2", "--offload_optimizer_device", "cpu"});
    QCOMPARE(bare.configEnvironment.value("ACCELERATE_DEEPSPEED_ZERO_STAGE"), QString("2"));
    QCOMPARE(bare.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE"), QString("cpu"));
    auto orphan = resolveLaunchSettings(parseLaunchArguments({"--cpu", "--zero_stage", "2"}).value(), facts());
    QVERIFY(!orphan.ok());
    QVERIFY(QString::fromStdString(orphan.status().message()).contains("--zero_stage needs --use_deepspeed"));
    // A DeepSpeed JSON file is read by the launcher.
    const QString json = testing::writeTextFile(
        dir.filePath("ds.json"),
        "{\"zero_optimization\": {\"stage\": 2, \"offload_optimizer\": {\"device\": \"cpu\"}},"
        " \"gradient_clipping\": 1.0, \"gradient_accumulation_steps\": 4, \"train_batch_size\": \"auto\"}");
    LaunchSettings fromJson = resolve({"--cpu", "--use_deepspeed", "--deepspeed_config_file", json});
    QCOMPARE(fromJson.configEnvironment.value("ACCELERATE_DEEPSPEED_ZERO_STAGE"), QString("2"));
    QCOMPARE(fromJson.configEnvironment.value("ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE"), QString("cpu"));
    QCOMPARE(fromJson.configEnvironment.value("ACCELERATE_GRADIENT_CLIPPING"), QString("1"));
    QVERIFY(!fromJson.configEnvironment.contains("ACCELERATE_DEEPSPEED_CONFIG_FILE"));
    QCOMPARE(*fromJson.gradientAccumulationSteps, 4);
    auto badJson = resolveLaunchSettings(
        parseLaunchArguments({"--cpu", "--use_deepspeed", "--deepspeed_config_file", testing::writeTextFile(dir.filePath("bad.json"), "{")})
            .value(),
        facts());
    QVERIFY(QString::fromStdString(badJson.status().message()).contains("is not a DeepSpeed JSON config"));
    // FSDP1 as the questionnaire writes it: the strategy only in fsdp_reshard_after_forward.
    const QString fsdp = testing::writeTextFile(
        dir.filePath("fsdp.yaml"),
        "compute_environment: LOCAL_MACHINE\ndistributed_type: FSDP\nnum_processes: 2\nuse_cpu: true\n"
        "mixed_precision: 'no'\nfsdp_config:\n  fsdp_version: 1\n  fsdp_reshard_after_forward: SHARD_GRAD_OP\n"
        "  fsdp_offload_params: false\n  fsdp_transformer_layer_cls_to_wrap: TransformerBlock\n"
        "  fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP\n");
    LaunchSettings f = resolve({"--config_file", fsdp});
    QCOMPARE(f.configEnvironment.value("ACCELERATE_USE_FSDP"), QString("true"));
    QCOMPARE(f.configEnvironment.value("FSDP_SHARDING_STRATEGY"), QString("SHARD_GRAD_OP"));
    QCOMPARE(f.configEnvironment.value("FSDP_TRANSFORMER_CLS_TO_WRAP"), QString("TransformerBlock"));
    QCOMPARE(f.configEnvironment.value("FSDP_OFFLOAD_PARAMS"), QString("false"));
    LaunchSettings f2 = resolve({"--cpu", "--num_processes", "2", "--use_fsdp", "--fsdp_version", "2",
                                 "--fsdp_reshard_after_forward", "False", "--fsdp_offload_params", "true"});
    QCOMPARE(f2.configEnvironment.value("FSDP_VERSION"), QString("2"));
    QCOMPARE(f2.configEnvironment.value("FSDP_RESHARD_AFTER_FORWARD"), QString("false"));
    QCOMPARE(f2.configEnvironment.value("FSDP_OFFLOAD_PARAMS"), QString("true"));
}

void AppTests::shardingConfigsLaunchTheirStage() {
    // Accelerate YAML files for DeepSpeed ZeRO-3 and FSDP FULL_SHARD, launched for real on 2
    // CPU ranks: the worker reports the stage it runs and the loss falls.
    QTemporaryDir dir;
    const struct {
        const char* yaml;
        const char* expected;
    } cases[] = {
        {"distributed_type: DEEPSPEED\ndeepspeed_config:\n  zero_stage: 3\n  offload_optimizer_device: cpu\n"
         "  gradient_clipping: 1.0\n",
         "ZeRO stage 3 (DeepSpeed ZeRO stage 3), optimizer offload cpu"},
        {"distributed_type: FSDP\nfsdp_config:\n  fsdp_version: 1\n  fsdp_sharding_strategy: FULL_SHARD\n"
         "  fsdp_transformer_layer_cls_to_wrap: TransformerBlock\n",
         "ZeRO stage 3 (FSDP FULL_SHARD)"},
    };
    int index = 0;
    for (const auto& c : cases) {
        const QString path = testing::writeTextFile(
            dir.filePath(QStringLiteral("c%1.yaml").arg(index++)),
            QByteArray("compute_environment: LOCAL_MACHINE\nnum_processes: 2\nuse_cpu: true\nmixed_precision: 'no'\n") +
                c.yaml);
        LaunchSettings settings = resolve({"--config_file", path});
        settings.port = resolvePort(0);
        settings.runDir = dir.filePath(QStringLiteral("run%1").arg(index));
        settings.program = {CATAPULT_WORKER_PATH, "train", "--steps", "20", "--layers", "2", "--width", "64",
                            "--seq_len", "32", "--batch_size", "4"};
        const auto [o, started, steps] =
            runRecipe(buildLaunchPlan(settings, QProcessEnvironment::systemEnvironment()), 120000);
        QVERIFY2(o.success, qPrintable(o.reason + " " + o.errorMessage));
        QCOMPARE(started.size(), 1);
        const QString sharding = started[0].value("sharding").toString();
        qInfo().noquote() << sharding;
        QVERIFY2(sharding.startsWith(QLatin1String(c.expected)), qPrintable(sharding));
        QCOMPARE(steps.size(), 20);
        QVERIFY(steps.last().value("loss").toDouble() < steps.first().value("loss").toDouble());
    }
}

void AppTests::resumeFlagReachesEveryRank() {
    // --resume takes a directory (or a run id of the history, resolved by the caller): the
    // built-in recipe gets --resume DIR, every rank CATAPULT_RESUME_FROM=DIR.
    QTemporaryDir dir;
    auto target = resolveResumeTarget(dir.path(), nullptr);
    QVERIFY(target.ok());
    const LaunchSettings s = resolve({"--num_processes", "2", "--cpu", "--resume", target.value()});
    QVERIFY(s.builtinRecipe);
    QCOMPARE(s.program.mid(s.program.indexOf("--resume"), 2), QStringList({"--resume", dir.path()}));
    const LaunchPlan plan = buildLaunchPlan(s, QProcessEnvironment());
    for (const RankLaunch& r : plan.ranks) QCOMPARE(r.environment.value("CATAPULT_RESUME_FROM"), dir.path());
    const LaunchSettings own = resolve({"--num_processes", "2", "--resume", dir.path(), "--", "python3", "train.py"});
    QVERIFY(!own.program.contains("--resume"));
    auto missing = resolveResumeTarget("4711", nullptr);
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.status().message()).contains("--resume 4711: no such directory"));
}

void AppTests::modelFlagRunsTheRecipeOnIt() {
    // --model, --text and --dataset become the built-in recipe's flags; with another program they are refused.
    const LaunchSettings s = resolve({"--cpu", "--model", "/models/llama", "--text", "data.txt"});
    QVERIFY(s.builtinRecipe);
    QCOMPARE(s.program.mid(s.program.indexOf("--model"), 4), QStringList({"--model", "/models/llama", "--text", "data.txt"}));
    const LaunchSettings d = resolve({"--cpu", "--model", "/models/llama", "--dataset", "chat.jsonl", "--", "catapult-worker",
                                      "train", "--validation_split", "0.1"});
    QVERIFY(d.program.contains("--validation_split"));
    QCOMPARE(d.program.mid(d.program.indexOf("--dataset"), 2), QStringList({"--dataset", "chat.jsonl"}));
    auto other = resolveLaunchSettings(parseLaunchArguments({"--cpu", "--model", "/models/llama", "train.py"}).value(), facts());
    QVERIFY(!other.ok());
    QVERIFY(QString::fromStdString(other.status().message()).contains("--model, --text and --dataset are for the built-in recipe"));
}

void AppTests::runSubjectReadsTheCommandLine() {
    // The History's model, data and method columns come from the recorded command line.
    const RunSubject lora = runSubject("catapult launch --cpu --model /m/qwen --dataset /d/chat.jsonl -- catapult-worker train "
                                       "--lora_rank 16 --steps 3");
    QCOMPARE(lora.model, QStringLiteral("/m/qwen"));
    QCOMPARE(lora.data, QStringLiteral("/d/chat.jsonl"));
    QCOMPARE(lora.method, QStringLiteral("LoRA r 16"));
    QCOMPARE(runSubject("catapult launch -- catapult-worker train --model /m --text t.txt").method, QStringLiteral("full fine-tuning"));
    QCOMPARE(runSubject("catapult launch -- catapult-worker train --model /m --text t.txt").data, QStringLiteral("t.txt"));
    QCOMPARE(runSubject("catapult launch --num_processes 2").method, QStringLiteral("built-in GPT"));
    QCOMPARE(runSubject("catapult launch -- python3 train.py --epochs 3").method, QStringLiteral("python3 train.py"));
    QVERIFY(runSubject("catapult launch -- python3 train.py --model x").model.isEmpty());
}

void AppTests::jobFileExpandsIntoTheLaunchFlags() {
    // catapult launch --job FILE: the job's flags, then the ones given beside it; a program given replaces the job's.
    QTemporaryDir dir;
    QVERIFY(writeJobFile(dir.filePath("job.json"), {"--config_file", dir.filePath("acc.yaml"), "--cpu", "--", "catapult-worker",
                                                    "train", "--steps", "5"}).ok());
    auto expanded = expandJobFile({"--job", dir.filePath("job.json"), "--num_processes", "3"});
    QVERIFY(expanded.ok());
    QCOMPARE(expanded.value(), QStringList({"--config_file", dir.filePath("acc.yaml"), "--cpu", "--num_processes", "3", "--",
                                            "catapult-worker", "train", "--steps", "5"}));
    auto other = expandJobFile({"--job=" + dir.filePath("job.json"), "--", "python3", "t.py"});
    QVERIFY(other.ok());
    QCOMPARE(other.value().mid(other.value().indexOf("--")), QStringList({"--", "python3", "t.py"}));
    QCOMPARE(expandJobFile({"--cpu"}).value(), QStringList({"--cpu"}));
    auto missing = expandJobFile({"--job", dir.filePath("none.json")});
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.status().message()).contains("none.json: cannot read the job file"));
}

QTEST_GUILESS_MAIN(AppTests)
#include "AppTests.moc"

