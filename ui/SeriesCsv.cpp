#include "SeriesCsv.h"

#include <cmath>

#include "Smoothing.h"

namespace catapult {

QString seriesCsvHeader() {
    return QStringLiteral("run,type,step,time_s,loss,loss_smoothed,lr,tokens_per_s,grad_norm,rank,rss_bytes,"
                          "peak_rss_bytes,cuda_allocated_bytes,cuda_reserved_bytes,cuda_peak_bytes\n");
}

namespace {

// An empty field for a value the run did not report.
QString number(double v) { return std::isfinite(v) ? QString::number(v, 'g', 15) : QString(); }

}  // namespace

void writeSeriesCsv(QTextStream& out, const QString& label, const RunSeries& series, double smoothing) {
    const QString run = QLatin1Char('"') + QString(label).replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    out.setRealNumberPrecision(15);
    Smoothing smoothed(smoothing);
    for (const StepPoint& p : series.steps)
        out << run << ",step," << p.step << ',' << p.time << ',' << p.loss << ',' << smoothed.add(p.loss) << ','
            << number(p.lr) << ',' << number(p.tokensPerSecond) << ',' << number(p.gradNorm) << ",,,,,,\n";
    for (const MemoryPoint& m : series.memory)
        out << run << ",memory," << m.step << ',' << m.time << ",,,,,," << m.rank << ',' << m.rssBytes << ','
            << m.peakRssBytes << ',' << m.cudaAllocatedBytes << ',' << m.cudaReservedBytes << ',' << m.cudaPeakBytes
            << '\n';
}

}  // namespace catapult
