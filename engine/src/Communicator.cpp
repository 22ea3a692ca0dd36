#include "Communicator.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef CATAPULT_HAVE_CUDA
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace catapult {
namespace {

std::string joinedKey(int rank) { return "catapult/joined/" + std::to_string(rank); }

std::string endpoint(const ProcessState& s) { return s.masterAddr + ":" + std::to_string(s.masterPort); }

bool isLoopback(const std::string& addr) {
    return addr == "localhost" || addr.rfind("127.", 0) == 0 || addr == "::1";
}

// Waits until every rank has announced itself; names the missing ones on timeout.
void awaitAllRanks(c10d::Store& store, const ProcessState& s) {
    const auto deadline = std::chrono::steady_clock::now() + s.rendezvousTimeout;
    std::vector<std::string> keys;
    for (int r = 0; r < s.worldSize; ++r) keys.push_back(joinedKey(r));
    while (!store.check(keys)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            std::ostringstream missing;
            int count = 0;
            for (int r = 0; r < s.worldSize; ++r) {
                if (!store.check({joinedKey(r)})) missing << (count++ ? ", " : "") << r;
            }
            std::ostringstream msg;
            msg << "Rendezvous at " << endpoint(s) << " timed out after "
                << std::chrono::duration_cast<std::chrono::seconds>(s.rendezvousTimeout).count() << " s: rank"
                << (count > 1 ? "s " : " ") << missing.str() << " of " << s.worldSize
                << " never joined (CATAPULT_RENDEZVOUS_TIMEOUT_S sets the limit).";
            throw std::runtime_error(msg.str());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// The address of this machine on the route to MASTER_ADDR (no packet is sent), so that every
// rank listens on the network the main process is reached through, whatever the hostname
// resolves to. Empty when the route cannot be found.
std::string localAddressTowards(const ProcessState& s) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(s.masterAddr.c_str(), std::to_string(s.masterPort).c_str(), &hints, &found) != 0) return {};
    std::string out;
    for (addrinfo* ai = found; ai && out.empty(); ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, SOCK_DGRAM, 0);
        if (fd < 0) continue;
        sockaddr_storage local{};
        socklen_t len = sizeof local;
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) {
            char text[NI_MAXHOST] = {};
            if (::getnameinfo(reinterpret_cast<sockaddr*>(&local), len, text, sizeof text, nullptr, 0, NI_NUMERICHOST) == 0)
                out = text;
        }
        ::close(fd);
    }
    ::freeaddrinfo(found);
    return out;
}

