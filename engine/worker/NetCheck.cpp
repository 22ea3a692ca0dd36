#include "NetCheck.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>

#include "catapult/MetricsWriter.h"

#include "WorkerFlags.h"

namespace catapult {
namespace {

void say(const JsonObject& o) {
    std::printf("%s\n", o.str().c_str());
    std::fflush(stdout);
}

int error(const std::string& message, int code) {
    say(JsonObject().add("event", "error").add("message", message));
    return code;
}

std::string addressText(const sockaddr_storage& a) {
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET)
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(a).sin_addr, text, sizeof text);
    else if (a.ss_family == AF_INET6)
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(a).sin6_addr, text, sizeof text);
    return text;
}

int listen(int port, int expect, int timeoutS) {
    const int fd = ::socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) return error(std::string("socket: ") + std::strerror(errno), 2);
    const int off = 0, on = 1;
    ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);  // IPv4 and IPv6, as TCPStore
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_addr = in6addr_any;
    addr.sin6_port = htons(static_cast<uint16_t>(port));
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        const int e = errno;
        ::close(fd);
        return error("cannot listen on port " + std::to_string(port) + ": " + std::strerror(e) +
                         (e == EADDRINUSE ? " (another program uses it)" : ""),
                     2);
    }
    say(JsonObject().add("event", "listening").add("port", port));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutS);
    int accepted = 0;
    while (accepted < expect) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            ::close(fd);
            say(JsonObject().add("event", "timeout").add("accepted", accepted));
            return 3;
        }
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int c = ::accept(fd, reinterpret_cast<sockaddr*>(&peer), &len);
        if (c < 0) continue;
        ::close(c);
        ++accepted;
        std::string from = addressText(peer);
        if (from.rfind("::ffff:", 0) == 0) from = from.substr(7);
        say(JsonObject().add("event", "accepted").add("from", from));
    }
    ::close(fd);
    say(JsonObject().add("event", "done").add("accepted", accepted));
    return 0;
}

int connect(const std::string& host, int port, int timeoutS) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
        return error("cannot resolve " + host + ": " + ::gai_strerror(rc), 1);
    std::string last = "no address";
    for (addrinfo* ai = found; ai; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype, 0);
        if (fd < 0) continue;
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd pfd{fd, POLLOUT, 0};
            rc = ::poll(&pfd, 1, timeoutS * 1000) == 1 ? 0 : -1;
            int soError = rc == 0 ? 0 : ETIMEDOUT;
            socklen_t len = sizeof soError;
            if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
            errno = soError;
            rc = soError == 0 ? 0 : -1;
        }
        if (rc == 0) {
            sockaddr_storage local{};
            socklen_t len = sizeof local;
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
            ::close(fd);
            ::freeaddrinfo(found);
            say(JsonObject().add("event", "connected").add("local_address", addressText(local)));
            return 0;
        }
        last = std::strerror(errno);
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return error("cannot reach " + host + ":" + std::to_string(port) + ": " + last, 1);
}

}  // namespace

int runNetCheck(const std::vector<std::string>& args) {
    std::vector<std::string> action;
    std::string host;
    int port = 0, expect = 1, timeoutS = 10;
    WorkerFlags flags("netcheck");
    flags.positional("action", action, "listen (accept --expect connections) or connect (to --host)")->required();
    flags.add("--port", port, "the TCP port")->required()->check(CLI::Range(1, 65535));
    flags.add("--host", host, "connect: the host to reach");
    flags.add("--expect", expect, "listen: connections to accept")->check(WorkerFlags::atLeast(1));
    flags.add("--timeout_s", timeoutS, "give up after this long")->check(WorkerFlags::atLeast(1));
    if (Status s = flags.parse(args); !s.ok()) return error(s.message(), 2);
    if (action.size() != 1 || (action[0] != "listen" && action[0] != "connect"))
        return error("netcheck: give listen or connect (catapult-worker netcheck --help)", 2);
    if (action[0] == "listen") return listen(port, expect, timeoutS);
    if (host.empty()) return error("--host is required", 2);
    return connect(host, port, timeoutS);
}

}  // namespace catapult
