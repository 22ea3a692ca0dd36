#include "StackDumper.h"

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTimer>

namespace catapult {

StackDumper::StackDumper(QString pySpy, QObject* parent) : QObject(parent), m_pySpy(std::move(pySpy)) {}

QString StackDumper::pySpyPath(const QString& python) {
    if (qEnvironmentVariableIsSet("CATAPULT_PY_SPY")) return qEnvironmentVariable("CATAPULT_PY_SPY");
    if (const QString onPath = QStandardPaths::findExecutable(QStringLiteral("py-spy")); !onPath.isEmpty()) return onPath;
    const QString interpreter = QStandardPaths::findExecutable(python);
    const QString beside = QFileInfo(interpreter).absolutePath() + QStringLiteral("/py-spy");
    return !interpreter.isEmpty() && QFileInfo(beside).isExecutable() ? beside : QString();
}

void StackDumper::dump(const std::vector<RankProcess>& ranks) {
    m_ranks = ranks;
    m_stacks.assign(ranks.size(), RankStack{});
    m_pending = static_cast<int>(ranks.size());
    if (m_pending == 0) {
        emit finished(m_stacks);
        return;
    }
    for (int i = 0; i < static_cast<int>(ranks.size()); ++i) {
        m_stacks[i].rank = ranks[i].rank;
        run(i, m_pySpy.isEmpty() ? QStringLiteral("gdb") : QStringLiteral("py-spy"));
    }
}

void StackDumper::run(int index, const QString& tool) {
    const QString pid = QString::number(m_ranks[index].pid);
    auto* p = new QProcess(this);
    p->setProcessChannelMode(QProcess::MergedChannels);
    if (tool == QLatin1String("py-spy")) {
        p->setProgram(m_pySpy);
        p->setArguments({QStringLiteral("dump"), QStringLiteral("--pid"), pid});
    } else {
        p->setProgram(QStringLiteral("gdb"));
        p->setArguments({QStringLiteral("-p"), pid, QStringLiteral("-batch"), QStringLiteral("-nx"), QStringLiteral("-ex"),
                         QStringLiteral("thread apply all bt")});
    }
    connect(p, &QProcess::finished, this, [this, index, tool, p] { done(index, tool, p); });
    connect(p, &QProcess::errorOccurred, this, [this, index, tool, p](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) done(index, tool, p);
    });
    QTimer::singleShot(kTimeoutMs, p, [p] { p->kill(); });
    p->start(QIODevice::ReadOnly);
}

void StackDumper::done(int index, const QString& tool, QProcess* p) {
    const bool ok = p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0 && p->error() != QProcess::FailedToStart;
    const QString text = QString::fromLocal8Bit(p->readAll());
    p->deleteLater();
    if (!ok && tool == QLatin1String("py-spy")) {  // not a Python process, or one py-spy cannot read
        run(index, QStringLiteral("gdb"));
        return;
    }
    m_stacks[index].tool = ok ? tool : QString();
    m_stacks[index].text = ok ? text
                              : tr("no stack: %1 %2").arg(tool, p->error() == QProcess::FailedToStart ? tr("is not installed") : text.trimmed());
    if (--m_pending == 0) emit finished(m_stacks);
}

}  // namespace catapult
