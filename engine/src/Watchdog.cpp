#include "Watchdog.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

namespace catapult {
namespace {

using Clock = std::chrono::steady_clock;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

std::string progressKey(int rank) { return "catapult/progress/" + std::to_string(rank); }

using Beat = Watchdog::Beat;

Beat parseBeat(const std::vector<uint8_t>& raw) {
    Beat b;
    std::istringstream in(std::string(raw.begin(), raw.end()));
    int waiting = 0;
    in >> b.beat >> b.sequence >> waiting;
    b.waiting = waiting != 0;
    std::getline(in >> std::ws, b.operation);
    return b;
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
}

}  // namespace

Watchdog::Watchdog(c10::intrusive_ptr<c10d::Store> store, Options options)
    : m_store(std::move(store)), m_options(std::move(options)) {
    m_thread = std::thread([this] { run(); });
}

Watchdog::~Watchdog() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void Watchdog::enter(const char* operation) {
    m_operation.store(operation);
    m_waitStartMs.store(nowMs());
    ++m_sequence;
    m_waiting.store(true);
}

void Watchdog::leave() { m_waiting.store(false); }

void Watchdog::run() {
    using std::chrono::milliseconds;
    const int64_t timeoutMs = m_options.timeout.count();
    const int64_t beatEveryMs = std::clamp<int64_t>(timeoutMs / 8, 100, 2000);
    const int64_t tickMs = std::clamp<int64_t>(timeoutMs / 20, 20, 250);
    m_store->setTimeout(milliseconds(std::max<int64_t>(2 * beatEveryMs, 1000)));
    int64_t beat = 0;
    int64_t lastBeatMs = 0;
    int64_t reportedSequence = -1;
    // For the wait being watched: each other rank's last heartbeat and when it last changed.
    int64_t watchedSequence = -1;
    for (bool first = true;; first = false) {
        if (!first) {  // the first heartbeat goes out at once
            std::unique_lock<std::mutex> lock(m_mutex);
            if (m_wake.wait_for(lock, milliseconds(tickMs), [this] { return m_quit; })) return;
        }
        const int64_t now = nowMs();
        const bool waiting = m_waiting.load();
        const int64_t sequence = m_sequence.load();
        if (now - lastBeatMs >= beatEveryMs) {
            lastBeatMs = now;
            const std::string value = std::to_string(++beat) + " " + std::to_string(sequence) + " " +
                                      (waiting ? "1 " : "0 ") + m_operation.load();
            try {
                m_store->set(progressKey(m_options.rank), std::vector<uint8_t>(value.begin(), value.end()));
            } catch (const std::exception&) {
                // The store (served by rank 0) does not answer; the diagnosis below says so.
            }
        }
        if (!waiting || sequence == reportedSequence) continue;
        const int64_t waitedMs = now - m_waitStartMs.load();
        if (waitedMs < timeoutMs / 2) continue;
        if (watchedSequence != sequence) {
            watchedSequence = sequence;
            m_seen.clear();
            m_unreachable.clear();
        }
        for (int r = 0; r < m_options.worldSize; ++r) {
            if (r == m_options.rank) continue;
            try {
                if (!m_store->check({progressKey(r)})) continue;
                Beat b = parseBeat(m_store->get(progressKey(r)));
                auto it = m_seen.find(r);
                if (it == m_seen.end() || it->second.first.beat != b.beat) m_seen[r] = {b, now};
                m_unreachable[r] = false;
            } catch (const std::exception&) {
                m_unreachable[r] = true;
            }
        }
        if (waitedMs < timeoutMs) continue;
        reportedSequence = sequence;
        const std::string message = diagnose(sequence, m_operation.load(), static_cast<double>(waitedMs) / 1000.0);
        if (m_options.onHang) m_options.onHang(message);
    }
}

std::string Watchdog::diagnose(int64_t sequence, const std::string& operation, double waited) {
    std::ostringstream out;
    out << "Rank " << m_options.rank << " waited " << seconds(waited) << " in collective #" << sequence << " ("
        << operation << ", " << m_options.backend << ") without it completing (CATAPULT_COLLECTIVE_TIMEOUT_S="
        << m_options.timeout.count() / 1000 << ").";
    const int64_t now = nowMs();
    const int64_t staleMs = 3 * std::clamp<int64_t>(m_options.timeout.count() / 8, 100, 2000);
    int culprits = 0;
    for (int r = 0; r < m_options.worldSize; ++r) {
        if (r == m_options.rank) continue;
        if (m_unreachable.count(r) && m_unreachable[r]) {
            out << " The rendezvous store served by rank 0 does not answer: rank 0 is stopped or hung, or its machine is"
                   " unreachable.";
            ++culprits;
            break;
        }
        auto it = m_seen.find(r);
        if (it == m_seen.end()) {
            out << " Rank " << r << " never sent a heartbeat: it stopped making progress right after the start (the "
                   "process is stopped, frozen or cut off).";
            ++culprits;
            continue;
        }
        const Beat& b = it->second.first;
        const int64_t silentMs = now - it->second.second;
        if (silentMs > staleMs) {
            out << " Rank " << r << " stopped making progress: no sign of life for at least " << seconds(silentMs / 1000.0)
                << " (the process is stopped, frozen or cut off); its last heartbeat was "
                << (b.sequence > 0 ? "at collective #" + std::to_string(b.sequence) + " (" + b.operation + ")."
                                   : std::string("before its first collective."));
            ++culprits;
        } else if (!(b.waiting && b.sequence == sequence)) {
            out << " Rank " << r << " stopped making progress: it is running but never reached collective #" << sequence
                << "; its last was #" << b.sequence << " (" << b.operation << ").";
            ++culprits;
        }
    }
    if (culprits == 0) out << " Every other rank is waiting in the same collective; the network between the ranks may be broken.";
    out << " Stopping the job.";
    return out.str();
}

}  // namespace catapult
