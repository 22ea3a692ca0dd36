#include "RunExport.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }
Status failure(const QString& text) { return Status::error(text.toStdString()); }

std::optional<RunExport> exportOf(const QJsonObject& o) {
    if (o.value("type").toString() != QLatin1String("checkpoint") || o.value("action").toString() != QLatin1String("exported"))
        return std::nullopt;
    RunExport e;
    const QString format = o.value("format").toString();
    e.format = format == QLatin1String("catapult-gpt")   ? RunExport::Format::CatapultGpt
               : format == QLatin1String("peft-adapter") ? RunExport::Format::PeftAdapter
                                                         : RunExport::Format::HfModel;
    e.path = o.value("path").toString();
    e.base = o.value("base").toString();
    e.merged = o.value("merged").toString();
    return e;
}

// The files of an export: the built-in GPT's two files (its folder is the run's), else the whole folder.
QStringList filesOf(const QString& dir, RunExport::Format format) {
    if (format == RunExport::Format::CatapultGpt) return {QStringLiteral("model.safetensors"), QStringLiteral("model.json")};
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) files << QDir(dir).relativeFilePath(it.next());
    return files;
}

Status copyFiles(const QString& from, const QStringList& files, const QString& to) {
    for (const QString& file : files) {
        const QString target = to + QLatin1Char('/') + file;
        if (!QDir().mkpath(QFileInfo(target).absolutePath())) return failure(tr("cannot create the folder %1").arg(QFileInfo(target).absolutePath()));
        QFile source(from + QLatin1Char('/') + file);
        if (!source.copy(target)) return failure(tr("cannot copy %1 to %2: %3").arg(source.fileName(), target, source.errorString()));
    }
    return Status::success();
}

Status checkDestination(const QString& destination) {
    if (destination.trimmed().isEmpty()) return failure(tr("no folder to export to was given"));
    const QFileInfo info(destination);
    if (!info.exists()) return Status::success();
    if (!info.isDir()) return failure(tr("%1 is a file; choose a new or empty folder").arg(destination));
    if (!QDir(destination).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        return failure(tr("%1 is not empty; choose a new or empty folder, nothing was written").arg(destination));
    return Status::success();
}

Status mergeWithWorker(const RunExport& run, const QString& destination, const QString& worker) {
    QProcess merge;
    merge.setProcessChannelMode(QProcess::MergedChannels);
    merge.start(worker, {QStringLiteral("merge"), QStringLiteral("--model"), run.base, QStringLiteral("--adapter"), run.path,
                         QStringLiteral("--out"), destination});
    if (!merge.waitForStarted()) return failure(tr("cannot start %1: %2").arg(worker, merge.errorString()));
    merge.waitForFinished(-1);
    const QString output = QString::fromLocal8Bit(merge.readAll()).trimmed();
    if (merge.exitStatus() != QProcess::NormalExit || merge.exitCode() != 0)
        return failure(tr("merging %1 into %2 failed: %3").arg(run.path, run.base, output));
    return Status::success();
}

}  // namespace

Result<RunExport> findRunExport(const QString& runDir) {
    QFile f(runDir + QStringLiteral("/metrics.jsonl"));
    if (!f.open(QIODevice::ReadOnly)) return failure(tr("%1 has no metrics.jsonl to tell what the run exported").arg(runDir));
    std::optional<RunExport> found;
    while (!f.atEnd()) {
        const QJsonDocument doc = QJsonDocument::fromJson(f.readLine().trimmed());
        if (auto e = exportOf(doc.object())) found = e;
    }
    if (!found) return failure(tr("run folder %1: the run exported no model (it did not finish, or its program saves the model its own way)").arg(runDir));
    if (!QFileInfo(found->path).isDir())
        return failure(tr("the run's export %1 is not there (moved or deleted; a run on other machines exports on its first "
                          "machine)").arg(found->path));
    return *found;
}

Status copyRunExport(const RunExport& run, const QString& destination, bool merged, const QString& worker) {
    if (merged && run.format != RunExport::Format::PeftAdapter)
        return failure(tr("only a LoRA run has an adapter to merge; this run exported a whole model"));
    if (Status s = checkDestination(destination); !s.ok()) return s;
    if (merged && !QFileInfo(run.merged).isDir()) return mergeWithWorker(run, destination, worker);
    const QString from = merged ? run.merged : run.path;
    return copyFiles(from, filesOf(from, merged ? RunExport::Format::HfModel : run.format), destination);
}

}  // namespace catapult
