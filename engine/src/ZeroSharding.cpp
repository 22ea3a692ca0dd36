#include "ZeroSharding.h"

#include <ATen/native/Resize.h>
#include <torch/torch.h>
#ifdef CATAPULT_HAVE_CUDA
#include <ATen/native/cuda/Resize.h>
#endif

#include <sys/mman.h>

#include <algorithm>
#include <memory>
#include <new>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "Communicator.h"
#include "DiskArrays.h"
#include "LossScaler.h"
#include "ReadyHook.h"
#include "catapult/UnitModule.h"

namespace catapult {
namespace {

// "catapult::TransformerBlockImpl" -> "TransformerBlock"
std::string shortClassName(const std::string& name) {
    std::string s = name.substr(name.rfind("::") == std::string::npos ? 0 : name.rfind("::") + 2);
    if (s.size() > 4 && s.compare(s.size() - 4, 4, "Impl") == 0) s.resize(s.size() - 4);
    return s;
}

// Zeroed pages straight from the kernel, given back to it when freed: a unit's gathered
// parameters and full gradients come and go every step, and from malloc glibc's heap would keep
// them (it raises its mmap threshold to the size of such blocks once one is freed).
struct MappedBlock {
    void* data;
    std::size_t bytes;
};

void unmapBlock(void* context) {
    auto* block = static_cast<MappedBlock*>(context);
    ::munmap(block->data, block->bytes);
    delete block;
}

at::DataPtr mappedBytes(std::size_t bytes) {
    auto block = std::make_unique<MappedBlock>(MappedBlock{nullptr, bytes});
    block->data = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block->data == MAP_FAILED) throw std::bad_alloc();
    void* data = block->data;
    return at::DataPtr(data, block.release(), &unmapBlock, at::Device(at::kCPU));
}

// A zeroed CPU float tensor on pages of its own (see mappedBytes).
torch::Tensor mappedCpuZeros(int64_t count, const torch::TensorOptions& options) {
    const std::size_t bytes = static_cast<std::size_t>(std::max<int64_t>(count, 1)) * sizeof(float);
    at::DataPtr data = mappedBytes(bytes);
    void* raw = data.get();
    auto* context = data.release_context();
    try {
        return torch::from_blob(raw, {count}, [context](void*) { unmapBlock(context); }, options);
    } catch (...) {
        unmapBlock(context);
        throw;
    }
}

void resizeStorage(const torch::Tensor& t, std::size_t bytes) {
    c10::StorageImpl* impl = t.storage().unsafeGetStorageImpl();
    if (impl->nbytes() == bytes) return;
#ifdef CATAPULT_HAVE_CUDA
    if (t.is_cuda()) {
        at::native::resize_bytes_cuda(impl, bytes);
        return;
    }
#endif
    if (bytes == 0 || impl->nbytes() == 0) {  // freed at rest, gathered fresh (the contents are overwritten)
        impl->set_data_ptr_noswap(bytes == 0 ? at::DataPtr(nullptr, at::Device(at::kCPU)) : mappedBytes(bytes));
        impl->set_nbytes(bytes);
        return;
    }
    at::native::resize_bytes_cpu(impl, bytes);
}

// Every class the config names must be in the model: the error lists the model's classes.
void checkUnitClassesFound(const std::vector<std::string>& wanted, const std::set<std::string>& matched,
                           const std::set<std::string>& seen) {
    std::vector<std::string> missing;
    for (const auto& w : wanted)
        if (!matched.count(w)) missing.push_back(w);
    if (missing.empty()) return;
    std::string have;
    for (const auto& c : seen) have += (have.empty() ? "" : ", ") + c;
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m;
    throw std::invalid_argument("fsdp_transformer_layer_cls_to_wrap names " + names +
                                ", but the model has no module of that class. Its module classes: " + have + ".");
}

}  // namespace

int64_t ZeroSharding::bytesOf(const torch::Tensor& t) {
    return t.defined() ? static_cast<int64_t>(t.numel() * t.element_size()) : 0;
}

torch::Tensor ZeroSharding::alignedCpuFloats(int64_t count) {
    const int64_t padded = (count + 1023) / 1024 * 1024;
    void* buffer = std::aligned_alloc(DiskArrays::kAlignment, static_cast<std::size_t>(padded) * sizeof(float));
    if (!buffer) throw std::bad_alloc();
    return torch::from_blob(buffer, {padded}, [](void* b) { std::free(b); }, torch::kFloat);
}

