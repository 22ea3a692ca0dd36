#include "SlurmCommand.h"

#include <cstdio>

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include "CommandLine.h"
#include "CommandOutput.h"
#include "LaunchFacts.h"
#include "LaunchSettings.h"
#include "SlurmScript.h"

namespace catapult {
namespace {

using cli::tr;

// The Slurm job of `args` (launch flags, as for catapult launch --slurm), resolved as a launch would be.
Result<SlurmJobSpec> specOf(QStringList args) {
    const qsizetype dash = args.indexOf(QStringLiteral("--"));
    args.insert(dash < 0 ? args.size() : dash, QStringLiteral("--slurm"));
    auto parsed = parseLaunchArguments(args);
    if (!parsed.ok()) return parsed.status();
    auto settings = resolveLaunchSettings(parsed.value(), gatherLaunchFacts());
    if (!settings.ok()) return settings.status();
    SlurmJobSpec spec = *settings.value().slurm;
    setNodeArguments(spec, args);
    return spec;
}

Status writeScript(const QString& path, const QString& text) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit())
        return Status::error(tr("%1: cannot write: %2").arg(path, file.errorString()).toStdString());
    QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner);
    return Status::success();
}

}  // namespace

int runExportCommand(const QStringList& args) {
    const QString usage = tr("usage: catapult export slurm [launch flags] [--nodes N] [--partition P] [--time T] [--account A] "
                             "[--job_name NAME] [--output FILE] [-- PROGRAM ARGS...]");
    const QString second = args.value(1);
    if (args.value(0) == QLatin1String("slurm") && (second == QLatin1String("--help") || second == QLatin1String("-h"))) {
        cli::out(usage);
        return 0;
    }
    if (args.value(0) != QLatin1String("slurm")) return cli::fail(usage, 2);
    QMap<QString, QString> output;
    const QStringList rest = takeFlags(args.mid(1), {"output"}, {}, output);
    auto spec = specOf(rest);
    auto script = spec.ok() ? slurmScript(spec.value()) : Result<QString>(spec.status());
    if (!script.ok()) return cli::fail(QStringLiteral("catapult export slurm: ") + QString::fromStdString(script.status().message()), 2);
    // sbatch opens the job's output file in the run directory before the script runs: it must exist.
    if (!QDir().mkpath(spec.value().runDir))
        return cli::fail(tr("catapult export slurm: cannot make the run directory %1").arg(spec.value().runDir), 1);
    if (!output.contains("output")) {
        std::fputs(script.value().toUtf8().constData(), stdout);
        return 0;
    }
    if (Status s = writeScript(output.value("output"), script.value()); !s.ok()) return cli::fail(QString::fromStdString(s.message()), 1);
    cli::err(tr("catapult: wrote %1 (sbatch %1); run directory %2").arg(output.value("output"), spec.value().runDir));
    return 0;
}

}  // namespace catapult
