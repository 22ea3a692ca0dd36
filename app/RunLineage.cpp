#include "RunLineage.h"

#include <algorithm>

namespace catapult {
namespace {

// Appends the part of `s` before step `until` (all of it when `whole`), its times shifted by
// `offset`; returns the time where the part ends.
double appendPart(RunSeries& out, const RunSeries& s, qint64 until, bool whole, double offset) {
    double end = offset;
    for (StepPoint p : s.steps) {
        if (!whole && p.step >= until) break;
        p.time += offset;
        end = std::max(end, p.time);
        out.steps.push_back(p);
    }
    for (MemoryPoint m : s.memory) {
        if (!whole && m.step >= until) continue;
        m.time += offset;
        out.memory.push_back(m);
    }
    for (RunEvent e : s.events) {
        e.time += offset;
        if (whole || e.time <= end) out.events.push_back(e);
    }
    return end;
}

}  // namespace

QVector<RunRecord> runLineage(const RunStore& store, qint64 runId) {
    QVector<RunRecord> chain;
    for (qint64 id = runId; id > 0 && chain.size() < 1000;) {
        const auto run = store.run(id);
        if (!run || std::any_of(chain.begin(), chain.end(), [&](const RunRecord& r) { return r.id == id; })) break;
        chain.prepend(*run);
        id = run->resumedFrom;
    }
    return chain;
}

RunSeries joinedSeries(const RunStore& store, qint64 runId) {
    const QVector<RunRecord> chain = runLineage(store, runId);
    QVector<RunSeries> parts;
    for (const RunRecord& r : chain) parts.push_back(store.series(r.id));
    RunSeries out;
    double offset = 0;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const bool whole = i + 1 == parts.size() || parts[i + 1].steps.isEmpty();
        offset = appendPart(out, parts[i], whole ? 0 : parts[i + 1].steps.front().step, whole, offset);
    }
    return out;
}

}  // namespace catapult
