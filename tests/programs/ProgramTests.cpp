// Any program gets the dashboards: Python scripts with no Catapult code, launched by the real
// `catapult launch`, fill the run store with their steps, their ranks' memory and their alerts;
// a deadlocked job is named from outside. Plus the pure parts: stack comparison, stall timeout.

#include <algorithm>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <unistd.h>

#include "DashboardWidget.h"
#include "NvmlLibrary.h"
#include "ProcessSampler.h"
#include "RunStore.h"
#include "StackReport.h"
#include "StallWatch.h"
#include "TestFiles.h"

using namespace catapult;

namespace {

struct Launched {
    QString runDir;
    int exitCode = -1;
    QString output;
    RunSeries series;
};

QString script(const char* name) { return QStringLiteral(CATAPULT_SOURCE_DIR "/tests/python/") + QLatin1String(name); }

// `catapult launch FLAGS -- SCRIPT ARGS` on 2 CPU ranks with the venv's Python, recorded in a
// store of its own; the run's series read back from the store.
Launched launch(const QTemporaryDir& dir, const QStringList& flags, const QStringList& program, int timeoutMs = 180000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CATAPULT_STORE", dir.filePath("runs.sqlite"));
    env.insert("PYTHON_EXEC", CATAPULT_PYTHON);
    env.insert("OMP_NUM_THREADS", "1");
    p.setProcessEnvironment(env);
    static int n = 0;
    Launched out;
    out.runDir = dir.filePath(QStringLiteral("run%1").arg(++n));
    p.start(CATAPULT_LAUNCHER_PATH, QStringList{"launch", "--num_processes", "2", "--cpu", "--run_dir", out.runDir} + flags +
                                        QStringList{"--"} + program);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    out.exitCode = p.exitCode();
    out.output = QString::fromUtf8(p.readAll());
    auto store = RunStore::open(dir.filePath("runs.sqlite"));
    if (store.ok() && !store.value()->listRuns().isEmpty()) out.series = store.value()->series(store.value()->listRuns().front().id);
    return out;
}

QVector<MemoryPoint> sampledOf(const RunSeries& s, int rank) {
    QVector<MemoryPoint> out;
    for (const MemoryPoint& m : s.memory)
        if (m.sampled && m.rank == rank) out << m;
    return out;
}

QString writeLines(const QString& path, const QStringList& lines) {
    return testing::writeTextFile(path, (lines.join('\n') + '\n').toUtf8());
}

int scalarCount(const RunSeries& s, const QString& name) {
    return static_cast<int>(std::count_if(s.scalars.begin(), s.scalars.end(), [&](const ScalarPoint& p) { return p.name == name; }));
}

const RunEvent* eventOf(const RunSeries& s, const QString& type, const QString& text = {}) {
    for (const RunEvent& e : s.events)
        if (e.type == type && e.message.contains(text)) return &e;
    return nullptr;
}

// Processes whose command line holds `marker` (what a teardown must not leave behind).
int processesWith(const QByteArray& marker) {
    int count = 0;
    for (const QString& pid : QDir("/proc").entryList(QDir::Dirs)) {
        QFile f("/proc/" + pid + "/cmdline");
        if (pid.toLongLong() > 0 && f.open(QIODevice::ReadOnly) && f.readAll().contains(marker)) ++count;
    }
    return count;
}

}  // namespace

class ProgramTests : public QObject {
    Q_OBJECT
private slots:
    void plainAccelerateScriptFillsTheRunStore();
    void backwardLossWithoutAnyLogCall();
    void nonFiniteLossRaisesTheNanAlert();
    void trainerLogsAndEvaluationsAreRecorded();
    void deadlockedRankIsNamedAndTheJobStopped();
    void progressBarsAndSplitLogCallsKeepTheSteps();
    void userSitecustomizeStillRuns();
    void samplerReadsTheGroupAndNvml();
    void stacksNameTheOddRank();
    void stallTimeoutFollowsTheMedianStep();
};

