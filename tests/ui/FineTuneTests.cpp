// The Job tab's fine-tuning form, offscreen, through its widgets: a model folder is described
// (or refused with the reason); the dataset preview shows the detected format, the rendered
// examples with the assistant's part highlighted and the rows that would be skipped; a LoRA run
// started from the form on 2 CPU ranks trains (the loss falls) and exports a PEFT adapter; the
// form reads back the command line it writes.

#include "FineTuneTests.h"

#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTextBrowser>

#include "ChatPane.h"
#include "ChatWidget.h"
#include "DatasetPreviewModel.h"
#include "ExportModelDialog.h"
#include "FineTuneForm.h"
#include "HfFixtures.h"
#include "TestFiles.h"
#include "UiTestSupport.h"
#include "catapult/HfModelConfig.h"
#include "catapult/MemoryEstimate.h"

using namespace catapult;
using namespace catapult::uitest;

namespace {

QString fixture(const QString& name) { return QString::fromStdString(test::hfFixtures()) + QLatin1Char('/') + name; }

void setText(QWidget* parent, const char* name, const QString& text) { child<QLineEdit>(parent, name)->setText(text); }

}  // namespace

void FineTuneTests::initTestCase() {
    QVERIFY2(test::makeHfFixtures(), "the fixture script failed (see its .log beside the fixtures)");
    qputenv("CATAPULT_WORKER", CATAPULT_WORKER_PATH);
}

void FineTuneTests::modelFolderIsDescribedOrRefused() {
    FineTuneForm form;
    setText(&form, "modelDir", fixture("qwen2-chat"));
    const QString summary = child<QLabel>(&form, "modelSummary")->text();
    for (const char* part : {"Qwen2ForCausalLM", "29.8k parameters", "context 256 tokens", "byte-level BPE", "has a chat template"})
        QVERIFY2(summary.contains(QLatin1String(part)), qPrintable(summary));
    // The estimate follows the method: LoRA trains 1,792 adapter parameters instead of 29,824.
    QVERIFY2(child<QLabel>(&form, "memoryEstimate")->text().contains("29,824 trained parameters"),
             qPrintable(child<QLabel>(&form, "memoryEstimate")->text()));
    const QString full = child<QLabel>(&form, "memoryEstimate")->text();
    child<QComboBox>(&form, "method")->setCurrentIndex(1);
    child<QSpinBox>(&form, "loraRank")->setValue(8);
    QVERIFY2(child<QLabel>(&form, "memoryEstimate")->text().contains("1,792 trained parameters"),
             qPrintable(child<QLabel>(&form, "memoryEstimate")->text()));
    QVERIFY(child<QLabel>(&form, "memoryEstimate")->text() != full);
    QVERIFY2(child<QLabel>(&form, "memoryEstimate")->text().contains("data parallel in fp32"),
             qPrintable(child<QLabel>(&form, "memoryEstimate")->text()));
    // With the Job tab's ZeRO-3 config (bf16, the optimizer offloaded to the CPU) on 2 processes,
    // the estimate is that setup's: the 29,824 base weights frozen, the 1,792 adapters sharded.
    QTemporaryDir dir;
    const QString yaml = testing::writeTextFile(dir.filePath("zero3.yaml"),
                                                "compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\nmixed_precision: bf16\n"
                                                "num_processes: 2\nuse_cpu: true\ndeepspeed_config:\n  zero_stage: 3\n"
                                                "  offload_optimizer_device: cpu\n  offload_param_device: none\n");
    form.setRun(64, 4, 2, yaml);
    const MemoryEstimateInput in{.parameters = 1792, .frozenParameters = 29824, .layers = 2, .width = 32, .heads = 4, .seqLen = 64,
                                 .vocab = HfModelConfig::read(fixture("qwen2-chat").toStdString()).value().vocabSize,
                                 .microBatch = 4, .precision = MixedPrecision::Bf16, .zeroStage = 3,
                                 .offloadOptimizer = OffloadDevice::Cpu, .worldSize = 2};
    const MemoryEstimate expected = estimateMemory(in);
    const QString zero = child<QLabel>(&form, "memoryEstimate")->text();
    QVERIFY2(zero.contains("ZeRO stage 3 in bf16, optimizer offloaded to cpu: " + QString::fromStdString(formatBytes(expected.deviceTotal()))),
             qPrintable(zero + " / expected " + QString::fromStdString(formatBytes(expected.deviceTotal()))));
    QVERIFY2(zero.contains(QString::fromStdString(formatBytes(expected.hostBytes)) + " offloaded to CPU memory"), qPrintable(zero));
    setText(&form, "modelDir", fixture("datasets"));
    QVERIFY2(child<QLabel>(&form, "modelSummary")->text().contains("Not a model Catapult can fine-tune"),
             qPrintable(child<QLabel>(&form, "modelSummary")->text()));
    QVERIFY(child<QLabel>(&form, "modelSummary")->text().contains("config.json"));
}