std::shared_ptr<::gloo::transport::Device> glooDevice(const ProcessState& s) {
    if (const char* iface = std::getenv("GLOO_SOCKET_IFNAME"); iface && *iface)
        return c10d::ProcessGroupGloo::createDeviceForInterface(iface);
    if (isLoopback(s.masterAddr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    if (const std::string local = localAddressTowards(s); !local.empty())
        return c10d::ProcessGroupGloo::createDeviceForHostname(local);
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

Communicator::~Communicator() = default;

std::unique_ptr<Communicator> Communicator::connect(const ProcessState& s, const torch::Device& device,
                                                    std::function<void(const std::string&)> onHang) {
    std::unique_ptr<Communicator> comm(new Communicator(s.rank, s.worldSize));
    if (s.worldSize == 1) return comm;
    comm->m_timeout = s.collectiveTimeout;

    c10d::TCPStoreOptions opts;
    opts.port = static_cast<std::uint16_t>(s.masterPort);
    opts.isServer = s.rank == 0;
    opts.numWorkers = static_cast<std::size_t>(s.worldSize);
    opts.waitWorkers = false;  // we wait ourselves, to name the missing ranks
    opts.timeout = s.rendezvousTimeout;
    opts.useLibUV = false;
    c10::intrusive_ptr<c10d::TCPStore> store;
    try {
        store = c10::make_intrusive<c10d::TCPStore>(s.masterAddr, opts);
    } catch (const std::exception& e) {
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        if (s.rank == 0)
            throw std::runtime_error("Rank 0 could not serve the rendezvous on port " + std::to_string(s.masterPort) +
                                     " (MASTER_PORT): " + what);
        throw std::runtime_error("Could not reach the master process at " + endpoint(s) +
                                 " (MASTER_ADDR:MASTER_PORT) within " +
                                 std::to_string(std::chrono::duration_cast<std::chrono::seconds>(s.rendezvousTimeout).count()) +
                                 " s: " + what);
    }
    store->set(joinedKey(s.rank), std::vector<uint8_t>{1});
    awaitAllRanks(*store, s);
    comm->m_store = store;

    auto prefixed = c10::make_intrusive<c10d::PrefixStore>("catapult/dp/", store);
    if (device.is_cuda()) {
#ifdef CATAPULT_HAVE_CUDA
        auto nopts = c10d::ProcessGroupNCCL::Options::create();
        nopts->timeout = s.collectiveTimeout + std::chrono::seconds(60);  // the Watchdog names the hang first
        comm->m_backend = c10::make_intrusive<c10d::ProcessGroupNCCL>(prefixed, s.rank, s.worldSize, nopts);
        comm->m_backendName = "nccl";
#else
        throw std::runtime_error("This engine was built without CUDA support; cannot create an NCCL group.");
#endif
    } else {
        auto gopts = c10d::ProcessGroupGloo::Options::create(s.collectiveTimeout + std::chrono::seconds(60));
        gopts->devices.push_back(glooDevice(s));
        comm->m_backend = c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, s.rank, s.worldSize, gopts);
        comm->m_backendName = "gloo";
    }
    comm->m_watchdog = std::make_unique<Watchdog>(
        store->clone(), Watchdog::Options{s.rank, s.worldSize, s.collectiveTimeout, comm->m_backendName, std::move(onHang)});
    return comm;
}

void Communicator::wait(const c10::intrusive_ptr<c10d::Work>& work, const char* operation) {
    if (!work) return;
    if (m_watchdog) m_watchdog->enter(operation);
    try {
        work->wait();
        if (m_watchdog) m_watchdog->leave();
    } catch (const std::exception& e) {
        if (m_watchdog) m_watchdog->leave();
        std::string what = e.what();
        throw std::runtime_error(std::string("Collective ") + operation + " failed on rank " + std::to_string(m_rank) +
                                 " (" + m_backendName + "): " + what.substr(0, what.find('\n')));
    }
}

c10::intrusive_ptr<c10d::Work> Communicator::allreduceSumAsync(torch::Tensor& flat) {
    if (m_size == 1) return {};
    std::vector<at::Tensor> tensors{flat};
    c10d::AllreduceOptions opts;
    opts.reduceOp = c10d::ReduceOp::SUM;
    return m_backend->allreduce(tensors, opts);
}

void Communicator::allreduceSum(torch::Tensor& flat) {
    if (m_size == 1) return;
    wait(allreduceSumAsync(flat), "all_reduce");
}

c10::intrusive_ptr<c10d::Work> Communicator::reduceScatterSumAsync(torch::Tensor& output, torch::Tensor& input) {
    if (m_size == 1) {
        output.copy_(input);
        return {};
    }
    c10d::ReduceScatterOptions opts;
    opts.reduceOp = c10d::ReduceOp::SUM;
    return m_backend->_reduce_scatter_base(output, input, opts);
}

c10::intrusive_ptr<c10d::Work> Communicator::allgatherIntoAsync(torch::Tensor& output, torch::Tensor& input) {
    if (m_size == 1) {
        output.copy_(input);
        return {};
    }
    return m_backend->_allgather_base(output, input);
}

void Communicator::broadcast(torch::Tensor& tensor, int root) {
    if (m_size == 1) return;
    std::vector<at::Tensor> tensors{tensor};
    c10d::BroadcastOptions opts;
    opts.rootRank = root;
    wait(m_backend->broadcast(tensors, opts), "broadcast");
}

torch::Tensor Communicator::allgather(const torch::Tensor& tensor) {
    if (m_size == 1) return tensor.dim() == 0 ? tensor.reshape({1}).clone() : tensor.clone();
    at::Tensor in = tensor.contiguous();
    std::vector<int64_t> shape = in.sizes().vec();
    if (shape.empty()) shape.push_back(1);
    shape[0] *= m_size;
    at::Tensor out = at::empty(shape, in.options());
    at::Tensor inFlat = in.reshape({-1});
    at::Tensor outFlat = out.view({-1});
    wait(m_backend->_allgather_base(outFlat, inFlat), "all_gather");
    return out;
}

void Communicator::barrier() {
    if (m_size == 1) return;
    wait(m_backend->barrier(), "barrier");
}

}  // namespace catapult
