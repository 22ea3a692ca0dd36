#pragma once
// One run of the history, as the run store keeps it.

#include <QDateTime>
#include <QString>

namespace catapult {

struct RunRecord {
    qint64 id = 0;
    QString name;
    QString runDir;
    QString configPath;
    QString configYaml;
    QString command;
    QString hosts;          // "localhost" or the host list
    int numProcesses = 1;
    QString status;         // running, finished, failed, cancelled, interrupted
    int exitCode = 0;
    int failingRank = -1;
    QString message;
    QDateTime startedAt;
    QDateTime endedAt;
    double finalLoss = 0;   // NaN-free: 0 when no step was recorded
    qint64 finalStep = 0;
    double tokensPerSecond = 0;
    qint64 ownerPid = 0;    // the process recording the run while it is running
    qint64 resumedFrom = 0; // the run this one continues from its checkpoint (0: a fresh start)
};

}  // namespace catapult
