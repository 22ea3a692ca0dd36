#include "RunStore.h"

#include <signal.h>

#include <QCoreApplication>
#include <cerrno>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>
#include <algorithm>
#include <cmath>

#include "HostFile.h"
#include "MetricsLine.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::RunStore", text); }

// Migration i brings the schema from version i to i + 1. Never edit a released migration.
const char* const kMigrations[] = {
    // 0 -> 1
    "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, run_dir TEXT UNIQUE, config_path TEXT,"
    " config_yaml TEXT, command TEXT, hosts TEXT, num_processes INTEGER, status TEXT, exit_code INTEGER,"
    " failing_rank INTEGER, message TEXT, started_at TEXT, ended_at TEXT, final_loss REAL, final_step INTEGER,"
    " tokens_per_s REAL);"
    "CREATE TABLE steps (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER, time REAL,"
    " loss REAL, lr REAL, tokens_per_s REAL, grad_norm REAL);"
    "CREATE INDEX steps_run ON steps(run_id, step);"
    "CREATE TABLE memory (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER, time REAL,"
    " rank INTEGER, rss_bytes INTEGER, peak_rss_bytes INTEGER, cuda_allocated_bytes INTEGER,"
    " cuda_reserved_bytes INTEGER, cuda_peak_bytes INTEGER);"
    "CREATE INDEX memory_run ON memory(run_id, step);",
    // 1 -> 2: events, and the recording process so a crashed GUI's runs can be recovered.
    "CREATE TABLE events (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, time REAL, type TEXT,"
    " rank INTEGER, message TEXT);"
    "CREATE INDEX events_run ON events(run_id);"
    "ALTER TABLE runs ADD COLUMN owner_pid INTEGER DEFAULT 0;",
    // 2 -> 3: the machines of multi-machine launches, in order, each as one hostfile line.
    "CREATE TABLE hosts (position INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, spec TEXT NOT NULL);",
    // 3 -> 4: the run a resumed run continues (0: none).
    "ALTER TABLE runs ADD COLUMN resumed_from INTEGER DEFAULT 0;",
    // 4 -> 5: memory sampled by the launcher from outside (any program), and named scalars (a
    // program's extra log values, evaluations).
    "ALTER TABLE memory ADD COLUMN sampled INTEGER DEFAULT 0;"
    "ALTER TABLE memory ADD COLUMN pss_bytes INTEGER DEFAULT -1;"
    "ALTER TABLE memory ADD COLUMN gpu_used_bytes INTEGER DEFAULT -1;"
    "ALTER TABLE memory ADD COLUMN cpu_percent REAL DEFAULT -1;"
    "ALTER TABLE memory ADD COLUMN gpu_util_percent REAL DEFAULT -1;"
    "CREATE TABLE scalars (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER, time REAL,"
    " name TEXT, value REAL);"
    "CREATE INDEX scalars_run ON scalars(run_id, name, step);",
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == RunStore::kSchemaVersion);

Status sqlError(const QString& what, const QSqlError& e) {
    return Status::error(QCoreApplication::translate("catapult::RunStore", "Run store: %1 failed: %2").arg(what, e.text()).toStdString());
}

double finiteOr0(double v) { return std::isfinite(v) ? v : 0.0; }

RunRecord readRecord(const QSqlQuery& q) {
    RunRecord r;
    r.id = q.value(0).toLongLong();
    r.name = q.value(1).toString();
    r.runDir = q.value(2).toString();
    r.configPath = q.value(3).toString();
    r.configYaml = q.value(4).toString();
    r.command = q.value(5).toString();
    r.hosts = q.value(6).toString();
    r.numProcesses = q.value(7).toInt();
    r.status = q.value(8).toString();
    r.exitCode = q.value(9).toInt();
    r.failingRank = q.value(10).toInt();
    r.message = q.value(11).toString();
    r.startedAt = QDateTime::fromString(q.value(12).toString(), Qt::ISODateWithMs);
    r.endedAt = QDateTime::fromString(q.value(13).toString(), Qt::ISODateWithMs);
    r.finalLoss = q.value(14).isNull() ? NAN : q.value(14).toDouble();
    r.finalStep = q.value(15).toLongLong();
    r.tokensPerSecond = q.value(16).toDouble();
    r.ownerPid = q.value(17).toLongLong();
    r.resumedFrom = q.value(18).toLongLong();
    return r;
}

const char* kRunColumns =
    "id, name, run_dir, config_path, config_yaml, command, hosts, num_processes, status, exit_code, failing_rank,"
    " message, started_at, ended_at, final_loss, final_step, tokens_per_s, owner_pid, resumed_from";