void FineTuneTests::previewShowsTheTrainedPartAndBadRows() {
    QTemporaryDir cache;
    qputenv("CATAPULT_DATA_CACHE", cache.path().toUtf8());
    FineTuneForm form;
    form.resize(1000, 600);
    setText(&form, "modelDir", fixture("qwen2-chat"));
    setText(&form, "datasetPath", fixture("datasets/messages.jsonl"));
    QSignalSpy done(&form, &FineTuneForm::previewFinished);
    QTest::mouseClick(child<QPushButton>(&form, "previewDataset"), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(child<QLabel>(&form, "previewSummary")->text()));
    const QString summary = child<QLabel>(&form, "previewSummary")->text();
    QVERIFY2(summary.contains("Format: messages") && summary.contains("chat template: model") && summary.contains("96 rows"),
             qPrintable(summary));
    auto* table = child<QTableView>(&form, "previewTable");
    QCOMPARE(table->model()->rowCount(), 20);
    QCOMPARE(table->model()->index(0, DatasetPreviewModel::Where).data().toString(), QStringLiteral("messages.jsonl:1"));
    // The first conversation's answer is the highlighted (trained) part; its question is not.
    const QString html = child<QTextBrowser>(&form, "previewText")->toHtml();
    const QString answer = form.previewModel()->html(0);
    QVERIFY2(answer.contains(QRegularExpression("background-color:#c8f0c8\"><b>[a-z]+ plus [a-z]+ is [a-z]+\\.&lt;\\|im_end\\|&gt;")),
             qPrintable(answer));
    QVERIFY(!answer.contains(QRegularExpression("<b>[^<]*What is")));
    QVERIFY(html.contains("plus"));
    form.grab().save(screenshotDir() + "/finetune-preview.png");
    // Bad rows: listed with file, line and reason, without stopping the preview.
    setText(&form, "datasetPath", fixture("datasets/bad-json.jsonl"));
    QTest::mouseClick(child<QPushButton>(&form, "previewDataset"), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY(done.takeFirst().at(0).toBool());
    const QString bad = child<QLabel>(&form, "previewSummary")->text();
    QVERIFY2(bad.contains("2 rows would be skipped, e.g. bad-json.jsonl:7: not valid JSON"), qPrintable(bad));
    // A dataset that cannot be read at all: the reason, in the summary.
    setText(&form, "datasetPath", fixture("datasets/unknown-fields.jsonl"));
    QTest::mouseClick(child<QPushButton>(&form, "previewDataset"), Qt::LeftButton);
    QVERIFY(done.wait(60000));
    QVERIFY(!done.takeFirst().at(0).toBool());
    QVERIFY2(child<QLabel>(&form, "previewSummary")->text().contains("cannot tell the format from the fields \"q\", \"a\""),
             qPrintable(child<QLabel>(&form, "previewSummary")->text()));
}

void FineTuneTests::loraRunFromTheFormExportsAnAdapter() {
    QTemporaryDir home;
    useTestHome(home);
    qputenv("CATAPULT_DATA_CACHE", (home.path() + "/data").toUtf8());
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    JobPanel* panel = window.jobPanel();
    child<QRadioButton>(panel, "fineTune")->setChecked(true);
    QVERIFY(child<FineTuneForm>(panel, "fineTuneForm")->isVisible());
    setText(panel, "modelDir", fixture("qwen2-chat"));
    setText(panel, "datasetPath", fixture("datasets/messages.jsonl"));
    child<QComboBox>(panel, "method")->setCurrentIndex(1);  // LoRA
    child<QSpinBox>(panel, "loraRank")->setValue(4);
    setText(panel, "loraTargets", "all-linear");
    child<QDoubleSpinBox>(panel, "validationSplit")->setValue(0.1);
    child<QSpinBox>(panel, "seqLen")->setValue(64);
    child<QSpinBox>(panel, "steps")->setValue(40);
    child<QSpinBox>(panel, "batchSize")->setValue(4);
    child<QDoubleSpinBox>(panel, "lr")->setValue(0.01);
    child<QSpinBox>(panel, "processes")->setValue(2);
    const QString command = child<QLineEdit>(panel, "commandPreview")->text();
    for (const char* part : {"catapult launch", "--num_processes 2", "--cpu", "catapult-worker train --model", "--dataset",
                             "--validation_split 0.1", "--lora_rank 4", "--lora_target_modules all-linear", "--lr 0.01"})
        QVERIFY2(command.contains(QLatin1String(part)), qPrintable(command));
    QVERIFY(!command.contains("--layers"));
    QSignalSpy finished(window.controller(), &JobController::finished);
    QTest::mouseClick(child<QPushButton>(panel, "start"), Qt::LeftButton);
    QVERIFY2(window.controller()->isRunning(), qPrintable(child<QLabel>(panel, "jobStatus")->text()));
    QVERIFY(finished.wait(240000));
    window.grab().save(screenshotDir() + "/finetune-job.png");
    const JobOutcome outcome = finished.takeFirst().at(0).value<JobOutcome>();
    QVERIFY2(outcome.success, qPrintable(child<QLabel>(panel, "jobStatus")->text()));
    const auto& steps = window.controller()->recorder()->series().steps;
    QCOMPARE(steps.back().step, 40);
    QVERIFY2(steps.back().loss < steps.front().loss - 0.3, qPrintable(QString::number(steps.back().loss)));
    const QString runDir = window.controller()->recorder()->run().runDir;
    QVERIFY(QFileInfo::exists(runDir + "/adapter/adapter_config.json"));
    QVERIFY(QFileInfo::exists(runDir + "/adapter/adapter_model.safetensors"));
    bool evalSeen = false;
    for (const auto& s : window.controller()->recorder()->series().scalars) evalSeen = evalSeen || s.name == "eval/loss";
    QVERIFY(evalSeen);
    window.tabs()->setCurrentWidget(window.history());
    window.history()->refresh();
    const QAbstractItemModel* runs = window.history()->model();
    QCOMPARE(runs->index(0, RunListModel::ModelColumn).data().toString(), QStringLiteral("qwen2-chat"));
    QCOMPARE(runs->index(0, RunListModel::DataColumn).data().toString(), QStringLiteral("messages.jsonl"));
    QCOMPARE(runs->index(0, RunListModel::MethodColumn).data().toString(), QStringLiteral("LoRA r 4"));
    window.grab().save(screenshotDir() + "/finetune-history.png");
    window.tabs()->setCurrentWidget(window.dashboardPage());
    QTRY_VERIFY(window.dashboard()->seriesPoints(ChartKind::Loss, "current run validation").size() >= 4);
    window.grab().save(screenshotDir() + "/finetune-dashboard.png");
    exportFromTheHistory(window, home.path());
}

// The finished LoRA run's Export model: the adapter, then the adapter merged into its base.
void FineTuneTests::exportFromTheHistory(MainWindow& window, const QString& home) {
    window.tabs()->setCurrentWidget(window.history());
    window.history()->view()->selectRow(0);
    auto* exportButton = child<QPushButton>(window.history(), "exportModel");
    QVERIFY(exportButton->isEnabled());
    QTest::mouseClick(exportButton, Qt::LeftButton);
    auto* dialog = window.history()->findChild<ExportModelDialog*>();
    QVERIFY(dialog);
    QVERIFY(dialog->mergedChoice());  // a LoRA run offers the merged model
    dialog->destination()->setText(home + "/exported/adapter");
    dialog->startExport();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->busy(), 60000);
    QVERIFY2(dialog->outcome()->text().startsWith("Exported to"), qPrintable(dialog->outcome()->text()));
    QVERIFY(QFileInfo::exists(home + "/exported/adapter/adapter_config.json"));
    QVERIFY(QFileInfo::exists(home + "/exported/adapter/adapter_model.safetensors"));
    dialog->startExport();  // the same folder again: refused, nothing overwritten
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->busy(), 60000);
    QVERIFY2(dialog->outcome()->text().contains("is not empty"), qPrintable(dialog->outcome()->text()));
    dialog->mergedChoice()->setChecked(true);
    dialog->destination()->setText(home + "/exported/merged");
    dialog->startExport();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->busy(), 120000);
    QVERIFY2(dialog->outcome()->text().startsWith("Exported to"), qPrintable(dialog->outcome()->text()));
    for (const char* file : {"config.json", "model.safetensors", "tokenizer.json"})
        QVERIFY2(QFileInfo::exists(home + "/exported/merged/" + file), file);
    dialog->grab().save(screenshotDir() + "/export-model.png");
    dialog->close();
}

