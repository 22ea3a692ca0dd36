// Checkpoint, resume and fault tests with real worker processes and real signals: exact resume
// after a stop (data parallel and ZeRO-3 with offload), a rank killed in the middle of a save,
// a damaged checkpoint, a different process count, weights read back by Python's safetensors,
// a stopped or stuck rank named by the hang detection, the NaN policy, and a full disk.

#include <signal.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <functional>

#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "LocalExecutor.h"
#include "PortPicker.h"
#include "ProcessTable.h"

Q_DECLARE_METATYPE(catapult::JobOutcome)

using namespace catapult;

namespace {

const QStringList kRecipe = {"--layers", "2", "--width", "32", "--heads", "4", "--seq_len", "32",
                             "--batch_size", "4", "--memory_every", "0"};

struct Job {
    JobOutcome outcome;
    QList<QJsonObject> lines;
    QList<qint64> pids;
    QList<QJsonObject> of(const QString& type) const {
        QList<QJsonObject> out;
        for (const auto& l : lines)
            if (l.value("type").toString() == type) out << l;
        return out;
    }
    // Step number -> the loss as the worker printed it (compared exactly).
    QMap<int, double> losses() const {
        QMap<int, double> out;
        for (const auto& l : of("step")) out[l.value("step").toInt()] = l.value("loss").toDouble();
        return out;
    }
};

using Env = QMap<QString, QString>;
using During = std::function<void(LocalExecutor&, const QJsonObject&)>;

// The built-in recipe on `ranks` CPU processes, to its end.
Job runJob(int ranks, const QString& runDir, const QStringList& args, const QMap<QString, QString>& env = {},
           const During& during = {}, int timeoutMs = 240000) {
    LaunchEnvironmentFacts facts;
    facts.physicalCores = 2;
    facts.workerPath = CATAPULT_WORKER_PATH;
    auto parsed = parseLaunchArguments({"--num_processes", QString::number(ranks), "--cpu", "--run_dir", runDir});
    auto settings = resolveLaunchSettings(parsed.value(), facts);
    LaunchSettings s = settings.value();
    s.port = resolvePort(0);
    s.program = QStringList{CATAPULT_WORKER_PATH, "train"} + args;
    QProcessEnvironment base = QProcessEnvironment::systemEnvironment();
    for (auto it = env.begin(); it != env.end(); ++it) base.insert(it.key(), it.value());
    LocalExecutor executor;
    Job job;
    QObject::connect(&executor, &LocalExecutor::metricsReceived, [&](int, const QJsonObject& m) {
        job.lines << m;
        if (job.pids.isEmpty())
            for (qint64 pid : executor.processIds()) job.pids << pid;
        if (during) during(executor, m);
    });
    QSignalSpy done(&executor, &LocalExecutor::finished);
    executor.start(buildLaunchPlan(s, base));
    if (!done.wait(timeoutMs)) qFatal("job did not finish in %d ms", timeoutMs);
    job.outcome = done.first().first().value<JobOutcome>();
    return job;
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool groupGone(qint64 pgid) {
    for (const testing::ProcessEntry& p : testing::listProcesses())
        if (p.group == pgid && p.state != 'Z') return false;
    return true;
}

// Every tensor of a safetensors file of fp32 tensors, concatenated in name order.
QVector<float> safetensorsFloats(const QByteArray& file) {
    QVector<float> out;
    if (file.size() < 8) return out;
    quint64 length = 0;
    for (int i = 0; i < 8; ++i) length |= static_cast<quint64>(static_cast<uchar>(file[i])) << (8 * i);
    const QJsonObject header = QJsonDocument::fromJson(file.mid(8, static_cast<int>(length))).object();
    for (const QString& name : header.keys()) {
        if (name == "__metadata__") continue;
        const QJsonArray range = header.value(name).toObject().value("data_offsets").toArray();
        const qint64 begin = 8 + static_cast<qint64>(length) + range[0].toInteger();
        const qint64 count = (range[1].toInteger() - range[0].toInteger()) / 4;
        const int at = out.size();
        out.resize(at + static_cast<int>(count));
        std::memcpy(out.data() + at, file.constData() + begin, static_cast<std::size_t>(count) * 4);
    }
    return out;
}

QString alerts(const Job& job) {
    QString out;
    for (const auto& a : job.of("alert")) out += a.value("message").toString() + "\n";
    return out;
}

}  // namespace

class FaultTests : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<JobOutcome>(); }
    void stoppedRunResumesExactly_data();
    void stoppedRunResumesExactly();
    void killedSaveAndDamagedCheckpointAreSkipped();
    void differentProcessCountReshards();
    void exportedWeightsLoadInPython();
    void hungRankIsNamed_data();
    void hungRankIsNamed();
    void nonFiniteLossPolicy();
    void fullDiskDuringSaveLosesNothing();

