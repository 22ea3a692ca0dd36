#include "LaunchCommand.h"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QThread>
#include <cstdio>
#include <map>
#include <memory>

#include "CommandLine.h"
#include "CommandOutput.h"
#include "EventText.h"
#include "LaunchFacts.h"
#include "LaunchPlan.h"
#include "LaunchSettings.h"
#include "LocalExecutor.h"
#include "Preflight.h"
#include "RemoteExecutor.h"
#include "PortPicker.h"
#include "ProgressLine.h"
#include "RunRecorder.h"
#include "ResumeTarget.h"
#include "RunStore.h"
#include "catapult/ConfigReader.h"

namespace catapult {
namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] auto n = ::write(g_signalPipe[1], &c, 1);
}

using cli::tr;

class Console {
public:
    Console() : m_tty(::isatty(STDOUT_FILENO)) { m_sinceProgress.start(); }
    void log(const QString& text) {
        clearProgress();
        std::fputs(text.toLocal8Bit().constData(), stdout);
        std::fputc('\n', stdout);
        redrawProgress();
        std::fflush(stdout);
    }
    void progress(const QString& text) {
        m_progress = text;
        if (m_tty) {
            redrawProgress();
            std::fflush(stdout);
        } else if (m_sinceProgress.elapsed() >= 10000) {  // not a terminal: a line every 10 s
            m_sinceProgress.restart();
            std::fprintf(stdout, "[progress] %s\n", text.toLocal8Bit().constData());
            std::fflush(stdout);
        }
    }
    void endProgress() {
        if (m_progress.isEmpty()) return;
        clearProgress();
        std::fprintf(stdout, "[progress] %s\n", m_progress.toLocal8Bit().constData());
        m_progress.clear();
        std::fflush(stdout);
    }

private:
    void clearProgress() {
        if (m_tty && !m_progress.isEmpty()) std::fputs("\r\033[K", stdout);
    }
    void redrawProgress() {
        if (m_tty && !m_progress.isEmpty()) std::fprintf(stdout, "\r\033[K%s", m_progress.toLocal8Bit().constData());
    }
    bool m_tty;
    QString m_progress;
    QElapsedTimer m_sinceProgress;
};

// --log_dir DIR: every rank's output, also in DIR/<rank>/stdout.log (torchrun's layout).
// Metrics lines are written back in their protocol form, so a file holds all a rank printed.
class RankLogFiles {
public:
    RankLogFiles(const QString& dir, const LaunchPlan& plan) {
        if (dir.isEmpty()) return;
        for (const RankLaunch& r : plan.ranks) {
            const QString folder = QDir(dir).filePath(QString::number(r.rank));
            QDir().mkpath(folder);
            auto file = std::make_unique<QFile>(QDir(folder).filePath(QStringLiteral("stdout.log")));
            if (file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) m_files[r.rank] = std::move(file);
        }
    }
    void write(int rank, const QString& line) {
        auto it = m_files.find(rank);
        if (it == m_files.end()) return;
        it->second->write(line.toUtf8() + '\n');
        it->second->flush();
    }
    void write(int rank, const QJsonObject& metrics) {
        write(rank, QStringLiteral("@catapult ") + QString::fromUtf8(QJsonDocument(metrics).toJson(QJsonDocument::Compact)));
    }

private:
    std::map<int, std::unique_ptr<QFile>> m_files;
};

// The first global rank this machine runs.
int plan0Rank(const LaunchSettings& s) { return s.machineRank * (s.numProcesses / std::max(1, s.numMachines)); }

SshOptions sshOptionsFor(const LaunchSettings& settings) {
    SshOptions o;
    // The command line never asks: unknown host keys need --accept_new_host_keys, keys with a
    // passphrase need ssh-agent (the desktop app asks for both).
    o.hostKeyPolicy = settings.acceptNewHostKeys ? HostKeyPolicy::AcceptNew : HostKeyPolicy::Strict;
    o.knownHostsFile = settings.knownHostsFile;
    return o;
}

