#include "catapult/Accelerator.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "AcceleratorImpl.h"
#include "Communicator.h"
#include "DataParallel.h"
#include "FusedAdamWStep.h"
#include "LocalGradients.h"
#include "LossScaler.h"
#include "ZeroSharding.h"
#include "catapult/MetricsWriter.h"
#ifdef CATAPULT_HAVE_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

namespace catapult {


namespace {

torch::Device chooseDevice(const ProcessState& s) {
    if (!s.useCpu && torch::cuda::is_available()) {
        const int count = static_cast<int>(torch::cuda::device_count());
        if (s.localRank >= count)
            throw std::runtime_error("LOCAL_RANK=" + std::to_string(s.localRank) + " but only " +
                                     std::to_string(count) + " CUDA device(s) are visible.");
        return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(s.localRank));
    }
    return torch::Device(torch::kCPU);
}

}  // namespace

Result<std::unique_ptr<Accelerator>> Accelerator::create(AcceleratorOptions options) {
    auto state = ProcessState::fromProcessEnvironment();
    if (!state.ok()) return state.status();
    return create(state.value(), options);
}

Result<std::unique_ptr<Accelerator>> Accelerator::create(const ProcessState& state, AcceleratorOptions options) {
    auto impl = std::make_unique<Impl>();
    impl->state = state;
    impl->options = options;
    if (impl->options.gradientAccumulationSteps <= 0)
        impl->options.gradientAccumulationSteps = state.gradientAccumulationSteps;
    try {
        if (state.ompNumThreads > 0) torch::set_num_threads(state.ompNumThreads);
        impl->device = chooseDevice(state);
#ifdef CATAPULT_HAVE_CUDA
        if (impl->device.is_cuda()) c10::cuda::set_device(impl->device.index());
#endif
#ifdef CATAPULT_HAVE_CUDA
        if (impl->device.is_cuda() && state.mixedPrecision == MixedPrecision::Fp8) {
            const auto* p = at::cuda::getDeviceProperties(impl->device.index());
            if (p->major * 10 + p->minor < minimumComputeCapability(MixedPrecision::Fp8))
                return Status::error("Rank " + std::to_string(state.rank) + ": FP8 (mixed_precision fp8) needs an NVIDIA GPU "
                                     "of compute capability 8.9 or newer (Ada, Hopper, Blackwell); " + p->name +
                                     " is " + std::to_string(p->major) + "." + std::to_string(p->minor) +
                                     ". Use mixed_precision bf16 on this GPU.");
        }
#endif
        if (state.mixedPrecision == MixedPrecision::Fp16) impl->scaler = std::make_unique<LossScaler>(
            impl->device, LossScaler::Options{options.initialLossScale, 2.0, 0.5, options.lossScaleGrowthInterval});
        // A hung collective: report it as this rank's error line and end the process, so the
        // launcher tears the job down (the blocked thread cannot be cancelled).
        impl->comm = Communicator::connect(state, impl->device, [runDir = state.runDir, rank = state.rank](const std::string& m) {
            MetricsWriter(runDir).write(JsonObject().add("type", "error").add("rank", rank).add("kind", "hang").add("message", m));
            std::fflush(nullptr);
            std::_Exit(124);
        });
        if (state.sharding.sharded())
            impl->zero = std::make_unique<ZeroSharding>(*impl->comm, ZeroSharding::Options{state.sharding, impl->device});
        else if (state.worldSize > 1)
            impl->sync = std::make_unique<DataParallel>(
                *impl->comm, DataParallel::Options{options.bucketBytes, options.firstBucketBytes});
        else
            impl->sync = std::make_unique<LocalGradients>();
    } catch (const std::exception& e) {
        return Status::error(std::string("Rank ") + std::to_string(state.rank) + ": " + e.what());
    }
    if (state.rank == 0)
        for (const auto& note : state.sharding.notes) std::cerr << "catapult: note: " << note << std::endl;
    return std::unique_ptr<Accelerator>(new Accelerator(std::move(impl)));
}

