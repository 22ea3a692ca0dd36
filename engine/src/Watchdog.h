#pragma once
// Hang detection for one rank of a job. The training thread marks every blocking wait on a
// collective (enter/leave, numbered in order); a background thread
//  * publishes a heartbeat "<beat> <collective #> <waiting> <operation>" under
//    catapult/progress/<rank> in the rendezvous store a few times per timeout, and
//  * when a wait has lasted half the timeout, starts watching the other ranks' heartbeats;
//    when it lasts the whole timeout, it names the culprits: a rank whose heartbeat stopped
//    (the process is stopped, dead or its machine unreachable), or a rank that is alive but
//    never reached this collective (stuck in its own code), and calls onHang with the
//    message. The worker's handler reports it as an error line and ends the process, so the
//    launcher tears the job down (a thread blocked in Gloo or NCCL cannot be cancelled).
//
// Thread safety: enter()/leave() from the training thread; the rest is internal.

#include <torch/csrc/distributed/c10d/Store.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace catapult {

class Watchdog {
public:
    struct Options {
        int rank = 0;
        int worldSize = 1;
        std::chrono::milliseconds timeout{std::chrono::seconds(600)};
        std::string backend;  // "gloo" / "nccl", for the message
        std::function<void(const std::string&)> onHang;
    };
    // `store` should be a connection of its own (Store::clone()).
    Watchdog(c10::intrusive_ptr<c10d::Store> store, Options options);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void enter(const char* operation);
    void leave();

    // One rank's heartbeat as read from the store.
    struct Beat {
        int64_t beat = -1;
        int64_t sequence = 0;
        bool waiting = false;
        std::string operation;
    };

private:
    void run();
    std::string diagnose(int64_t sequence, const std::string& operation, double waited);

    c10::intrusive_ptr<c10d::Store> m_store;
    Options m_options;
    std::atomic<int64_t> m_sequence{0};
    std::atomic<bool> m_waiting{false};
    std::atomic<const char*> m_operation{""};
    std::atomic<int64_t> m_waitStartMs{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_quit = false;
    // While a wait is watched: each other rank's last heartbeat and when it last changed (ms).
    std::map<int, std::pair<Beat, int64_t>> m_seen;
    std::map<int, bool> m_unreachable;
    std::thread m_thread;
};

}  // namespace catapult
