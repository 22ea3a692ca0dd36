#pragma once
// Dumps the stacks of a job's local ranks: `py-spy dump --pid` for Python processes (py-spy from
// PATH, beside the Python the job runs, or CATAPULT_PY_SPY), `gdb -batch` with `thread apply all
// bt` for any other program or where py-spy cannot read the process. Every rank's dump runs at
// once, each given at most kTimeoutMs.
//
// Thread safety: a QObject of the thread that runs the event loop.

#include <QObject>
#include <QString>
#include <vector>

#include "StackReport.h"

class QProcess;

namespace catapult {

struct RankProcess {
    int rank = 0;
    qint64 pid = 0;
};

class StackDumper : public QObject {
    Q_OBJECT
public:
    static constexpr int kTimeoutMs = 30000;
    // `pySpy`: py-spy's path (pySpyPath); empty: gdb only.
    explicit StackDumper(QString pySpy, QObject* parent = nullptr);

    void dump(const std::vector<RankProcess>& ranks);
    // py-spy from CATAPULT_PY_SPY, PATH, or beside `python` (the venv it came with); empty: none.
    static QString pySpyPath(const QString& python);

signals:
    void finished(const std::vector<catapult::RankStack>& stacks);

private:
    void run(int index, const QString& tool);
    void done(int index, const QString& tool, QProcess* process);

    QString m_pySpy;
    std::vector<RankProcess> m_ranks;
    std::vector<RankStack> m_stacks;
    int m_pending = 0;
};

}  // namespace catapult