Accelerator::Accelerator(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Accelerator::~Accelerator() = default;

namespace {

// Every rank starts from rank 0's tensors (one flat broadcast).
void broadcastAll(Communicator& comm, std::vector<torch::Tensor> tensors) {
    if (tensors.empty() || comm.size() == 1) return;
    std::vector<torch::Tensor> flats;
    for (auto& t : tensors) flats.push_back(t.detach().reshape({-1}).to(torch::kFloat64));
    torch::Tensor flat = torch::cat(flats);
    comm.broadcast(flat, 0);
    int64_t offset = 0;
    for (auto& t : tensors) {
        t.detach().copy_(flat.narrow(0, offset, t.numel()).view(t.sizes()));
        offset += t.numel();
    }
}

std::vector<torch::Tensor> trainable(torch::nn::Module& model) {
    std::vector<torch::Tensor> params;
    for (auto& p : model.parameters())
        if (p.requires_grad()) params.push_back(p);
    return params;
}

// Every trainable parameter in full through the loader (on the CPU, where it was allocated).
void loadWhole(const std::vector<torch::Tensor>& params, const Accelerator::ParameterLoader& loader) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        torch::Tensor staged = params[i].is_cpu() && params[i].is_contiguous() && params[i].scalar_type() == torch::kFloat
                                   ? params[i].detach()
                                   : torch::empty(params[i].sizes(), torch::kFloat);
        loader(i, 0, staged.numel(), staged.data_ptr<float>());
        if (!staged.is_same(params[i])) params[i].detach().copy_(staged);
    }
}

}  // namespace

Status Accelerator::prepare(torch::nn::Module& model) { return prepare(model, ParameterLoader{}); }

Status Accelerator::prepare(torch::nn::Module& model, const ParameterLoader& loader) {
    torch::NoGradGuard noGrad;
    const bool shardOnly = loader && m_impl->zero && m_impl->state.sharding.zeroStage == 3;
    if (loader && !shardOnly) loadWhole(trainable(model), loader);
    if (shardOnly) {  // the parameters go to the device shard by shard; the buffers now
        for (auto& b : model.buffers()) b.set_data(b.to(m_impl->device));
        for (auto& p : model.parameters())  // frozen (LoRA's base): whole on every rank
            if (!p.requires_grad()) p.set_data(p.to(m_impl->device));
    } else {
        model.to(m_impl->device);
    }
    if (!loader) broadcastAll(*m_impl->comm, model.parameters());
    broadcastAll(*m_impl->comm, model.buffers());
    const std::vector<torch::Tensor> params = trainable(model);
    m_impl->parameters = params;
    m_impl->model = &model;
    m_impl->parameterNames.clear();
    for (const auto& item : model.named_parameters())
        if (item.value().requires_grad()) m_impl->parameterNames.push_back(item.key());
    if (!m_impl->zero) {
        m_impl->sync->attach(params);
        return Status::success();
    }
    try {
        m_impl->zero->attach(model, shardOnly ? loader : ZeroSharding::Loader{});
    } catch (const std::exception& e) {
        return Status::error(e.what());
    }
    return Status::success();
}

Accelerator::AccumulateGuard Accelerator::accumulate() {
    ++m_impl->microStep;
    m_impl->inAccumulate = true;
    m_impl->syncNow = m_impl->microStep % m_impl->options.gradientAccumulationSteps == 0;
    return AccumulateGuard(this);
}

Accelerator::AccumulateGuard::~AccumulateGuard() {
    if (m_owner) m_owner->m_impl->inAccumulate = false;
}

bool Accelerator::syncGradients() const { return m_impl->syncNow; }
int Accelerator::gradientAccumulationSteps() const { return m_impl->options.gradientAccumulationSteps; }

AutocastScope Accelerator::autocast() const {
    return AutocastScope(m_impl->device, m_impl->state.mixedPrecision, m_impl->state.fp8);
}

MixedPrecision Accelerator::mixedPrecision() const { return m_impl->state.mixedPrecision; }

void Accelerator::backward(const torch::Tensor& loss) {
    const int k = m_impl->options.gradientAccumulationSteps;
    if (!m_impl->inAccumulate) m_impl->syncNow = true;
    if (m_impl->zero) m_impl->zero->beginBackward(m_impl->syncNow);
    else m_impl->sync->beginBackward(m_impl->syncNow);
    torch::Tensor l = loss.to(torch::kFloat);
    if (k > 1 && m_impl->inAccumulate) l = l / static_cast<double>(k);
    if (m_impl->scaler) l = m_impl->scaler->scaled(l);
    l.backward();
    if (m_impl->zero) m_impl->zero->finishBackward();
    else m_impl->sync->finishBackward();
    // After the average: a non-finite gradient on any rank is non-finite on every rank.
    if (m_impl->scaler && m_impl->syncNow) {
        if (m_impl->zero) m_impl->zero->unscale(*m_impl->scaler);
        else m_impl->scaler->unscale(m_impl->parameters);
    }
}

double Accelerator::clipGradNorm(double maxNorm) {
    const double norm = std::sqrt(m_impl->zero ? m_impl->zero->gradSquaredNorm()
                                                : m_impl->sync->globalGradSquaredNorm(m_impl->parameters));
    if (std::isfinite(norm) && norm > maxNorm) {
        const double coefficient = maxNorm / (norm + 1e-6);
        if (m_impl->zero) {
            m_impl->zero->scaleGradients(coefficient);
            return norm;
        }
        torch::NoGradGuard noGrad;
        for (auto& p : m_impl->parameters)
            if (p.grad().defined()) p.mutable_grad().mul_(coefficient);
    }
    return norm;
}

