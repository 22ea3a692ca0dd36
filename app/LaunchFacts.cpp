#include "LaunchFacts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QStandardPaths>
#include <QThread>

#include "SshConfig.h"
#include "catapult/ConfigReader.h"

namespace catapult {

int physicalCoreCount() {
    QFile f(QStringLiteral("/proc/cpuinfo"));
    QSet<QString> cores;
    if (f.open(QIODevice::ReadOnly)) {
        QString physical;
        for (const QByteArray& raw : f.readAll().split('\n')) {
            const QString line = QString::fromLatin1(raw);
            if (line.startsWith(QLatin1String("physical id"))) physical = line.section(':', 1).trimmed();
            if (line.startsWith(QLatin1String("core id"))) cores.insert(physical + '/' + line.section(':', 1).trimmed());
        }
    }
    return cores.isEmpty() ? QThread::idealThreadCount() : static_cast<int>(cores.size());
}

QString runsBaseDir() {
    return qEnvironmentVariable("CATAPULT_RUNS_DIR", QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                                                         QStringLiteral("/catapult/runs"));
}

QString workerPath() {
    if (qEnvironmentVariableIsSet("CATAPULT_WORKER")) return qEnvironmentVariable("CATAPULT_WORKER");
    return QCoreApplication::applicationDirPath() + QStringLiteral("/catapult-worker");
}

// Catapult's Python package (engine/python/ of the source tree): share/catapult/python beside bin/, as the
// build tree and an installation lay it out; CATAPULT_PYTHON_DIR names another.
QString pythonPackageDir() {
    const QString dir = qEnvironmentVariable("CATAPULT_PYTHON_DIR", QCoreApplication::applicationDirPath() +
                                                                        QStringLiteral("/../share/catapult/python"));
    const QFileInfo package(dir + QStringLiteral("/catapult/__init__.py"));
    return package.exists() ? QFileInfo(dir).canonicalFilePath() : QString();
}

LaunchEnvironmentFacts gatherLaunchFacts() {
    LaunchEnvironmentFacts f;
    f.physicalCores = physicalCoreCount();
    f.visibleGpus = static_cast<int>(
        QDir(QStringLiteral("/proc/driver/nvidia/gpus")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
    f.defaultConfigPath = QString::fromStdString(defaultConfigPath());
    f.workerPath = workerPath();
    f.pythonPackageDir = pythonPackageDir();
    f.sshConfigPath = defaultSshConfigPath();
    // Unique even for two jobs of one process in the same second (a Stop then a Resume).
    const QString stem = runsBaseDir() + '/' + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
                         '-' + QString::number(QCoreApplication::applicationPid());
    f.defaultRunDir = stem;
    for (int n = 2; QFileInfo::exists(f.defaultRunDir); ++n) f.defaultRunDir = stem + '-' + QString::number(n);
    bool ok = false;
    const int omp = qEnvironmentVariableIntValue("OMP_NUM_THREADS", &ok);
    if (ok && omp > 0) f.parentOmpThreads = omp;
    if (qEnvironmentVariableIsSet("PYTHON_EXEC")) f.python = qEnvironmentVariable("PYTHON_EXEC");
    return f;
}

}  // namespace catapult