// One attempt of the job, run to its end: the launcher's exit code, and the outcome.
int runAttempt(const LaunchSettings& settings, const QStringList& args, Console& console, PreflightResult& preflight,
               const SshOptions& ssh, const QElapsedTimer& sinceLaunch, JobOutcome& outcome) {
    const bool remote = !settings.hosts.empty();
    QDir().mkpath(settings.runDir);


    const LaunchPlan plan = buildLaunchPlan(settings, QProcessEnvironment::systemEnvironment());
    RankLogFiles rankLogs(settings.logDir, plan);
    std::unique_ptr<JobExecutor> executorPtr;
    if (remote) executorPtr = std::make_unique<RemoteExecutor>(std::move(preflight.sessions), ssh, settings.hostTimeoutS * 1000);
    else executorPtr = std::make_unique<LocalExecutor>();
    JobExecutor& executor = *executorPtr;
    ProgressLine progress;
    // The run history: a store problem never stops the job (metrics.jsonl keeps everything).
    std::unique_ptr<RunStore> store;
    if (auto opened = RunStore::open(RunStore::defaultPath()); opened.ok()) store = std::move(opened.value());
    else console.log(tr("catapult: run history unavailable: %1").arg(QString::fromStdString(opened.status().message())));
    RunRecorder recorder(store.get());
    RunRecord record;
    record.name = QFileInfo(settings.runDir).fileName();
    record.runDir = QFileInfo(settings.runDir).absoluteFilePath();
    record.configPath = settings.configFile;
    if (!settings.configFile.isEmpty()) {
        QFile configFile(settings.configFile);
        if (configFile.open(QIODevice::ReadOnly)) record.configYaml = QString::fromUtf8(configFile.readAll());
    }
    record.command = launchCommandLine(args);
    record.hosts = QStringLiteral("localhost");
    if (remote) {
        QStringList names;
        for (const HostSpec& h : settings.hosts) names << h.name;
        record.hosts = names.join(QStringLiteral(","));
    }
    record.numProcesses = settings.numProcesses;
    if (!settings.resumeFrom.isEmpty() && store) record.resumedFrom = store->runOwning(settings.resumeFrom);
    recorder.begin(record);
    QObject::connect(&executor, &JobExecutor::logLine, [&](int rank, const QString& line) {
        rankLogs.write(plan.ranks[rank].rank, line);
        if (remote) console.log(QStringLiteral("[%1 rank %2] %3").arg(settings.hosts[plan.ranks[rank].host].name).arg(rank).arg(line));
        else console.log(QStringLiteral("[rank %1] %2").arg(plan.ranks[rank].rank).arg(line));
    });
    bool firstStep = true;
    QObject::connect(&executor, &JobExecutor::metricsReceived, [&](int rank, const QJsonObject& m) {
        rankLogs.write(plan.ranks[rank].rank, m);
        const QString type = m.value("type").toString();
        if (remote && firstStep && type == QLatin1String("step")) {
            firstStep = false;
            console.log(tr("catapult: first step %1 s after launch (pre-flight included)").arg(sinceLaunch.elapsed() / 1000.0, 0, 'f', 1));
        }
        if (const QString event = eventLogText(m); !event.isEmpty())
            console.log(QStringLiteral("[rank %1] %2").arg(m.value("rank").toInt(plan.ranks[rank].rank)).arg(event));
        if (rank == 0 || type == QLatin1String("error")) recorder.addMetrics(m);
        if (progress.update(m)) console.progress(progress.text());
    });
    int exitCode = 0;
    QElapsedTimer sinceStop;
    QObject::connect(&executor, &JobExecutor::stopping, [&](const QString& reason) {
        sinceStop.start();
        if (!reason.isEmpty()) console.log(tr("catapult: %1; stopping every rank").arg(reason));
    });
    QObject::connect(&executor, &JobExecutor::finished, [&](const JobOutcome& o) {
        console.endProgress();
        if (o.success) {
            console.log(tr("catapult: job finished successfully"));
        } else if (o.failingRank >= 0) {
            QString msg = tr("catapult: job failed: %1").arg(o.reason);
            if (!o.errorMessage.isEmpty()) msg += QStringLiteral(": ") + o.errorMessage;
            console.log(msg);
            if (!o.lastLines.isEmpty()) {
                console.log(tr("catapult: last lines of %1:").arg(executor.rankLabel(o.failingRank)));
                for (const QString& line : o.lastLines) console.log(QStringLiteral("    ") + line);
            }
            console.log(remote ? tr("catapult: every other rank on every host was stopped (%1 s)").arg(sinceStop.isValid() ? sinceStop.elapsed() / 1000.0 : 0.0, 0, 'f', 1)
                               : tr("catapult: the other ranks were stopped"));
        } else {
            console.log(tr("catapult: job cancelled; every rank stopped"));
        }
        exitCode = o.exitCode;
        outcome = o;
        recorder.finish(o);
        if (store && recorder.runId() > 0) console.log(tr("catapult: recorded as run %1 (catapult runs show %1)").arg(recorder.runId()));
        QCoreApplication::exit(0);
    });

    ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    int interrupts = 0;
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char c;
        [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
        if (++interrupts == 1) {
            console.log(tr("catapult: stopping every rank (press Ctrl-C again to kill at once)"));
            executor.cancel();
        } else {
            executor.kill();
        }
    });
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGHUP, &sa, nullptr);

    executor.start(plan);
    QCoreApplication::exec();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    return exitCode;
}

