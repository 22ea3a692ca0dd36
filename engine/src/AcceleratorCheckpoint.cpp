// Accelerator::saveState / loadState / saveModel: crash-safe checkpoints (CheckpointState.h).
#include <torch/torch.h>
#ifdef CATAPULT_HAVE_CUDA
#include <ATen/cuda/CUDAGeneratorImpl.h>
#endif

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "AcceleratorImpl.h"
#include "CheckpointDirectory.h"
#include "FaultInjection.h"
#include "JsonDocument.h"
#include "SafetensorsFile.h"
#include "catapult/MetricsWriter.h"

namespace catapult {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

std::string strategyOf(const ProcessState& s) {
    return s.sharding.sharded() ? "zero-" + std::to_string(s.sharding.zeroStage) : "data parallel";
}

std::string firstLine(const std::string& what) { return what.substr(0, what.find('\n')); }

// What loadState() takes from a manifest that rank 0 validated (CheckpointDirectory::validate).
struct Manifest {
    int64_t worldSize = 0;
    int64_t step = 0;
    int64_t bytes = 0;  // of every listed file
    std::string strategy;
    std::string layout;
    std::map<std::string, std::string> values;
};

// Throws std::runtime_error naming the file when it cannot be read as JSON.
Manifest readManifest(const fs::path& dir) {
    const fs::path path = dir / "manifest.json";
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = parseJson(text);
    if (!parsed.ok()) throw std::runtime_error(path.string() + ": " + parsed.status().message());
    static const nlohmann::json none;
    auto member = [](const nlohmann::json& object, const char* key) -> const nlohmann::json& {
        const nlohmann::json* value = findMember(object, key);
        return value ? *value : none;
    };
    const nlohmann::json& json = parsed.value();
    Manifest m;
    m.worldSize = integerOf(member(json, "world_size"));
    m.step = integerOf(member(json, "step"));
    m.strategy = stringOf(member(json, "strategy"));
    m.layout = stringOf(member(json, "layout"));
    if (const nlohmann::json& values = member(json, "values"); values.is_object())
        for (const auto& [key, value] : values.items()) m.values[key] = stringOf(value);
    for (const nlohmann::json& file : member(json, "files")) m.bytes += integerOf(member(file, "bytes"));
    return m;
}

// True on every rank when `ok` is true on every rank (one small all-reduce).
bool allRanksAgree(Communicator& comm, const torch::Device& device, bool ok) {
    auto flag = torch::tensor({ok ? 0.0 : 1.0}, torch::kDouble).to(device);
    comm.allreduceSum(flag);
    return flag.item<double>() == 0.0;
}

// One file of a checkpoint as written: its name in the directory, its size and CRC-32.
struct WrittenFile {
    std::string name;
    FileDigest digest;
};

// Rank 0, before any rank writes: a fresh partial directory for the save (one left by an
// earlier attempt at the same step is removed). Returns the error, empty when it is there.
std::string createPartialDirectory(const std::string& root, const fs::path& partial) {
    std::error_code ec;
    fs::create_directories(root, ec);
    CheckpointDirectory::removeTree(partial.string());
    if (!fs::create_directory(partial, ec)) return "cannot create " + partial.string() + ": " + ec.message();
    return {};
}

// The full parameters by name, then the buffers: model.safetensors of a checkpoint or an export.
std::vector<NamedTensor> modelTensors(const std::vector<std::string>& names, const std::vector<torch::Tensor>& full,
                                      torch::nn::Module& model) {
    std::vector<NamedTensor> tensors;
    for (std::size_t i = 0; i < full.size(); ++i) tensors.push_back({names[i], full[i]});
    for (const auto& b : model.named_buffers()) tensors.push_back({b.key(), b.value()});
    return tensors;
}

WrittenFile writeModelFile(const fs::path& partial, int64_t step, const std::vector<NamedTensor>& tensors) {
    return {"model.safetensors", SafetensorsFile::write((partial / "model.safetensors").string(), tensors,
                                                        {{"format", "catapult-model"}, {"step", std::to_string(step)}})};
}

// optimizer.safetensors (data parallel): the moments by parameter name, each one's step count.
struct OptimizerFile {
    std::vector<NamedTensor> tensors;
    std::map<std::string, std::string> metadata{{"format", "catapult-optimizer"}};
};

template <typename State>
void addAdamMoments(OptimizerFile& file, const std::string& name, State& s, const char* kind) {
    file.tensors.push_back({name + ".exp_avg", s.exp_avg()});
    file.tensors.push_back({name + ".exp_avg_sq", s.exp_avg_sq()});
    if (s.max_exp_avg_sq().defined()) file.tensors.push_back({name + ".max_exp_avg_sq", s.max_exp_avg_sq()});
    file.metadata[name + ".step"] = std::to_string(s.step());
    file.metadata["optimizer"] = kind;
}

// Throws std::invalid_argument for an optimizer other than AdamW and Adam.
OptimizerFile dataParallelOptimizerState(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& parameters,
                            const std::vector<std::string>& names) {
    OptimizerFile file;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        auto it = optimizer.state().find(parameters[i].unsafeGetTensorImpl());
        if (it == optimizer.state().end()) continue;
        if (auto* w = dynamic_cast<torch::optim::AdamWParamState*>(it->second.get())) {
            addAdamMoments(file, names[i], *w, "AdamW");
        } else if (auto* a = dynamic_cast<torch::optim::AdamParamState*>(it->second.get())) {
            addAdamMoments(file, names[i], *a, "Adam");
        } else {
            throw std::invalid_argument("saveState() keeps the state of torch::optim::AdamW and Adam; "
                                        "this optimizer's state cannot be saved.");
        }
    }
    return file;
}