private:
    QTemporaryDir m_dir;
};

void FaultTests::stoppedRunResumesExactly_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<Env>("env");
    QTest::newRow("data parallel") << "dp" << Env{};
    QTest::newRow("ZeRO-3, optimizer offload cpu")
        << "zero3" << Env{{"ACCELERATE_USE_DEEPSPEED", "true"},
                                             {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "3"},
                                             {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "cpu"}};
    QTest::newRow("ZeRO-2, optimizer offload nvme")
        << "zero2nvme" << Env{{"ACCELERATE_USE_DEEPSPEED", "true"},
                              {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "2"},
                              {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_DEVICE", "nvme"},
                              {"ACCELERATE_DEEPSPEED_OFFLOAD_OPTIMIZER_NVME_PATH", QDir::tempPath()}};
    QTest::newRow("fp16 with loss scaling") << "fp16" << Env{{"ACCELERATE_MIXED_PRECISION", "fp16"}};
}

void FaultTests::stoppedRunResumesExactly() {
    // Uninterrupted: 16 steps on 2 ranks. Interrupted: the same run stopped like the Stop button
    // does (SIGTERM to every rank) after step 6; it saves a checkpoint of the step it finished;
    // a new run resumes from that run's directory and goes on to step 16.
    QFETCH(QString, name);
    QFETCH(Env, env);
    const QStringList args = QStringList{"--steps", "16"} + kRecipe;
    const QString whole = m_dir.filePath(name + "-whole"), first = m_dir.filePath(name + "-first"),
                  second = m_dir.filePath(name + "-second");
    const Job a = runJob(2, whole, args, env);
    QVERIFY2(a.outcome.success, qPrintable(a.outcome.reason + " " + a.outcome.errorMessage));
    QCOMPARE(a.of("step").size(), 16);

    bool cancelled = false;
    const Job b = runJob(2, first, args, env, [&](LocalExecutor& e, const QJsonObject& m) {
        if (m.value("type") == "step" && m.value("step").toInt() == 6 && !cancelled) {
            cancelled = true;
            e.cancel();
        }
    });
    QVERIFY(b.outcome.cancelled);
    QCOMPARE(b.of("checkpoint").size(), 1);
    const int k = b.of("checkpoint")[0].value("step").toInt();
    QVERIFY2(k >= 6 && k < 16, qPrintable(QString::number(k)));
    QVERIFY(alerts(b).contains("stopped on request after step " + QString::number(k)));

    const Job c = runJob(2, second, args + QStringList{"--resume", first}, env);
    QVERIFY2(c.outcome.success, qPrintable(c.outcome.reason + " " + c.outcome.errorMessage));
    QCOMPARE(c.of("started")[0].value("start_step").toInt(), k + 1);
    QCOMPARE(c.of("checkpoint")[0].value("action").toString(), QString("loaded"));
    const auto whole_ = a.losses(), resumed = c.losses();
    QCOMPARE(resumed.size(), 16 - k);
    for (int s = k + 1; s <= 16; ++s) QCOMPARE(resumed[s], whole_[s]);  // exact, not fuzzy
    const QByteArray wa = fileBytes(whole + "/model.safetensors"), wc = fileBytes(second + "/model.safetensors");
    QVERIFY(wa.size() > 100000);
    QVERIFY2(wa == wc, "the resumed run's final weights differ from the uninterrupted run's");
    qInfo("%s: stopped after step %d, resumed to 16: losses of steps %d-16 and the final weights "
          "(%lld bytes of model.safetensors) bitwise equal to the uninterrupted run; save %.4f s, load %.4f s",
          qPrintable(name), k, k + 1, static_cast<long long>(wa.size()), b.of("checkpoint")[0].value("seconds").toDouble(),
          c.of("checkpoint")[0].value("seconds").toDouble());
}

