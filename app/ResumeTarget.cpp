#include "ResumeTarget.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "RunStore.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

}  // namespace

Result<QString> resolveResumeTarget(const QString& value, const RunStore* store) {
    const QFileInfo dir(value);
    if (dir.isDir()) return dir.absoluteFilePath();
    bool isId = false;
    const qint64 id = value.toLongLong(&isId);
    if (isId && store) {
        if (auto run = store->run(id)) {
            if (!QFileInfo(run->runDir).isDir())
                return Status::error(tr("--resume %1: run %1's directory %2 no longer exists.").arg(value, run->runDir).toStdString());
            return run->runDir;
        }
        return Status::error(tr("--resume %1: there is no run %1 in the history (catapult runs lists them) and no "
                                "directory of that name.").arg(value).toStdString());
    }
    return Status::error(tr("--resume %1: no such directory.").arg(value).toStdString());
}

}  // namespace catapult