ZeroSharding::ZeroSharding(Communicator& comm, Options options)
    : m_comm(comm), m_options(std::move(options)), m_rank(comm.rank()), m_world(comm.size()) {}

ZeroSharding::~ZeroSharding() {
    UnitHooks::removeAll(this);
    for (auto& p : m_params) torch::autograd::impl::set_post_acc_grad_hooks(p, nullptr);
}

torch::Device ZeroSharding::optimizerDevice() const {
    return m_options.settings.offloadOptimizer == OffloadDevice::None ? m_options.device : torch::Device(torch::kCPU);
}

void ZeroSharding::buildUnits(torch::nn::Module& model) {
    const ShardingSettings& s = m_options.settings;
    const std::vector<std::string>& wanted = s.unitClasses;  // empty: every UnitModule
    const bool none = wanted.size() == 1 && wanted.front() == "<none>";
    std::set<std::string> seen;
    std::set<std::string> matched;
    std::vector<std::string> unitPrefixes;
    std::unordered_map<const c10::TensorImpl*, std::size_t> index;
    for (std::size_t k = 0; k < m_params.size(); ++k) index[m_params[k].unsafeGetTensorImpl()] = k;
    m_unitOf.assign(m_params.size(), SIZE_MAX);
    for (const auto& item : model.named_modules("", /*include_self=*/false)) {
        const std::string& name = item.key();
        const std::string cls = shortClassName(item.value()->name());
        seen.insert(cls);
        const bool unit = wanted.empty() ? item.value()->as<UnitModule>() != nullptr
                                         : std::find(wanted.begin(), wanted.end(), cls) != wanted.end();
        if (none || !unit) continue;
        matched.insert(cls);
        const bool nested = std::any_of(unitPrefixes.begin(), unitPrefixes.end(),
                                        [&](const std::string& p) { return name.rfind(p + ".", 0) == 0; });
        if (nested) continue;
        Unit u;
        u.name = name;
        u.module = item.value().get();
        for (const auto& p : item.value()->parameters()) {
            auto it = index.find(p.unsafeGetTensorImpl());
            if (it == index.end() || m_unitOf[it->second] != SIZE_MAX) continue;
            m_unitOf[it->second] = m_units.size();
            u.params.push_back(it->second);
        }
        unitPrefixes.push_back(name);
        if (!u.params.empty()) m_units.push_back(std::move(u));
    }
    if (!none) checkUnitClassesFound(wanted, matched, seen);
    Unit root;
    root.name = "root";
    root.module = &model;
    for (std::size_t k = 0; k < m_params.size(); ++k)
        if (m_unitOf[k] == SIZE_MAX) {
            m_unitOf[k] = m_units.size();
            root.params.push_back(k);
        }
    m_units.push_back(std::move(root));
}

void ZeroSharding::layOut(Unit& u, const Loader& loader) {
    const ShardingSettings& s = m_options.settings;
    torch::NoGradGuard noGrad;
    for (std::size_t i : u.params) {
        u.offsets.push_back(u.numel);
        u.numel += m_params[i].numel();
    }
    u.shard = (u.numel + m_world - 1) / m_world;
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat);
    // With a loader the buffer is allocated untouched: only this rank's shard is ever written.
    u.flat = loader ? torch::empty({u.shard * m_world}, f32.device(m_options.device))
                    : torch::zeros({u.shard * m_world}, f32.device(m_options.device));
    for (std::size_t j = 0; j < u.params.size(); ++j) {
        torch::Tensor& p = m_params[u.params[j]];
        auto view = u.flat.narrow(0, u.offsets[j], p.numel());
        if (!loader) view.copy_(p.detach().reshape({-1}));
        p.set_data(view.view(p.sizes()));
    }
    const int64_t begin = static_cast<int64_t>(m_rank) * u.shard;
    for (std::size_t j = 0; j < u.params.size(); ++j) {
        const int64_t lo = std::max(begin, u.offsets[j]);
        const int64_t hi = std::min(begin + u.shard, u.offsets[j] + m_params[u.params[j]].numel());
        if (hi > lo) u.segments.push_back(Segment{u.params[j], lo - begin, hi - lo});
    }
    // This rank's elements: in the buffer, or (from a loader) in a tensor of their own, so the
    // unit's buffer is never written here.
    torch::Tensor mine = loader ? loadShard(u, loader) : u.flat.narrow(0, begin, u.shard);
    placeShard(u, mine, /*owned=*/static_cast<bool>(loader));
    const torch::Device optDevice = optimizerDevice();
    u.gradShard = torch::zeros({u.shard}, f32.device(optDevice));
    if (s.offloadOptimizer == OffloadDevice::Nvme) {
        u.avgRegion = m_optimizerDisk->allocate(u.shard);
        u.avgSqRegion = m_optimizerDisk->allocate(u.shard);
    } else {
        u.expAvg = torch::zeros({u.shard}, f32.device(optDevice));
        u.expAvgSq = torch::zeros({u.shard}, f32.device(optDevice));
    }
}

