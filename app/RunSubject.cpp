#include "RunSubject.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QMap>
#include <QProcess>

#include "CommandLine.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

// The program after "--" (its words), empty for the built-in recipe without "--".
QStringList programOf(const QStringList& words) {
    const int dash = static_cast<int>(words.indexOf(QStringLiteral("--")));
    return dash >= 0 ? words.mid(dash + 1) : QStringList();
}

}  // namespace

RunSubject runSubject(const QString& commandLine) {
    const QStringList words = QProcess::splitCommand(commandLine);
    const QStringList program = programOf(words);
    const bool recipe = program.isEmpty() || (QFileInfo(program.value(0)).fileName() == QLatin1String("catapult-worker") &&
                                               program.value(1) == QLatin1String("train"));
    RunSubject s;
    if (!recipe) {
        s.method = QFileInfo(program.value(0)).fileName() + (program.size() > 1 ? QLatin1Char(' ') + program.value(1) : QString());
        return s;
    }
    QMap<QString, QString> v;
    takeFlags(words, {"model", "dataset", "text", "corpus", "lora", "lora_rank", "lora_alpha", "lora_target_modules", "adapter"},
              {"lora"}, v);
    s.model = v.value("model");
    s.data = v.value("dataset", v.value("text", v.value("corpus")));
    const bool lora = v.contains("lora") || v.contains("lora_rank") || v.contains("lora_alpha") ||
                      v.contains("lora_target_modules") || v.contains("adapter");
    if (s.model.isEmpty()) s.method = tr("built-in GPT");
    else if (lora && v.contains("adapter") && !v.contains("lora_rank")) s.method = tr("LoRA (from an adapter)");
    else if (lora) s.method = tr("LoRA r %1").arg(v.value("lora_rank", QStringLiteral("8")));
    else s.method = tr("full fine-tuning");
    return s;
}

}  // namespace catapult