void FineTuneTests::formRoundTripsItsCommandLine() {
    QTemporaryDir home;
    useTestHome(home);
    JobController controller(nullptr);
    JobPanel panel(&controller);
    const QStringList args{"--cpu", "--num_processes", "2", "--", "catapult-worker", "train", "--model", "/m", "--dataset", "/d.csv",
                           "--dataset_format", "prompt_completion", "--columns", "prompt=q,completion=a", "--validation_split", "0.2",
                           "--lora_rank", "16", "--lora_alpha", "32", "--merge_lora", "--seq_len", "256", "--steps", "10",
                           "--batch_size", "2", "--lr", "0.0002", "--seed", "3"};
    panel.setLaunchArguments(args);
    QVERIFY(child<QRadioButton>(&panel, "fineTune")->isChecked());
    QCOMPARE(child<QComboBox>(&panel, "method")->currentIndex(), 1);
    const QStringList back = panel.launchArguments();
    for (const QString& word : args) QVERIFY2(back.contains(word), qPrintable(word + " missing from " + back.join(' ')));
    // Saved as a job file beside its Accelerate config, and loaded into a fresh form.
    QTemporaryDir project;
    QFile(project.filePath("accelerate.yaml")).open(QIODevice::WriteOnly);
    child<QLineEdit>(&panel, "configFile")->setText(project.filePath("accelerate.yaml"));
    QVERIFY(panel.saveJob(project.filePath("job.json")).ok());
    QFile saved(project.filePath("job.json"));
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QJsonObject job = QJsonDocument::fromJson(saved.readAll()).object();
    QCOMPARE(job.value("config_file").toString(), QStringLiteral("accelerate.yaml"));  // relative: the two move together
    JobPanel fresh(&controller);
    QVERIFY(fresh.loadJob(project.filePath("job.json")).ok());
    QCOMPARE(fresh.launchArguments(), panel.launchArguments());
    QFile(project.filePath("bad.json")).open(QIODevice::WriteOnly);
    const Status bad = fresh.loadJob(project.filePath("bad.json"));
    QVERIFY(!bad.ok());
    QVERIFY2(QString::fromStdString(bad.message()).contains("bad.json: not JSON"), bad.message().c_str());
}

