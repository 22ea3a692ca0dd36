#include "LaunchCommand.h"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <map>
#include <memory>

#include "CommandOutput.h"
#include "JobFile.h"
#include "LaunchPlan.h"
#include "LaunchSession.h"
#include "ProgressLine.h"
#include "RunStore.h"

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

SshOptions sshOptionsFor(bool acceptNewHostKeys, const QString& knownHostsFile) {
    SshOptions o;
    // The command line never asks: unknown host keys need --accept_new_host_keys, keys with a
    // passphrase need ssh-agent (the desktop app asks for both).
    o.hostKeyPolicy = acceptNewHostKeys ? HostKeyPolicy::AcceptNew : HostKeyPolicy::Strict;
    o.knownHostsFile = knownHostsFile;
    return o;
}

// How an attempt ended, on the console.
void printOutcome(Console& console, const LaunchSession& session, const JobOutcome& o, double stopSeconds) {
    console.endProgress();
    if (o.success) {
        console.log(tr("catapult: job finished successfully"));
    } else if (o.failingRank >= 0) {
        QString msg = tr("catapult: job failed: %1").arg(o.reason);
        if (!o.errorMessage.isEmpty()) msg += QStringLiteral(": ") + o.errorMessage;
        console.log(msg);
        if (!o.lastLines.isEmpty()) {
            console.log(tr("catapult: last lines of %1:").arg(session.rankLabel(o.failingRank)));
            for (const QString& line : o.lastLines) console.log(QStringLiteral("    ") + line);
        }
        console.log(session.settings().hosts.empty()
                        ? tr("catapult: the other ranks were stopped")
                        : tr("catapult: every other rank on every host was stopped (%1 s)").arg(stopSeconds, 0, 'f', 1));
    } else if (o.cancelled) {
        console.log(tr("catapult: job cancelled; every rank stopped"));
    }
    if (session.recorder() && session.recorder()->runId() > 0)
        console.log(tr("catapult: recorded as run %1 (catapult runs show %1)").arg(session.recorder()->runId()));
}

// The session's lines on the console: rank output prefixed with its rank (and host), the
// launcher's notices after "catapult: ", a live progress line; --log_dir files per rank.
void showOnConsole(LaunchSession& session, Console& console, std::unique_ptr<RankLogFiles>& rankLogs, ProgressLine& progress) {
    QObject::connect(&session, &LaunchSession::notice, [&](const QString& line, LaunchSession::Notice kind) {
        if (kind == LaunchSession::Notice::Always || !session.settings().quiet) console.log(QStringLiteral("catapult: ") + line);
    });
    QObject::connect(&session, &LaunchSession::preflightProgress, [&](const QString& step) { console.log(QStringLiteral("catapult: ") + step); });
    QObject::connect(&session, &LaunchSession::started, [&] {
        progress = ProgressLine();
        rankLogs = std::make_unique<RankLogFiles>(session.settings().logDir, session.plan());
    });
    QObject::connect(&session, &LaunchSession::logLine, [&](int rank, const QString& line) {
        const RankLaunch& r = session.plan().ranks[rank];
        rankLogs->write(r.rank, line);
        if (r.host >= 0) console.log(QStringLiteral("[%1 rank %2] %3").arg(session.settings().hosts[r.host].name).arg(rank).arg(line));
        else console.log(QStringLiteral("[rank %1] %2").arg(r.rank).arg(line));
    });
    QObject::connect(&session, &LaunchSession::eventLine, [&](int rank, const QString& text) {
        console.log(QStringLiteral("[rank %1] %2").arg(rank).arg(text));
    });
    QObject::connect(&session, &LaunchSession::metricsReceived, [&](int rank, const QJsonObject& m) {
        rankLogs->write(session.plan().ranks[rank].rank, m);
        if (progress.update(m)) console.progress(progress.text());
    });
    auto sinceStop = std::make_shared<QElapsedTimer>();
    QObject::connect(&session, &LaunchSession::stopping, [sinceStop] { sinceStop->start(); });
    QObject::connect(&session, &LaunchSession::attemptFinished, [&, sinceStop](const JobOutcome& o) {
        printOutcome(console, session, o, sinceStop->isValid() ? sinceStop->elapsed() / 1000.0 : 0.0);
        sinceStop->invalidate();
    });
}

QString interruptNotice() { return tr("catapult: stopping every rank (press Ctrl-C again to kill at once)"); }

// Ctrl-C (and SIGTERM, SIGHUP): a graceful stop of every rank, a second one kills them.
class InterruptHandler {
public:
    explicit InterruptHandler(LaunchSession& session, Console& console) {
        ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe);
        m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, [this, &session, &console] {
            char c;
            [[maybe_unused]] auto n = ::read(g_signalPipe[0], &c, 1);
            if (++m_interrupts == 1) {
                console.log(interruptNotice());
                session.stop();
            } else {
                session.kill();
            }
        });
        struct sigaction sa {};
        sa.sa_handler = onSignal;
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
    }
    ~InterruptHandler() {
        m_notifier.reset();
        ::close(g_signalPipe[0]);
        ::close(g_signalPipe[1]);
    }

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_interrupts = 0;
};

}  // namespace

int runLaunchCommand(const QStringList& given) {
    auto expanded = expandJobFile(given);  // --job FILE: the saved job's arguments
    if (!expanded.ok()) return cli::fail(QStringLiteral("catapult launch: ") + QString::fromStdString(expanded.status().message()), 2);
    const QStringList& args = expanded.value();
    auto parsed = parseLaunchArguments(args);
    if (!parsed.ok()) return cli::fail(QStringLiteral("catapult launch: ") + QString::fromStdString(parsed.status().message()), 2);
    std::unique_ptr<RunStore> store;  // the run history: a store problem never stops the job (metrics.jsonl keeps everything)
    QString storeProblem;
    if (auto opened = RunStore::open(RunStore::defaultPath()); opened.ok()) store = std::move(opened.value());
    else storeProblem = QString::fromStdString(opened.status().message());
    LaunchSession session(store.get());
    Console console;
    std::unique_ptr<RankLogFiles> rankLogs;
    ProgressLine progress;
    showOnConsole(session, console, rankLogs, progress);
    int exitCode = 0;
    QObject::connect(&session, &LaunchSession::finished, [&](const JobOutcome& o) {
        exitCode = o.exitCode;
        QCoreApplication::exit(0);
    });
    session.setSshOptions(sshOptionsFor(parsed.value().acceptNewHostKeys, parsed.value().knownHostsFile.value_or(QString())));
    if (!storeProblem.isEmpty()) console.log(tr("catapult: run history unavailable: %1").arg(storeProblem));
    const Status started = session.start(LaunchRequest{parsed.value(), args, QString()});
    if (!started.ok()) return cli::fail(QStringLiteral("catapult launch: ") + QString::fromStdString(started.message()), 2);
    InterruptHandler interrupts(session, console);
    QCoreApplication::exec();
    return exitCode;
}

}  // namespace catapult