void ProgramTests::plainAccelerateScriptFillsTheRunStore() {
    QTemporaryDir dir;
    const Launched r = launch(dir, {}, {script("plain_accelerate.py"), "--steps", "8", "--sleep", "0.4"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output.right(900)));  // the end of a traceback (QTest cuts long messages)
    QCOMPARE(r.series.steps.size(), 8);  // one per accelerator.log call, and no duplicate from backward
    for (int i = 0; i < 8; ++i) {
        QCOMPARE(r.series.steps[i].step, i + 1);
        QVERIFY(std::isfinite(r.series.steps[i].loss) && r.series.steps[i].loss > 0);
        QCOMPARE(r.series.steps[i].lr, 1e-2);
    }
    QCOMPARE(scalarCount(r.series, "my_metric"), 8);  // the script's own name: an extra series
    for (int rank : {0, 1}) {
        const QVector<MemoryPoint> samples = sampledOf(r.series, rank);
        QVERIFY2(samples.size() >= 2, qPrintable(QString::number(samples.size())));
        // A Python process with torch loaded (the largest sample: the last can fall in the exit's teardown).
        const auto largest = std::max_element(samples.begin(), samples.end(),
                                              [](const MemoryPoint& a, const MemoryPoint& b) { return a.rssBytes < b.rssBytes; });
        QVERIFY2(largest->rssBytes > 50 << 20, qPrintable(QString::number(largest->rssBytes)));
        QVERIFY(samples.back().cpuPercent >= 0);
    }
    const RunEvent* started = eventOf(r.series, "started");
    QVERIFY(started && started->message.contains("2 process(es), MULTI_CPU"));
    QVERIFY(eventOf(r.series, "finished", "8 step(s)"));
    // The dashboard draws them: loss per step, and each rank's sampled memory.
    DashboardWidget dashboard;
    dashboard.resize(1100, 750);
    dashboard.show();
    dashboard.setRuns({{"python", r.series}});
    QCOMPARE(dashboard.seriesPoints(ChartKind::Loss, "python raw").size(), 8);
    for (const QString name : {"rank 0 RSS (sampled)", "rank 1 RSS (sampled)"})
        QCOMPARE(dashboard.seriesPoints(ChartKind::Memory, name).size(), sampledOf(r.series, name.mid(5, 1).toInt()).size());
    QTest::qWait(50);
    dashboard.grab().save(QDir::tempPath() + "/catapult-python-dashboard.png");
    // Switched off, the same script reports nothing itself; the launcher still samples it.
    const Launched off = launch(dir, {"--no_instrument"}, {script("plain_accelerate.py"), "--steps", "4", "--sleep", "0.4"});
    QVERIFY2(off.exitCode == 0, qPrintable(off.output));
    QCOMPARE(off.series.steps.size(), 0);
    QVERIFY(!sampledOf(off.series, 1).isEmpty());
}

