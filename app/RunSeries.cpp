#include "RunSeries.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult::RunStore", text); }

}  // namespace

double timeOfStep(const QVector<StepPoint>& steps, qint64 step) {
    auto after = std::upper_bound(steps.begin(), steps.end(), step, [](qint64 s, const StepPoint& p) { return s < p.step; });
    return after == steps.begin() ? 0 : std::prev(after)->time;
}

namespace {

MemoryPoint memoryPoint(const QJsonObject& m, const QJsonObject& r, const RunSeries& series) {
    MemoryPoint p;
    p.step = m.value("step").toInteger();
    p.time = m.contains("time") ? m.value("time").toDouble() : timeOfStep(series.steps, p.step);
    p.rank = r.value("rank").toInt();
    p.rssBytes = r.value("rss_bytes").toInteger();
    p.peakRssBytes = r.value("peak_rss_bytes").toInteger();
    p.cudaAllocatedBytes = r.value("cuda_allocated_bytes").toInteger();
    p.cudaReservedBytes = r.value("cuda_reserved_bytes").toInteger();
    p.cudaPeakBytes = r.value("cuda_peak_bytes").toInteger();
    p.sampled = m.value("source").toString() == QLatin1String("sampled");
    p.pssBytes = r.value("pss_bytes").toInteger(-1);
    p.gpuUsedBytes = r.value("gpu_used_bytes").toInteger(-1);
    p.cpuPercent = r.value("cpu_percent").toDouble(-1);
    p.gpuUtilPercent = r.value("gpu_util_percent").toDouble(-1);
    return p;
}

// The "extra" values of a step or eval line as scalars named prefix + key.
void appendScalars(RunSeries& series, const QJsonObject& m, const QString& prefix) {
    const qint64 step = m.value("step").toInteger();
    const double time = m.value("time").toDouble();
    const QJsonObject extra = m.value("extra").toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        series.scalars.push_back({step, time, prefix + it.key(), it.value().toDouble(NAN)});
}

}  // namespace

void appendStep(RunSeries& series, const StepPoint& p) {
    if (series.steps.isEmpty() || series.steps.back().step != p.step) {
        series.steps.push_back(p);
        return;
    }
    StepPoint& last = series.steps.back();
    for (auto [field, value] : {std::pair{&last.loss, p.loss}, {&last.lr, p.lr}, {&last.tokensPerSecond, p.tokensPerSecond},
                                {&last.gradNorm, p.gradNorm}})
        if (std::isnan(*field)) *field = value;
}

void appendMetrics(RunSeries& series, const QJsonObject& m) {
    const QString type = m.value("type").toString();
    const double time = m.value("time").toDouble();
    if (type == QLatin1String("eval")) {
        if (m.contains("loss")) series.scalars.push_back({m.value("step").toInteger(), time, QStringLiteral("eval/loss"), m.value("loss").toDouble(NAN)});
        appendScalars(series, m, QStringLiteral("eval/"));
    } else if (type == QLatin1String("step")) {
        appendScalars(series, m, QString());
        const bool anySeries = m.contains("loss") || m.contains("lr") || m.contains("tokens_per_s") || m.contains("grad_norm");
        if (!anySeries) return;
        StepPoint p;
        p.step = m.value("step").toInteger();
        p.time = time;
        p.loss = m.value("loss").toDouble(NAN);
        p.lr = m.value("lr").toDouble(NAN);
        p.tokensPerSecond = m.value("tokens_per_s").toDouble(NAN);
        p.gradNorm = m.value("grad_norm").toDouble(NAN);
        appendStep(series, p);
    } else if (type == QLatin1String("memory")) {
        for (const QJsonValue& v : m.value("ranks").toArray()) series.memory.push_back(memoryPoint(m, v.toObject(), series));
    } else if (!type.isEmpty()) {
        RunEvent e;
        e.time = time;
        e.type = type;
        e.rank = m.value("rank").toInt();
        e.message = m.value("message").toString();
        if (e.message.isEmpty() && type == QLatin1String("started"))
            e.message = tr("%1 process(es), %2 steps").arg(m.value("world_size").toInt(1)).arg(m.value("steps").toInt());
        series.events.push_back(e);
    }
}

}  // namespace catapult
