#include "JobFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include "CommandLine.h"

namespace catapult {
namespace {

constexpr int kVersion = 1;

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

// The words before "--" and after it (the program), "--" itself dropped.
std::pair<QStringList, QStringList> splitProgram(const QStringList& args) {
    const qsizetype dash = args.indexOf(QStringLiteral("--"));
    if (dash < 0) return {args, {}};
    return {args.mid(0, dash), args.mid(dash + 1)};
}

}  // namespace

Status writeJobFile(const QString& path, const QStringList& launchArgs) {
    QMap<QString, QString> config;
    const QStringList rest = takeFlags(launchArgs, {"config_file"}, {}, config);
    const QDir folder = QFileInfo(path).absoluteDir();
    QString configPath = config.value("config_file");
    if (!configPath.isEmpty()) {
        const QString relative = folder.relativeFilePath(QFileInfo(configPath).absoluteFilePath());
        if (!relative.startsWith(QLatin1String(".."))) configPath = relative;
    }
    const QJsonObject job{{"catapult_job", kVersion},
                          {"config_file", configPath.isEmpty() ? QJsonValue() : QJsonValue(configPath)},
                          {"launch", QJsonArray::fromStringList(rest)},
                          {"command", launchCommandLine(launchArgs)}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(job).toJson()) < 0 || !file.commit())
        return Status::error(tr("%1: cannot write the job file: %2").arg(path, file.errorString()).toStdString());
    return Status::success();
}

Result<QStringList> readJobFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return Status::error(tr("%1: cannot read the job file: %2").arg(path, file.errorString()).toStdString());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Status::error(tr("%1: not JSON at byte %2: %3").arg(path).arg(error.offset).arg(error.errorString()).toStdString());
    const QJsonObject job = doc.object();
    const int version = job.value("catapult_job").toInt();
    if (version < 1) return Status::error(tr("%1: not a Catapult job file (no \"catapult_job\")").arg(path).toStdString());
    if (version > kVersion)
        return Status::error(tr("%1: a job file of version %2; this Catapult reads version %3").arg(path).arg(version).arg(kVersion).toStdString());
    QStringList args;
    if (const QString config = job.value("config_file").toString(); !config.isEmpty())
        args << QStringLiteral("--config_file") << QFileInfo(path).absoluteDir().absoluteFilePath(config);
    for (const QJsonValue& v : job.value("launch").toArray()) args << v.toString();
    return args;
}

Result<QStringList> expandJobFile(const QStringList& args) {
    QMap<QString, QString> job;
    const auto [launch, program] = splitProgram(args);
    const QStringList given = takeFlags(launch, {"job"}, {}, job);
    if (!job.contains("job")) return args;
    auto read = readJobFile(job.value("job"));
    if (!read.ok()) return read.status();
    const auto [jobLaunch, jobProgram] = splitProgram(read.value());
    QStringList out = jobLaunch + given;
    const QStringList chosen = program.isEmpty() ? jobProgram : program;
    if (!chosen.isEmpty()) out << QStringLiteral("--") << chosen;
    return out;
}

}  // namespace catapult
