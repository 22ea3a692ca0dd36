// The headless commands that read and write the user's files, run as a user runs them
// (the `catapult` binary): estimate-memory (the built-in GPT, a Hugging Face config, LoRA),
// config --import/--export for other machines, and runs compare / export on real runs.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "TestFiles.h"
#include "catapult/GptConfig.h"
#include "catapult/MemoryEstimate.h"

using namespace catapult;

class CommandTests : public QObject {
    Q_OBJECT
private slots:
    void estimateMemoryCommand();
    void configForOtherMachinesImportsAndExports();
    void runsCompareAndExportOnTheCommandLine();
};

void CommandTests::estimateMemoryCommand() {
    // A 6.7B-parameter GPT in bf16 on 8 GPUs of 80 GiB: plain data parallel does not fit,
    // ZeRO-3 with activation checkpointing does; the totals are the estimator's.
    const auto run = [](const QStringList& extra) {
        QProcess p;
        p.start(CATAPULT_LAUNCHER_PATH, QStringList{"estimate-memory", "--no_probe", "--layers", "32", "--width", "4096",
                                                    "--heads", "32", "--seq_len", "2048", "--vocab", "32000", "--batch_size",
                                                    "1", "--num_processes", "8", "--mixed_precision", "bf16", "--gpu_memory", "80"} +
                                            extra);
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput());
    };
    const GptConfig model{.vocabSize = 32000, .layers = 32, .heads = 32, .width = 4096, .seqLen = 2048};
    MemoryEstimateInput in{.parameters = model.parameterCount(), .layers = 32, .width = 4096, .heads = 32, .seqLen = 2048,
                           .vocab = 32000, .precision = MixedPrecision::Bf16, .worldSize = 8, .processesPerMachine = 8, .onGpu = true};
    const QString dp = run({});
    QVERIFY2(dp.contains("6,714,695,680 parameters"), qPrintable(dp));
    QVERIFY2(dp.contains(QString::fromStdString("Total                                         " + formatBytes(estimateMemory(in).deviceTotal()))),
             qPrintable(dp));
    QVERIFY2(dp.contains("Does not fit:"), qPrintable(dp));
    in.zeroStage = 3;
    in.activationCheckpointing = true;
    const QString zero3 = run({"--zero_stage", "3", "--activation_checkpointing"});
    QVERIFY2(zero3.contains(QString::fromStdString("Fits: " + formatBytes(estimateMemory(in).deviceTotal()) + " of 80.00 GiB")),
             qPrintable(zero3));
    // A config for other machines, estimated on this one (probed, no GPU): --gpu_memory is the target's.
    QTemporaryDir dir;
    const QString config = testing::writeTextFile(dir.filePath("zero3.yaml"),
                                                  "distributed_type: DEEPSPEED\nnum_machines: 2\nnum_processes: 16\n"
                                                  "main_process_ip: 10.0.0.1\nmixed_precision: bf16\ndeepspeed_config:\n"
                                                  "  zero_stage: 3\n");
    QProcess p;
    p.start(CATAPULT_LAUNCHER_PATH, {"estimate-memory", "--config_file", config, "--gpu_memory", "80"});
    QVERIFY(p.waitForFinished(60000));
    const QString target = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(target.contains("16 process(es) on 2 machine(s), GPU, ZeRO stage 3"), qPrintable(target));
    QVERIFY2(target.contains(" of 80.00 GiB GPU memory."), qPrintable(target));
    // A Hugging Face model directory: Llama 2 7B's config.json gives its shape and its own
    // parameter count (6,738,415,616, as transformers counts it), not the built-in GPT's.
    QDir().mkpath(dir.filePath("llama2"));
    testing::writeTextFile(dir.filePath("llama2/config.json"),
                           R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096, "intermediate_size": 11008,
                               "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
                               "vocab_size": 32000, "max_position_embeddings": 4096, "rms_norm_eps": 1e-05})");
    p.start(CATAPULT_LAUNCHER_PATH, {"estimate-memory", "--no_probe", "--model", dir.filePath("llama2"), "--seq_len", "4096"});
    QVERIFY(p.waitForFinished(60000));
    const QString hf = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(hf.contains("Model: LlamaForCausalLM from " + dir.filePath("llama2") + ", 32 layers, width 4096, 32 heads, sequence 4096"),
             qPrintable(hf));
    QVERIFY2(hf.contains("6,738,415,616 parameters"), qPrintable(hf));
    // LoRA r 8 on PEFT's default q_proj and v_proj: 4,194,304 adapter parameters (PEFT's count
    // for Llama 2 7B) trained, the base frozen in fp32 on every process.
    p.start(CATAPULT_LAUNCHER_PATH, {"estimate-memory", "--no_probe", "--model", dir.filePath("llama2"), "--seq_len", "512",
                                     "--batch_size", "1", "--lora_rank", "8"});
    QVERIFY(p.waitForFinished(60000));
    const QString lora = QString::fromUtf8(p.readAllStandardOutput());
    QVERIFY2(lora.contains("Parameters (4,194,304 trained, 6,738,415,616 frozen)"), qPrintable(lora));
    const MemoryEstimateInput adapters{.parameters = 4194304, .frozenParameters = 6738415616, .layers = 32, .width = 4096,
                                       .heads = 32, .seqLen = 512, .vocab = 32000, .microBatch = 1};
    QVERIFY2(lora.contains(QString::fromStdString(formatBytes(estimateMemory(adapters).deviceTotal()))), qPrintable(lora));
    p.start(CATAPULT_LAUNCHER_PATH, {"estimate-memory", "--no_probe", "--model", dir.filePath("llama2"), "--lora_rank", "8",
                                     "--lora_target_modules", "c_attn"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY2(QString::fromUtf8(p.readAllStandardError()).contains("--lora_target_modules c_attn matches no projection"), "");
}

void CommandTests::configForOtherMachinesImportsAndExports() {
    // A laptop without GPUs prepares a 2 x 8 GPU ZeRO-3 job: importing warns about this machine
    // but keeps the config as it is, and --import F --export O does both, in that order.
    QTemporaryDir dir;
    const QString source = testing::writeTextFile(dir.filePath("cluster.yaml"),
                                         "compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_machines: 2\n"
                                         "num_processes: 16\nmachine_rank: 0\nmain_process_ip: 10.0.0.1\n"
                                         "main_process_port: 29500\nmixed_precision: bf16\ngpu_ids: all\n");
    const QString target = dir.filePath("default.yaml"), exported = dir.filePath("exported.yaml");
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(CATAPULT_LAUNCHER_PATH, {"config", "--import", source, "--export", exported, "--config_file", target});
    QVERIFY(p.waitForFinished(60000));
    const QString output = QString::fromUtf8(p.readAll());
    QVERIFY2(p.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains("catapult config: wrote " + target), qPrintable(output));
    QVERIFY2(output.contains("catapult config: exported " + target + " to " + exported), qPrintable(output));
    QFile out(exported);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QByteArray yaml = out.readAll();
    QVERIFY2(yaml.contains("distributed_type: MULTI_GPU\n"), yaml.constData());
    QVERIFY2(yaml.contains("num_processes: 16\n"), yaml.constData());
    QVERIFY(!yaml.contains("use_cpu: true"));
    // --default and --import both write the config file: refused with the usage.
    p.start(CATAPULT_LAUNCHER_PATH, {"config", "--default", "--import", source, "--config_file", target});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 2);
}

