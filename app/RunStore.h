#pragma once
// The run history: SQLite through Qt Sql. A versioned schema (table meta, key
// schema_version) upgraded by migrations that each run in one transaction; WAL journal;
// batched inserts (one transaction per batch). Each run keeps its config YAML, command,
// hosts, status, exit code, failing rank, start/end, final metrics and its series (steps,
// per-rank memory, events), and the hosts of multi-machine launches. A run whose writer died (GUI crash, kill -9) is recovered from
// its run directory's metrics.jsonl, which the workers write themselves.
//
// Thread safety: one RunStore per thread (a Qt Sql connection is per thread).

#include <QString>
#include <QVector>
#include <memory>
#include <optional>
#include <vector>

#include "HostSpec.h"
#include "RunRecord.h"
#include "RunSeries.h"
#include "catapult/Status.h"

namespace catapult {

class RunStore {
public:
    static constexpr int kSchemaVersion = 5;

    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    // Opens (creating if needed) and migrates the store. Errors name the file and the cause.
    static Result<std::unique_ptr<RunStore>> open(const QString& path);
    // $CATAPULT_STORE, else ~/.local/share/catapult/runs.sqlite
    static QString defaultPath();

    int schemaVersion() const;
    QString path() const { return m_path; }

    Result<qint64> createRun(const RunRecord& run);
    Status finishRun(const RunRecord& run);  // status, exit code, failing rank, message, end, finals
    // Batched: one transaction for the whole batch.
    Status appendSeries(qint64 runId, const RunSeries& batch);
    Status replaceSeries(qint64 runId, const RunSeries& series);

    QVector<RunRecord> listRuns() const;
    std::optional<RunRecord> run(qint64 id) const;
    // The run whose directory holds `dir` (a run directory, its checkpoints or one checkpoint); 0: none.
    qint64 runOwning(const QString& dir) const;
    RunSeries series(qint64 runId) const;
    Status deleteRun(qint64 id);

    // Imports a run directory (metrics.jsonl and run.json) as a new run, or refreshes the run
    // already recorded for that directory. Returns the run id.
    Result<qint64> importRunDir(const QString& dir);
    // Runs still marked running whose recording process is gone: their series are re-imported
    // from metrics.jsonl and their status set from it (finished, or interrupted). Returns how many.
    Result<int> recoverInterrupted();

    // The machines for multi-machine launches, in order (machine rank 0 first).
    std::vector<HostSpec> hosts() const;
    Status saveHosts(const std::vector<HostSpec>& hosts);  // replaces the list

private:
    explicit RunStore(QString path, QString connection);
    Status migrate();
    QString m_path;
    QString m_connection;
};

}  // namespace catapult
