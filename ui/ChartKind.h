#pragma once
// The dashboard's charts, in the order they are laid out (two per row).

namespace catapult {

enum class ChartKind { Loss, LearningRate, Throughput, GradNorm, Memory };
inline constexpr int kChartKinds = 5;

}  // namespace catapult