// Where this rank's parameter elements live between steps: the master copy for the optimizer
// and, at stage 3, the parameter shard (on the device, in CPU memory or on disk). `owned`: mine
// is a tensor of its own, not a view into the unit's buffer.
void ZeroSharding::placeShard(Unit& u, const torch::Tensor& mine, bool owned) {
    const ShardingSettings& s = m_options.settings;
    const torch::Device optDevice = optimizerDevice();
    if (s.zeroStage < 3) {
        u.masterIsCopy = optDevice != m_options.device;
        u.master = u.masterIsCopy ? mine.to(optDevice).clone() : mine;
    } else if (s.offloadParams == OffloadDevice::Nvme) {
        u.paramRegion = m_paramDisk->allocate(u.shard);
        torch::Tensor staged = alignedCpuFloats(u.shard);
        staged.narrow(0, 0, u.shard).copy_(mine);
        m_paramDisk->write(u.paramRegion, 0, u.shard, staged.data_ptr<float>());
    } else {
        const torch::Device home = s.offloadParams == OffloadDevice::Cpu ? torch::Device(torch::kCPU) : m_options.device;
        u.paramShard = owned ? mine.to(home) : mine.to(home).clone();
        u.masterIsCopy = home != optDevice;
        u.master = u.masterIsCopy ? u.paramShard.to(optDevice).clone() : u.paramShard;
    }
}

// This rank's elements of the unit, read through the loader into CPU memory; the padding past
// the unit's end is zero.
torch::Tensor ZeroSharding::loadShard(const Unit& u, const Loader& loader) const {
    const int64_t begin = static_cast<int64_t>(m_rank) * u.shard;
    torch::Tensor mine = torch::zeros({u.shard}, torch::kFloat);
    for (const Segment& seg : u.segments) {
        const std::size_t j = static_cast<std::size_t>(std::find(u.params.begin(), u.params.end(), seg.param) - u.params.begin());
        loader(seg.param, begin + seg.shardOffset - u.offsets[j], seg.length, mine.data_ptr<float>() + seg.shardOffset);
    }
    return mine;
}

void ZeroSharding::attach(torch::nn::Module& model, const Loader& loader) {
    if (loader && m_options.settings.zeroStage < 3)
        throw std::invalid_argument("loading only this rank's shard needs ZeRO stage 3");
    const ShardingSettings& s = m_options.settings;
    if (s.offloadParams == OffloadDevice::Nvme && s.offloadOptimizer == OffloadDevice::None)
        throw std::invalid_argument("offload_param_device nvme needs offload_optimizer_device cpu or nvme: the optimizer "
                                    "updates the parameter shards where they are stored.");
    for (auto& p : model.parameters())
        if (p.requires_grad()) {
            if (p.scalar_type() != torch::kFloat)
                throw std::invalid_argument("ZeRO sharding keeps fp32 master parameters; parameter of type " +
                                            std::string(c10::toString(p.scalar_type())) + " found.");
            m_params.push_back(p);
        }
    const std::string rank = "rank" + std::to_string(m_rank);
    if (s.offloadOptimizer == OffloadDevice::Nvme)
        m_optimizerDisk = std::make_unique<DiskArrays>(s.optimizerNvmePath, rank + "-optimizer");
    if (s.offloadParams == OffloadDevice::Nvme)
        m_paramDisk = std::make_unique<DiskArrays>(s.paramNvmePath, rank + "-params");
    buildUnits(model);
    for (Unit& u : m_units) layOut(u, loader);
    m_ready.assign(m_params.size(), false);
    for (std::size_t k = 0; k < m_params.size(); ++k)
        torch::autograd::impl::set_post_acc_grad_hooks(m_params[k], std::make_unique<ReadyHook<ZeroSharding>>(this, k));
    if (s.zeroStage == 3) {
        for (std::size_t i = 0; i < m_units.size(); ++i) {
            UnitHooks::add(m_units[i].module, this, i);
            if (i + 1 < m_units.size()) release(m_units[i]);  // the root stays until it opens a scope
        }
        if (loader) {  // the root holds only this rank's shard so far: gather the rest
            release(m_units.back());
            ensureGathered(m_units.back());
        }
    }
}

