#include "DataParallel.h"

#include <torch/csrc/distributed/c10d/Work.hpp>

#include <stdexcept>

#include "Communicator.h"
#include "ReadyHook.h"

namespace catapult {

// Each gradient's norm in one read (torch.nn.utils.clip_grad_norm_'s way), the squares summed
// in fp64; no widened copy of the gradients.
double localGradSquaredNorm(const std::vector<torch::Tensor>& parameters) {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;
    for (const auto& p : parameters)
        if (p.grad().defined()) norms.push_back(torch::linalg_vector_norm(p.grad(), 2).to(torch::kFloat));
    return norms.empty() ? 0.0 : torch::stack(norms).to(torch::kDouble).pow(2).sum().item<double>();
}

DataParallel::DataParallel(Communicator& comm, Options options) : m_comm(comm), m_options(options) {}

DataParallel::~DataParallel() {
    for (auto& p : m_params) torch::autograd::impl::set_post_acc_grad_hooks(p, nullptr);
}

void DataParallel::attach(const std::vector<torch::Tensor>& parameters) {
    m_params = parameters;
    m_slots.assign(m_params.size(), Slot{});
    m_buckets.clear();
    std::size_t capacity = m_options.firstBucketBytes;
    std::size_t bytes = 0;
    for (std::size_t k = m_params.size(); k-- > 0;) {
        const torch::Tensor& p = m_params[k];
        const std::size_t size = static_cast<std::size_t>(p.numel()) * p.element_size();
        const bool typeChanged = !m_buckets.empty() && !m_buckets.back().params.empty() &&
                                 m_params[m_buckets.back().params.front()].scalar_type() != p.scalar_type();
        if (m_buckets.empty() || typeChanged || (bytes > 0 && bytes + size > capacity)) {
            if (!m_buckets.empty()) capacity = m_options.bucketBytes;
            m_buckets.emplace_back();
            bytes = 0;
        }
        Bucket& b = m_buckets.back();
        m_slots[k] = Slot{m_buckets.size() - 1, b.params.size(), false};
        b.offsets.push_back(b.params.empty() ? 0 : b.offsets.back() + m_params[b.params.back()].numel());
        b.params.push_back(k);
        bytes += size;
    }
    for (Bucket& b : m_buckets) {
        const torch::Tensor& last = m_params[b.params.back()];
        b.flat = torch::zeros({b.offsets.back() + last.numel()}, last.options().requires_grad(false));
    }
    pointGradientsAtBuckets();
    for (std::size_t k = 0; k < m_params.size(); ++k)
        torch::autograd::impl::set_post_acc_grad_hooks(m_params[k], std::make_unique<ReadyHook<DataParallel>>(this, k));
}

torch::Tensor DataParallel::bucketView(std::size_t k) const {
    const Slot& slot = m_slots[k];
    const Bucket& b = m_buckets[slot.bucket];
    return b.flat.narrow(0, b.offsets[slot.position], m_params[k].numel()).view(m_params[k].sizes());
}

bool DataParallel::gradIsBucketView(std::size_t k) const {
    const torch::Tensor& g = m_params[k].grad();
    return g.defined() && g.data_ptr() == bucketView(k).data_ptr() && g.is_contiguous();
}

// After an optimizer's zero_grad() (set_to_none) the gradients are gone: the next backward
// accumulates into the zeroed buckets again. The .grad is a tensor of its own over the bucket's
// memory (holding the bucket alive), not an autograd view, so zero_grad(false) may detach it.
void DataParallel::pointGradientsAtBuckets() {
    torch::NoGradGuard noGrad;
    for (std::size_t k = 0; k < m_params.size(); ++k) {
        if (m_params[k].grad().defined()) continue;
        torch::Tensor view = bucketView(k);
        view.zero_();
        const torch::Tensor flat = m_buckets[m_slots[k].bucket].flat;
        m_params[k].mutable_grad() = torch::from_blob(view.data_ptr(), view.sizes(), [flat](void*) {}, view.options());
    }
}

void DataParallel::beginBackward(bool synchronize) {
    pointGradientsAtBuckets();
    m_synchronizing = synchronize;
    if (!synchronize) return;
    for (Bucket& b : m_buckets) {
        b.pending = b.params.size();
        b.launched = false;
        b.work.reset();
    }
    for (Slot& s : m_slots) s.ready = false;
    m_nextToLaunch = 0;
}

void DataParallel::markReady(std::size_t index) {
    if (!m_synchronizing) return;
    Slot& slot = m_slots[index];
    if (slot.ready) return;  // a parameter used twice reports once
    slot.ready = true;
    Bucket& b = m_buckets[slot.bucket];
    torch::NoGradGuard noGrad;
    if (!gradIsBucketView(index)) bucketView(index).copy_(m_params[index].grad());
    if (--b.pending == 0) launchReadyBuckets();
}

void DataParallel::launchReadyBuckets() {
    while (m_nextToLaunch < m_buckets.size() && m_buckets[m_nextToLaunch].pending == 0) {
        Bucket& b = m_buckets[m_nextToLaunch++];
        b.flat.mul_(1.0 / static_cast<double>(m_comm.size()));  // the average: divided first, as DDP does, while backward runs
        b.work = m_comm.allreduceSumAsync(b.flat);
        b.launched = true;
    }
}

void DataParallel::finishBackward() {
    if (!m_synchronizing) return;
    torch::NoGradGuard noGrad;
    // Parameters that took no part in this backward contribute zeros.
    for (std::size_t k = 0; k < m_params.size(); ++k) {
        if (m_slots[k].ready) continue;
        Slot& slot = m_slots[k];
        Bucket& b = m_buckets[slot.bucket];
        const torch::Tensor& g = m_params[k].grad();
        torch::Tensor view = bucketView(k);
        if (!g.defined()) view.zero_();
        else if (!gradIsBucketView(k)) view.copy_(g);
        slot.ready = true;
        --b.pending;
    }
    launchReadyBuckets();
    for (Bucket& b : m_buckets) {
        m_comm.wait(b.work, "all_reduce (gradient bucket)");
        for (std::size_t k : b.params) {
            if (gradIsBucketView(k)) continue;
            torch::Tensor& p = m_params[k];
            if (p.grad().defined()) p.mutable_grad().copy_(bucketView(k));
            else p.mutable_grad() = bucketView(k).clone();
        }
        b.work.reset();
    }
    m_synchronizing = false;
}

double DataParallel::globalGradSquaredNorm(const std::vector<torch::Tensor>& parameters) {
    // After finishBackward the gradients are identical on every rank, so the local norm is
    // the global one: no extra collective.
    return localGradSquaredNorm(parameters);
}

}  // namespace catapult
