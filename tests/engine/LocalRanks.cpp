#include "LocalRanks.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <optional>

extern char** environ;

namespace catapult::test {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kTailLines = 15;
constexpr auto kGrace = std::chrono::seconds(3);
constexpr auto kGiveUp = std::chrono::seconds(10);  // after SIGKILL: stop waiting for a rank

struct Rank {
    pid_t pid = -1;
    int fd = -1;  // read end of its merged stdout and stderr
    bool ended = false;
    int exitCode = -1;
    std::string pending;  // an unfinished line
    std::deque<std::string> tail;
};

// NUL-terminated copies for execve, made before fork (the child may only call async-signal-safe
// functions: LibTorch's threads may hold locks).
struct ExecArgs {
    std::vector<std::string> storage;
    std::vector<char*> argv, envp;
    explicit ExecArgs(const RankCommand& c) {
        storage = c.argv;
        for (const auto& [name, value] : c.environment) storage.push_back(name + "=" + value);
        for (std::size_t i = 0; i < storage.size(); ++i) (i < c.argv.size() ? argv : envp).push_back(storage[i].data());
        argv.push_back(nullptr);
        envp.push_back(nullptr);
    }
};

// Starts one rank; returns false (with errno) if it could not.
bool spawn(const RankCommand& command, Rank& rank) {
    ExecArgs args(command);
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);                     // own process group: stop it and its children together
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test
        if (::getppid() != parent) ::_exit(1);
        ::dup2(fds[1], STDOUT_FILENO);
        ::dup2(fds[1], STDERR_FILENO);
        ::execve(command.program.c_str(), args.argv.data(), args.envp.data());
        static const char kFailed[] = "could not execute the rank's program\n";
        [[maybe_unused]] auto written = ::write(STDERR_FILENO, kFailed, sizeof kFailed - 1);
        ::_exit(127);
    }
    ::close(fds[1]);
    if (pid < 0) {
        ::close(fds[0]);
        return false;
    }
    ::setpgid(pid, pid);  // also from here, so a signal right after the start reaches the group
    rank.pid = pid;
    rank.fd = fds[0];
    return true;
}

void keepLine(int index, Rank& rank, std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::printf("[rank %d] %s\n", index, line.c_str());
    rank.tail.push_back(std::move(line));
    if (rank.tail.size() > kTailLines) rank.tail.pop_front();
}

// Reads what is there; at the end of the stream closes it and keeps an unfinished last line.
void readOutput(int index, Rank& rank) {
    char buffer[65536];
    const ssize_t n = ::read(rank.fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n > 0) {
        rank.pending.append(buffer, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = rank.pending.find('\n')) != std::string::npos;) {
            keepLine(index, rank, rank.pending.substr(0, nl));
            rank.pending.erase(0, nl + 1);
        }
    } else {
        if (!rank.pending.empty()) keepLine(index, rank, std::move(rank.pending));
        rank.pending.clear();
        ::close(rank.fd);
        rank.fd = -1;
    }
    std::fflush(stdout);
}

class Job {
public:
    explicit Job(std::size_t size) : m_ranks(size) {}

    RanksOutcome run(const std::vector<RankCommand>& commands, std::chrono::seconds timeLimit);

private:
    void fail(int index, std::string reason);
    void signalAll(int signal);
    void reap();
    void pollOutput();
    bool finished() const;
    std::string lastLines(int index) const;
    RanksOutcome outcome() const;

    std::vector<Rank> m_ranks;
    int m_failing = -1;
    std::string m_reason;
    std::optional<Clock::time_point> m_killAt, m_giveUpAt;
};

