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

void appendMetrics(RunSeries& series, const QJsonObject& m) {
    const QString type = m.value("type").toString();
    const double time = m.value("time").toDouble();
    if (type == QLatin1String("step")) {
        StepPoint p;
        p.step = m.value("step").toInteger();
        p.time = time;
        p.loss = m.value("loss").toDouble(NAN);
        p.lr = m.value("lr").toDouble();
        p.tokensPerSecond = m.value("tokens_per_s").toDouble();
        p.gradNorm = m.value("grad_norm").toDouble();
        series.steps.push_back(p);
    } else if (type == QLatin1String("memory")) {
        for (const QJsonValue& v : m.value("ranks").toArray()) {
            const QJsonObject r = v.toObject();
            MemoryPoint p;
            p.step = m.value("step").toInteger();
            p.time = m.contains("time") ? time : timeOfStep(series.steps, p.step);
            p.rank = r.value("rank").toInt();
            p.rssBytes = r.value("rss_bytes").toInteger();
            p.peakRssBytes = r.value("peak_rss_bytes").toInteger();
            p.cudaAllocatedBytes = r.value("cuda_allocated_bytes").toInteger();
            p.cudaReservedBytes = r.value("cuda_reserved_bytes").toInteger();
            p.cudaPeakBytes = r.value("cuda_peak_bytes").toInteger();
            series.memory.push_back(p);
        }
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
