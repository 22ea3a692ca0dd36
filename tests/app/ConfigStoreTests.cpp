// Config model (reader, writer, validator, Accelerate's own loader), run store (migrations,
// a writer killed mid-transaction, crash recovery), item models, translation completeness.

#include <signal.h>
#include <unistd.h>

#include <QAbstractItemModelTester>
#include <QTranslator>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <cmath>

#include "ConfigIssueText.h"
#include "DescribedMachine.h"
#include "HardwareReport.h"
#include "MachinesTarget.h"
#include "SetupModel.h"
#include "HostFile.h"
#include "HostListModel.h"
#include "LaunchSettings.h"
#include "Preflight.h"
#include "IssueListModel.h"
#include "PreflightModel.h"
#include "LogFilterModel.h"
#include "LogModel.h"
#include "RunListModel.h"
#include "RunLineage.h"
#include "RunStore.h"
#include "Translations.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigSchema.h"
#include "catapult/ConfigValidator.h"
#include "catapult/ConfigWriter.h"
#include "catapult/DeviceMap.h"
#include "catapult/MemoryEstimate.h"

using namespace catapult;

namespace {

LoadedConfig parse(const QString& text) {
    auto r = parseConfigText(text.toStdString(), "test.yaml");
    if (!r.ok()) qFatal("parse failed: %s", r.status().message().c_str());
    return r.value();
}

bool hasIssue(const std::vector<ConfigIssue>& issues, const std::string& key, ConfigIssue::Severity severity) {
    for (const auto& i : issues)
        if (i.key == key && i.severity == severity) return true;
    return false;
}

// Loads `path` with Accelerate's own loader and returns its to_dict() as JSON.
QJsonObject accelerateLoad(const QString& path, QString* error) {
    QProcess p;
    p.start(QStringLiteral(CATAPULT_PYTHON),
            {QStringLiteral("-c"),
             QStringLiteral("import json,sys\nfrom accelerate.commands.config.config_args import load_config_from_file\n"
                            "c = load_config_from_file(sys.argv[1])\nprint(json.dumps(c.to_dict(), default=str))"),
             path});
    p.waitForFinished(120000);
    if (p.exitCode() != 0) {
        *error = QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

QJsonValue toJson(const ConfigValue& v) {
    switch (v.kind()) {
    case ConfigValue::Kind::Bool: return v.asBool();
    case ConfigValue::Kind::Int: return static_cast<double>(v.asInt());
    case ConfigValue::Kind::Float: return v.asFloat();
    case ConfigValue::Kind::String: return QString::fromStdString(v.asString());
    case ConfigValue::Kind::List: {
        QJsonArray a;
        for (const auto& i : v.items()) a.append(toJson(i));
        return a;
    }
    }
    return {};
}

// A config that sets every key of the schema (legacy keys aside), with values of the right type.
ClusterConfig everyKey() {
    ClusterConfig c;
    auto sample = [](const KeySpec& spec) -> ConfigValue {
        if (!spec.choices.empty()) {
            if (spec.type == ValueType::Int) return ConfigValue::integer(std::stoll(spec.choices.back()));
            return ConfigValue::string(spec.choices.back());
        }
        switch (spec.type) {
        case ValueType::Bool: return ConfigValue::boolean(true);
        case ValueType::Int: return ConfigValue::integer(3);
        case ValueType::Float: return ConfigValue::real(0.5);
        case ValueType::BoolOrString: return ConfigValue::boolean(false);
        case ValueType::IntOrString: return ConfigValue::string("x1");
        case ValueType::StringList: return ConfigValue::list({ConfigValue::string("a=1"), ConfigValue::string("no")});
        case ValueType::BoolList: return ConfigValue::list({ConfigValue::boolean(false), ConfigValue::boolean(true), ConfigValue::boolean(false)});
        default: return ConfigValue::string("text with: colon");
        }
    };
    for (const KeySpec& spec : topLevelKeys()) {
        if (!spec.legacyNote.empty()) continue;
        if (spec.type == ValueType::Section) {
            for (const KeySpec& inner : sectionKeys(spec.key))
                if (inner.legacyNote.empty()) c.setSectionValue(spec.key, inner.key, sample(inner));
            continue;
        }
        c.set(spec.key, sample(spec));
    }
    c.setString("compute_environment", "LOCAL_MACHINE");
    c.setString("distributed_type", "MULTI_GPU");
    c.setString("gpu_ids", "0,1");
    c.setString("main_process_ip", "1234");
    c.setString("mixed_precision", "no");
    return c;
}

}  // namespace

class ConfigStoreTests : public QObject {
    Q_OBJECT
private slots:
    void everySchemaKeyRoundTrips() {
        const ClusterConfig original = everyKey();
        const std::string yaml = toYaml(original);
        const LoadedConfig back = parse(QString::fromStdString(yaml));
        QCOMPARE(back.config, normalizedForWriting(original));
        QVERIFY2(yaml.find("distributed_type: MULTI_GPU") != std::string::npos, yaml.c_str());
        QVERIFY(yaml.find("gpu_ids: '0,1'") != std::string::npos);
        QVERIFY(yaml.find("main_process_ip: '1234'") != std::string::npos);
        ClusterConfig no;
        no.setString("distributed_type", "NO");
        no.setString("mixed_precision", "no");
        QVERIFY(toYaml(no) == "distributed_type: 'NO'\nmixed_precision: 'no'\n");
        // JSON too.
        const LoadedConfig fromJson = parse(QString::fromStdString(toJson(original)));
        QCOMPARE(fromJson.config, back.config);
    }

    void writerQuotesAndDrops() {
        ClusterConfig c;
        c.setString("distributed_type", "NO");
        c.setString("mixed_precision", "NO");
        c.setInt("gpu_ids", 0);
        c.setBool("fp16", true);  // legacy: never written
        c.setSectionValue("fsdp_config", "fsdp_version", ConfigValue::integer(2));
        c.setSectionValue("fsdp_config", "fsdp_backward_prefetch", ConfigValue::string("BACKWARD_PRE"));  // v1 only
        c.setSectionValue("fp8_config", "backend", ConfigValue::string("te"));
        c.setSectionValue("deepspeed_config", "deepspeed_config_file", ConfigValue::string("/ds.json"));
        c.setSectionValue("deepspeed_config", "zero_stage", ConfigValue::integer(2));
        const QString yaml = QString::fromStdString(toYaml(c));
        QVERIFY2(yaml.contains("distributed_type: 'NO'\n"), qPrintable(yaml));
        QVERIFY(yaml.contains("gpu_ids: '0'\n"));
        QVERIFY(!yaml.contains("fp16"));
        QVERIFY(!yaml.contains("fsdp_backward_prefetch"));
        QVERIFY(yaml.contains("  backend: TE\n"));
        QVERIFY(!yaml.contains("zero_stage"));       // owned by the DeepSpeed json
        QVERIFY(!yaml.contains("mixed_precision"));  // idem
        // Keys sorted.
        QVERIFY(yaml.indexOf("deepspeed_config") < yaml.indexOf("distributed_type"));
        // FSDP1 with a strategy in reshard_after_forward also writes fsdp_sharding_strategy.
        ClusterConfig v1;
        v1.setString("distributed_type", "FSDP");
        v1.setSectionValue("fsdp_config", "fsdp_version", ConfigValue::integer(1));
        v1.setSectionValue("fsdp_config", "fsdp_reshard_after_forward", ConfigValue::string("SHARD_GRAD_OP"));
        QVERIFY(QString::fromStdString(toYaml(v1)).contains("fsdp_sharding_strategy: SHARD_GRAD_OP"));
    }

    void noKeyIsLost() {
        // Only keys the reader converts into others (fp16 -> mixed_precision, ...) may be left
        // out of what is written: mpirun_ccl is converted into nothing, so it stays.
        const LoadedConfig in = parse("distributed_type: MULTI_CPU\nnum_processes: 4\nmpirun_config:\n  mpirun_ccl: 1\n"
                                      "  mpirun_hostfile: /etc/hosts.mpi\n");
        const QString yaml = QString::fromStdString(toYaml(in.config));
        QVERIFY2(yaml.contains("mpirun_ccl: 1\n"), qPrintable(yaml));
        QVERIFY(yaml.contains("mpirun_hostfile: /etc/hosts.mpi\n"));
    }

    void legacyFilesImport() {
        // An Accelerate 0.11-style file: legacy fp16, unquoted NO, nulls.
        LoadedConfig a = parse("compute_environment: LOCAL_MACHINE\ndeepspeed_config: {}\ndistributed_type: NO\n"
                               "fp16: true\nmachine_rank: 0\nmain_process_ip: null\nmain_process_port: null\n"
                               "main_training_function: main\nnum_machines: 1\nuse_cpu: false\n");
        QCOMPARE(a.config.distributedType(), std::string("NO"));
        QCOMPARE(a.config.mixedPrecision(), std::string("fp16"));
        QCOMPARE(*a.config.numProcesses(), 1);
        QVERIFY(!a.config.value("fp16"));
        QVERIFY(hasIssue(a.notes, "fp16", ConfigIssue::Severity::Note));
        QVERIFY(hasIssue(a.notes, "distributed_type", ConfigIssue::Severity::Note));
        // 0.2x: top-level dynamo_backend, ipex_config, numeric gpu_ids, fp8 questionnaire names, tuple string.
        LoadedConfig b = parse("distributed_type: MULTI_GPU\nnum_processes: 2\ndynamo_backend: INDUCTOR\ngpu_ids: 0\n"
                               "ipex_config:\n  ipex: true\nmixed_precision: fp8\nfp8_config:\n  backend: te\n"
                               "  amax_history_length: 512\n  amax_compute_algorithm: max\n"
                               "  override_linear_precision: (false, false, false)\n");
        QCOMPARE(b.config.sectionStringOr("dynamo_config", "dynamo_backend", ""), std::string("INDUCTOR"));
        QCOMPARE(*b.config.gpuIds(), std::string("0"));
        QVERIFY(b.config.section("ipex_config").empty());
        QCOMPARE(b.config.sectionIntOr("fp8_config", "amax_history_len", 0), 512LL);
        QVERIFY(!b.config.sectionValue("fp8_config", "amax_history_length"));
        QCOMPARE(b.config.sectionValue("fp8_config", "override_linear_precision")->items().size(), std::size_t(3));
        QCOMPARE(b.config.sectionStringOr("fp8_config", "backend", ""), std::string("TE"));
        QVERIFY(checkSchema(b.config).empty());
        // Unknown top-level keys are refused with the file and the keys named.
        auto bad = parseConfigText("distributed_type: NO\nnum_procesess: 2\nfoo: 1\n", "bad.yaml");
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.status().message()).contains("bad.yaml has unknown keys (foo, num_procesess)"),
                 bad.status().message().c_str());
        auto missing = parseConfigText("num_processes: 2\n", "m.yaml");
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.status().message()).contains("distributed_type must be specified"));
        QVERIFY(!parseConfigText("distributed_type: [unclosed\n", "y.yaml").ok());
    }

    void wrongTypesAndUnknownNestedKeys() {
        LoadedConfig c = parse("distributed_type: MULTI_CPU\nnum_processes: two\nuse_cpu: maybe\nmain_process_port: 70000\n"
                               "fsdp_config:\n  fsdp_offload_parms: true\nmixed_precision: fp32\n");
        QVERIFY(hasIssue(c.notes, "fsdp_config.fsdp_offload_parms", ConfigIssue::Severity::Warning));
        const auto issues = validateConfig(c.config, {});
        QVERIFY(hasIssue(issues, "num_processes", ConfigIssue::Severity::Error));
        QVERIFY(hasIssue(issues, "use_cpu", ConfigIssue::Severity::Error));
        QVERIFY(hasIssue(issues, "main_process_port", ConfigIssue::Severity::Error));
        QVERIFY(hasIssue(issues, "mixed_precision", ConfigIssue::Severity::Error));
        bool named = false;
        for (const auto& i : issues)
            named = named || i.message() == "num_processes must be a whole number, not two (a string).";
        QVERIFY(named);
    }

    void validationAgainstHardware() {
        HardwareFacts a100;
        a100.known = true;
        a100.gpuNames = {"NVIDIA A100", "NVIDIA A100"};
        a100.computeCapabilities = {80, 80};
        ClusterConfig c;
        c.setString("distributed_type", "MULTI_GPU");
        c.setInt("num_processes", 2);
        c.setString("mixed_precision", "fp8");
        auto issues = validateConfig(c, a100);
        QVERIFY(hasIssue(issues, "mixed_precision", ConfigIssue::Severity::Error));  // no FP8 tensor cores on sm_80
        c.setString("mixed_precision", "bf16");
        c.setString("gpu_ids", "0,3");
        issues = validateConfig(c, a100);
        QVERIFY(hasIssue(issues, "gpu_ids", ConfigIssue::Severity::Error));
        c.setString("gpu_ids", "all");
        c.setInt("num_machines", 2);
        c.setInt("num_processes", 3);
        issues = validateConfig(c, a100);
        QVERIFY(hasIssue(issues, "main_process_ip", ConfigIssue::Severity::Error));
        QVERIFY(hasIssue(issues, "num_processes", ConfigIssue::Severity::Error));
        HardwareFacts cpu;
        cpu.known = true;
        ClusterConfig f;
        f.setString("distributed_type", "MULTI_CPU");
        f.setInt("num_processes", 2);
        f.setString("mixed_precision", "fp8");
        issues = validateConfig(f, cpu);
        QVERIFY(!hasErrors(issues));
        QVERIFY(hasIssue(issues, "mixed_precision", ConfigIssue::Severity::Warning));  // emulated, slow
    }

    void machinesTabTargetIsWhatEachMachineHas() {
        // Two probed machines that differ: the target has the fewer GPUs, the smaller memory and
        // compute capability, the fewer cores; machine 0's address is the main process's.
        DescribedMachine big, small;
        small.gpuName = "NVIDIA A100-SXM4-40GB";
        small.computeCapability = "8.0";
        small.gpusPerMachine = 4;
        small.gpuMemoryGib = 40;
        small.cores = 32;
        HostPreflight a{HostSpec{}, "a", big.toReport(), {}, {}}, b{HostSpec{}, "b", small.toReport(), {}, {}};
        a.host.name = "gpu-a";
        a.host.address = "10.0.0.7";
        b.host.name = "gpu-b";
        auto t = machinesTarget({a, b});
        QVERIFY(t.ok());
        QCOMPARE(t.value().machines, 2);
        QCOMPARE(t.value().mainAddress, QStringLiteral("10.0.0.7"));
        QCOMPARE(t.value().perMachine.hostname, QStringLiteral("gpu-a, gpu-b"));
        QCOMPARE(t.value().perMachine.gpus.size(), 4);
        QCOMPARE(t.value().perMachine.gpus.front().totalBytes, qint64(40) << 30);
        QCOMPARE(t.value().perMachine.toFacts().computeCapabilities.front(), 80);
        QCOMPARE(t.value().perMachine.cores, 32);
        QCOMPARE(t.value().notes.size(), 1);
        QVERIFY2(t.value().notes.front().contains("gpu-b: 4 x NVIDIA A100-SXM4-40GB"), qPrintable(t.value().notes.front()));
        // Every machine must have been probed: the one that was not is named.
        b.hardware.reset();
        b.checks.push_back(PreflightCheck{"connect", false, "connection refused"});
        auto unprobed = machinesTarget({a, b});
        QVERIFY(!unprobed.ok());
        QVERIFY2(QString::fromStdString(unprobed.status().message()).contains("gpu-b (gpu-b: connect: connection refused)"),
                 unprobed.status().message().c_str());
    }

    void setupModelSaysWhatChanged() {
        // The wizard's model: changed() for a real change only; the Machines tab's machines as
        // the target bring their number and address, this machine again takes them back.
        SetupModel setup;
        QSignalSpy changed(&setup, &SetupModel::changed);
        SetupChoices c = setup.choices();
        setup.setChoices(c);
        QCOMPARE(changed.count(), 0);
        c.mixedPrecision = MixedPrecision::Bf16;
        setup.setChoices(c);
        QCOMPARE(changed.count(), 1);
        DescribedMachine laptop;
        laptop.gpusPerMachine = 0;
        setup.setLocalHardware(laptop.toReport());
        QVERIFY(setup.choices().useCpu);
        MachinesTarget cluster{DescribedMachine().toReport(), 2, "10.0.0.7", {}};
        setup.setMachinesTarget(cluster);
        QCOMPARE(setup.choices().numMachines, 2);
        QCOMPARE(setup.choices().mainProcessIp, QStringLiteral("10.0.0.7"));
        QCOMPARE(setup.choices().processesPerMachine, 8);
        QVERIFY(!setup.choices().useCpu);
        QVERIFY(setup.config().numMachines() == 2 && !setup.config().useCpu());
        setup.useLocalHardware();
        QCOMPARE(setup.choices().numMachines, 1);
        QVERIFY(setup.choices().mainProcessIp.isEmpty());
        QVERIFY(setup.choices().useCpu);
    }

    void writtenFilesLoadInAccelerate() {
        QTemporaryDir dir;
        std::vector<ClusterConfig> configs;
        configs.push_back(everyKey());
        ClusterConfig ds;
        ds.setString("distributed_type", "DEEPSPEED");
        ds.setInt("num_processes", 16);
        ds.setInt("num_machines", 2);
        ds.setString("main_process_ip", "10.0.0.1");
        ds.setSectionValue("deepspeed_config", "zero_stage", ConfigValue::integer(3));
        ds.setSectionValue("deepspeed_config", "offload_param_device", ConfigValue::string("cpu"));
        ds.setSectionValue("deepspeed_config", "gradient_clipping", ConfigValue::real(1.0));
        configs.push_back(ds);
        ClusterConfig no;
        no.setString("distributed_type", "NO");
        no.setString("mixed_precision", "no");
        no.setString("gpu_ids", "0");
        configs.push_back(no);
        for (std::size_t i = 0; i < configs.size(); ++i) {
            for (const char* ext : {".yaml", ".json"}) {
                const QString path = dir.filePath(QStringLiteral("c%1%2").arg(i).arg(QLatin1String(ext)));
                QVERIFY(writeConfigFile(configs[i], path.toStdString()).ok());
                QString error;
                const QJsonObject loaded = accelerateLoad(path, &error);
                QVERIFY2(!loaded.isEmpty(), qPrintable(path + ": " + error));
                const ClusterConfig written = normalizedForWriting(configs[i]);
                for (const auto& [key, value] : written.values())
                    QVERIFY2(loaded.value(QString::fromStdString(key)) == toJson(value),
                             qPrintable(QStringLiteral("%1 %2: Accelerate read %3").arg(path, QString::fromStdString(key),
                                                                                       QJsonDocument(QJsonObject{{"v", loaded.value(QString::fromStdString(key))}}).toJson(QJsonDocument::Compact))));
                for (const auto& [name, section] : written.sections()) {
                    const QJsonObject s = loaded.value(QString::fromStdString(name)).toObject();
                    for (const auto& [key, value] : section)
                        QVERIFY2(s.value(QString::fromStdString(key)) == toJson(value), qPrintable(path + " " + QString::fromStdString(name + "." + key)));
                }
            }
        }
    }

    void deviceMapPlacesWholeLayersByBudget() {
        // Llama 2 7B's shape in fp16: 32 layers of 404 MiB, embeddings and head of 250 MiB.
        HfModelConfig c;
        c.architecture = HfModelConfig::Architecture::Llama;
        c.vocabSize = 32000;
        c.hiddenSize = 4096;
        c.intermediateSize = 11008;
        c.layers = 32;
        c.heads = c.kvHeads = 32;
        c.headDim = 128;
        const std::vector<ModelPart> parts = modelParts(c, 2);
        qint64 total = 0;
        for (const ModelPart& p : parts) total += p.bytes;
        QCOMPARE(total, 2 * c.parameterCount());  // every weight in exactly one part
        QCOMPARE(parts.size(), std::size_t(35));
        const qint64 layer = parts[1].bytes;
        // Two 6 GiB GPUs, 1 GiB of CPU, the rest on disk. Sequential fills GPU 0 first; balanced
        // uses both GPUs evenly; GPU 0 keeps room for the largest offloaded part.
        auto budgets = parseMaxMemory("cpu=1GiB,1=6GiB,0=6GiB,disk=1TB");
        QVERIFY(budgets.ok());
        QCOMPARE(budgets.value().front().device, std::string("0"));
        auto sequential = planDeviceMap(parts, budgets.value(), DeviceMapMode::Sequential);
        QVERIFY(sequential.ok());
        const DeviceMapPlan& s = sequential.value();
        QCOMPARE(s.deviceOf("model.embed_tokens"), std::string("0"));
        QVERIFY(s.used.at("0") <= (6ll << 30) - layer);  // room kept for a layer brought in
        QCOMPARE(s.deviceOf("lm_head"), std::string("disk"));
        QVERIFY(s.used.at("1") <= 6ll << 30 && s.used.at("cpu") <= 1ll << 30);
        QCOMPARE(s.deviceOf("model.layers.13"), std::string("0"));  // the embeddings and 14 layers on GPU 0
        QCOMPARE(s.deviceOf("model.layers.14"), std::string("1"));
        for (std::size_t i = 1; i + 1 < s.placement.size(); ++i) {  // the order of devices never goes back
            auto rank = [](const std::string& d) { return d == "0" ? 0 : d == "1" ? 1 : d == "cpu" ? 2 : 3; };
            QVERIFY(rank(s.placement[i].second) >= rank(s.placement[i - 1].second));
        }
        QVERIFY(QString::fromStdString(s.table()).contains(QRegularExpression("model\\.layers\\.31 +disk\\n")));
        // Balanced on a model that fits two GPUs: half the layers on each.
        auto roomy = planDeviceMap(parts, parseMaxMemory("0=40GiB,1=40GiB").value(), DeviceMapMode::Balanced);
        QVERIFY(roomy.ok());
        QCOMPARE(roomy.value().deviceOf("model.layers.0"), std::string("0"));
        QCOMPARE(roomy.value().deviceOf("model.layers.31"), std::string("1"));
        QVERIFY(std::abs(roomy.value().used.at("0") - roomy.value().used.at("1")) <= 2 * layer + parts.front().bytes);
        // A tied head goes with the embeddings, whatever fills up in between.
        c.tieWordEmbeddings = true;
        auto tied = planDeviceMap(modelParts(c, 2), parseMaxMemory("cpu=3GiB,disk=1TB").value(), DeviceMapMode::Auto);
        QVERIFY(tied.ok());
        QCOMPARE(tied.value().deviceOf("lm_head"), std::string("cpu"));
        QCOMPARE(tied.value().deviceOf("model.layers.31"), std::string("disk"));
        // Without a disk a model that does not fit is refused, naming the part.
        auto full = planDeviceMap(parts, parseMaxMemory("cpu=3GiB").value(), DeviceMapMode::Cpu);
        QVERIFY(!full.ok());
        QVERIFY(QString::fromStdString(full.status().message()).contains("has no room left in --max_memory"));
        QVERIFY(!parseMaxMemory("cpu=lots").ok());
        QVERIFY(QString::fromStdString(parseMaxMemory("gpu0=1GB").status().message()).contains("\"gpu0=1GB\" is not DEVICE=SIZE"));
    }

    void memoryEstimate() {
        MemoryEstimateInput in;
        in.parameters = 1000000;
        in.layers = 2;
        in.width = 64;
        in.heads = 4;
        in.seqLen = 64;
        in.microBatch = 8;
        in.worldSize = 4;
        const MemoryEstimate plain = estimateMemory(in);
        QCOMPARE(plain.parameterBytes + plain.gradientBytes + plain.optimizerBytes, int64_t(16) * in.parameters);
        // fp32 on the CPU: every layer's 34·s·b·h elements at 4 bytes and one layer more for
        // backward, the logits; no buffer (the gradients are the buckets); the runtime's 30 MiB.
        const int64_t layer = 34 * in.seqLen * in.microBatch * in.width * 2;
        QCOMPARE(plain.activationBytes, (in.layers + 1) * layer + in.seqLen * in.microBatch * in.vocab * 8);
        QCOMPARE(plain.bufferBytes, int64_t(0));
        QCOMPARE(plain.runtimeBytes, int64_t(30) << 20);
        in.onGpu = true;
        QCOMPARE(estimateMemory(in).runtimeBytes, int64_t(0));
        in.onGpu = false;
        in.zeroStage = 3;
        const MemoryEstimate z3 = estimateMemory(in);
        QCOMPARE(z3.parameterBytes + z3.gradientBytes + z3.optimizerBytes, int64_t(16) * in.parameters / 4);
        in.offloadOptimizer = OffloadDevice::Cpu;
        const MemoryEstimate off = estimateMemory(in);
        QCOMPARE(off.optimizerBytes, int64_t(0));
        QVERIFY(off.hostBytes > 0);
        in.activationCheckpointing = true;
        QVERIFY(estimateMemory(in).activationBytes < off.activationBytes);
    }

    void startedEventNamesItsSteps() {
        // The protocol's started line says "steps" (engine/src/GptRecipe.cpp writes it so).
        RunSeries series;
        appendMetrics(series, QJsonObject{{"type", "started"}, {"world_size", 2}, {"steps", 40}});
        QCOMPARE(series.events.size(), 1);
        QCOMPARE(series.events.front().message, QString("2 process(es), 40 steps"));
    }

    void resumedRunsJoinTheirParents() {
        // Run 1 stopped after step 12 with its newest checkpoint at step 10; run 2 resumed it
        // from there (steps 11-15, its clock from 0). The joined curve: steps 1-10 of run 1,
        // then 11-15 of run 2, times running on; run 1's steps 11-12 are not shown twice.
        QTemporaryDir dir;
        auto store = RunStore::open(dir.filePath("runs.sqlite"));
        QVERIFY(store.ok());
        const auto record = [&](const QString& name, qint64 parent, int from, int to) {
            RunRecord r;
            r.name = name;
            r.runDir = dir.filePath(name);
            r.resumedFrom = parent;
            const qint64 id = store.value()->createRun(r).value();
            RunSeries s;
            for (int i = from; i <= to; ++i)
                appendMetrics(s, QJsonObject{{"type", "step"}, {"step", i}, {"loss", 10.0 / i}, {"time", 0.5 * (i - from + 1)}});
            appendMetrics(s, QJsonObject{{"type", "memory"}, {"step", to}, {"time", 0.5 * (to - from + 1)},
                                         {"ranks", QJsonArray{QJsonObject{{"rank", 0}, {"rss_bytes", 1000 + to}}}}});
            store.value()->appendSeries(id, s);
            return id;
        };
        const qint64 parent = record("first", 0, 1, 12);
        const qint64 child = record("resumed", parent, 11, 15);
        QCOMPARE(store.value()->run(child)->resumedFrom, parent);
        QCOMPARE(store.value()->runOwning(dir.filePath("first") + "/checkpoints/step-00000010"), parent);
        const QVector<RunRecord> lineage = runLineage(*store.value(), child);
        QCOMPARE(lineage.size(), 2);
        QCOMPARE(lineage.front().id, parent);
        const RunSeries joined = joinedSeries(*store.value(), child);
        QCOMPARE(joined.steps.size(), 15);
        for (int i = 0; i < 15; ++i) QCOMPARE(joined.steps[i].step, qint64(i + 1));
        QCOMPARE(joined.steps[9].time, 5.0);   // run 1's step 10
        QCOMPARE(joined.steps[10].time, 5.5);  // run 2's first step, after it
        for (int i = 1; i < 15; ++i) QVERIFY(joined.steps[i].time > joined.steps[i - 1].time);
        QCOMPARE(joined.memory.size(), 1);  // run 1's sample at step 12 was after the checkpoint
        QCOMPARE(joined.memory.front().rssBytes, qint64(1015));
        QCOMPARE(joinedSeries(*store.value(), parent).steps.size(), 12);  // run 1 alone: all of it
    }

    void storeMigratesFromVersion1() {
        QTemporaryDir dir;
        const QString path = dir.filePath("runs.sqlite");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "v1");
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"));
            QVERIFY(q.exec("INSERT INTO meta VALUES ('schema_version', '1')"));
            QVERIFY(q.exec("CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, run_dir TEXT UNIQUE, config_path TEXT,"
                           " config_yaml TEXT, command TEXT, hosts TEXT, num_processes INTEGER, status TEXT, exit_code INTEGER,"
                           " failing_rank INTEGER, message TEXT, started_at TEXT, ended_at TEXT, final_loss REAL, final_step INTEGER,"
                           " tokens_per_s REAL)"));
            QVERIFY(q.exec("CREATE TABLE steps (run_id INTEGER, step INTEGER, time REAL, loss REAL, lr REAL, tokens_per_s REAL, grad_norm REAL)"));
            QVERIFY(q.exec("CREATE TABLE memory (run_id INTEGER, step INTEGER, time REAL, rank INTEGER, rss_bytes INTEGER,"
                           " peak_rss_bytes INTEGER, cuda_allocated_bytes INTEGER, cuda_reserved_bytes INTEGER, cuda_peak_bytes INTEGER)"));
            QVERIFY(q.exec("INSERT INTO runs (name, run_dir, status) VALUES ('old', '/tmp/old', 'finished')"));
            db.close();
        }
        QSqlDatabase::removeDatabase("v1");
        auto store = RunStore::open(path);
        QVERIFY2(store.ok(), store.ok() ? "" : store.status().message().c_str());
        QCOMPARE(store.value()->schemaVersion(), RunStore::kSchemaVersion);
        const auto runs = store.value()->listRuns();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].name, QStringLiteral("old"));
    }

    void storeSurvivesWriterKilledMidTransaction() {
        QTemporaryDir dir;
        const QString path = dir.filePath("runs.sqlite");
        QProcess writer;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CATAPULT_TEST_STORE_WRITER", path);
        writer.setProcessEnvironment(env);
        writer.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(writer.waitForStarted());
        QByteArray output;
        while (!output.contains("inside transaction") && writer.waitForReadyRead(20000)) output += writer.readAllStandardOutput();
        QVERIFY2(output.contains("inside transaction"), output.constData());
        ::kill(static_cast<pid_t>(writer.processId()), SIGKILL);
        writer.waitForFinished();
        auto store = RunStore::open(path);
        QVERIFY2(store.ok(), store.ok() ? "" : store.status().message().c_str());
        const auto runs = store.value()->listRuns();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(store.value()->series(runs[0].id).steps.size(), 100);  // the committed batch only
        // The run's recorder is dead: recovery re-imports metrics.jsonl and marks it interrupted.
        auto recovered = store.value()->recoverInterrupted();
        QVERIFY(recovered.ok());
        QCOMPARE(recovered.value(), 1);
        const auto after = store.value()->run(runs[0].id);
        QCOMPARE(after->status, QStringLiteral("interrupted"));
        QCOMPARE(store.value()->series(runs[0].id).steps.size(), 150);  // every line the worker wrote
    }

    void modelsPassTheTester() {
        LogModel log(3);
        QAbstractItemModelTester t1(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 5; ++i) log.append(i % 2, QStringLiteral("line %1").arg(i));
        QCOMPARE(log.rowCount(), 3);
        LogFilterModel filter;
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&log);
        filter.setRank(0);
        QCOMPARE(filter.rowCount(), 2);
        filter.setSearchText("LINE 4");
        QCOMPARE(filter.rowCount(), 1);
        IssueListModel issues;
        QAbstractItemModelTester t3(&issues, QAbstractItemModelTester::FailureReportingMode::QtTest);
        issues.setIssues(validateConfig(ClusterConfig(), {}));
        QVERIFY(issues.errorCount() > 0);
        RunListModel runs;
        QAbstractItemModelTester t4(&runs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RunRecord r;
        r.id = 1;
        r.name = "a";
        r.status = "failed";
        r.failingRank = 1;
        runs.setRuns({r, r});
        QCOMPARE(runs.rowCount(), 2);
        QCOMPARE(runs.index(0, RunListModel::StatusColumn).data().toString(), QStringLiteral("failed (rank 1)"));

        HostListModel hosts;
        QAbstractItemModelTester t5(&hosts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        HostSpec h;
        h.name = "gpu1";
        h.slotCount = 8;
        hosts.setHost(0, h);
        h.name = "gpu2";
        hosts.setHost(1, h);
        hosts.setHost(0, h);
        hosts.removeHost(1);
        QCOMPARE(hosts.rowCount(), 1);
        QCOMPARE(hosts.index(0, HostListModel::NameColumn).data().toString(), QStringLiteral("gpu2"));
        QCOMPARE(hosts.index(0, HostListModel::SlotsColumn).data().toInt(), 8);
        QCOMPARE(hosts.index(0, HostListModel::WorkerColumn).data().toString(), QStringLiteral("catapult-worker"));
        PreflightModel checks;
        QAbstractItemModelTester t6(&checks, QAbstractItemModelTester::FailureReportingMode::QtTest);
        HostPreflight p;
        p.host = h;
        p.checks = {{"connect", true, "logged in"}, {"port", false, "cannot reach 10.0.0.1:29500"}};
        checks.setResult({p});
        QCOMPARE(checks.rowCount(), 2);
        QCOMPARE(checks.failedCount(), 1);
        QCOMPARE(checks.index(1, PreflightModel::DetailColumn).data().toString(), QStringLiteral("cannot reach 10.0.0.1:29500"));
        QCOMPARE(checks.index(1, PreflightModel::ResultColumn).data(Qt::UserRole).toBool(), false);
    }

    void translationsApplyAtRuntime() {
        // The compiled catalogue, as the app loads it: strings from free functions (launch
        // flags, hostfiles, pre-flight) and from classes (SSH sessions) are found in their
        // context, so the Chinese text really shows.
        QTranslator zh;
        QVERIFY(zh.load(QStringLiteral(CATAPULT_QM_DIR "/catapult_zh_CN.qm")));
        QCoreApplication::installTranslator(&zh);
        const QString usage = launchUsage();
        auto hostfile = parseHostFile("# none\n", "hf");
        HostSpec h;
        h.name = "nowhere";
        h.address = "127.0.0.1";
        h.port = 1;
        SshOptions o;
        o.connectTimeoutSeconds = 2;
        auto ssh = SshSession::open(h, o);
        PreflightResult pre;
        pre.hosts.push_back(HostPreflight{h, "nowhere", std::nullopt, {}, {}});
        const QStringList report = pre.report();
        pre.hosts.front().checks.push_back(PreflightCheck{"connect", false, "x"});
        PreflightModel checks;
        checks.setResult(pre.hosts);
        const QString checkName = checks.index(0, PreflightModel::CheckColumn).data().toString();
        auto probe = HardwareReport::fromJson(R"({"hostname": "h", "cpu": {"cores": 2}, "memory": {"total_bytes": 1},
                                                  "cuda": {"built_with_cuda": true}, "gpus": []})");
        QVERIFY(probe.ok());
        const QString gpuLine = probe.value().summaryLines().join('\n');
        LogModel log(10);
        const QString rankHeader = log.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString();
        QCoreApplication::removeTranslator(&zh);
        QCOMPARE(checkName, QString::fromUtf8("连接"));
        QCOMPARE(rankHeader, QString::fromUtf8("进程"));
        QVERIFY2(gpuLine.contains(QString::fromUtf8("未安装 NVIDIA 驱动")), qPrintable(gpuLine));  // the probe's GPU note
        QVERIFY2(usage.startsWith(QString::fromUtf8("用法")), qPrintable(usage));
        QCOMPARE(QString::fromStdString(hostfile.status().message()), QString::fromUtf8("hf 中没有列出任何主机"));
        QVERIFY2(QString::fromStdString(ssh.status().message()).startsWith(QString::fromUtf8("无法连接到")), ssh.status().message().c_str());
        QVERIFY2(report.front().startsWith(QString::fromUtf8("主机 nowhere")), qPrintable(report.front()));

        // Qt's own catalogue too, as the app installs them: the wizard's buttons are Qt's strings.
        const LoadedTranslations loaded = installTranslations(*QCoreApplication::instance(), QLocale("zh_CN"), CATAPULT_QM_DIR);
        const QString next = QCoreApplication::translate("QWizard", "&Next >");
        for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
        QVERIFY(loaded.catapult);
        QVERIFY2(loaded.qt, "qtbase_zh_CN.qm not found (Debian: qt6-translations-l10n)");
        QCOMPARE(next, QString::fromUtf8("下一步(&N) >"));
    }

    void everyStringIsTranslated() {
        // Fails when a source string has no finished Chinese translation, and when the .ts
        // file is older than the sources (lupdate run into a copy finds new strings).
        const QString ts = QStringLiteral(CATAPULT_SOURCE_DIR "/translations/catapult_zh_CN.ts");
        QFile file(ts);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QStringList missing;
        QString source;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("source")) source = xml.readElementText();
            if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const bool unfinished = xml.attributes().value("type") == QLatin1String("unfinished");
                // Plural forms: the text is in <numerusform> children.
                QString text;
                while (!(xml.isEndElement() && xml.name() == QLatin1String("translation")) && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isCharacters()) text += xml.text();
                }
                if (unfinished || text.trimmed().isEmpty()) missing << source;
            }
        }
        QVERIFY(messages > 300);
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 untranslated, e.g. '%2'").arg(missing.size()).arg(missing.value(0))));
        QTemporaryDir dir;
        const QString copy = dir.filePath("check_zh_CN.ts");
        QVERIFY(QFile::copy(ts, copy));
        QStringList sources;
        for (const char* folder : {"app", "ui", "remote", "engine/config"})
            for (const QString& f : QDir(QStringLiteral(CATAPULT_SOURCE_DIR "/") + folder).entryList({"*.cpp"}))
                sources << QStringLiteral(CATAPULT_SOURCE_DIR "/%1/%2").arg(QLatin1String(folder), f);
        QProcess lupdate;
        lupdate.start(QStringLiteral(CATAPULT_LUPDATE), QStringList{"-no-obsolete", "-locations", "none", "-tr-function-alias",
                                                                    "QT_TRANSLATE_NOOP+=CATAPULT_TRANSLATE_NOOP"} + sources + QStringList{"-ts", copy});
        QVERIFY(lupdate.waitForFinished(120000));
        const QString report = QString::fromLocal8Bit(lupdate.readAllStandardOutput());
        QVERIFY2(report.contains("(0 new and"), qPrintable("strings without translation entries: " + report));
    }
};