void ZeroSharding::launchGather(Unit& u) {
    if (u.gathered || u.gatherWork || m_options.settings.zeroStage < 3) return;
    torch::NoGradGuard noGrad;
    resizeStorage(u.flat, static_cast<std::size_t>(u.flat.numel()) * 4);
    if (u.paramRegion >= 0) {
        torch::Tensor staged = alignedCpuFloats(u.shard);
        m_paramDisk->read(u.paramRegion, 0, u.shard, staged.data_ptr<float>());
        u.gatherIn = staged.narrow(0, 0, u.shard).to(m_options.device);
    } else {
        u.gatherIn = u.paramShard.device() == m_options.device ? u.paramShard : u.paramShard.to(m_options.device);
    }
    u.gatherWork = m_comm.allgatherIntoAsync(u.flat, u.gatherIn);
    if (!u.gatherWork) {
        u.gathered = true;
        u.gatherIn = torch::Tensor();
    }
}

void ZeroSharding::ensureGathered(Unit& u) {
    if (u.gathered) return;
    launchGather(u);
    m_comm.wait(u.gatherWork, "all_gather (ZeRO-3 parameters)");
    u.gatherWork.reset();
    u.gatherIn = torch::Tensor();
    u.gathered = true;
}

void ZeroSharding::release(Unit& u) {
    if (m_options.settings.zeroStage < 3 || !u.gathered) return;
    if (u.gatherWork) ensureGathered(u);
    resizeStorage(u.flat, 0);
    u.gathered = false;
}

void ZeroSharding::prefetchAfter(std::size_t unit, int direction) {
    if (!m_orderKnown) return;
    auto it = std::find(m_forwardOrder.begin(), m_forwardOrder.end(), unit);
    if (it == m_forwardOrder.end()) return;
    const auto pos = static_cast<int64_t>(it - m_forwardOrder.begin()) + direction;
    if (pos < 0 || pos >= static_cast<int64_t>(m_forwardOrder.size())) return;
    launchGather(m_units[m_forwardOrder[static_cast<std::size_t>(pos)]]);
}

void ZeroSharding::beforeForward(std::size_t unit) {
    if (UnitHooks::recomputing()) {  // backward of this unit comes next; the next unit's forward does not
        ensureGathered(m_units[unit]);
        return;
    }
    if (unit + 1 == m_units.size()) m_rootScoped = true;
    if (!m_orderKnown && std::find(m_forwardOrder.begin(), m_forwardOrder.end(), unit) == m_forwardOrder.end())
        m_forwardOrder.push_back(unit);
    ensureGathered(m_units[unit]);
    prefetchAfter(unit, +1);
}

void ZeroSharding::afterForward(std::size_t unit) {
    const bool root = unit + 1 == m_units.size();
    if (UnitHooks::recomputing()) return;
    if (!root && m_options.settings.reshardAfterForward && torch::GradMode::is_enabled()) release(m_units[unit]);
    if (!root && !torch::GradMode::is_enabled()) release(m_units[unit]);  // evaluation: no backward follows
}

void ZeroSharding::beforeBackward(std::size_t unit) {
    ensureGathered(m_units[unit]);
    prefetchAfter(unit, -1);
}

void ZeroSharding::beginBackward(bool synchronize) {
    m_reducing = synchronize || m_options.settings.zeroStage >= 2;
    m_reducesInFlight.clear();  // left by a backward that failed midway
    if (!m_reducing) return;
    std::fill(m_ready.begin(), m_ready.end(), false);
    for (Unit& u : m_units) {
        u.pending = u.params.size();
        u.reduced = false;
    }
}

void ZeroSharding::markReady(std::size_t param) {
    if (!m_reducing || m_ready[param]) return;
    m_ready[param] = true;
    Unit& u = m_units[m_unitOf[param]];
    if (--u.pending == 0) launchReduce(u);
}