WrittenFile writeOptimizerFile(const fs::path& partial, const OptimizerFile& file) {
    return {"optimizer.safetensors",
            SafetensorsFile::write((partial / "optimizer.safetensors").string(), file.tensors, file.metadata)};
}

// Every rank's own file: its ZeRO shard moments (`zeroState`), RNG states, loss scaler and
// accumulation counter.
WrittenFile writeRankFile(const fs::path& partial, int rank, std::vector<NamedTensor> zeroState,
                          const torch::Device& device, const LossScaler* scaler, int64_t microStep,
                          const ZeroSharding* zero) {
    std::vector<NamedTensor> mine = std::move(zeroState);
    mine.push_back({"rng.cpu", at::detail::getDefaultCPUGenerator().get_state()});
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda())
        mine.push_back({"rng.cuda", at::cuda::detail::getDefaultCUDAGenerator(device.index()).get_state()});
#else
    (void)device;
#endif
    if (scaler)
        for (auto& t : scaler->state()) mine.push_back(std::move(t));
    std::map<std::string, std::string> meta{{"format", "catapult-rank-state"},
                                            {"rank", std::to_string(rank)},
                                            {"micro_step", std::to_string(microStep)}};
    if (zero) meta["zero_steps"] = std::to_string(zero->optimizerSteps());
    const std::string name = CheckpointDirectory::rankFileName(rank);
    return {name, SafetensorsFile::write((partial / name).string(), mine, meta)};
}

// Every rank's [ok, bytes, crc] of its own file, as saveState() gathers them.
torch::Tensor digestRow(bool ok, const FileDigest& own) {
    return torch::tensor({ok ? int64_t{1} : int64_t{0}, own.bytes, static_cast<int64_t>(own.crc32)}, torch::kLong);
}

// The first rank whose row says it could not write its file, or -1.
int firstFailedRank(const torch::Tensor& digests) {
    for (int r = 0; r < digests.size(0); ++r)
        if (digests[r][0].item<int64_t>() == 0) return r;
    return -1;
}

// The manifest's file list: rank 0's shared files, then every rank's own file as gathered.
// Adds their sizes to `bytes`.
nlohmann::ordered_json manifestFiles(const std::vector<WrittenFile>& written, const torch::Tensor& digests,
                                     int64_t& bytes) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    auto add = [&](const std::string& name, int64_t size, int64_t crc) {
        files.push_back(nlohmann::ordered_json{{"name", name}, {"bytes", size}, {"crc32", crc}});
        bytes += size;
    };
    for (const WrittenFile& w : written)
        if (w.name.rfind("rank-", 0) != 0) add(w.name, w.digest.bytes, w.digest.crc32);
    for (int r = 0; r < digests.size(0); ++r)
        add(CheckpointDirectory::rankFileName(r), digests[r][1].item<int64_t>(), digests[r][2].item<int64_t>());
    return files;
}