// Helper process for storeSurvivesWriterKilledMidTransaction: records a run, commits 100
// steps, writes 150 lines to metrics.jsonl as a worker would, then starts a transaction of
// 50 more steps and waits to be killed inside it.
static int storeWriter(const QString& path) {
    auto store = RunStore::open(path);
    if (!store.ok()) return 1;
    const QString runDir = QFileInfo(path).absolutePath() + "/run";
    QDir().mkpath(runDir);
    QFile jsonl(runDir + "/metrics.jsonl");
    jsonl.open(QIODevice::WriteOnly);
    RunSeries committed;
    for (int i = 1; i <= 150; ++i) {
        QJsonObject o{{"type", "step"}, {"step", i}, {"loss", 5.0 / i}, {"lr", 0.001}, {"time", i * 0.1}};
        jsonl.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + "\n");
        if (i <= 100) appendMetrics(committed, o);
    }
    jsonl.close();
    RunRecord r;
    r.name = "killed";
    r.runDir = runDir;
    r.ownerPid = QCoreApplication::applicationPid();
    auto id = store.value()->createRun(r);
    if (!id.ok() || !store.value()->appendSeries(id.value(), committed).ok()) return 1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "raw");
        db.setDatabaseName(path);
        db.open();
        db.transaction();
        QSqlQuery q(db);
        for (int i = 101; i <= 150; ++i) q.exec(QStringLiteral("INSERT INTO steps (run_id, step, loss) VALUES (%1, %2, 1.0)").arg(id.value()).arg(i));
        std::printf("inside transaction\n");
        std::fflush(stdout);
        for (;;) ::pause();
    }
}

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("CATAPULT_TEST_STORE_WRITER")) return storeWriter(qEnvironmentVariable("CATAPULT_TEST_STORE_WRITER"));
    ConfigStoreTests tests;
    return QTest::qExec(&tests, argc, argv);
}

#include "ConfigStoreTests.moc"