namespace {

// `catapult ARGS` with the store and runs folder of `dir`: exit code and output.
QPair<int, QString> catapultCommand(const QTemporaryDir& dir, const QStringList& args) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("CATAPULT_STORE", dir.filePath("runs.sqlite"));
    p.setProcessEnvironment(env);
    p.start(CATAPULT_LAUNCHER_PATH, args);
    if (!p.waitForFinished(120000)) return {-1, "timed out"};
    return {p.exitCode(), QString::fromUtf8(p.readAll())};
}

}  // namespace

void CommandTests::runsCompareAndExportOnTheCommandLine() {
    // Two real runs of the built-in recipe that differ in --lr and the config's mixed precision.
    QTemporaryDir dir;
    for (const auto& [lr, yaml] : {QPair<QString, QString>{"0.001", "distributed_type: MULTI_CPU\nnum_processes: 2\nuse_cpu: true\n"},
                                   QPair<QString, QString>{"0.01", "distributed_type: MULTI_CPU\nnum_processes: 2\nuse_cpu: true\nmixed_precision: bf16\n"}}) {
        QVERIFY(!testing::writeTextFile(dir.filePath("config-" + lr + ".yaml"), yaml.toUtf8()).isEmpty());
        const auto [code, out] = catapultCommand(dir, {"launch", "--config_file", dir.filePath("config-" + lr + ".yaml"), "--run_dir",
                                                       dir.filePath("run-" + lr), "--", "catapult-worker", "train", "--steps", "4",
                                                       "--layers", "1", "--width", "32", "--seq_len", "32", "--batch_size", "4", "--lr", lr});
        QVERIFY2(code == 0 && out.contains("job finished successfully"), qPrintable(out.right(2000)));
    }
    const auto [code, differ] = catapultCommand(dir, {"runs", "compare", "1", "2"});
    QVERIFY2(code == 0, qPrintable(differ));
    const QStringList lines = differ.split('\n');
    const auto line = [&](const QString& start) {
        for (const QString& l : lines) if (l.startsWith(start)) return l.simplified();
        return QString();
    };
    QCOMPARE(line("Program --lr"), QStringLiteral("Program --lr 0.001 0.01"));
    QCOMPARE(line("Config mixed_precision"), QStringLiteral("Config mixed_precision - bf16"));
    QVERIFY2(line("Program --layers").isEmpty(), qPrintable(differ));  // the same in both
    const auto [allCode, all] = catapultCommand(dir, {"runs", "compare", "1", "2", "--all"});
    QVERIFY2(all.contains(QRegularExpression("Program --layers +1 +1")), qPrintable(all));
    QVERIFY2(differ.contains(QRegularExpression("\\(\\d+ setting\\(s\\) the same in every run not shown; --all shows them\\)")), qPrintable(differ));
    QCOMPARE(catapultCommand(dir, {"runs", "compare", "1"}).first, 1);
    QVERIFY(catapultCommand(dir, {"runs", "compare", "1", "1"}).second.contains("run 1 is named twice"));
    const auto [helpCode, help] = catapultCommand(dir, {"runs", "--help"});
    QVERIFY2(helpCode == 0 && help.contains("export ID --to DIR") && help.contains("--merged"), qPrintable(help));

    // Export: the built-in GPT's model files only (not the run's metrics or checkpoints).
    const auto [exportCode, exported] = catapultCommand(dir, {"runs", "export", "1", "--to", dir.filePath("out")});
    QVERIFY2(exportCode == 0 && exported.contains(dir.filePath("out")), qPrintable(exported));
    QCOMPARE(QDir(dir.filePath("out")).entryList(QDir::Files), (QStringList{"model.json", "model.safetensors"}));
    const auto bytes = [](const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QVERIFY(!bytes(dir.filePath("out/model.safetensors")).isEmpty());
    QCOMPARE(bytes(dir.filePath("out/model.safetensors")), bytes(dir.filePath("run-0.001/model.safetensors")));
    const auto [againCode, again] = catapultCommand(dir, {"runs", "export", "1", "--to", dir.filePath("out")});
    QVERIFY2(againCode == 1 && again.contains("is not empty"), qPrintable(again));
    const auto [mergedCode, merged] = catapultCommand(dir, {"runs", "export", "1", "--merged", "--to", dir.filePath("m")});
    QVERIFY2(mergedCode == 1 && merged.contains("only a LoRA run"), qPrintable(merged));
    QVERIFY(!QFileInfo::exists(dir.filePath("m")));
    const auto [emptyCode, empty] = catapultCommand(dir, {"runs", "export", "1", "--to", ""});
    QVERIFY2(emptyCode == 1 && empty.contains("say where with --to DIR"), qPrintable(empty));
    const auto [noneCode, none] = catapultCommand(dir, {"runs", "export", "9", "--to", dir.filePath("n")});
    QVERIFY2(noneCode == 1 && none.contains("there is no run 9"), qPrintable(none));
}

QTEST_GUILESS_MAIN(CommandTests)
#include "CommandTests.moc"
