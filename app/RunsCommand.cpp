#include "RunsCommand.h"

#include <QMap>
#include <algorithm>
#include <QCoreApplication>
#include <cmath>
#include <cstdio>

#include "CommandFlags.h"
#include "CommandOutput.h"
#include "LaunchFacts.h"
#include "RunExport.h"
#include "RunSettings.h"
#include "RunStore.h"

namespace catapult {
namespace {

using cli::err;
using cli::out;
using cli::tr;

QString lossText(double loss) { return std::isfinite(loss) && loss != 0 ? QString::number(loss, 'f', 4) : QStringLiteral("-"); }

int fail(const QString& text) {
    err(text);
    return 1;
}

int listRuns(const RunStore& store) {
    const auto runs = store.listRuns();
    out(tr("%1 run(s) in %2").arg(runs.size()).arg(store.path()));
    out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
            .arg(tr("id"), -5).arg(tr("started"), -19).arg(tr("status"), -11).arg(tr("procs"), 5)
            .arg(tr("step"), 6).arg(tr("loss"), 8).arg(tr("name")));
    for (const RunRecord& r : runs) {
        out(QStringLiteral("%1  %2  %3  %4  %5  %6  %7")
                .arg(r.id, -5)
                .arg(r.startedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), -19)
                .arg(r.status, -11)
                .arg(r.numProcesses, 5)
                .arg(r.finalStep, 6)
                .arg(lossText(r.finalLoss), 8)
                .arg(r.name));
    }
    return 0;
}

int importRun(RunStore& store, const QString& dir) {
    auto imported = store.importRunDir(dir);
    if (!imported.ok()) return fail(QString::fromStdString(imported.status().message()));
    out(tr("catapult runs: imported %1 as run %2").arg(dir).arg(imported.value()));
    return 0;
}

int deleteRun(RunStore& store, const RunRecord& run) {
    if (Status s = store.deleteRun(run.id); !s.ok()) return fail(QString::fromStdString(s.message()));
    out(tr("catapult runs: deleted run %1 (its folder %2 is kept)").arg(run.id).arg(run.runDir));
    return 0;
}

int showRun(const RunStore& store, const RunRecord& run) {
    const RunSeries series = store.series(run.id);
    out(tr("Run %1: %2").arg(run.id).arg(run.name));
    out(tr("  status: %1, exit code %2%3").arg(run.status).arg(run.exitCode)
            .arg(run.failingRank >= 0 ? tr(", failing rank %1").arg(run.failingRank) : QString()));
    if (!run.message.isEmpty()) out(tr("  message: %1").arg(run.message));
    out(tr("  started: %1, ended: %2").arg(run.startedAt.toString(Qt::ISODate), run.endedAt.toString(Qt::ISODate)));
    out(tr("  folder: %1").arg(run.runDir));
    if (run.resumedFrom > 0) out(tr("  resumed from: run %1 (its newest checkpoint)").arg(run.resumedFrom));
    out(tr("  command: %1").arg(run.command));
    out(tr("  hosts: %1, processes: %2").arg(run.hosts).arg(run.numProcesses));
    out(tr("  config: %1").arg(run.configPath.isEmpty() ? tr("none (built-in defaults)") : run.configPath));
    out(tr("  steps recorded: %1, memory samples: %2, events: %3")
            .arg(series.steps.size()).arg(series.memory.size()).arg(series.events.size()));
    if (!series.scalars.isEmpty()) {
        QMap<QString, int> counts;  // a program's other series and evaluations, by name
        for (const ScalarPoint& p : series.scalars) ++counts[p.name];
        QStringList named;
        for (auto it = counts.begin(); it != counts.end(); ++it) named << QStringLiteral("%1 (%2)").arg(it.key()).arg(it.value());
        out(tr("  other series: %1").arg(named.join(QStringLiteral(", "))));
    }
    if (!series.steps.isEmpty()) {
        const StepPoint& first = series.steps.front();
        const StepPoint& last = series.steps.back();
        const QString loss = tr("  loss: %1 at step %2 -> %3 at step %4")
                                 .arg(lossText(first.loss)).arg(first.step).arg(lossText(last.loss)).arg(last.step);
        out(std::isfinite(last.tokensPerSecond) ? tr("%1, %2 tokens/s").arg(loss).arg(last.tokensPerSecond, 0, 'f', 0) : loss);
    }
    for (const RunEvent& e : series.events)
        out(QStringLiteral("  [%1 s] %2 (rank %3) %4").arg(e.time, 0, 'f', 1).arg(e.type).arg(e.rank).arg(e.message));
    if (!run.configYaml.isEmpty()) out(tr("  config YAML:\n%1").arg(run.configYaml.trimmed()));
    return 0;
}