void FaultTests::killedSaveAndDamagedCheckpointAreSkipped() {
    // Every save pauses 1.5 s after writing its files (a fault drill), so rank 1 can be killed
    // with SIGKILL in the middle of the save of step 6; then step 4 is damaged on disk. A resume
    // must pass over both, say why, and continue from step 2.
    const QString run = m_dir.filePath("killed");
    const QStringList args = QStringList{"--steps", "12", "--checkpoint_every", "2"} + kRecipe;
    bool killed = false, partialSeen = false;
    const Job a = runJob(2, run, args, {{"CATAPULT_FAULT_SLOW_SAVE_MS", "1500"}},
                         [&](LocalExecutor& e, const QJsonObject& m) {
                             if (m.value("type") != "checkpoint" || m.value("step").toInt() != 4 || killed) return;
                             killed = true;
                             const qint64 rank1 = e.processIds().at(1);
                             QTimer::singleShot(600, [run, rank1, &partialSeen] {
                                 partialSeen = QDir(run + "/checkpoints/.step-00000006.partial").exists();
                                 ::kill(static_cast<pid_t>(rank1), SIGKILL);
                             });
                         });
    QVERIFY(killed);
    QVERIFY2(partialSeen, "the save of step 6 was not in progress when rank 1 was killed");
    QVERIFY(!a.outcome.success);
    QCOMPARE(a.outcome.failingRank, 1);
    QVERIFY(QFile::exists(run + "/checkpoints/step-00000004/manifest.json"));
    QVERIFY(!QFile::exists(run + "/checkpoints/.step-00000006.partial/manifest.json"));

    QFile damaged(run + "/checkpoints/step-00000004/rank-00001.safetensors");
    QVERIFY(damaged.open(QIODevice::ReadWrite));
    damaged.seek(damaged.size() - 3);
    const char flipped = static_cast<char>(damaged.peek(1).at(0) ^ 0x5A);
    damaged.write(&flipped, 1);
    damaged.close();

    const Job b = runJob(2, m_dir.filePath("killed-resumed"), args + QStringList{"--resume", run});
    QVERIFY2(b.outcome.success, qPrintable(b.outcome.reason + " " + b.outcome.errorMessage));
    const QString why = alerts(b);
    qInfo().noquote() << why.trimmed();
    QVERIFY(why.contains(".step-00000006.partial: ignored, a save that did not finish"));
    QVERIFY(why.contains("step-00000004: ignored, rank-00001.safetensors does not match its checksum"));
    QCOMPARE(b.of("started")[0].value("start_step").toInt(), 3);
    QCOMPARE(b.of("step").size(), 10);
}

void FaultTests::differentProcessCountReshards() {
    // A checkpoint of 2 processes resumed with 3. Data parallel keeps the optimizer state whole;
    // ZeRO-2 puts each unit's moments together from both old shards and splits them in three.
    // The 2-rank runs to step 8 agree to float rounding (ZeRO equals data parallel), and so must
    // both 3-rank continuations: a wrongly re-split moment would move parameters by ~lr.
    const Env zero{{"ACCELERATE_USE_DEEPSPEED", "true"}, {"ACCELERATE_DEEPSPEED_ZERO_STAGE", "2"}};
    QMap<QString, QByteArray> weights;
    for (const auto& [name, env] : {std::pair<QString, Env>{"dp", Env{}}, {"zero2", zero}}) {
        const QString first = m_dir.filePath("reshard-" + name), second = first + "-3";
        const Job a = runJob(2, first, QStringList{"--steps", "8"} + kRecipe, env);
        QVERIFY2(a.outcome.success, qPrintable(a.outcome.errorMessage));
        const Job b = runJob(3, second, QStringList{"--steps", "12", "--resume", first} + kRecipe, env);
        QVERIFY2(b.outcome.success, qPrintable(b.outcome.reason + " " + b.outcome.errorMessage));
        QVERIFY(alerts(b).contains("resumed a checkpoint of 2 processes with 3"));
        QCOMPARE(b.of("started")[0].value("start_step").toInt(), 9);
        QCOMPARE(b.of("step").size(), 4);
        weights[name] = fileBytes(second + "/model.safetensors");
    }
    const QVector<float> dp = safetensorsFloats(weights["dp"]), z = safetensorsFloats(weights["zero2"]);
    QCOMPARE(dp.size(), z.size());
    QVERIFY(dp.size() > 40000);
    double worst = 0, largest = 0;
    for (int i = 0; i < dp.size(); ++i) {
        worst = std::max(worst, static_cast<double>(std::abs(dp[i] - z[i])));
        largest = std::max(largest, static_cast<double>(std::abs(dp[i])));
    }
    qInfo("2 -> 3 processes: max |ZeRO-2 resharded - data parallel| = %.3g over %lld parameters (max |parameter| %.3g)",
          worst, static_cast<long long>(dp.size()), largest);
    QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));

    // A checkpoint of another strategy is refused with what to do.
    const Job wrong = runJob(2, m_dir.filePath("reshard-wrong"), QStringList{"--steps", "12", "--resume", m_dir.filePath("reshard-dp")} + kRecipe, zero);
    QVERIFY(!wrong.outcome.success);
    QVERIFY2(wrong.outcome.errorMessage.contains("was written with data parallel and this job runs zero-2"),
             qPrintable(wrong.outcome.errorMessage));
}