bool processAlive(qint64 pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

// Reads <dir>/metrics.jsonl into a series; `finished` tells whether a finished line was seen.
RunSeries readJsonl(const QString& dir, bool& finished, bool& failed, QString& errorMessage) {
    RunSeries series;
    finished = failed = false;
    QFile f(dir + QStringLiteral("/metrics.jsonl"));
    if (!f.open(QIODevice::ReadOnly)) return series;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty()) continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (!doc.isObject()) continue;  // a torn last line after a crash
        const QJsonObject o = doc.object();
        const QString type = o.value("type").toString();
        if (type == QLatin1String("finished")) finished = true;
        if (type == QLatin1String("error")) {
            failed = true;
            errorMessage = o.value("message").toString();
        }
        appendMetrics(series, o);
    }
    return series;
}

}  // namespace

RunStore::RunStore(QString path, QString connection) : m_path(std::move(path)), m_connection(std::move(connection)) {}

RunStore::~RunStore() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isOpen()) db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QString RunStore::defaultPath() {
    if (qEnvironmentVariableIsSet("CATAPULT_STORE")) return qEnvironmentVariable("CATAPULT_STORE");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/catapult/runs.sqlite");
}

Result<std::unique_ptr<RunStore>> RunStore::open(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QString connection = QStringLiteral("catapult-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    std::unique_ptr<RunStore> store(new RunStore(path, connection));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) return Status::error(tr("Cannot open the run store %1: %2").arg(path, db.lastError().text()).toStdString());
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
        q.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != QLatin1String("ok"))
            return Status::error(tr("The run store %1 is damaged (SQLite quick_check failed). Move it away; Catapult "
                                    "will start a new one, and runs can be re-imported from their folders.")
                                     .arg(path).toStdString());
    }
    if (Status s = store->migrate(); !s.ok()) return s;
    return store;
}

int RunStore::schemaVersion() const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'")) || !q.next()) return 0;
    return q.value(0).toInt();
}

Status RunStore::migrate() {
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")))
        return sqlError(tr("creating the meta table"), q.lastError());
    int version = schemaVersion();
    if (version > kSchemaVersion)
        return Status::error(tr("The run store %1 has schema version %2, newer than this Catapult (%3). Use a newer "
                                "Catapult or another store (CATAPULT_STORE).")
                                 .arg(m_path).arg(version).arg(kSchemaVersion).toStdString());
    for (; version < kSchemaVersion; ++version) {
        if (!db.transaction()) return sqlError(tr("starting a migration"), db.lastError());
        const QStringList statements =
            QString::fromLatin1(kMigrations[version]).split(';', Qt::SkipEmptyParts);
        for (const QString& sql : statements) {
            if (sql.trimmed().isEmpty()) continue;
            if (!q.exec(sql)) {
                const QSqlError e = q.lastError();
                db.rollback();
                return sqlError(tr("migration to schema version %1").arg(version + 1), e);
            }
        }
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)"));
        q.addBindValue(QString::number(version + 1));
        if (!q.exec() || !db.commit()) {
            const QSqlError e = q.lastError();
            db.rollback();
            return sqlError(tr("recording schema version %1").arg(version + 1), e);
        }
    }
    return Status::success();
}

Result<qint64> RunStore::createRun(const RunRecord& r) {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO runs (name, run_dir, config_path, config_yaml, command, hosts, num_processes,"
                             " status, exit_code, failing_rank, message, started_at, owner_pid, resumed_from)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, -1, '', ?, ?, ?)"));
    q.addBindValue(r.name);
    q.addBindValue(r.runDir);
    q.addBindValue(r.configPath);
    q.addBindValue(r.configYaml);
    q.addBindValue(r.command);
    q.addBindValue(r.hosts);
    q.addBindValue(r.numProcesses);
    q.addBindValue(r.status.isEmpty() ? QStringLiteral("running") : r.status);
    q.addBindValue((r.startedAt.isValid() ? r.startedAt : QDateTime::currentDateTime()).toString(Qt::ISODateWithMs));
    q.addBindValue(r.ownerPid);
    q.addBindValue(r.resumedFrom);
    if (!q.exec()) return sqlError(tr("recording a new run"), q.lastError());
    return q.lastInsertId().toLongLong();
}