int exportRun(const RunRecord& run, const CommandFlags& flags) {
    if (flags.value("to").trimmed().isEmpty()) return fail(tr("catapult runs export: say where with --to DIR (a new or empty folder)"));
    auto found = findRunExport(run.runDir);
    if (!found.ok()) return fail(tr("catapult runs export: run %1: %2").arg(run.id).arg(QString::fromStdString(found.status().message())));
    const bool merged = flags.isSet("merged");
    if (Status s = copyRunExport(found.value(), flags.value("to"), merged, workerPath()); !s.ok())
        return fail(tr("catapult runs export: run %1: %2").arg(run.id).arg(QString::fromStdString(s.message())));
    out(merged ? tr("catapult runs export: run %1's merged model is in %2").arg(run.id).arg(flags.value("to"))
               : tr("catapult runs export: run %1's %2 is in %3").arg(run.id)
                     .arg(found.value().format == RunExport::Format::PeftAdapter ? tr("adapter") : tr("model"), flags.value("to")));
    return 0;
}

// The settings of the runs side by side, a row per setting (by default only those that
// differ), each column as wide as its longest value.
int compareRuns(const QList<RunRecord>& runs, bool all) {
    QList<QStringList> table = {{tr("setting")}};
    for (const RunRecord& r : runs) table.front() << tr("run %1").arg(r.id);
    int same = 0;
    for (const ComparedSetting& row : compareSettings(runs)) {
        if (!all && !row.differs()) {
            ++same;
            continue;
        }
        QStringList line = {row.group + QLatin1Char(' ') + row.name};
        for (const QString& v : row.values) line << (v.isEmpty() ? QStringLiteral("-") : v);
        table << line;
    }
    QList<qsizetype> widths(table.front().size(), 0);
    for (const QStringList& line : table)
        for (qsizetype c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], line[c].size());
    for (const QStringList& line : table) {
        QString text;
        for (qsizetype c = 0; c < line.size(); ++c) text += (c ? QStringLiteral("  ") : QString()) + line[c].leftJustified(widths[c]);
        out(text.trimmed());
    }
    if (same > 0) out(tr("(%1 setting(s) the same in every run not shown; --all shows them)").arg(same));
    return 0;
}

int compareCommand(const RunStore& store, const QStringList& ids, bool all) {
    QList<RunRecord> runs;
    for (const QString& id : ids) {
        bool ok = false;
        const auto run = store.run(id.toLongLong(&ok));
        if (!ok || !run) return fail(tr("catapult runs compare: there is no run %1 in %2").arg(id, store.path()));
        if (std::any_of(runs.begin(), runs.end(), [&](const RunRecord& r) { return r.id == run->id; }))
            return fail(tr("catapult runs compare: run %1 is named twice").arg(run->id));
        runs << *run;
    }
    if (runs.size() < 2) return fail(tr("catapult runs compare: name two runs or more"));
    return compareRuns(runs, all);
}

// The action named first on the command line; -1 when there is none such (the usage is due).
int runAction(RunStore& store, const QStringList& args, const CommandFlags& flags) {
    const QString action = args.value(0, QStringLiteral("list"));
    if (action == QLatin1String("list")) return listRuns(store);
    if (action == QLatin1String("import")) return importRun(store, args.value(1));
    if (action == QLatin1String("compare")) return compareCommand(store, args.mid(1), flags.isSet("all"));
    bool ok = false;
    const qint64 id = args.value(1).toLongLong(&ok);
    if (!ok || !QStringList{"show", "delete", "export"}.contains(action)) return -1;
    const auto run = store.run(id);
    if (!run) return fail(tr("catapult runs: there is no run %1 in %2").arg(id).arg(store.path()));
    if (action == QLatin1String("export")) return exportRun(*run, flags);
    return action == QLatin1String("delete") ? deleteRun(store, *run) : showRun(store, *run);
}

}  // namespace

int runRunsCommand(const QStringList& input) {
    CommandFlags flags({{"store", "PATH", tr("the run store (default: the app's)")},
                        {"to", "DIR", tr("export: the new or empty folder the model goes to")},
                        {"merged", "", tr("export: a LoRA run's model with the adapter merged in")},
                        {"all", "", tr("compare: every setting, not only those that differ")},
                        {"help", "", QString(), "h"}},
                       CommandFlags::Positionals::Interleaved);
    const QString usage = tr("usage: catapult runs [list] | show ID | import DIR | delete ID | export ID --to DIR [--merged] |"
                             " compare ID ID... [--all]   [--store PATH]");
    if (Status s = flags.parse(input); !s.ok()) return cli::fail(QString::fromStdString(s.message()) + QLatin1Char('\n') + usage, 2);
    if (flags.isSet("help")) {
        out(usage + QLatin1Char('\n') + flags.usageLines().chopped(1));
        return 0;
    }
    const QStringList args = flags.positional();
    auto opened = RunStore::open(flags.isSet("store") ? flags.value("store") : RunStore::defaultPath());
    if (!opened.ok()) return fail(QString::fromStdString(opened.status().message()));
    RunStore& store = *opened.value();
    if (auto r = store.recoverInterrupted(); r.ok() && r.value() > 0)
        out(tr("catapult runs: recovered %1 run(s) whose recording process had ended").arg(r.value()));
    const int done = runAction(store, args, flags);
    if (done >= 0) return done;
    err(usage);
    return 2;
}

}  // namespace catapult
