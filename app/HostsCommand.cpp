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

// One `catapult hosts` call: the list as stored, the words after the action, and the store.
struct HostsCall {
    RunStore& store;
    QString storePath;
    std::vector<HostSpec> hosts;
    QStringList args;  // args[0] is the action
    const CommandFlags& flags;
};

int save(HostsCall& c) {
    if (Status st = c.store.saveHosts(c.hosts); !st.ok()) return fail(QString::fromStdString(st.message()));
    out(tr("%1 host(s) in %2").arg(c.hosts.size()).arg(c.storePath));
    return 0;
}

int listHosts(HostsCall& c) {
    if (c.hosts.empty()) {
        out(tr("No hosts yet: catapult hosts add NAME slots=N address=... (or import a hostfile)."));
        return 0;
    }
    for (std::size_t i = 0; i < c.hosts.size(); ++i) out(QStringLiteral("%1  %2").arg(i).arg(formatHostFile({c.hosts[i]}).trimmed()));
    return 0;
}

int addOrEditHost(HostsCall& c) {
    const QString action = c.args.value(0), name = c.args.value(1);
    if (name.isEmpty()) return fail(tr("catapult hosts %1 needs a host name.").arg(action));
    auto it = std::find_if(c.hosts.begin(), c.hosts.end(), [&](const HostSpec& h) { return h.name == name; });
    if (action == QLatin1String("edit") && it == c.hosts.end()) return fail(tr("No host named %1.").arg(name));
    if (action == QLatin1String("add") && it != c.hosts.end())
        return fail(tr("A host named %1 is already in the list (catapult hosts edit %1 changes it).").arg(name));
    // The old line (or NAME slots=1) with the new fields after it: a later field wins.
    QString line = it == c.hosts.end() ? name + QStringLiteral(" slots=1") : formatHostFile({*it}).trimmed();
    for (const QString& f : c.args.mid(2)) {
        if (f.startsWith(QLatin1String("slots="))) line.replace(QRegularExpression(QStringLiteral(" slots=\\S+")), ' ' + f);
        else line += ' ' + f;
    }
    auto parsed = parseHostFile(line, QStringLiteral("catapult hosts %1").arg(action));
    if (!parsed.ok()) return fail(QString::fromStdString(parsed.status().message()));
    if (it == c.hosts.end()) c.hosts.push_back(parsed.value().front());
    else *it = parsed.value().front();
    return save(c);
}

int removeHost(HostsCall& c) {
    const auto before = c.hosts.size();
    std::erase_if(c.hosts, [&](const HostSpec& h) { return h.name == c.args.value(1); });
    if (c.hosts.size() == before) return fail(tr("No host named %1.").arg(c.args.value(1)));
    return save(c);
}

int importHostFile(HostsCall& c) {
    auto read = readHostFile(c.args.value(1));
    if (!read.ok()) return fail(QString::fromStdString(read.status().message()));
    if (Status st = append(c.hosts, read.value()); !st.ok()) return fail(QString::fromStdString(st.message()));
    return save(c);
}

int importSshConfigHosts(HostsCall& c) {
    const QString path = c.args.value(1, defaultSshConfigPath());
    auto imported = importSshConfig(path);
    if (!imported.ok()) return fail(QString::fromStdString(imported.status().message()));
    std::vector<HostSpec> entries = imported.value();
    std::erase_if(entries, [&](const HostSpec& e) {
        return std::any_of(c.hosts.begin(), c.hosts.end(), [&](const HostSpec& h) { return h.name == e.name; });
    });
    c.hosts.insert(c.hosts.end(), entries.begin(), entries.end());
    out(tr("Imported %1 Host entr(ies) from %2.").arg(entries.size()).arg(path));
    return save(c);
}

int exportHosts(HostsCall& c) {
    QSaveFile file(c.args.value(1));
    if (c.args.value(1).isEmpty() || !file.open(QIODevice::WriteOnly)) return fail(tr("catapult hosts export needs a file it can write."));
    file.write(formatHostFile(c.hosts).toUtf8());
    if (!file.commit()) return fail(tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    out(tr("Wrote %1 host(s) to %2 (use it with catapult launch --hosts %2).").arg(c.hosts.size()).arg(file.fileName()));
    return 0;
}

int checkHosts(HostsCall& c) {
    if (c.hosts.empty()) return fail(tr("No hosts to check."));
    return check(c.hosts, c.flags);
}

}  // namespace

int runHostsCommand(const QStringList& input) {
    CommandFlags flags(hostsFlags(), CommandFlags::Positionals::Interleaved);
    if (Status st = flags.parse(input); !st.ok())
        return fail(QStringLiteral("catapult hosts: %1\n").arg(QString::fromStdString(st.message())) + flags.usageLines().chopped(1));
    QStringList args = flags.positional();
    if (args.isEmpty()) args << QStringLiteral("list");
    const QString storePath = flags.isSet("store") ? flags.value("store") : RunStore::defaultPath();
    auto opened = RunStore::open(storePath);
    if (!opened.ok()) return fail(QString::fromStdString(opened.status().message()));
    HostsCall call{*opened.value(), storePath, opened.value()->hosts(), args, flags};
    static const std::pair<const char*, int (*)(HostsCall&)> actions[] = {
        {"list", listHosts},     {"add", addOrEditHost},           {"edit", addOrEditHost}, {"remove", removeHost},
        {"import", importHostFile}, {"import-ssh-config", importSshConfigHosts}, {"export", exportHosts}, {"check", checkHosts}};
    for (const auto& [name, run] : actions)
        if (args.front() == QLatin1String(name)) return run(call);
    return fail(tr("Unknown action '%1'. Use list, add, edit, remove, import, import-ssh-config, export or check.").arg(args.front()));
}

}  // namespace catapult