// --max_restarts: the next attempt of a failed job, in a run directory of its own, continuing
// from the newest checkpoint of the attempt before when it wrote one (torchrun restarts from
// the script's own checkpoints the same way).
LaunchSettings restartOf(const LaunchSettings& failed, const QString& firstRunDir, int attempt) {
    LaunchSettings next = failed;
    next.restartCount = attempt;
    next.runDir = firstRunDir + QStringLiteral("-restart-%1").arg(attempt);
    const QDir checkpoints(failed.runDir + QStringLiteral("/checkpoints"));
    if (checkpoints.entryList({QStringLiteral("step-*")}, QDir::Dirs).isEmpty()) return next;
    next.resumeFrom = failed.runDir;
    if (next.builtinRecipe) {
        const qsizetype at = next.program.indexOf(QStringLiteral("--resume"));
        if (at >= 0 && at + 1 < next.program.size()) next.program[at + 1] = next.resumeFrom;
        else next.program << QStringLiteral("--resume") << next.resumeFrom;
    }
    return next;
}

}  // namespace

int runLaunchCommand(const QStringList& args) {
    auto parsed = parseLaunchArguments(args);
    if (!parsed.ok()) {
        std::fprintf(stderr, "catapult launch: %s\n", parsed.status().message().c_str());
        return 2;
    }
    if (parsed.value().resume) {
        std::unique_ptr<RunStore> history;
        if (auto opened = RunStore::open(RunStore::defaultPath()); opened.ok()) history = std::move(opened.value());
        auto target = resolveResumeTarget(*parsed.value().resume, history.get());
        if (!target.ok()) {
            std::fprintf(stderr, "catapult launch: %s\n", target.status().message().c_str());
            return 2;
        }
        parsed.value().resume = target.value();
    }
    auto resolved = resolveLaunchSettings(parsed.value(), gatherLaunchFacts());
    if (!resolved.ok()) {
        std::fprintf(stderr, "catapult launch: %s\n", resolved.status().message().c_str());
        return 2;
    }
    LaunchSettings settings = resolved.value();
    const bool remote = !settings.hosts.empty();
    Console console;
    const auto info = [&](const QString& line) {  // what -q leaves out
        if (!settings.quiet) console.log(line);
    };
    for (const QString& note : settings.notes) info(note);
    info(settings.configFile.isEmpty() ? tr("catapult: config file: none (built-in defaults)")
                                       : tr("catapult: config file: %1").arg(settings.configFile));
    if (!remote && settings.machineRank > 0) {
        // Another machine's main process owns the port: use it as given, never a replacement.
        if (settings.port == 0) {
            std::fprintf(stderr, "%s\n", qPrintable(tr("catapult launch: --machine_rank %1 needs the main process's "
                                                       "port: pass --main_process_port.").arg(settings.machineRank)));
            return 2;
        }
    } else if (!remote) {
        const int requested = settings.port;
        settings.port = resolvePort(requested);
        if (settings.port != requested)
            info(tr("catapult: port %1 is %2; using free port %3")
                            .arg(requested).arg(requested == 0 ? tr("0 (pick one)") : tr("busy")).arg(settings.port));
    } else if (settings.port == 0) {
        settings.port = 29500;
    }
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    PreflightResult preflight;
    const SshOptions ssh = sshOptionsFor(settings);
    if (remote) {
        console.log(tr("catapult: pre-flight of %n host(s)", static_cast<int>(settings.hosts.size())));
        preflight = runPreflight(settings, ssh, [&](const QString& step) { console.log(QStringLiteral("catapult: ") + step); });
        for (const QString& line : preflight.report()) console.log(line);
        if (!preflight.ok()) {
            console.log(tr("catapult: not starting; pre-flight failed:"));
            for (const QString& p : preflight.problems()) console.log(QStringLiteral("    ") + p);
            return 2;
        }
        for (const HostPreflight& h : preflight.hosts) settings.hostCores.push_back(h.hardware ? h.hardware->cores : 1);
        QStringList names;
        for (const HostSpec& h : settings.hosts) names << QStringLiteral("%1 (%2)").arg(h.name).arg(h.slotCount);
        console.log(tr("catapult: %1 process(es) on %2 machines: %3; main process %4:%5")
                        .arg(settings.numProcesses).arg(settings.hosts.size())
                        .arg(names.join(QStringLiteral(", ")), settings.masterAddr).arg(settings.port));
    } else {
        if (settings.numMachines > 1)
            info(tr("catapult: machine %1 of %2 (ranks %3 to %4 of %5), main process %6:%7")
                     .arg(settings.machineRank).arg(settings.numMachines).arg(plan0Rank(settings))
                     .arg(plan0Rank(settings) + settings.numProcesses / settings.numMachines - 1).arg(settings.numProcesses)
                     .arg(settings.masterAddr).arg(settings.port));
        info(tr("catapult: %1 process(es), %2, run directory %3")
                        .arg(settings.numProcesses / std::max(1, settings.numMachines))
                        .arg(settings.useCpu ? tr("CPU") : tr("GPU if present"), settings.runDir));
    }
    info(tr("catapult: command: %1").arg(settings.program.join(' ')));
    JobOutcome outcome;
    int exitCode = runAttempt(settings, args, console, preflight, ssh, sinceLaunch, outcome);
    const QString firstRunDir = settings.runDir;
    for (int attempt = 1; !outcome.success && !outcome.cancelled && attempt <= settings.maxRestarts; ++attempt) {
        settings = restartOf(settings, firstRunDir, attempt);
        console.log(settings.resumeFrom.isEmpty()
                        ? tr("catapult: restart %1 of %2 from the start (no checkpoint was written), run directory %3")
                              .arg(attempt).arg(settings.maxRestarts).arg(settings.runDir)
                        : tr("catapult: restart %1 of %2 from the newest checkpoint of %3, run directory %4")
                              .arg(attempt).arg(settings.maxRestarts).arg(settings.resumeFrom, settings.runDir));
        if (settings.port > 0) settings.port = resolvePort(settings.port);
        exitCode = runAttempt(settings, args, console, preflight, ssh, sinceLaunch, outcome);
    }
    return exitCode;
}

}  // namespace catapult