void Accelerator::step(torch::optim::Optimizer& optimizer) {
    if (!m_impl->syncNow) return;
    const bool finite = !m_impl->scaler || !m_impl->scaler->foundNonFinite();
    if (m_impl->zero) {
        if (finite) m_impl->zero->step(optimizer);
        m_impl->zero->zeroGrad();
    } else {
        if (finite && !fusedAdamWStep(optimizer)) optimizer.step();
        optimizer.zero_grad();
    }
    if (m_impl->scaler) m_impl->scaler->update();
}

void Accelerator::skipStep(torch::optim::Optimizer& optimizer) {
    if (m_impl->zero) m_impl->zero->zeroGrad();
    else optimizer.zero_grad();
    if (m_impl->scaler) m_impl->scaler->update();
}

std::vector<torch::Tensor> Accelerator::gatheredParameters() {
    if (m_impl->zero) return m_impl->zero->gatheredParameters();
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> out;
    for (const auto& p : m_impl->parameters) out.push_back(p.detach().clone());
    return out;
}

ModelStateBytes Accelerator::modelStateBytes(const torch::optim::Optimizer& optimizer) const {
    if (m_impl->zero) return m_impl->zero->footprint();
    auto bytes = [](const torch::Tensor& t) {
        return t.defined() ? static_cast<int64_t>(t.numel() * t.element_size()) : int64_t{0};
    };
    ModelStateBytes b;
    for (const auto& p : m_impl->parameters) {
        b.parameterBytes += bytes(p);
        b.gradientBytes += bytes(p.grad());
    }
    for (const auto& [key, state] : optimizer.state()) {
        (void)key;
        if (const auto* adamw = dynamic_cast<const torch::optim::AdamWParamState*>(state.get()))
            b.optimizerBytes += bytes(adamw->exp_avg()) + bytes(adamw->exp_avg_sq()) + bytes(adamw->max_exp_avg_sq());
        else if (const auto* adam = dynamic_cast<const torch::optim::AdamParamState*>(state.get()))
            b.optimizerBytes += bytes(adam->exp_avg()) + bytes(adam->exp_avg_sq()) + bytes(adam->max_exp_avg_sq());
    }
    return b;
}

std::string Accelerator::shardingDescription() const {
    const std::string base = m_impl->state.sharding.describe();
    return m_impl->zero ? base + "; " + m_impl->zero->describe() : base;
}

double Accelerator::lossScale() const { return m_impl->scaler ? m_impl->scaler->scale() : 1.0; }
int64_t Accelerator::skippedSteps() const { return m_impl->scaler ? m_impl->scaler->skippedSteps() : 0; }

torch::Tensor Accelerator::gather(const torch::Tensor& tensor) { return m_impl->comm->allgather(tensor); }

torch::Tensor Accelerator::reduce(const torch::Tensor& tensor, Reduction reduction) {
    torch::Tensor out = tensor.detach().clone();
    m_impl->comm->allreduceSum(out);
    if (reduction == Reduction::Mean) out.div_(m_impl->comm->size());
    return out;
}

void Accelerator::waitForEveryone() { m_impl->comm->barrier(); }

void Accelerator::print(const std::string& text) const {
    if (!isMainProcess()) return;
    std::cout << text << std::endl;
}

void Accelerator::log(const std::vector<std::pair<std::string, double>>& values, int64_t step) {
    if (!isMainProcess()) return;
    JsonObject line;
    line.add("type", "step").add("step", step);
    for (const auto& [name, value] : values) line.add(name, value);
    if (m_impl->writer) {
        m_impl->writer->write(line);
    } else {
        std::printf("%s%s\n", kMetricsPrefix, line.str().c_str());
        std::fflush(stdout);
    }
}

void Accelerator::setMetricsWriter(MetricsWriter* writer) { m_impl->writer = writer; }
bool Accelerator::isMainProcess() const { return m_impl->state.rank == 0; }
bool Accelerator::isLocalMainProcess() const { return m_impl->state.localRank == 0; }
int Accelerator::processIndex() const { return m_impl->state.rank; }
int Accelerator::numProcesses() const { return m_impl->state.worldSize; }
torch::Device Accelerator::device() const { return m_impl->device; }
const ProcessState& Accelerator::state() const { return m_impl->state; }
std::string Accelerator::backendName() const { return m_impl->comm->backendName(); }

}  // namespace catapult
