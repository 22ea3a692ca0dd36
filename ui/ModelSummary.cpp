#include "ModelSummary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "catapult/HfModelConfig.h"

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

QJsonObject readObject(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool mentionsByteLevel(const QJsonValue& v) {
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        if (o.value("type").toString() == QLatin1String("ByteLevel")) return true;
        for (const QJsonValue& child : o) if (mentionsByteLevel(child)) return true;
    }
    if (v.isArray())
        for (const QJsonValue& child : v.toArray()) if (mentionsByteLevel(child)) return true;
    return false;
}

QString tokenizerKind(const QJsonObject& tokenizer) {
    const QJsonObject model = tokenizer.value("model").toObject();
    const QString type = model.value("type").toString(tr("unknown"));
    if (model.value("byte_fallback").toBool()) return tr("%1 with byte fallback").arg(type);
    if (mentionsByteLevel(tokenizer.value("pre_tokenizer"))) return tr("byte-level %1").arg(type);
    return type;
}

QString shortCount(qint64 n) {
    if (n >= 1000000000) return QString::number(static_cast<double>(n) / 1e9, 'f', 2) + QLatin1Char('B');
    if (n >= 1000000) return QString::number(static_cast<double>(n) / 1e6, 'f', 1) + QLatin1Char('M');
    if (n >= 1000) return QString::number(static_cast<double>(n) / 1e3, 'f', 1) + QLatin1Char('k');
    return QString::number(n);
}

}  // namespace

QString ModelSummary::text() const {
    return QCoreApplication::translate("catapult::ModelSummary", "%1 · %2 parameters · %3 · context %4 tokens · %5 tokenizer · %6")
        .arg(architecture, shortCount(parameters), dtype)
        .arg(contextLength)
        .arg(tokenizer, chatTemplate ? QCoreApplication::translate("catapult::ModelSummary", "has a chat template")
                                     : QCoreApplication::translate("catapult::ModelSummary", "no chat template (chatml is used for conversations)"));
}

Result<ModelSummary> summarizeModel(const QString& dir) {
    auto config = HfModelConfig::read(dir.toStdString());
    if (!config.ok()) return config.status();
    const QDir d(dir);
    if (!d.exists(QStringLiteral("tokenizer.json")))
        return Status::error(tr("%1 has no tokenizer.json; Catapult needs the model's fast tokenizer file").arg(dir).toStdString());
    if (!d.exists(QStringLiteral("model.safetensors")) && !d.exists(QStringLiteral("model.safetensors.index.json")))
        return Status::error(tr("%1 has no model.safetensors (or its index); the weights must be in safetensors").arg(dir).toStdString());
    ModelSummary s;
    s.architecture = QString::fromStdString(config.value().architectureName);
    s.parameters = config.value().parameterCount();
    s.contextLength = config.value().maxPositions;
    const QJsonObject json = readObject(d.filePath(QStringLiteral("config.json")));
    s.dtype = json.value("dtype").toString(json.value("torch_dtype").toString(tr("unknown")));
    s.tokenizer = tokenizerKind(readObject(d.filePath(QStringLiteral("tokenizer.json"))));
    s.chatTemplate = d.exists(QStringLiteral("chat_template.jinja")) ||
                     readObject(d.filePath(QStringLiteral("tokenizer_config.json"))).contains(QStringLiteral("chat_template"));
    return s;
}

}  // namespace catapult
