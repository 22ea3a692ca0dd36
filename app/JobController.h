#pragma once
// Runs one job for the desktop app, exactly as `catapult launch` does: the same argument
// parsing and merge with the config file, the same launch plan and local executor, and the
// run recorded in the run store. Emits log lines, series updates and the outcome.
//
// Thread safety: a QObject of the GUI thread.

#include <QObject>
#include <QStringList>
#include <memory>

#include "LocalExecutor.h"
#include "RunRecorder.h"
#include "RunStore.h"

namespace catapult {

class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(RunStore* store, QObject* parent = nullptr);
    ~JobController() override;

    // `launchArgs` are `catapult launch` arguments (flags, then `--` and a program, or none for
    // the built-in recipe). Returns an error (bad flag, bad config) without starting anything.
    Status start(const QStringList& launchArgs, const QString& name);
    void stop();
    bool isRunning() const;

    const RunRecorder* recorder() const { return m_recorder.get(); }
    QString configFile() const { return m_configFile; }
    QString runDir() const { return m_runDir; }
    int numProcesses() const { return m_numProcesses; }

signals:
    void started(qint64 runId);
    void logLine(int rank, const QString& line);
    void seriesChanged();
    void finished(const catapult::JobOutcome& outcome);

private:
    RunStore* m_store;
    std::unique_ptr<LocalExecutor> m_executor;
    std::unique_ptr<RunRecorder> m_recorder;
    QString m_configFile;
    QString m_runDir;
    int m_numProcesses = 0;
};

}  // namespace catapult
