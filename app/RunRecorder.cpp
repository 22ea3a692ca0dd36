#include "RunRecorder.h"

#include <cmath>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace catapult {

RunRecorder::RunRecorder(RunStore* store, QObject* parent) : QObject(parent), m_store(store) {
    m_flushTimer.setInterval(500);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunRecorder::flush);
}

RunRecorder::~RunRecorder() { flush(); }

Status RunRecorder::begin(const RunRecord& run) {
    m_run = run;
    m_run.status = QStringLiteral("running");
    m_run.ownerPid = QCoreApplication::applicationPid();
    if (!m_run.startedAt.isValid()) m_run.startedAt = QDateTime::currentDateTime();
    QDir().mkpath(m_run.runDir);
    QJsonObject meta{{"name", m_run.name},
                     {"config_path", m_run.configPath},
                     {"config_yaml", m_run.configYaml},
                     {"command", m_run.command},
                     {"hosts", m_run.hosts},
                     {"num_processes", m_run.numProcesses},
                     {"started_at", m_run.startedAt.toString(Qt::ISODateWithMs)}};
    QFile f(m_run.runDir + QStringLiteral("/run.json"));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(QJsonDocument(meta).toJson());
    if (!m_store) return Status::success();
    auto id = m_store->createRun(m_run);
    if (!id.ok()) {
        m_lastError = QString::fromStdString(id.status().message());
        return id.status();
    }
    m_run.id = id.value();
    return Status::success();
}

void RunRecorder::addMetrics(const QJsonObject& metrics) {
    auto count = [this] { return m_series.steps.size() + m_series.memory.size() + m_series.events.size() + m_series.scalars.size(); };
    const qsizetype before = count();
    appendMetrics(m_series, metrics);
    appendMetrics(m_pending, metrics);
    if (count() != before) emit seriesChanged();
    if (!m_flushTimer.isActive()) m_flushTimer.start();
}

void RunRecorder::flush() {
    if (!m_store || m_run.id == 0) return;
    if (Status s = m_store->appendSeries(m_run.id, m_pending); !s.ok()) m_lastError = QString::fromStdString(s.message());
    m_pending = RunSeries();
}

void RunRecorder::finish(const JobOutcome& o) {
    m_flushTimer.stop();
    flush();
    m_run.status = o.success ? QStringLiteral("finished") : o.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed");
    m_run.exitCode = o.exitCode;
    m_run.failingRank = o.failingRank;
    m_run.message = o.success ? QString() : (o.errorMessage.isEmpty() ? o.reason : o.reason + QStringLiteral(": ") + o.errorMessage);
    m_run.endedAt = QDateTime::currentDateTime();
    if (!m_series.steps.isEmpty()) {
        m_run.finalStep = m_series.steps.back().step;
        m_run.finalLoss = m_series.steps.back().loss;
        m_run.tokensPerSecond = std::isfinite(m_series.steps.back().tokensPerSecond) ? m_series.steps.back().tokensPerSecond : 0;
    }
    if (m_store && m_run.id != 0) {
        if (Status s = m_store->finishRun(m_run); !s.ok()) m_lastError = QString::fromStdString(s.message());
    }
}

}  // namespace catapult