// manifest.json (read back by CheckpointDirectory::validate and readManifest()).
std::string manifestText(const CheckpointState& state, const ProcessState& process, const ZeroSharding* zero,
                         int accumulationSteps, nlohmann::ordered_json files) {
    nlohmann::ordered_json m;
    m["format"] = CheckpointDirectory::kFormat;
    m["version"] = CheckpointDirectory::kVersion;
    m["step"] = state.step;
    m["world_size"] = process.worldSize;
    m["strategy"] = strategyOf(process);
    m["layout"] = zero ? zero->layout() : std::string();
    m["mixed_precision"] = toString(process.mixedPrecision);
    m["gradient_accumulation_steps"] = accumulationSteps;
    m["created_unix"] = static_cast<int64_t>(std::time(nullptr));
    m["values"] = state.values;
    m["files"] = std::move(files);
    return m.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Rank 0, once every rank wrote its part: the manifest last, then the directory into place and,
// with keepLast > 0, older checkpoints removed (returned). Throws naming the path.
std::vector<std::string> commitCheckpoint(const std::string& root, const fs::path& partial, int64_t step,
                                          const std::string& manifest, int keepLast) {
    DurableFile::writeAll((partial / "manifest.json").string(), manifest + "\n");
    CheckpointDirectory::commit(root, step);
    return CheckpointDirectory::prune(root, keepLast);
}

// Why a save failed without an error message of this rank's own: rank `failed`'s part.
std::string whyNotWritten(int failed) {
    return failed > 0 ? "rank " + std::to_string(failed) + " could not write its part (see its log)"
                      : "rank 0 could not finish it";
}

Status notWritten(int64_t step, const std::string& why) {
    return Status::error("Checkpoint of step " + std::to_string(step) + " not written: " + why + ".");
}

// Rank 0's choice of the checkpoint to load: the newest usable one's step, or -1 with `error`
// (on every rank when `path` itself cannot be used).
int64_t chooseStep(const Result<CheckpointDirectory::Location>& location, bool chooser,
                   std::vector<std::string>& skipped, std::string& error) {
    if (!location.ok()) {
        error = location.status().message();
        return -1;
    }
    if (!chooser) return -1;
    auto newest = CheckpointDirectory::newestUsable(location.value(), skipped);
    if (newest.ok()) return newest.value();
    error = newest.status().message();
    return -1;
}

// Throws when the manifest has no world size (std::runtime_error), or when the checkpoint was
// written by another sharding strategy or unit layout than this job's (std::invalid_argument).
void checkCompatible(const Manifest& m, const fs::path& dir, const ProcessState& process, const ZeroSharding* zero) {
    if (m.worldSize < 1) throw std::runtime_error("manifest.json has no world_size");
    if (m.strategy != strategyOf(process) || (zero && m.layout != zero->layout()))
        throw std::invalid_argument("The checkpoint " + dir.string() + " was written with " + m.strategy +
                                    " and this job runs " + strategyOf(process) +
                                    " (or other sharding units); resume it with the same DeepSpeed/FSDP settings.");
}

// The full parameters of model.safetensors in `names` order, each of its parameter's shape;
// the buffers are copied into `model` right away.
std::vector<torch::Tensor> readModelFile(const fs::path& dir, const std::vector<std::string>& names,
                                         const std::vector<torch::Tensor>& parameters, torch::nn::Module& model) {
    const SafetensorsFile file = SafetensorsFile::read((dir / "model.safetensors").string());
    std::vector<torch::Tensor> full;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const torch::Tensor& t = file.tensor(names[i]);
        if (t.sizes() != parameters[i].sizes())
            throw std::invalid_argument("parameter " + names[i] + " has another shape in the checkpoint");
        full.push_back(t);
    }
    for (const auto& b : model.named_buffers())
        if (file.contains(b.key())) b.value().copy_(file.tensor(b.key()));
    return full;
}

// ZeRO: the parameters split into this rank's shards, the moments from this rank's old file, or
// with another world size put together from every old rank's file and split anew.
void restoreZero(ZeroSharding& zero, const std::vector<torch::Tensor>& full, const SafetensorsFile& mine,
                 const fs::path& dir, int64_t oldWorld, bool reshard) {
    zero.loadParameters(full);
    const int64_t steps = std::stoll(mine.metadata().at("zero_steps"));
    if (!reshard) {
        zero.loadOptimizerState(mine, steps);
        return;
    }
    std::vector<SafetensorsFile> old;
    for (int r = 0; r < oldWorld; ++r) old.push_back(SafetensorsFile::read((dir / CheckpointDirectory::rankFileName(r)).string()));
    zero.loadOptimizerState(old, steps);
}

template <typename State>
std::unique_ptr<State> adamState(const SafetensorsFile& opt, const std::string& name, int64_t steps,
                                 const torch::Device& device) {
    auto onDevice = [&](const std::string& key) { return opt.tensor(key).to(device); };
    auto s = std::make_unique<State>();
    s->step(steps).exp_avg(onDevice(name + ".exp_avg")).exp_avg_sq(onDevice(name + ".exp_avg_sq"));
    if (opt.contains(name + ".max_exp_avg_sq")) s->max_exp_avg_sq(onDevice(name + ".max_exp_avg_sq"));
    return s;
}

