#pragma once
// The stacks of a stalled job's ranks, side by side: each rank's dump (py-spy for Python,
// gdb for anything else), the main thread's frames as its signature, and the ranks whose
// signature differs from the rest. The rest is the largest group of ranks with one signature;
// among equal groups, the one holding the lowest rank. With every rank in one place the usual
// culprit is the odd one: in another collective, or still in its data loader.
//
// Thread safety: pure functions.

#include <QString>
#include <QStringList>
#include <vector>

namespace catapult {

struct RankStack {
    int rank = 0;
    QString tool;     // "py-spy", "gdb", or empty when neither could read it
    QString text;     // the tool's output (or why there is none)
};

// The frames of the main thread (py-spy's "MainThread", gdb's thread 1), innermost first, as
// "function (file)" without line numbers.
QStringList mainThreadFrames(const RankStack& stack);

struct StackComparison {
    std::vector<int> oddRanks;  // ranks whose main thread is elsewhere than the rest's
    QString summary;            // one line for the log and the alert
};

StackComparison compareStacks(const std::vector<RankStack>& stacks);

}  // namespace catapult