void ProgramTests::backwardLossWithoutAnyLogCall() {
    QTemporaryDir dir;
    const Launched r = launch(dir, {}, {script("plain_accelerate.py"), "--steps", "6", "--no_log"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QCOMPARE(r.series.steps.size(), 6);
    QCOMPARE(r.series.steps.back().step, 6);
    QVERIFY(std::isfinite(r.series.steps.back().loss));
}

void ProgramTests::nonFiniteLossRaisesTheNanAlert() {
    QTemporaryDir dir;
    const Launched r = launch(dir, {}, {script("plain_accelerate.py"), "--steps", "5", "--nan_at", "3"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    const RunEvent* alert = eventOf(r.series, "alert", "step 3 is not a finite number");
    QVERIFY2(alert, qPrintable(r.output));
    QVERIFY(r.output.contains("alert: the loss reported at step 3 is not a finite number"));
    QVERIFY(std::isnan(r.series.steps[2].loss));
}

void ProgramTests::trainerLogsAndEvaluationsAreRecorded() {
    QTemporaryDir dir;
    const Launched r = launch(dir, {}, {script("tiny_trainer.py"), "--steps", "4", "--output_dir", dir.filePath("out")});
    if (r.exitCode != 0) qWarning().noquote() << r.output.right(4000);  // QTest cuts a failure message short
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QCOMPARE(r.series.steps.size(), 4);
    for (const StepPoint& p : r.series.steps) QVERIFY(p.loss > 3 && p.lr > 0 && p.gradNorm > 0);
    QCOMPARE(scalarCount(r.series, "eval/loss"), 2);  // eval_steps 2 of 4
    QVERIFY(eventOf(r.series, "finished"));
}

void ProgramTests::deadlockedRankIsNamedAndTheJobStopped() {
    QTemporaryDir dir;
    const Launched r = launch(dir, {"--hang_timeout_s", "5", "--hang_policy", "stop"},
                              {script("plain_accelerate.py"), "--steps", "10", "--skip_all_reduce_at", "3"}, 120000);
    QVERIFY2(r.exitCode != 0, qPrintable(r.output));
    for (const char* text : {"the job looks stalled", "stack of rank 0 (py-spy)", "stack of rank 1 (py-spy)",
                             "all_reduce (torch/distributed/distributed_c10d.py", "barrier (torch/distributed/distributed_c10d.py",
                             "rank(s) 1 differ from the rest", "job failed: the job stalled; rank 1's stack differs"})
        QVERIFY2(r.output.contains(text), qPrintable(QString(text) + "\n" + r.output));
    const RunEvent* alert = eventOf(r.series, "alert", "rank(s) 1 differ from the rest");
    QVERIFY(alert && alert->message.contains("barrier"));
    QVERIFY(QFileInfo(r.runDir + "/stacks.txt").size() > 0);
    // No process is left: the ranks' forked children, killed with their group, are gone within moments.
    QTRY_COMPARE_WITH_TIMEOUT(processesWith("--skip_all_reduce_at"), 0, 10000);
}

void ProgramTests::progressBarsAndSplitLogCallsKeepTheSteps() {
    // What real scripts print: a tqdm bar redrawn with '\r' and no newline right before a metrics
    // line (stdout and stderr share the rank's stream), a step logged in two calls (loss, then
    // throughput), and a line with only extra values: one step row each, no NaN alert.
    QTemporaryDir dir;
    const QString program = writeLines(dir.filePath("bars.sh"), {
        "printf ' 20%%|##        | 1/5\r' >&2; echo '@catapult {\"type\":\"step\",\"step\":1,\"loss\":2.5}'",
        "echo '@catapult {\"type\":\"step\",\"step\":1,\"tokens_per_s\":900}'",
        "echo '@catapult {\"type\":\"step\",\"step\":1,\"extra\":{\"acc\":0.5}}'",
        "printf ' 40%%|####      | 2/5\r' >&2; echo '@catapult {\"type\":\"step\",\"step\":2,\"loss\":2.25}'"});
    const Launched r = launch(dir, {"--num_processes", "1", "--no_python"}, {"sh", program});
    QVERIFY2(r.exitCode == 0, qPrintable(r.output));
    QCOMPARE(r.series.steps.size(), 2);
    QCOMPARE(r.series.steps[0].loss, 2.5);
    QCOMPARE(r.series.steps[0].tokensPerSecond, 900.0);
    QCOMPARE(r.series.steps[1].loss, 2.25);
    QCOMPARE(scalarCount(r.series, "acc"), 1);
    QVERIFY2(!eventOf(r.series, "alert"), qPrintable(r.output));
    QVERIFY2(r.output.contains("20%|##"), qPrintable(r.output));  // the bar itself stays in the log
}

void ProgramTests::userSitecustomizeStillRuns() {
    QTemporaryDir dir;
    testing::writeTextFile(dir.filePath("sitecustomize.py"), "print('user sitecustomize ran')\n");
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PYTHONPATH", QStringLiteral(CATAPULT_BINARY_DIR "/share/catapult/python:") + dir.path());
    env.insert("CATAPULT_INSTRUMENT", "1");
    p.setProcessEnvironment(env);
    p.start(CATAPULT_PYTHON, {"-c", "import sys, catapult._hooks as h; print(any(type(f).__name__ == '_AfterImport' for f in sys.meta_path))"});
    QVERIFY(p.waitForFinished(60000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(out.contains("user sitecustomize ran") && out.contains("True"), qPrintable(out + p.readAllStandardError()));
}

void ProgramTests::samplerReadsTheGroupAndNvml() {
    // A process group of a shell and its child, as a rank and what it started; NVML says the
    // child holds 123456789 bytes on the GPU and another process (not in the group) more.
    QProcess rank;
    rank.setChildProcessModifier([] { ::setpgid(0, 0); });
    rank.start("sh", {"-c", "sleep 30 & echo $!; wait"});
    QVERIFY(rank.waitForReadyRead(10000));
    const qint64 child = rank.readLine().trimmed().toLongLong();
    QVERIFY(child > 0);
    qputenv("FAKE_NVML_PROCESSES", QStringLiteral("%1:123456789,1:999").arg(child).toLatin1());
    qputenv("CATAPULT_NVML_LIBRARY", CATAPULT_FAKE_NVML);
    ProcessSampler sampler;
    QVERIFY2(NvmlLibrary::instance().available(), qPrintable(NvmlLibrary::instance().error()));
    const std::vector<RankUsage> usage = sampler.sample({rank.processId(), 0});
    QCOMPARE(usage.size(), std::size_t(2));
    QCOMPARE(usage[0].processes, 2);
    QVERIFY(usage[0].rssBytes > 0 && usage[0].pssBytes > 0);
    QCOMPARE(usage[0].gpuBytes, qint64(123456789));
    QCOMPARE(usage[0].gpuUtilPercent, 42.0);
    QCOMPARE(usage[1].processes, 0);  // no group: nothing
    rank.kill();
    ::kill(static_cast<pid_t>(child), SIGKILL);
    rank.waitForFinished();
}

void ProgramTests::stacksNameTheOddRank() {
    auto pySpy = [](int rank, const char* inner) {
        return RankStack{rank, "py-spy",
                         QStringLiteral("Process 1: python train.py\n\nThread 1 (idle): \"MainThread\"\n    %1 (torch/distributed/distributed_c10d.py:10)\n"
                                        "    main (train.py:40)\n    <module> (train.py:51)\nThread 2 (idle): \"Thread-1\"\n    run (threading.py:5)\n")
                             .arg(QLatin1String(inner))};
    };
    const StackComparison c = compareStacks({pySpy(0, "all_reduce"), pySpy(1, "all_reduce"), pySpy(2, "barrier"), pySpy(3, "all_reduce")});
    QCOMPARE(c.oddRanks, std::vector<int>{2});
    QVERIFY2(c.summary.contains("rank(s) 2 in barrier (distributed_c10d.py) from main (train.py)"), qPrintable(c.summary));
    QCOMPARE(mainThreadFrames(pySpy(0, "x")).size(), 3);  // the other thread's frames are not the main thread's
    // Two ranks, two places: the rest is the group with the lowest rank.
    QCOMPARE(compareStacks({pySpy(0, "all_reduce"), pySpy(1, "barrier")}).oddRanks, std::vector<int>{1});
    QVERIFY(compareStacks({pySpy(0, "a"), pySpy(1, "a")}).oddRanks.empty());
    const RankStack gdb{0, "gdb", "Thread 2 (Thread 0x7 (LWP 9) \"worker\"):\n#0  poll () from /lib/libc.so.6\n"
                                  "Thread 1 (Thread 0x7f (LWP 8) \"train\"):\n#0  0x00007f in __futex_wait (a=1) at futex.c:57\n"
                                  "#1  0x00007f in gloo::Wait (x=<optimized out>) from /lib/libgloo.so\n#2  main () at train.cpp:12\n"};
    QCOMPARE(mainThreadFrames(gdb), (QStringList{"__futex_wait (futex.c)", "gloo::Wait (libgloo.so)", "main (train.cpp)"}));
}

void ProgramTests::stallTimeoutFollowsTheMedianStep() {
    StallWatch watch(std::nullopt, 0);
    QCOMPARE(watch.timeoutS(), StallWatch::kMinimumTimeoutS);
    for (int s = 1; s <= 5; ++s) watch.step(s * 10.0);  // a step every 10 s: 20 medians = 200 s
    QCOMPARE(watch.timeoutS(), 200.0);
    QVERIFY(!watch.stalled(249));
    watch.usage(0, 50, 40);  // CPU use is progress too, but this is older than the last step
    QVERIFY(watch.stalled(251));
    QVERIFY(!watch.stalled(260));  // once per stall
    watch.usage(1, 80, 261);        // busy again: re-armed
    QVERIFY(!watch.stalled(300));
    QVERIFY(watch.stalled(462));
    StallWatch fixed(5.0, 0);
    fixed.usage(0, 1, 4);  // below the idle threshold: no progress
    QVERIFY(fixed.stalled(5.5));
}

QTEST_MAIN(ProgramTests)
#include "ProgramTests.moc"