void ZeroSharding::launchReduce(Unit& u) {
    torch::NoGradGuard noGrad;
    u.reduced = true;
    u.reduceIn = u.flat.is_cpu() ? mappedCpuZeros(u.shard * m_world, u.flat.options())
                                 : torch::zeros({u.shard * m_world}, u.flat.options());
    for (std::size_t j = 0; j < u.params.size(); ++j) {
        torch::Tensor& p = m_params[u.params[j]];
        if (p.grad().defined()) u.reduceIn.narrow(0, u.offsets[j], p.numel()).copy_(p.grad().reshape({-1}));
        p.mutable_grad() = torch::Tensor();
    }
    u.reduceOut = torch::empty({u.shard}, u.flat.options());
    u.reduceWork = m_comm.reduceScatterSumAsync(u.reduceOut, u.reduceIn);
    if (&u != &m_units.back() || m_rootScoped) release(u);
    m_reducesInFlight.push_back(&u);
    while (m_reducesInFlight.size() > kReducesInFlight) {
        finishReduce(*m_reducesInFlight.front());
        m_reducesInFlight.pop_front();
    }
}

void ZeroSharding::finishReduce(Unit& u) {
    torch::NoGradGuard noGrad;
    m_comm.wait(u.reduceWork, "reduce_scatter (ZeRO gradients)");
    u.reduceWork.reset();
    u.gradShard.add_(u.reduceOut.to(u.gradShard.device()), 1.0 / static_cast<double>(m_world));
    u.reduceIn = torch::Tensor();
    u.reduceOut = torch::Tensor();
}

void ZeroSharding::finishBackward() {
    if (!m_reducing) return;
    torch::NoGradGuard noGrad;
    for (Unit& u : m_units)  // units whose parameters took no part contribute zeros
        if (!u.reduced) launchReduce(u);
    for (Unit* u : m_reducesInFlight) finishReduce(*u);
    m_reducesInFlight.clear();
    m_reducing = false;
    m_orderKnown = true;
}

double ZeroSharding::gradSquaredNorm() {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> norms;  // each shard read once; the squares summed in fp64
    for (const Unit& u : m_units) norms.push_back(torch::linalg_vector_norm(u.gradShard, 2).to(torch::kFloat));
    torch::Tensor onDevice = torch::stack(norms).to(torch::kDouble).pow(2).sum().reshape({1}).to(m_options.device);
    m_comm.allreduceSum(onDevice);
    return onDevice.item<double>();
}

void ZeroSharding::scaleGradients(double factor) {
    torch::NoGradGuard noGrad;
    for (Unit& u : m_units) u.gradShard.mul_(factor);
}

void ZeroSharding::unscale(LossScaler& scaler) {
    std::vector<torch::Tensor> grads;
    for (Unit& u : m_units) grads.push_back(u.gradShard);
    scaler.unscaleGradients(grads);
    torch::Tensor found = scaler.foundInf().clone();
    m_comm.allreduceSum(found);
    scaler.foundInf().copy_(found.clamp_max(1.0));
}

void ZeroSharding::zeroGrad() {
    torch::NoGradGuard noGrad;
    for (Unit& u : m_units) u.gradShard.zero_();
    for (auto& p : m_params) p.mutable_grad() = torch::Tensor();
}

std::vector<torch::Tensor> ZeroSharding::gatheredParameters() {
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> out(m_params.size());
    for (Unit& u : m_units) {
        const bool wasGathered = u.gathered;
        ensureGathered(u);
        for (std::size_t i : u.params) out[i] = m_params[i].detach().clone();
        if (!wasGathered) release(u);
    }
    return out;
}

ModelStateBytes ZeroSharding::footprint() const {
    ModelStateBytes b;
    for (const Unit& u : m_units) {
        b.parameterBytes += static_cast<int64_t>(u.flat.storage().nbytes()) + bytesOf(u.paramShard);
        b.gradientBytes += bytesOf(u.gradShard) + bytesOf(u.reduceIn) + bytesOf(u.reduceOut);
        b.optimizerBytes += bytesOf(u.expAvg) + bytesOf(u.expAvgSq) + (u.masterIsCopy ? bytesOf(u.master) : 0);
    }
    for (const auto& p : m_params) b.gradientBytes += bytesOf(p.grad());
    if (m_optimizerDisk) b.diskBytes += m_optimizerDisk->bytes();
    if (m_paramDisk) b.diskBytes += m_paramDisk->bytes();
    return b;
}

std::string ZeroSharding::describe() const {
    std::string names;
    int64_t total = 0, mine = 0;
    for (const Unit& u : m_units) {
        names += (names.empty() ? "" : ", ") + u.name;
        total += u.numel;
        mine += u.shard;
    }
    return std::to_string(m_units.size()) + " units (" + names + "); " + std::to_string(mine) +
           " parameter elements per rank of " + std::to_string(total);
}

}  // namespace catapult