// Data parallel: the parameters copied in, `optimizer`'s state from optimizer.safetensors.
void restoreDataParallel(const fs::path& dir, const std::vector<torch::Tensor>& full, std::vector<torch::Tensor>& parameters,
                         const std::vector<std::string>& names, torch::optim::Optimizer& optimizer) {
    for (std::size_t i = 0; i < parameters.size(); ++i) parameters[i].copy_(full[i]);
    const SafetensorsFile opt = SafetensorsFile::read((dir / "optimizer.safetensors").string());
    const std::string kind = opt.metadata().count("optimizer") ? opt.metadata().at("optimizer") : "";
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const std::string& name = names[i];
        if (!opt.contains(name + ".exp_avg")) continue;
        const int64_t steps = std::stoll(opt.metadata().at(name + ".step"));
        void* key = parameters[i].unsafeGetTensorImpl();
        if (kind == "AdamW")
            optimizer.state()[key] = adamState<torch::optim::AdamWParamState>(opt, name, steps, parameters[i].device());
        else
            optimizer.state()[key] = adamState<torch::optim::AdamParamState>(opt, name, steps, parameters[i].device());
    }
}

// This rank's RNG states and loss scaler from its (old) rank file.
void restoreRankState(const SafetensorsFile& mine, const torch::Device& device, LossScaler* scaler) {
    at::Generator cpuGenerator = at::detail::getDefaultCPUGenerator();
    cpuGenerator.set_state(mine.tensor("rng.cpu"));
#ifdef CATAPULT_HAVE_CUDA
    if (device.is_cuda() && mine.contains("rng.cuda")) {
        at::Generator cudaGenerator = at::cuda::detail::getDefaultCUDAGenerator(device.index());
        cudaGenerator.set_state(mine.tensor("rng.cuda"));
    }
#else
    (void)device;
#endif
    if (scaler && mine.contains("scaler.scale")) scaler->loadState(mine);
}

}  // namespace

Result<SavedCheckpoint> Accelerator::saveState(const std::string& root, torch::optim::Optimizer& optimizer,
                                               const CheckpointState& state, int keepLast) {
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("saveState() needs a prepared model: call prepare() first.");
    const auto start = Clock::now();
    const int rank = processIndex();
    const fs::path partial = fs::path(root) / CheckpointDirectory::partialName(state.step);
    std::string error = rank == 0 ? createPartialDirectory(root, partial) : std::string();
    if (!everyone(error.empty())) return notWritten(state.step, rank == 0 ? error : "rank 0 could not create its directory");

    // Collective parts first, so every rank takes part whatever fails locally afterwards.
    std::vector<torch::Tensor> full = I.zero ? gatheredParameters() : I.parameters;
    std::vector<NamedTensor> zeroState = I.zero ? I.zero->optimizerState() : std::vector<NamedTensor>{};
    std::vector<WrittenFile> written;
    try {
        if (rank == 0) {
            written.push_back(writeModelFile(partial, state.step, modelTensors(I.parameterNames, full, *I.model)));
            if (!I.zero)
                written.push_back(writeOptimizerFile(partial, dataParallelOptimizerState(optimizer, I.parameters, I.parameterNames)));
        }
        written.push_back(
            writeRankFile(partial, rank, std::move(zeroState), I.device, I.scaler.get(), I.microStep, I.zero.get()));
        FaultInjection::current().waitAfterCheckpointFiles();
    } catch (const std::exception& e) {
        error = firstLine(e.what());
    }

    // Every rank's own file: [ok, bytes, crc] gathered on every rank.
    const FileDigest own = written.empty() || !error.empty() ? FileDigest{} : written.back().digest;
    const torch::Tensor all = gather(digestRow(error.empty(), own).to(I.device)).cpu().view({numProcesses(), 3});
    int failed = firstFailedRank(all);

    SavedCheckpoint saved;
    saved.directory = (fs::path(root) / CheckpointDirectory::stepName(state.step)).string();
    if (rank == 0 && failed < 0) {
        try {
            const std::string manifest = manifestText(state, I.state, I.zero.get(), gradientAccumulationSteps(),
                                                      manifestFiles(written, all, saved.bytes));
            saved.removed = commitCheckpoint(root, partial, state.step, manifest, keepLast);
        } catch (const std::exception& e) {
            error = firstLine(e.what());
            failed = 0;
        }
    }
    // Never leave a half-written checkpoint behind.
    if (rank == 0 && failed >= 0) CheckpointDirectory::removeTree(partial.string());
    if (!everyone(rank != 0 || failed < 0) || failed >= 0)
        return notWritten(state.step, !error.empty() ? error : whyNotWritten(failed));
    saved.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return saved;
}

