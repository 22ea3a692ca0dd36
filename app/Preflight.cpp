#include "Preflight.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QThread>

#include "CommandOutput.h"
#include "RemoteCommand.h"

namespace catapult {
namespace {

using cli::tr;

constexpr qint64 kMinimumFreeDisk = 256LL << 20;

void add(HostPreflight& h, const char* name, bool ok, const QString& detail) {
    h.checks.push_back(PreflightCheck{QString::fromLatin1(name), ok, detail});
}

QString firstLine(const QByteArray& text) {
    const QString s = QString::fromUtf8(text).trimmed();
    return s.section('\n', -1).trimmed();
}

// Checks the working directory and that the programs exist on the host.
void checkTools(HostPreflight& h, SshSession& s, const LaunchSettings& settings) {
    QStringList programs{QStringLiteral("setsid"), QStringLiteral("sh"), h.host.worker()};
    if (!settings.builtinRecipe && !settings.program.isEmpty()) programs << settings.program.front();
    programs.removeDuplicates();
    auto run = s.run(toolsCheckCommand(h.host.workDir, programs), 30000);
    if (!run.ok()) {
        add(h, "programs", false, QString::fromStdString(run.status().message()));
        return;
    }
    const QStringList lines = QString::fromUtf8(run.value().out).split('\n', Qt::SkipEmptyParts);
    const QString dir = h.host.workDir.isEmpty() ? tr("the login directory") : h.host.workDir;
    if (lines.contains(QStringLiteral("nodir")))
        add(h, "directory", false, tr("working directory %1 does not exist").arg(dir));
    else if (lines.contains(QStringLiteral("readonly")))
        add(h, "directory", false, tr("working directory %1 is not writable").arg(dir));
    else
        add(h, "directory", true, dir);
    QStringList missing;
    for (const QString& line : lines)
        if (line.startsWith(QLatin1String("missing "))) missing << line.mid(8);
    if (missing.isEmpty()) add(h, "programs", true, programs.join(QStringLiteral(", ")));
    else add(h, "programs", false, tr("not found on this host: %1").arg(missing.join(QStringLiteral(", "))));
}

void checkProbe(HostPreflight& h, SshSession& s, const LaunchSettings& settings) {
    auto run = s.run(workerCommand(h.host.worker(), h.host.workDir, {QStringLiteral("probe"), QStringLiteral("--disk_path"), QStringLiteral(".")}), 60000);
    if (!run.ok() || run.value().exitCode != 0) {
        const QString why = run.ok() ? tr("exit %1: %2").arg(run.value().exitCode).arg(firstLine(run.value().err + run.value().out))
                                     : QString::fromStdString(run.status().message());
        add(h, "probe", false, tr("%1 probe failed: %2").arg(h.host.worker(), why));
        return;
    }
    auto report = HardwareReport::fromJson(run.value().out);
    if (!report.ok()) {
        add(h, "probe", false, QString::fromStdString(report.status().message()));
        return;
    }
    h.hardware = report.value();
    h.catapultVersion = h.hardware->json.value("catapult_version").toString();
    add(h, "probe", true, tr("%1, %2 cores, %3 RAM, %n GPU(s)", static_cast<int>(h.hardware->gpus.size()))
                              .arg(h.hardware->hostname).arg(h.hardware->cores).arg(formatByteSize(h.hardware->ramTotalBytes)));
    const int gpus = static_cast<int>(h.hardware->gpus.size());
    if (!settings.useCpu) {
        if (gpus < h.host.slotCount)
            add(h, "gpus", false, tr("%1 process(es) with a GPU each were asked for, but the host has %2 GPU(s) (%3)")
                                      .arg(h.host.slotCount).arg(gpus).arg(h.hardware->gpus.isEmpty() ? h.hardware->gpuNote() : tr("probe found them")));
        else
            add(h, "gpus", true, tr("%1 of %2 GPU(s) used").arg(h.host.slotCount).arg(gpus));
    }
    const qint64 free = h.hardware->diskFreeBytes;
    add(h, "disk", free >= kMinimumFreeDisk,
        free >= kMinimumFreeDisk ? tr("%1 free").arg(formatByteSize(free))
                                 : tr("only %1 free in the working directory").arg(formatByteSize(free)));
}

// Versions that must agree for ranks to work together: Catapult's worker, LibTorch, and NCCL on GPU.
void checkVersions(std::vector<HostPreflight>& hosts, bool useCpu) {
    const HostPreflight* reference = nullptr;
    for (const auto& h : hosts)
        if (h.hardware) {
            reference = &h;
            break;
        }
    if (!reference) return;
    const auto versions = [&](const HostPreflight& h) {
        QStringList v{QStringLiteral("catapult %1").arg(h.catapultVersion), QStringLiteral("libtorch %1").arg(h.hardware->libtorchVersion)};
        if (!useCpu) v << QStringLiteral("nccl %1").arg(h.hardware->ncclVersion);
        return v;
    };
    const QStringList expected = versions(*reference);
    for (auto& h : hosts) {
        if (!h.hardware) continue;
        const QStringList mine = versions(h);
        if (mine == expected) add(h, "versions", true, mine.join(QStringLiteral(", ")));
        else
            add(h, "versions", false, tr("%1 here, but %2 on %3").arg(mine.join(QStringLiteral(", ")), expected.join(QStringLiteral(", ")), reference->host.name));
    }
}

void checkPort(PreflightResult& r, const LaunchSettings& settings) {
    HostPreflight& main = r.hosts.front();
    SshSession* mainSession = r.sessions.front().get();
    const int others = static_cast<int>(r.hosts.size()) - 1;
    const QString port = QString::number(settings.port);
    const QString listen = workerCommand(main.host.worker(), main.host.workDir,
                                         {QStringLiteral("netcheck"), QStringLiteral("listen"), QStringLiteral("--port"), port,
                                          QStringLiteral("--expect"), QString::number(others), QStringLiteral("--timeout_s"),
                                          QStringLiteral("20")});
    auto channel = mainSession->start(listen);
    if (!channel.ok()) {
        add(main, "port", false, QString::fromStdString(channel.status().message()));
        return;
    }
    QByteArray out, err;
    QElapsedTimer waited;
    waited.start();
    while (!out.contains("\"listening\"") && !channel.value()->atEnd() && waited.elapsed() < 20000) {
        if (!channel.value()->read(out, err).ok()) break;
        QThread::msleep(10);
    }
    if (!out.contains("\"listening\"")) {
        const QJsonObject e = QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
        add(main, "port", false, e.value("message").toString(tr("cannot listen on port %1: %2").arg(port, firstLine(err))));
        return;
    }
    add(main, "port", true, tr("port %1 is free").arg(port));
    for (std::size_t i = 1; i < r.hosts.size(); ++i) {
        HostPreflight& h = r.hosts[i];
        if (!r.sessions[i]) continue;
        auto run = r.sessions[i]->run(workerCommand(h.host.worker(), h.host.workDir,
                                                    {QStringLiteral("netcheck"), QStringLiteral("connect"), QStringLiteral("--host"),
                                                     settings.masterAddr, QStringLiteral("--port"), port,
                                                     QStringLiteral("--timeout_s"), QStringLiteral("5")}),
                                      15000);
        const QByteArray reply = run.ok() ? run.value().out.trimmed() : QByteArray();
        const QJsonObject o = QJsonDocument::fromJson(reply.split('\n').last()).object();
        if (run.ok() && run.value().exitCode == 0)
            add(h, "port", true, tr("reaches %1:%2").arg(settings.masterAddr, port));
        else
            add(h, "port", false, tr("cannot reach the main process address %1:%2 (%3)")
                                      .arg(settings.masterAddr, port,
                                           run.ok() ? o.value("message").toString(firstLine(run.value().err)) : QString::fromStdString(run.status().message())));
    }
    while (!channel.value()->atEnd() && waited.elapsed() < 25000) {
        if (!channel.value()->read(out, err).ok()) break;
        QThread::msleep(10);
    }
}

QStringList reportLines(const PreflightResult& r) {
    QStringList lines;
    for (std::size_t i = 0; i < r.hosts.size(); ++i) {
        const HostPreflight& h = r.hosts[i];
        lines << tr("host %1 (machine rank %2, %n process(es)): %3", h.host.slotCount)
                     .arg(h.label)
                     .arg(i)
                     .arg(h.ok() ? tr("ready") : tr("NOT READY"));
        for (const auto& c : h.checks)
            lines << QStringLiteral("    %1 %2: %3").arg(c.ok ? QStringLiteral("ok  ") : QStringLiteral("FAIL"), c.name, c.detail);
    }
    return lines;
}

}  // namespace

bool HostPreflight::ok() const {
    for (const auto& c : checks)
        if (!c.ok) return false;
    return true;
}

QStringList HostPreflight::problems() const {
    QStringList out;
    for (const auto& c : checks)
        if (!c.ok) out << QStringLiteral("%1: %2: %3").arg(host.name, c.name, c.detail);
    return out;
}

bool PreflightResult::ok() const {
    for (const auto& h : hosts)
        if (!h.ok()) return false;
    return !hosts.empty();
}

QStringList PreflightResult::problems() const {
    QStringList out;
    for (const auto& h : hosts) out << h.problems();
    return out;
}

QStringList PreflightResult::report() const { return reportLines(*this); }

PreflightResult runPreflight(const LaunchSettings& settings, const SshOptions& options,
                             const std::function<void(const QString&)>& progress) {
    PreflightResult r;
    for (const HostSpec& host : settings.hosts) {
        HostPreflight h;
        h.host = host;
        h.label = host.name;
        if (progress) progress(tr("connecting to %1").arg(host.name));
        auto session = SshSession::open(host, options);
        if (!session.ok()) {
            add(h, "connect", false, QString::fromStdString(session.status().message()));
            r.hosts.push_back(h);
            r.sessions.push_back(nullptr);
            continue;
        }
        h.label = session.value()->label();
        add(h, "connect", true, tr("logged in with %1").arg(session.value()->authMethod()));
        if (progress) progress(tr("checking %1").arg(host.name));
        checkTools(h, *session.value(), settings);
        checkProbe(h, *session.value(), settings);
        r.hosts.push_back(h);
        r.sessions.push_back(std::move(session.value()));
    }
    checkVersions(r.hosts, settings.useCpu);
    if (!r.hosts.empty() && r.sessions.front() && r.hosts.front().ok()) checkPort(r, settings);
    return r;
}

}  // namespace catapult