Status RunStore::finishRun(const RunRecord& r) {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("UPDATE runs SET status = ?, exit_code = ?, failing_rank = ?, message = ?, ended_at = ?,"
                             " final_loss = ?, final_step = ?, tokens_per_s = ?, owner_pid = 0 WHERE id = ?"));
    q.addBindValue(r.status);
    q.addBindValue(r.exitCode);
    q.addBindValue(r.failingRank);
    q.addBindValue(r.message);
    q.addBindValue((r.endedAt.isValid() ? r.endedAt : QDateTime::currentDateTime()).toString(Qt::ISODateWithMs));
    q.addBindValue(std::isfinite(r.finalLoss) ? QVariant(r.finalLoss) : QVariant());  // NaN stays unknown, not 0
    q.addBindValue(r.finalStep);
    q.addBindValue(finiteOr0(r.tokensPerSecond));
    q.addBindValue(r.id);
    if (!q.exec()) return sqlError(tr("recording the end of run %1").arg(r.id), q.lastError());
    return Status::success();
}

Status RunStore::appendSeries(qint64 runId, const RunSeries& batch) {
    if (batch.isEmpty()) return Status::success();
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.transaction()) return sqlError(tr("starting a batch"), db.lastError());
    QSqlQuery q(db);
    auto failWith = [&](const QString& what) {
        const QSqlError e = q.lastError();
        db.rollback();
        return sqlError(what, e);
    };
    if (!batch.steps.isEmpty()) {
        q.prepare(QStringLiteral("INSERT INTO steps (run_id, step, time, loss, lr, tokens_per_s, grad_norm) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        QVariantList ids, steps, times, losses, lrs, tps, norms;
        for (const StepPoint& p : batch.steps) {
            ids << runId;
            steps << p.step;
            times << p.time;
            losses << (std::isfinite(p.loss) ? QVariant(p.loss) : QVariant());  // NaN stored as NULL
            lrs << (std::isfinite(p.lr) ? QVariant(p.lr) : QVariant());
            tps << (std::isfinite(p.tokensPerSecond) ? QVariant(p.tokensPerSecond) : QVariant());
            norms << (std::isfinite(p.gradNorm) ? QVariant(p.gradNorm) : QVariant());
        }
        for (const QVariantList* l : {&ids, &steps, &times, &losses, &lrs, &tps, &norms}) q.addBindValue(*l);
        if (!q.execBatch()) return failWith(tr("storing steps"));
    }
    if (!batch.memory.isEmpty()) {
        q.prepare(QStringLiteral("INSERT INTO memory (run_id, step, time, rank, rss_bytes, peak_rss_bytes, cuda_allocated_bytes,"
                                 " cuda_reserved_bytes, cuda_peak_bytes, sampled, pss_bytes, gpu_used_bytes, cpu_percent,"
                                 " gpu_util_percent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        QVariantList cols[14];
        for (const MemoryPoint& p : batch.memory) {
            cols[0] << runId;
            cols[1] << p.step;
            cols[2] << p.time;
            cols[3] << p.rank;
            cols[4] << p.rssBytes;
            cols[5] << p.peakRssBytes;
            cols[6] << p.cudaAllocatedBytes;
            cols[7] << p.cudaReservedBytes;
            cols[8] << p.cudaPeakBytes;
            cols[9] << int(p.sampled);
            cols[10] << p.pssBytes;
            cols[11] << p.gpuUsedBytes;
            cols[12] << p.cpuPercent;
            cols[13] << p.gpuUtilPercent;
        }
        for (const auto& c : cols) q.addBindValue(c);
        if (!q.execBatch()) return failWith(tr("storing memory samples"));
    }
    if (!batch.events.isEmpty()) {
        q.prepare(QStringLiteral("INSERT INTO events (run_id, time, type, rank, message) VALUES (?, ?, ?, ?, ?)"));
        QVariantList cols[5];
        for (const RunEvent& e : batch.events) {
            cols[0] << runId;
            cols[1] << e.time;
            cols[2] << e.type;
            cols[3] << e.rank;
            cols[4] << e.message;
        }
        for (const auto& c : cols) q.addBindValue(c);
        if (!q.execBatch()) return failWith(tr("storing events"));
    }
    if (!batch.scalars.isEmpty()) {
        q.prepare(QStringLiteral("INSERT INTO scalars (run_id, step, time, name, value) VALUES (?, ?, ?, ?, ?)"));
        QVariantList cols[5];
        for (const ScalarPoint& p : batch.scalars) {
            cols[0] << runId;
            cols[1] << p.step;
            cols[2] << p.time;
            cols[3] << p.name;
            cols[4] << (std::isfinite(p.value) ? QVariant(p.value) : QVariant());
        }
        for (const auto& c : cols) q.addBindValue(c);
        if (!q.execBatch()) return failWith(tr("storing scalars"));
    }
    if (!db.commit()) return sqlError(tr("committing a batch"), db.lastError());
    return Status::success();
}

Status RunStore::replaceSeries(qint64 runId, const RunSeries& series) {
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    for (const char* table : {"steps", "memory", "events", "scalars"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ?").arg(QLatin1String(table)));
        q.addBindValue(runId);
        if (!q.exec()) return sqlError(tr("clearing the series of run %1").arg(runId), q.lastError());
    }
    return appendSeries(runId, series);
}

QVector<RunRecord> RunStore::listRuns() const {
    QVector<RunRecord> runs;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT %1 FROM runs ORDER BY id DESC").arg(QLatin1String(kRunColumns)))) return runs;
    while (q.next()) runs.push_back(readRecord(q));
    return runs;
}

std::optional<RunRecord> RunStore::run(qint64 id) const {
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE id = ?").arg(QLatin1String(kRunColumns)));
    q.addBindValue(id);
    if (!q.exec() || !q.next()) return std::nullopt;
    return readRecord(q);
}

qint64 RunStore::runOwning(const QString& dir) const {
    const QString path = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    qint64 best = 0;
    qsizetype bestLength = 0;
    for (const RunRecord& r : listRuns()) {  // the longest run directory that contains `dir`
        const QString root = QDir::cleanPath(r.runDir);
        if ((path == root || path.startsWith(root + QLatin1Char('/'))) && root.size() > bestLength) {
            best = r.id;
            bestLength = root.size();
        }
    }
    return best;
}

RunSeries RunStore::series(qint64 runId) const {
    RunSeries s;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT step, time, loss, lr, tokens_per_s, grad_norm FROM steps WHERE run_id = ? ORDER BY step, rowid"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) {
            StepPoint p;
            p.step = q.value(0).toLongLong();
            p.time = q.value(1).toDouble();
            p.loss = q.value(2).isNull() ? NAN : q.value(2).toDouble();
            p.lr = q.value(3).isNull() ? NAN : q.value(3).toDouble();
            p.tokensPerSecond = q.value(4).isNull() ? NAN : q.value(4).toDouble();
            p.gradNorm = q.value(5).isNull() ? NAN : q.value(5).toDouble();
            appendStep(s, p);  // two rows of one step (recorded in two batches) are one point
        }
    }
    q.prepare(QStringLiteral("SELECT step, time, rank, rss_bytes, peak_rss_bytes, cuda_allocated_bytes, cuda_reserved_bytes,"
                             " cuda_peak_bytes, sampled, pss_bytes, gpu_used_bytes, cpu_percent, gpu_util_percent FROM memory"
                             " WHERE run_id = ? ORDER BY step, time, rank"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) {
            MemoryPoint p;
            p.step = q.value(0).toLongLong();
            p.time = q.value(1).toDouble();
            if (p.time == 0 && p.step > 0) p.time = timeOfStep(s.steps, p.step);  // recorded before memory lines had a time
            p.rank = q.value(2).toInt();
            p.rssBytes = q.value(3).toLongLong();
            p.peakRssBytes = q.value(4).toLongLong();
            p.cudaAllocatedBytes = q.value(5).toLongLong();
            p.cudaReservedBytes = q.value(6).toLongLong();
            p.cudaPeakBytes = q.value(7).toLongLong();
            p.sampled = q.value(8).toInt() != 0;
            p.pssBytes = q.value(9).toLongLong();
            p.gpuUsedBytes = q.value(10).toLongLong();
            p.cpuPercent = q.value(11).toDouble();
            p.gpuUtilPercent = q.value(12).toDouble();
            s.memory.push_back(p);
        }
    }
    q.prepare(QStringLiteral("SELECT step, time, name, value FROM scalars WHERE run_id = ? ORDER BY rowid"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next())
            s.scalars.push_back({q.value(0).toLongLong(), q.value(1).toDouble(), q.value(2).toString(),
                                 q.value(3).isNull() ? NAN : q.value(3).toDouble()});
    }
    q.prepare(QStringLiteral("SELECT time, type, rank, message FROM events WHERE run_id = ? ORDER BY rowid"));
    q.addBindValue(runId);
    if (q.exec()) {
        while (q.next()) s.events.push_back({q.value(0).toDouble(), q.value(1).toString(), q.value(2).toInt(), q.value(3).toString()});
    }
    return s;
}

Status RunStore::deleteRun(qint64 id) {
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.transaction()) return sqlError(tr("deleting run %1").arg(id), db.lastError());
    QSqlQuery q(db);
    for (const char* table : {"steps", "memory", "events", "scalars"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE run_id = ?").arg(QLatin1String(table)));
        q.addBindValue(id);
        q.exec();
    }
    q.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !db.commit()) {
        const QSqlError e = q.lastError();
        db.rollback();
        return sqlError(tr("deleting run %1").arg(id), e);
    }
    return Status::success();
}

std::vector<HostSpec> RunStore::hosts() const {
    std::vector<HostSpec> out;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (!q.exec(QStringLiteral("SELECT spec FROM hosts ORDER BY position"))) return out;
    QString text;
    while (q.next()) text += q.value(0).toString() + '\n';
    if (text.isEmpty()) return out;
    auto parsed = parseHostFile(text, m_path);
    if (parsed.ok()) out = parsed.value();
    return out;
}

Status RunStore::saveHosts(const std::vector<HostSpec>& hosts) {
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    if (!db.transaction()) return sqlError(tr("saving the hosts"), db.lastError());
    QSqlQuery q(db);
    bool ok = q.exec(QStringLiteral("DELETE FROM hosts"));
    for (std::size_t i = 0; ok && i < hosts.size(); ++i) {
        q.prepare(QStringLiteral("INSERT INTO hosts (position, name, spec) VALUES (?, ?, ?)"));
        q.addBindValue(static_cast<qint64>(i));
        q.addBindValue(hosts[i].name);
        q.addBindValue(formatHostFile({hosts[i]}).trimmed());
        ok = q.exec();
    }
    if (!ok || !db.commit()) {
        const QSqlError e = q.lastError();
        db.rollback();
        return sqlError(tr("saving the hosts"), e);
    }
    return Status::success();
}

Result<qint64> RunStore::importRunDir(const QString& dirPath) {
    const QString dir = QFileInfo(dirPath).absoluteFilePath();
    if (!QFileInfo::exists(dir + QStringLiteral("/metrics.jsonl")))
        return Status::error(tr("%1 has no metrics.jsonl; it is not a run directory.").arg(dir).toStdString());
    bool finished = false, failed = false;
    QString error;
    const RunSeries series = readJsonl(dir, finished, failed, error);
    RunRecord r;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT %1 FROM runs WHERE run_dir = ?").arg(QLatin1String(kRunColumns)));
    q.addBindValue(dir);
    if (q.exec() && q.next()) {
        r = readRecord(q);
    } else {
        QFile meta(dir + QStringLiteral("/run.json"));
        if (meta.open(QIODevice::ReadOnly)) {
            const QJsonObject m = QJsonDocument::fromJson(meta.readAll()).object();
            r.name = m.value("name").toString();
            r.configPath = m.value("config_path").toString();
            r.configYaml = m.value("config_yaml").toString();
            r.command = m.value("command").toString();
            r.hosts = m.value("hosts").toString();
            r.numProcesses = m.value("num_processes").toInt(1);
            r.startedAt = QDateTime::fromString(m.value("started_at").toString(), Qt::ISODateWithMs);
        }
        if (r.name.isEmpty()) r.name = QFileInfo(dir).fileName();
        if (!r.startedAt.isValid()) r.startedAt = QFileInfo(dir + QStringLiteral("/metrics.jsonl")).birthTime();
        r.runDir = dir;
        auto id = createRun(r);
        if (!id.ok()) return id.status();
        r.id = id.value();
    }
    if (Status s = replaceSeries(r.id, series); !s.ok()) return s;
    r.status = finished ? QStringLiteral("finished") : failed ? QStringLiteral("failed") : QStringLiteral("interrupted");
    if (failed) r.message = error;
    else if (!finished) r.message = tr("The recording process ended before the run did; series re-imported from metrics.jsonl.");
    r.endedAt = QFileInfo(dir + QStringLiteral("/metrics.jsonl")).lastModified();
    if (!series.steps.isEmpty()) {
        r.finalStep = series.steps.back().step;
        r.finalLoss = series.steps.back().loss;
        r.tokensPerSecond = series.steps.back().tokensPerSecond;
    }
    if (Status s = finishRun(r); !s.ok()) return s;
    return r.id;
}

Result<int> RunStore::recoverInterrupted() {
    int recovered = 0;
    for (const RunRecord& r : listRuns()) {
        if (r.status != QLatin1String("running") || processAlive(r.ownerPid)) continue;
        if (QFileInfo::exists(r.runDir + QStringLiteral("/metrics.jsonl"))) {
            auto id = importRunDir(r.runDir);
            if (!id.ok()) return id.status();
        } else {
            RunRecord copy = r;
            copy.status = QStringLiteral("interrupted");
            copy.message = tr("The recording process ended before the run did, and the run left no metrics.jsonl.");
            if (Status s = finishRun(copy); !s.ok()) return s;
        }
        ++recovered;
    }
    return recovered;
}

}  // namespace catapult