void FaultTests::exportedWeightsLoadInPython() {
    const QString run = m_dir.filePath("dp-whole");
    const QString script =
        "import json, sys, zlib\n"
        "from safetensors.numpy import load_file\n"
        "run = sys.argv[1]\n"
        "weights = load_file(run + '/model.safetensors')\n"
        "about = json.load(open(run + '/model.json'))\n"
        "assert set(weights) == set(about['tensors']), 'names differ'\n"
        "for name, t in about['tensors'].items():\n"
        "    assert list(weights[name].shape) == t['shape'], name\n"
        "    assert str(weights[name].dtype) == 'float32', name\n"
        "total = sum(w.size for w in weights.values())\n"
        "assert total == about['parameters'], (total, about['parameters'])\n"
        "ck = run + '/checkpoints/step-00000016/'\n"
        "manifest = json.load(open(ck + 'manifest.json'))\n"
        "for f in manifest['files']:\n"
        "    data = open(ck + f['name'], 'rb').read()\n"
        "    assert len(data) == f['bytes'] and zlib.crc32(data) == f['crc32'], f['name']\n"
        "    load_file(ck + f['name'])\n"
        "print('ok', len(weights), total, about['layers'], about['width'], len(manifest['files']))\n";
    QProcess py;
    py.setProcessChannelMode(QProcess::MergedChannels);
    py.start(CATAPULT_PYTHON, {"-c", script, run});
    QVERIFY(py.waitForFinished(60000));
    const QString out = QString::fromUtf8(py.readAll()).trimmed();
    qInfo().noquote() << "python:" << out;
    QCOMPARE(py.exitCode(), 0);
    QVERIFY(out.startsWith("ok 29 "));
}

void FaultTests::hungRankIsNamed_data() {
    QTest::addColumn<bool>("sigstop");
    QTest::addColumn<QString>("expected");
    QTest::newRow("rank 1 stopped by SIGSTOP") << true << "Rank 1 stopped making progress: no sign of life";
    QTest::newRow("rank 1 stuck in its own code") << false << "Rank 1 stopped making progress: it is running but never reached";
}

void FaultTests::hungRankIsNamed() {
    QFETCH(bool, sigstop);
    QFETCH(QString, expected);
    QMap<QString, QString> env{{"CATAPULT_COLLECTIVE_TIMEOUT_S", "2"}};
    if (!sigstop) env["CATAPULT_FAULT_HANG_STEP"] = "31";
    QElapsedTimer clock;
    qint64 hungAt = -1, reportedAt = -1;
    const Job j = runJob(2, m_dir.filePath(sigstop ? "hang-stop" : "hang-stuck"), QStringList{"--steps", "100000"} + kRecipe,
                         env, [&](LocalExecutor& e, const QJsonObject& m) {
                             if (m.value("type") == "step" && m.value("step").toInt() == 30 && hungAt < 0) {
                                 clock.start();
                                 hungAt = 0;
                                 if (sigstop) ::kill(static_cast<pid_t>(e.processIds().at(1)), SIGSTOP);
                             }
                             if (m.value("type") == "error" && reportedAt < 0 && hungAt >= 0) reportedAt = clock.elapsed();
                         }, 60000);
    QVERIFY(!j.outcome.success);
    QCOMPARE(j.outcome.failingRank, 0);
    QCOMPARE(j.outcome.exitCode, 124);
    qInfo().noquote() << j.outcome.errorMessage;
    QVERIFY2(j.outcome.errorMessage.contains(expected), qPrintable(j.outcome.errorMessage));
    QVERIFY(j.outcome.errorMessage.contains("in collective #"));
    QVERIFY(reportedAt >= 2000);
    QVERIFY2(reportedAt < 5000, qPrintable(QString::number(reportedAt)));
    qInfo("timeout 2 s: the hang was reported %lld ms after rank 1 %s", reportedAt,
          sigstop ? "was stopped" : "got stuck (measured from step 30's line)");
    for (qint64 pid : j.pids) QVERIFY2(groupGone(pid), "a rank survived the teardown");
}

