#pragma once
// Rendezvous and collectives for one data-parallel group: a c10d TCPStore on
// MASTER_ADDR:MASTER_PORT (served by rank 0), ProcessGroupGloo for CPU tensors and
// ProcessGroupNCCL for CUDA tensors. With a world size of 1 there is no store and every
// collective is the identity.
//
// Errors: connect() throws std::runtime_error whose message names the address, the timeout
// and, when ranks are missing, which ones. Thread safety: use from one thread.

#include <torch/csrc/distributed/c10d/Backend.hpp>
#include <torch/csrc/distributed/c10d/Store.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#include <torch/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "Watchdog.h"
#include "catapult/ProcessState.h"


namespace catapult {

class Communicator {
public:
    // `onHang` receives the Watchdog's message when a collective exceeds
    // CATAPULT_COLLECTIVE_TIMEOUT_S (see Watchdog.h); it should end the process.
    static std::unique_ptr<Communicator> connect(const ProcessState& state, const torch::Device& device,
                                                 std::function<void(const std::string&)> onHang = {});
    ~Communicator();

    int rank() const { return m_rank; }
    int size() const { return m_size; }

    // Asynchronous sum all-reduce of one flat tensor; wait() on the result. Null when size() == 1.
    c10::intrusive_ptr<c10d::Work> allreduceSumAsync(torch::Tensor& flat);
    void allreduceSum(torch::Tensor& flat);
    // Asynchronous sum reduce-scatter: `input` holds size() equal chunks; this rank's chunk of
    // the sum lands in `output`. Asynchronous all-gather: every rank's `input` into `output`
    // (size() * input.numel(), rank-major). With size() == 1 both copy and return null.
    c10::intrusive_ptr<c10d::Work> reduceScatterSumAsync(torch::Tensor& output, torch::Tensor& input);
    c10::intrusive_ptr<c10d::Work> allgatherIntoAsync(torch::Tensor& output, torch::Tensor& input);
    // Waits for an asynchronous collective (null: nothing); failures throw naming the rank.
    void wait(const c10::intrusive_ptr<c10d::Work>& work, const char* operation);
    void broadcast(torch::Tensor& tensor, int root);
    // Concatenation along dim 0 of every rank's tensor (all of the same shape), rank-major.
    torch::Tensor allgather(const torch::Tensor& tensor);
    void barrier();

    const std::string& backendName() const { return m_backendName; }

private:
    Communicator(int rank, int size) : m_rank(rank), m_size(size) {}

    int m_rank;
    int m_size;
    std::string m_backendName = "none";
    std::chrono::milliseconds m_timeout{0};
    c10::intrusive_ptr<c10d::Store> m_store;
    c10::intrusive_ptr<c10d::Backend> m_backend;
    std::unique_ptr<Watchdog> m_watchdog;
};

}  // namespace catapult
