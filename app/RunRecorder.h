#pragma once
// Records one job into the run store while it runs: the run row at start (and run.json in
// the run directory, so the run can be re-imported from its folder alone), metrics in
// batches (a transaction every 500 ms at most), the outcome at the end. Keeps the whole
// series in memory for the live dashboard.
//
// Thread safety: a QObject of the GUI/launcher thread.

#include <QObject>
#include <QTimer>

#include "LocalExecutor.h"
#include "RunStore.h"

namespace catapult {

class RunRecorder : public QObject {
    Q_OBJECT
public:
    // `store` may be null: the series is still kept in memory.
    explicit RunRecorder(RunStore* store, QObject* parent = nullptr);
    ~RunRecorder() override;

    Status begin(const RunRecord& run);
    void addMetrics(const QJsonObject& metrics);
    void finish(const JobOutcome& outcome);

    qint64 runId() const { return m_run.id; }
    const RunRecord& run() const { return m_run; }
    const RunSeries& series() const { return m_series; }
    // Errors of the store while recording (the job goes on; metrics.jsonl keeps everything).
    QString lastError() const { return m_lastError; }

signals:
    void seriesChanged();

private:
    void flush();
    RunStore* m_store;
    RunRecord m_run;
    RunSeries m_series;
    RunSeries m_pending;
    QTimer m_flushTimer;
    QString m_lastError;
};

}  // namespace catapult