void FaultTests::nonFiniteLossPolicy() {
    const QStringList args = QStringList{"--steps", "8", "--checkpoint_every", "2"} + kRecipe;
    const QMap<QString, QString> nan{{"CATAPULT_FAULT_NAN_STEP", "5"}};
    const Job skip = runJob(2, m_dir.filePath("nan-skip"), args + QStringList{"--on_nan", "skip"}, nan);
    QVERIFY2(skip.outcome.success, qPrintable(skip.outcome.errorMessage));
    QCOMPARE(skip.of("alert").size(), 1);
    QCOMPARE(skip.of("alert")[0].value("kind").toString(), QString("nan"));
    QCOMPARE(skip.of("alert")[0].value("action").toString(), QString("skip"));
    QCOMPARE(skip.of("alert")[0].value("step").toInt(), 5);
    QCOMPARE(skip.of("finished")[0].value("skipped_nonfinite").toInt(), 1);
    for (int s : {6, 7, 8}) QVERIFY(std::isfinite(skip.losses()[s]) && skip.losses()[s] > 0);

    const QString stopDir = m_dir.filePath("nan-stop");
    const Job stop = runJob(2, stopDir, args, nan);
    QVERIFY(!stop.outcome.success);
    QVERIFY(stop.outcome.errorMessage.contains("At step 5 the loss became non-finite"));
    QCOMPARE(stop.of("alert")[0].value("action").toString(), QString("stop"));
    QCOMPARE(stop.of("step").size(), 4);
    // The checkpoint of step 4 is intact: a resume continues from it.
    const Job resumed = runJob(2, m_dir.filePath("nan-resumed"), args + QStringList{"--resume", stopDir});
    QVERIFY2(resumed.outcome.success, qPrintable(resumed.outcome.errorMessage));
    QCOMPARE(resumed.of("started")[0].value("start_step").toInt(), 5);
}

void FaultTests::fullDiskDuringSaveLosesNothing() {
    // A 3 MiB tmpfs in a mount namespace of its own: one checkpoint of this model (1.6 MB)
    // fits, a second one next to it does not. Training must go on with an alert, leave no
    // partial directory, and the checkpoint that fitted must still resume.
    const QString root = m_dir.filePath("full");
    QDir().mkpath(root);
    const QString worker = CATAPULT_WORKER_PATH;
    const QString common = "--layers 2 --width 64 --heads 4 --seq_len 32 --batch_size 4 --memory_every 0";
    const QString script = QString(
        "set -e; mount -t tmpfs -o size=3m tmpfs %1; "
        "%2 train --steps 8 --checkpoint_every 2 --keep_last 1 --run_dir %1/run %3 > %1/out.txt 2>&1 || echo TRAIN_FAILED; "
        "cat %1/out.txt; echo LISTING; ls -a %1/run/checkpoints; echo RESUME; "
        "%2 train --steps 10 --resume %1/run %3 2>&1 | grep -E 'checkpoint|finished|error' || true")
        .arg(root, worker, common);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start("unshare", {"--mount", "--propagation", "private", "sh", "-c", script});
    QVERIFY(p.waitForFinished(180000));
    const QString out = QString::fromUtf8(p.readAll());
    if (out.contains("mount: ") && out.contains("permission denied"))
        QSKIP("mounting a small tmpfs needs root (CI runs as root)");
    QVERIFY2(p.exitCode() == 0 && !out.contains("TRAIN_FAILED"), qPrintable(out.right(3000)));
    QVERIFY2(out.contains("No space left on device"), qPrintable(out.right(3000)));
    QVERIFY(out.contains("Training continues; earlier checkpoints are intact."));
    QVERIFY(out.contains("\"type\":\"finished\""));
    const QString listing = out.section("LISTING", 1).section("RESUME", 0, 0);
    QVERIFY2(!listing.contains(".partial"), qPrintable(listing));
    QVERIFY2(listing.contains("step-00000002"), qPrintable(listing));
    const QString resume = out.section("RESUME", 1);
    QVERIFY2(resume.contains("\"action\":\"loaded\",\"step\":2"), qPrintable(resume));
    QVERIFY(resume.contains("\"type\":\"finished\""));
    qInfo().noquote() << out.split('\n').filter("No space left").value(0).left(400);
}

QTEST_GUILESS_MAIN(FaultTests)
#include "FaultTests.moc"
