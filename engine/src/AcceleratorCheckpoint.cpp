// Accelerator::saveState / loadState / saveModel: crash-safe checkpoints (CheckpointState.h).
#include <torch/torch.h>
#ifdef CATAPULT_HAVE_CUDA
#include <ATen/cuda/CUDAGeneratorImpl.h>
#endif

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "AcceleratorImpl.h"
#include "CheckpointDirectory.h"
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

// Fault drill (README, "Fault drills"): every rank pauses this long after writing its files,
// so a test can kill a rank in the middle of a save.
void slowSaveDrill() {
    if (const char* ms = std::getenv("CATAPULT_FAULT_SLOW_SAVE_MS"))
        std::this_thread::sleep_for(std::chrono::milliseconds(std::atoll(ms)));
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

}  // namespace

Result<SavedCheckpoint> Accelerator::saveState(const std::string& root, torch::optim::Optimizer& optimizer,
                                               const CheckpointState& state, int keepLast) {
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("saveState() needs a prepared model: call prepare() first.");
    const auto start = Clock::now();
    const int rank = processIndex();
    const fs::path partial = fs::path(root) / CheckpointDirectory::partialName(state.step);
    std::string error;
    if (rank == 0) {
        std::error_code ec;
        fs::create_directories(root, ec);
        CheckpointDirectory::removeTree(partial.string());
        if (!fs::create_directory(partial, ec)) error = "cannot create " + partial.string() + ": " + ec.message();
    }
    if (!everyone(error.empty()))
        return Status::error("Checkpoint of step " + std::to_string(state.step) + " not written: " +
                             (rank == 0 ? error : "rank 0 could not create its directory") + ".");

    // Collective parts first, so every rank takes part whatever fails locally afterwards.
    std::vector<torch::Tensor> full = I.zero ? gatheredParameters() : I.parameters;
    std::vector<NamedTensor> zeroState = I.zero ? I.zero->optimizerState() : std::vector<NamedTensor>{};

    struct Written {
        std::string name;
        FileDigest digest;
    };
    std::vector<Written> written;
    try {
        if (rank == 0) {
            std::vector<NamedTensor> model;
            for (std::size_t i = 0; i < full.size(); ++i) model.push_back({I.parameterNames[i], full[i]});
            for (const auto& b : I.model->named_buffers()) model.push_back({b.key(), b.value()});
            written.push_back({"model.safetensors", SafetensorsFile::write((partial / "model.safetensors").string(), model,
                                                                           {{"format", "catapult-model"},
                                                                            {"step", std::to_string(state.step)}})});
            if (!I.zero) {
                std::vector<NamedTensor> opt;
                std::map<std::string, std::string> meta{{"format", "catapult-optimizer"}};
                for (std::size_t i = 0; i < I.parameters.size(); ++i) {
                    auto it = optimizer.state().find(I.parameters[i].unsafeGetTensorImpl());
                    if (it == optimizer.state().end()) continue;
                    const std::string& name = I.parameterNames[i];
                    if (auto* s = dynamic_cast<torch::optim::AdamWParamState*>(it->second.get())) {
                        opt.push_back({name + ".exp_avg", s->exp_avg()});
                        opt.push_back({name + ".exp_avg_sq", s->exp_avg_sq()});
                        if (s->max_exp_avg_sq().defined()) opt.push_back({name + ".max_exp_avg_sq", s->max_exp_avg_sq()});
                        meta[name + ".step"] = std::to_string(s->step());
                        meta["optimizer"] = "AdamW";
                    } else if (auto* a = dynamic_cast<torch::optim::AdamParamState*>(it->second.get())) {
                        opt.push_back({name + ".exp_avg", a->exp_avg()});
                        opt.push_back({name + ".exp_avg_sq", a->exp_avg_sq()});
                        if (a->max_exp_avg_sq().defined()) opt.push_back({name + ".max_exp_avg_sq", a->max_exp_avg_sq()});
                        meta[name + ".step"] = std::to_string(a->step());
                        meta["optimizer"] = "Adam";
                    } else {
                        throw std::invalid_argument("saveState() keeps the state of torch::optim::AdamW and Adam; "
                                                    "this optimizer's state cannot be saved.");
                    }
                }
                written.push_back({"optimizer.safetensors",
                                   SafetensorsFile::write((partial / "optimizer.safetensors").string(), opt, meta)});
            }
        }
        std::vector<NamedTensor> mine = std::move(zeroState);
        mine.push_back({"rng.cpu", at::detail::getDefaultCPUGenerator().get_state()});
#ifdef CATAPULT_HAVE_CUDA
        if (I.device.is_cuda())
            mine.push_back({"rng.cuda", at::cuda::detail::getDefaultCUDAGenerator(I.device.index()).get_state()});
#endif
        if (I.scaler)
            for (auto& t : I.scaler->state()) mine.push_back(std::move(t));
        std::map<std::string, std::string> meta{{"format", "catapult-rank-state"},
                                                {"rank", std::to_string(rank)},
                                                {"micro_step", std::to_string(I.microStep)}};
        if (I.zero) meta["zero_steps"] = std::to_string(I.zero->optimizerSteps());
        const std::string name = CheckpointDirectory::rankFileName(rank);
        written.push_back({name, SafetensorsFile::write((partial / name).string(), mine, meta)});
        slowSaveDrill();
    } catch (const std::exception& e) {
        error = firstLine(e.what());
    }

    // Every rank's own file: [ok, bytes, crc] gathered on every rank.
    const FileDigest own = written.empty() || !error.empty() ? FileDigest{} : written.back().digest;
    auto row = torch::tensor({error.empty() ? int64_t{1} : int64_t{0}, own.bytes, static_cast<int64_t>(own.crc32)},
                             torch::kLong);
    auto all = gather(row.to(I.device)).cpu().view({numProcesses(), 3});
    int failed = -1;
    for (int r = 0; r < numProcesses() && failed < 0; ++r)
        if (all[r][0].item<int64_t>() == 0) failed = r;

    SavedCheckpoint saved;
    saved.directory = (fs::path(root) / CheckpointDirectory::stepName(state.step)).string();
    if (rank == 0 && failed < 0) {
        try {
            nlohmann::ordered_json files = nlohmann::ordered_json::array();
            auto add = [&](const std::string& name, int64_t bytes, int64_t crc) {
                files.push_back(nlohmann::ordered_json{{"name", name}, {"bytes", bytes}, {"crc32", crc}});
                saved.bytes += bytes;
            };
            for (const Written& w : written)
                if (w.name.rfind("rank-", 0) != 0) add(w.name, w.digest.bytes, w.digest.crc32);
            for (int r = 0; r < numProcesses(); ++r)
                add(CheckpointDirectory::rankFileName(r), all[r][1].item<int64_t>(), all[r][2].item<int64_t>());
            nlohmann::ordered_json m;
            m["format"] = CheckpointDirectory::kFormat;
            m["version"] = CheckpointDirectory::kVersion;
            m["step"] = state.step;
            m["world_size"] = numProcesses();
            m["strategy"] = strategyOf(I.state);
            m["layout"] = I.zero ? I.zero->layout() : std::string();
            m["mixed_precision"] = toString(I.state.mixedPrecision);
            m["gradient_accumulation_steps"] = gradientAccumulationSteps();
            m["created_unix"] = static_cast<int64_t>(std::time(nullptr));
            m["values"] = state.values;
            m["files"] = std::move(files);
            const std::string manifest = m.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            DurableFile::writeAll((partial / "manifest.json").string(), manifest + "\n");
            CheckpointDirectory::commit(root, state.step);
            saved.removed = CheckpointDirectory::prune(root, keepLast);
        } catch (const std::exception& e) {
            error = firstLine(e.what());
            failed = 0;
        }
    }
    if (rank == 0 && failed >= 0) {
        CheckpointDirectory::removeTree(partial.string());  // never leave a half-written checkpoint behind
    }
    if (!everyone(rank != 0 || failed < 0) || failed >= 0) {
        std::string why = !error.empty() ? error
                          : failed > 0   ? "rank " + std::to_string(failed) + " could not write its part (see its log)"
                                         : "rank 0 could not finish it";
        return Status::error("Checkpoint of step " + std::to_string(state.step) + " not written: " + why + ".");
    }
    saved.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return saved;
}