// The Chat tab: a model loads, a reply streams in with its figures, the conversation goes on
// through the chat template, Clear forgets it; a folder that is not a model says why.
void FineTuneTests::chatTabTalksToAModel() {
    ChatWidget chat(nullptr);
    chat.resize(1100, 700);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    ChatPane* first = chat.pane(0);
    QSignalSpy loading(chat.session(), &ChatSession::loading);
    setText(first, "chatModel", fixture("qwen2-chat"));
    // The plan before loading: 29,824 fp32 parameters, all on the CPU.
    const QString fits = "Fits in the free memory: " + QString::fromStdString(formatBytes(29824 * 4)) + " on the CPU";
    QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(first, "chatPlan")->text(), fits, 30000);
    QVERIFY(child<QLabel>(first, "chatPlan")->toolTip().contains("model.layers.1"));
    QTest::mouseClick(child<QPushButton>(first, "chatLoad"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(first, "chatStatus")->text().startsWith("Loaded in"), 60000);
    QVERIFY2(child<QLabel>(first, "chatStatus")->text().contains("chat template: model"), qPrintable(child<QLabel>(first, "chatStatus")->text()));
    // The load's progress: the weights' bytes as they came in, all of them, then the tokenizer.
    QVERIFY(loading.size() >= 2);
    const QList<QVariant> weights = loading.at(loading.size() - 2), tokenizer = loading.last();
    QCOMPARE(weights.at(0).toString(), QStringLiteral("weights"));
    QCOMPARE(weights.at(1).toLongLong(), qint64(29824 * 4));
    QCOMPARE(weights.at(2).toLongLong(), qint64(29824 * 4));
    QCOMPARE(tokenizer.at(0).toString(), QStringLiteral("tokenizer"));
    QVERIFY(!child<QProgressBar>(first, "chatLoading")->isVisible());
    child<QSpinBox>(&chat, "chatMaxTokens")->setValue(12);
    QSignalSpy deltas(chat.session(), &ChatSession::replyDelta);
    for (const char* message : {"hello", "and again"}) {
        setText(&chat, "chatInput", message);
        QTest::mouseClick(child<QPushButton>(&chat, "chatSend"), Qt::LeftButton);
        QVERIFY(chat.session()->isAnswering());
        QTRY_VERIFY_WITH_TIMEOUT(!chat.session()->isAnswering(), 60000);
    }
    QCOMPARE(chat.session()->turns().size(), 4);
    QVERIFY(deltas.size() >= 2);  // streamed, not given at once
    const QString view = child<QTextBrowser>(first, "chatView")->toPlainText();
    QVERIFY2(view.contains("hello") && view.contains("and again") && view.contains("Model"), qPrintable(view));
    QVERIFY2(child<QLabel>(first, "chatStats")->text().contains(QRegularExpression("^12 tokens, [0-9.]+ tokens/s, first token after")),
             qPrintable(child<QLabel>(first, "chatStats")->text()));
    const QString prompt = child<QPlainTextEdit>(first, "chatPrompt")->toPlainText();
    QVERIFY2(prompt.startsWith("<|im_start|>user\nhello<|im_end|>") && prompt.contains("<|im_start|>user\nand again") &&
                 prompt.endsWith("<|im_start|>assistant\n"),
             qPrintable(prompt));
    child<QCheckBox>(&chat, "chatShowPrompt")->setChecked(true);
    chat.grab().save(screenshotDir() + "/chat.png");
    QTest::mouseClick(child<QPushButton>(&chat, "chatClear"), Qt::LeftButton);
    QCOMPARE(chat.session()->turns().size(), 0);
    QVERIFY(child<QTextBrowser>(first, "chatView")->toPlainText().trimmed().isEmpty());
    setText(first, "chatModel", fixture("datasets"));
    QTest::mouseClick(child<QPushButton>(first, "chatLoad"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(first, "chatStatus")->text().startsWith("Not available:"), 60000);
    QVERIFY2(child<QLabel>(first, "chatStatus")->text().contains("config.json"), qPrintable(child<QLabel>(first, "chatStatus")->text()));
}

// Two models side by side: each message goes to both, each reply streams into its own column
// with its own figures; Stop and Clear act on both.
void FineTuneTests::chatTabComparesTwoModels() {
    ChatWidget chat(nullptr);
    chat.resize(1300, 700);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    QVERIFY(!chat.pane(1)->isVisible());
    QTest::mouseClick(child<QCheckBox>(&chat, "chatCompare"), Qt::LeftButton, {}, QPoint(5, 5));
    QVERIFY(chat.pane(1)->isVisible());
    QTest::qWait(100);  // the columns laid out anew
    const QString models[] = {fixture("qwen2-chat"), fixture("llama")};
    for (int i = 0; i < 2; ++i) {
        setText(chat.pane(i), "chatModel", models[i]);
        QTest::mouseClick(child<QPushButton>(chat.pane(i), "chatLoad"), Qt::LeftButton);
    }
    for (int i = 0; i < 2; ++i)
        QTRY_VERIFY2_WITH_TIMEOUT(child<QLabel>(chat.pane(i), "chatStatus")->text().startsWith("Loaded in"),
                                  qPrintable(child<QLabel>(chat.pane(i), "chatStatus")->text().right(900)), 60000);
    QVERIFY(child<QPushButton>(&chat, "chatSend")->isEnabled());
    child<QSpinBox>(&chat, "chatMaxTokens")->setValue(10);
    setText(&chat, "chatInput", "compare this");
    QTest::mouseClick(child<QPushButton>(&chat, "chatSend"), Qt::LeftButton);
    QVERIFY(chat.pane(0)->session()->isAnswering() && chat.pane(1)->session()->isAnswering());
    QVERIFY(!child<QPushButton>(&chat, "chatSend")->isEnabled());
    for (int i = 0; i < 2; ++i) QTRY_VERIFY_WITH_TIMEOUT(!chat.pane(i)->session()->isAnswering(), 60000);
    QVERIFY(child<QPushButton>(&chat, "chatSend")->isEnabled());
    QStringList replies;
    for (int i = 0; i < 2; ++i) {
        ChatPane* pane = chat.pane(i);
        QCOMPARE(pane->session()->turns().size(), 2);
        QCOMPARE(pane->session()->turns().first().content, QStringLiteral("compare this"));
        replies << pane->session()->turns().last().content;
        QVERIFY2(child<QLabel>(pane, "chatStats")->text().contains(QRegularExpression("^10 tokens, [0-9.]+ tokens/s")),
                 qPrintable(child<QLabel>(pane, "chatStats")->text()));
        QVERIFY(child<QTextBrowser>(pane, "chatView")->toPlainText().contains("compare this"));
    }
    QVERIFY2(replies[0] != replies[1], qPrintable(replies.join(" | ")));  // two models, two answers
    chat.grab().save(screenshotDir() + "/chat-compare.png");
    QTest::mouseClick(child<QPushButton>(&chat, "chatClear"), Qt::LeftButton);
    QVERIFY(chat.pane(0)->session()->turns().isEmpty() && chat.pane(1)->session()->turns().isEmpty());
    QTest::mouseClick(child<QCheckBox>(&chat, "chatCompare"), Qt::LeftButton, {}, QPoint(5, 5));
    QVERIFY(!chat.pane(1)->isVisible() && !chat.pane(1)->session()->isReady());
}
