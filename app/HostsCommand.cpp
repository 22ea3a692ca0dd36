#include "HostsCommand.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <cstdio>

#include "CommandFlags.h"
#include "CommandOutput.h"
#include "HostFile.h"
#include "SshConfig.h"
#include "LaunchFacts.h"
#include "Preflight.h"
#include "RunStore.h"

namespace catapult {
namespace {

using cli::out;
using cli::tr;
int fail(const QString& text) { return cli::fail(text, 1); }

std::vector<CommandFlag> hostsFlags() {
    return {{"store", "PATH", tr("the run store that keeps the list (default: the app's)")},
            {"cpu", {}, tr("check: the job runs on the CPU (no GPU check)")},
            {"accept_new_host_keys", {}, tr("check: record unknown host keys (OpenSSH's accept-new)")},
            {"known_hosts", "FILE", tr("check: the known_hosts file (default ~/.ssh/known_hosts)")},
            {"main_process_port", "P", tr("check: the port the main process will listen on (default 29500)")}};
}

// Adds `more` after `hosts`; names must stay unique.
Status append(std::vector<HostSpec>& hosts, const std::vector<HostSpec>& more) {
    for (const HostSpec& h : more) {
        for (const HostSpec& existing : hosts)
            if (existing.name == h.name)
                return Status::error(tr("A host named %1 is already in the list (catapult hosts edit %1 changes it).")
                                         .arg(h.name).toStdString());
        hosts.push_back(h);
    }
    return Status::success();
}

int check(const std::vector<HostSpec>& hosts, const CommandFlags& flags) {
    LaunchSettings s;
    s.hosts = hosts;
    s.useCpu = flags.isSet("cpu");
    s.acceptNewHostKeys = flags.isSet("accept_new_host_keys");
    s.knownHostsFile = flags.value("known_hosts");
    s.port = flags.isSet("main_process_port") ? flags.value("main_process_port").toInt() : 29500;
    s.masterAddr = hosts.front().reachableAddress();
    s.builtinRecipe = true;
    s.program = {workerPath(), QStringLiteral("train")};
    for (const HostSpec& h : hosts) s.numProcesses += h.slotCount;
    SshOptions o;
    o.hostKeyPolicy = s.acceptNewHostKeys ? HostKeyPolicy::AcceptNew : HostKeyPolicy::Strict;
    o.knownHostsFile = s.knownHostsFile;
    const PreflightResult r = runPreflight(s, o, [](const QString& step) { out(QStringLiteral("catapult: ") + step); });
    for (const QString& line : r.report()) out(line);
    if (r.ok()) {
        out(tr("catapult: every host is ready"));
        return 0;
    }
    out(tr("catapult: not ready:"));
    for (const QString& p : r.problems()) out(QStringLiteral("    ") + p);
    return 1;
}

}  // namespace

int runHostsCommand(const QStringList& input) {
    CommandFlags flags(hostsFlags(), CommandFlags::Positionals::Interleaved);
    if (Status st = flags.parse(input); !st.ok())
        return fail(QStringLiteral("catapult hosts: %1\n").arg(QString::fromStdString(st.message())) + flags.usageLines().chopped(1));
    const QStringList args = flags.positional();
    const QString storePath = flags.isSet("store") ? flags.value("store") : RunStore::defaultPath();
    auto opened = RunStore::open(storePath);
    if (!opened.ok()) return fail(QString::fromStdString(opened.status().message()));
    RunStore& store = *opened.value();
    std::vector<HostSpec> hosts = store.hosts();
    const QString action = args.value(0, QStringLiteral("list"));
    const auto save = [&]() {
        if (Status st = store.saveHosts(hosts); !st.ok()) return fail(QString::fromStdString(st.message()));
        out(tr("%1 host(s) in %2").arg(hosts.size()).arg(storePath));
        return 0;
    };
    if (action == QLatin1String("list")) {
        if (hosts.empty()) {
            out(tr("No hosts yet: catapult hosts add NAME slots=N address=... (or import a hostfile)."));
            return 0;
        }
        for (std::size_t i = 0; i < hosts.size(); ++i)
            out(QStringLiteral("%1  %2").arg(i).arg(formatHostFile({hosts[i]}).trimmed()));
        return 0;
    }
    if (action == QLatin1String("add") || action == QLatin1String("edit")) {
        const QString name = args.value(1);
        if (name.isEmpty()) return fail(tr("catapult hosts %1 needs a host name.").arg(action));
        auto it = std::find_if(hosts.begin(), hosts.end(), [&](const HostSpec& h) { return h.name == name; });
        if (action == QLatin1String("edit") && it == hosts.end()) return fail(tr("No host named %1.").arg(name));
        if (action == QLatin1String("add") && it != hosts.end())
            return fail(tr("A host named %1 is already in the list (catapult hosts edit %1 changes it).").arg(name));
        // The old line (or NAME slots=1) with the new fields after it: a later field wins.
        QString line = it == hosts.end() ? name + QStringLiteral(" slots=1") : formatHostFile({*it}).trimmed();
        for (const QString& f : args.mid(2)) {
            if (f.startsWith(QLatin1String("slots="))) line.replace(QRegularExpression(QStringLiteral(" slots=\\S+")), ' ' + f);
            else line += ' ' + f;
        }
        auto parsed = parseHostFile(line, QStringLiteral("catapult hosts %1").arg(action));
        if (!parsed.ok()) return fail(QString::fromStdString(parsed.status().message()));
        if (it == hosts.end()) hosts.push_back(parsed.value().front());
        else *it = parsed.value().front();
        return save();
    }
    if (action == QLatin1String("remove")) {
        const auto before = hosts.size();
        std::erase_if(hosts, [&](const HostSpec& h) { return h.name == args.value(1); });
        if (hosts.size() == before) return fail(tr("No host named %1.").arg(args.value(1)));
        return save();
    }
    if (action == QLatin1String("import")) {
        auto read = readHostFile(args.value(1));
        if (!read.ok()) return fail(QString::fromStdString(read.status().message()));
        if (Status st = append(hosts, read.value()); !st.ok()) return fail(QString::fromStdString(st.message()));
        return save();
    }
    if (action == QLatin1String("import-ssh-config")) {
        const QString path = args.value(1, defaultSshConfigPath());
        auto imported = importSshConfig(path);
        if (!imported.ok()) return fail(QString::fromStdString(imported.status().message()));
        std::vector<HostSpec> entries = imported.value();
        std::erase_if(entries, [&](const HostSpec& e) {
            return std::any_of(hosts.begin(), hosts.end(), [&](const HostSpec& h) { return h.name == e.name; });
        });
        hosts.insert(hosts.end(), entries.begin(), entries.end());
        out(tr("Imported %1 Host entr(ies) from %2.").arg(entries.size()).arg(path));
        return save();
    }
    if (action == QLatin1String("export")) {
        QSaveFile file(args.value(1));
        if (args.value(1).isEmpty() || !file.open(QIODevice::WriteOnly)) return fail(tr("catapult hosts export needs a file it can write."));
        file.write(formatHostFile(hosts).toUtf8());
        if (!file.commit()) return fail(tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
        out(tr("Wrote %1 host(s) to %2 (use it with catapult launch --hosts %2).").arg(hosts.size()).arg(file.fileName()));
        return 0;
    }
    if (action == QLatin1String("check")) {
        if (hosts.empty()) return fail(tr("No hosts to check."));
        return check(hosts, flags);
    }
    return fail(tr("Unknown action '%1'. Use list, add, edit, remove, import, import-ssh-config, export or check.").arg(action));
}

}  // namespace catapult
