#pragma once
// Test support: the processes of this machine as /proc shows them (not as a launcher reports
// them), to check what a teardown left behind.

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QList>

namespace catapult::testing {

struct ProcessEntry {
    qint64 pid = 0;
    qint64 parent = 0;
    qint64 group = 0;
    char state = '?';  // 'Z': exited, not yet reaped
    QString executable;  // empty where /proc/PID/exe cannot be read
};

inline QList<ProcessEntry> listProcesses() {
    QList<ProcessEntry> out;
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid) continue;
        QFile stat("/proc/" + entry + "/stat");
        if (!stat.open(QIODevice::ReadOnly)) continue;
        const QByteArray text = stat.readAll();
        // After "pid (comm) ": state ppid pgrp ...
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 3 || fields[0].isEmpty()) continue;
        out.append({pid, fields[1].toLongLong(), fields[2].toLongLong(), fields[0][0],
                    QFileInfo("/proc/" + entry + "/exe").symLinkTarget()});
    }
    return out;
}

}  // namespace catapult::testing