Result<LoadedCheckpoint> Accelerator::loadState(const std::string& path, torch::optim::Optimizer& optimizer,
                                                const std::function<Status(const LoadedCheckpoint&)>& accept) {
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("loadState() needs a prepared model: call prepare() first.");
    const auto start = Clock::now();
    const int rank = processIndex();
    LoadedCheckpoint loaded;
    std::string error;
    const auto location = CheckpointDirectory::locate(path);
    auto chosen = torch::tensor({chooseStep(location, rank == 0, loaded.skipped, error)}, torch::kLong).to(I.device);
    m_impl->comm->broadcast(chosen, 0);
    const int64_t step = chosen.item<int64_t>();
    if (step < 0)
        return Status::error(!error.empty() ? error : "Rank 0 found no usable checkpoint under " + path + ".");
    const fs::path dir = fs::path(location.value().root) / CheckpointDirectory::stepName(step);
    loaded.directory = dir.string();

    try {
        const Manifest m = readManifest(dir);
        loaded.worldSize = static_cast<int>(m.worldSize);
        loaded.state.step = m.step;
        loaded.state.values = m.values;
        loaded.bytes += m.bytes;
        if (accept)
            if (Status s = accept(loaded); !s.ok()) throw std::runtime_error(s.message());
        checkCompatible(m, dir, I.state, I.zero.get());

        torch::NoGradGuard noGrad;
        const std::vector<torch::Tensor> full = readModelFile(dir, I.parameterNames, I.parameters, *I.model);
        // Another world size: this rank takes the RNG and scaler of old rank (rank mod old size);
        // ZeRO shards are put together from every old rank's file and split anew.
        const bool reshard = m.worldSize != numProcesses();
        const int source = reshard ? rank % static_cast<int>(m.worldSize) : rank;
        const SafetensorsFile mine = SafetensorsFile::read((dir / CheckpointDirectory::rankFileName(source)).string());
        if (I.zero) restoreZero(*I.zero, full, mine, dir, m.worldSize, reshard);
        else restoreDataParallel(dir, full, I.parameters, I.parameterNames, optimizer);
        restoreRankState(mine, I.device, I.scaler.get());
        I.microStep = std::stoll(mine.metadata().at("micro_step"));
    } catch (const std::exception& e) {
        error = firstLine(e.what());
    }
    if (!everyone(error.empty()))
        return Status::error(!error.empty() ? error : "Another rank could not load " + dir.string() + " (see its error).");
    loaded.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return loaded;
}

Status Accelerator::saveModel(const std::string& directory, const std::string& descriptionJson) {
    return writeModel("The model was not exported to " + directory, [&](const NamedTensors& named) {
        std::vector<NamedTensor> tensors;
        for (const auto& [name, tensor] : named) tensors.push_back({name, tensor});
        for (const auto& b : m_impl->model->named_buffers()) tensors.push_back({b.key(), b.value()});
        fs::create_directories(directory);
        const fs::path dir(directory);
        SafetensorsFile::write((dir / ".model.safetensors.partial").string(), tensors, {{"format", "catapult-model"}});
        DurableFile::writeAll((dir / ".model.json.partial").string(), descriptionJson + "\n");
        fs::rename(dir / ".model.safetensors.partial", dir / "model.safetensors");
        fs::rename(dir / ".model.json.partial", dir / "model.json");
        DurableFile::syncDirectory(directory);
    });
}

Status Accelerator::writeModel(const std::string& what, const std::function<void(const NamedTensors&)>& write) {
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("writing the model needs a prepared model: call prepare() first.");
    std::vector<torch::Tensor> full = I.zero ? gatheredParameters() : I.parameters;
    std::string error;
    if (isMainProcess()) {
        try {
            NamedTensors named;
            for (std::size_t i = 0; i < full.size(); ++i) named.emplace_back(I.parameterNames[i], full[i]);
            write(named);
        } catch (const std::exception& e) {
            error = what + ": " + firstLine(e.what()) + ".";
        }
    }
    if (!everyone(error.empty())) return Status::error(error.empty() ? what + " (rank 0 could not write it)." : error);
    return Status::success();
}

}  // namespace catapult