Result<LoadedCheckpoint> Accelerator::loadState(const std::string& path, torch::optim::Optimizer& optimizer) {
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("loadState() needs a prepared model: call prepare() first.");
    const auto start = Clock::now();
    const int rank = processIndex();
    LoadedCheckpoint loaded;
    std::string error;
    auto location = CheckpointDirectory::locate(path);
    int64_t step = -1;
    if (rank == 0 && location.ok()) {
        auto newest = CheckpointDirectory::newestUsable(location.value(), loaded.skipped);
        if (newest.ok()) step = newest.value();
        else error = newest.status().message();
    } else if (!location.ok()) {
        error = location.status().message();
    }
    auto chosen = torch::tensor({step}, torch::kLong).to(I.device);
    m_impl->comm->broadcast(chosen, 0);
    step = chosen.item<int64_t>();
    if (step < 0)
        return Status::error(!error.empty() ? error : "Rank 0 found no usable checkpoint under " + path + ".");
    const fs::path dir = fs::path(location.value().root) / CheckpointDirectory::stepName(step);
    loaded.directory = dir.string();

    try {
        const Manifest m = readManifest(dir);
        if (m.worldSize < 1) throw std::runtime_error("manifest.json has no world_size");
        if (m.strategy != strategyOf(I.state) || (I.zero && m.layout != I.zero->layout()))
            throw std::invalid_argument("The checkpoint " + dir.string() + " was written with " + m.strategy +
                                        " and this job runs " + strategyOf(I.state) +
                                        " (or other sharding units); resume it with the same DeepSpeed/FSDP settings.");
        const int64_t world = m.worldSize;
        loaded.worldSize = static_cast<int>(world);
        loaded.state.step = m.step;
        loaded.state.values = m.values;
        loaded.bytes += m.bytes;

        torch::NoGradGuard noGrad;
        const SafetensorsFile model = SafetensorsFile::read((dir / "model.safetensors").string());
        std::vector<torch::Tensor> full;
        for (std::size_t i = 0; i < I.parameters.size(); ++i) {
            const torch::Tensor& t = model.tensor(I.parameterNames[i]);
            if (t.sizes() != I.parameters[i].sizes())
                throw std::invalid_argument("parameter " + I.parameterNames[i] + " has another shape in the checkpoint");
            full.push_back(t);
        }
        for (const auto& b : I.model->named_buffers())
            if (model.contains(b.key())) b.value().copy_(model.tensor(b.key()));
        // Another world size: this rank takes the RNG and scaler of old rank (rank mod old size);
        // ZeRO shards are put together from every old rank's file and split anew.
        const bool reshard = world != numProcesses();
        const int source = reshard ? rank % static_cast<int>(world) : rank;
        const SafetensorsFile mine = SafetensorsFile::read((dir / CheckpointDirectory::rankFileName(source)).string());
        if (I.zero) {
            I.zero->loadParameters(full);
            const int64_t steps = std::stoll(mine.metadata().at("zero_steps"));
            if (!reshard) {
                I.zero->loadOptimizerState(mine, steps);
            } else {
                std::vector<SafetensorsFile> old;
                for (int r = 0; r < world; ++r)
                    old.push_back(SafetensorsFile::read((dir / CheckpointDirectory::rankFileName(r)).string()));
                I.zero->loadOptimizerState(old, steps);
            }
        } else {
            for (std::size_t i = 0; i < I.parameters.size(); ++i) I.parameters[i].copy_(full[i]);
            const SafetensorsFile opt = SafetensorsFile::read((dir / "optimizer.safetensors").string());
            const std::string kind = opt.metadata().count("optimizer") ? opt.metadata().at("optimizer") : "";
            for (std::size_t i = 0; i < I.parameters.size(); ++i) {
                const std::string& name = I.parameterNames[i];
                if (!opt.contains(name + ".exp_avg")) continue;
                const int64_t steps = std::stoll(opt.metadata().at(name + ".step"));
                auto onDevice = [&](const std::string& key) { return opt.tensor(key).to(I.parameters[i].device()); };
                void* key = I.parameters[i].unsafeGetTensorImpl();
                if (kind == "AdamW") {
                    auto s = std::make_unique<torch::optim::AdamWParamState>();
                    s->step(steps).exp_avg(onDevice(name + ".exp_avg")).exp_avg_sq(onDevice(name + ".exp_avg_sq"));
                    if (opt.contains(name + ".max_exp_avg_sq")) s->max_exp_avg_sq(onDevice(name + ".max_exp_avg_sq"));
                    optimizer.state()[key] = std::move(s);
                } else {
                    auto s = std::make_unique<torch::optim::AdamParamState>();
                    s->step(steps).exp_avg(onDevice(name + ".exp_avg")).exp_avg_sq(onDevice(name + ".exp_avg_sq"));
                    if (opt.contains(name + ".max_exp_avg_sq")) s->max_exp_avg_sq(onDevice(name + ".max_exp_avg_sq"));
                    optimizer.state()[key] = std::move(s);
                }
            }
        }
        at::Generator cpuGenerator = at::detail::getDefaultCPUGenerator();
        cpuGenerator.set_state(mine.tensor("rng.cpu"));
#ifdef CATAPULT_HAVE_CUDA
        if (I.device.is_cuda() && mine.contains("rng.cuda"))
        {
            at::Generator cudaGenerator = at::cuda::detail::getDefaultCUDAGenerator(I.device.index());
            cudaGenerator.set_state(mine.tensor("rng.cuda"));
        }
#endif
        if (I.scaler && mine.contains("scaler.scale")) I.scaler->loadState(mine);
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
    auto everyone = [this](bool ok) { return allRanksAgree(*m_impl->comm, m_impl->device, ok); };
    Impl& I = *m_impl;
    if (!I.model) return Status::error("saveModel() needs a prepared model: call prepare() first.");
    std::vector<torch::Tensor> full = I.zero ? gatheredParameters() : I.parameters;
    std::string error;
    if (isMainProcess()) {
        try {
            std::vector<NamedTensor> tensors;
            for (std::size_t i = 0; i < full.size(); ++i) tensors.push_back({I.parameterNames[i], full[i]});
            for (const auto& b : I.model->named_buffers()) tensors.push_back({b.key(), b.value()});
            fs::create_directories(directory);
            const fs::path dir(directory);
            SafetensorsFile::write((dir / ".model.safetensors.partial").string(), tensors, {{"format", "catapult-model"}});
            DurableFile::writeAll((dir / ".model.json.partial").string(), descriptionJson + "\n");
            fs::rename(dir / ".model.safetensors.partial", dir / "model.safetensors");
            fs::rename(dir / ".model.json.partial", dir / "model.json");
            DurableFile::syncDirectory(directory);
        } catch (const std::exception& e) {
            error = "The model was not exported to " + directory + ": " + firstLine(e.what()) + ".";
        }
    }
    if (!everyone(error.empty())) return Status::error(error.empty() ? "Rank 0 could not export the model." : error);
    return Status::success();
}

}  // namespace catapult