RanksOutcome Job::run(const std::vector<RankCommand>& commands, std::chrono::seconds timeLimit) {
    for (std::size_t r = 0; r < commands.size() && m_failing < 0; ++r)
        if (!spawn(commands[r], m_ranks[r]))
            fail(static_cast<int>(r), "rank " + std::to_string(r) + " could not start: " + std::strerror(errno));
    const Clock::time_point deadline = Clock::now() + timeLimit;
    while (!finished()) {
        pollOutput();
        reap();
        const Clock::time_point now = Clock::now();
        if (now >= deadline && m_failing < 0) {
            m_reason = "the ranks did not finish within " + std::to_string(timeLimit.count()) + " s";
            m_failing = static_cast<int>(m_ranks.size());  // no rank to blame: every one still running is named
            m_killAt = now;
        }
        if (m_killAt && now >= *m_killAt) {
            signalAll(SIGKILL);
            m_killAt.reset();
            m_giveUpAt = now + kGiveUp;
        }
        if (m_giveUpAt && now >= *m_giveUpAt) break;
    }
    for (Rank& r : m_ranks)
        if (r.fd >= 0) ::close(r.fd);  // given up on: ranks that even SIGKILL did not end
    return outcome();
}

void Job::fail(int index, std::string reason) {
    if (m_failing >= 0) return;
    m_failing = index;
    m_reason = std::move(reason);
    signalAll(SIGTERM);
    m_killAt = Clock::now() + kGrace;
}

void Job::signalAll(int signal) {
    for (const Rank& r : m_ranks)
        if (r.pid > 0 && !r.ended) ::kill(-r.pid, signal);
}

void Job::reap() {
    for (std::size_t i = 0; i < m_ranks.size(); ++i) {
        Rank& r = m_ranks[i];
        int status = 0;
        if (r.pid <= 0 || r.ended || ::waitpid(r.pid, &status, WNOHANG) != r.pid) continue;
        r.ended = true;
        ::kill(-r.pid, SIGKILL);  // whatever the rank left in its group
        const std::string label = "rank " + std::to_string(i);
        if (WIFEXITED(status))
            r.exitCode = WEXITSTATUS(status);
        else
            r.exitCode = 128 + WTERMSIG(status);
        if (WIFSIGNALED(status))
            fail(static_cast<int>(i), label + " was killed by signal " + std::to_string(WTERMSIG(status)));
        else if (r.exitCode != 0)
            fail(static_cast<int>(i), label + " exited with code " + std::to_string(r.exitCode));
    }
}

void Job::pollOutput() {
    std::vector<pollfd> fds;
    std::vector<int> owners;
    for (std::size_t i = 0; i < m_ranks.size(); ++i)
        if (m_ranks[i].fd >= 0) {
            fds.push_back(pollfd{m_ranks[i].fd, POLLIN, 0});
            owners.push_back(static_cast<int>(i));
        }
    if (fds.empty()) {
        ::usleep(20000);
        return;
    }
    if (::poll(fds.data(), fds.size(), 100) <= 0) return;
    for (std::size_t k = 0; k < fds.size(); ++k)
        if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) readOutput(owners[k], m_ranks[owners[k]]);
}

bool Job::finished() const {
    for (const Rank& r : m_ranks)
        if ((r.pid > 0 && !r.ended) || r.fd >= 0) return false;
    return true;
}

std::string Job::lastLines(int index) const {
    const Rank& r = m_ranks[index];
    std::string out = "\nrank " + std::to_string(index) + "'s last lines:";
    for (const std::string& line : r.tail) out += "\n  " + line;
    if (r.tail.empty()) out += " (none)";
    return out;
}

RanksOutcome Job::outcome() const {
    RanksOutcome o;
    for (const Rank& r : m_ranks) o.exitCodes.push_back(r.exitCode);
    o.success = m_failing < 0;
    if (o.success) return o;
    const bool timedOut = m_failing >= static_cast<int>(m_ranks.size());
    o.failingRank = timedOut ? -1 : m_failing;
    o.reason = m_reason;
    for (int i = 0; i < static_cast<int>(m_ranks.size()); ++i)
        if (timedOut ? m_ranks[i].exitCode != 0 : i == m_failing) o.reason += lastLines(i);
    return o;
}

}  // namespace

RanksOutcome runLocalRanks(const std::vector<RankCommand>& ranks, std::chrono::seconds timeLimit) {
    Job job(ranks.size());
    return job.run(ranks, timeLimit);
}

std::map<std::string, std::string> processEnvironment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string kv(*e);
        if (const auto eq = kv.find('='); eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return env;
}

}  // namespace catapult::test
