#pragma once
// The dashboard's CSV export: one row per step and one per memory sample of each rank, in the
// columns of seriesCsvHeader(). Step rows (type "step") fill the loss, smoothed loss (the
// dashboard's smoothing), learning rate, tokens/s and gradient norm; memory rows (type
// "memory") fill the rank and its byte counts. A run's label is quoted as CSV quotes text.

#include <QTextStream>

#include "RunStore.h"

namespace catapult {

// "run,type,step,time_s,loss,loss_smoothed,...,cuda_peak_bytes" and a newline.
QString seriesCsvHeader();
// Writes the rows of one run. `smoothing`: Smoothing's weight for loss_smoothed.
void writeSeriesCsv(QTextStream& out, const QString& label, const RunSeries& series, double smoothing);

}  // namespace catapult
