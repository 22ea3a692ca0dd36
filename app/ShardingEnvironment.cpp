#include "ShardingEnvironment.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include "CommandOutput.h"
#include "catapult/WorkerVariables.h"

namespace catapult {
namespace {

using cli::tr;

const QStringList kDeepSpeedKeys = {"zero_stage", "offload_optimizer_device", "offload_param_device",
                                    "offload_optimizer_nvme_path", "offload_param_nvme_path", "gradient_clipping",
                                    "zero3_init_flag", "zero3_save_16bit_model", "deepspeed_config_file"};

// The variables keep the config's values as written (Python programs read keys the engine does
// not), so ShardingSettings::toEnvironment(), which writes what the engine reads, does not fit;
// the names are the engine's (catapult/WorkerVariables.h).
QString deepSpeedVariable(const QString& key) {
    if (key == QLatin1String("gradient_clipping")) return QString::fromLatin1(vars::kGradientClipping);
    if (key == QLatin1String("zero3_init_flag")) return QString::fromLatin1(vars::kDeepSpeedZero3Init);
    return QString::fromLatin1(vars::kDeepSpeedPrefix) + key.toUpper();
}

QString fsdpVariable(const QString& key) {
    if (key == QLatin1String("fsdp_transformer_layer_cls_to_wrap"))
        return QString::fromLatin1(vars::kFsdpTransformerClsToWrap);
    return key.toUpper();
}

QMap<QString, QString> sectionText(const ClusterConfig& config, const char* section) {
    QMap<QString, QString> out;
    for (const auto& [key, value] : config.section(section)) {
        if (value.isList()) continue;
        QString text = QString::fromStdString(value.toDisplay());
        if (value.isBool()) text = text.toLower();
        out.insert(QString::fromStdString(key), text);
    }
    return out;
}

// zero_optimization.{stage, offload_optimizer, offload_param}, gradient_clipping and
// gradient_accumulation_steps of a DeepSpeed JSON file ("auto" values are left to the program).
Status readDeepSpeedJson(const QString& path, QMap<QString, QString>& ds, ShardingEnvironment& out) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Status::error(tr("Cannot read the DeepSpeed config file %1 (deepspeed_config_file): %2.")
                                 .arg(path, f.errorString()).toStdString());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (!doc.isObject())
        return Status::error(tr("%1 is not a DeepSpeed JSON config: %2 at byte %3.")
                                 .arg(path, error.errorString()).arg(error.offset).toStdString());
    const QJsonObject root = doc.object();
    const QJsonObject zero = root.value(QLatin1String("zero_optimization")).toObject();
    if (zero.contains(QLatin1String("stage"))) ds.insert("zero_stage", QString::number(zero.value("stage").toInt()));
    for (const char* part : {"optimizer", "param"}) {
        const QJsonObject o = zero.value(QStringLiteral("offload_") + part).toObject();
        if (o.contains(QLatin1String("device")))
            ds.insert(QStringLiteral("offload_%1_device").arg(part), o.value("device").toString());
        if (o.contains(QLatin1String("nvme_path")))
            ds.insert(QStringLiteral("offload_%1_nvme_path").arg(part), o.value("nvme_path").toString());
    }
    if (root.value("gradient_clipping").isDouble())
        ds.insert("gradient_clipping", QString::number(root.value("gradient_clipping").toDouble()));
    if (root.value("gradient_accumulation_steps").isDouble())
        out.gradientAccumulationSteps = root.value("gradient_accumulation_steps").toInt();
    return Status::success();
}

}  // namespace

const QStringList& shardingFlagNames() {
    static const QStringList names = kDeepSpeedKeys + QStringList{
        "fsdp_version", "fsdp_sharding_strategy", "fsdp_reshard_after_forward", "fsdp_offload_params",
        "fsdp_transformer_layer_cls_to_wrap", "fsdp_auto_wrap_policy", "fsdp_min_num_params",
        "fsdp_activation_checkpointing", "fsdp_state_dict_type", "fsdp_backward_prefetch", "fsdp_forward_prefetch",
        "fsdp_use_orig_params", "fsdp_cpu_ram_efficient_loading", "fsdp_sync_module_states",
        "fsdp_activation_checkpointing_offload"};
    return names;
}

Result<ShardingEnvironment> shardingEnvironment(const std::optional<ClusterConfig>& config, const ShardingFlags& flags) {
    ShardingEnvironment out;
    const std::string type = config ? config->distributedType() : std::string();
    const bool deepspeed = flags.useDeepSpeed || (!flags.useFsdp && type == "DEEPSPEED");
    const bool fsdp = flags.useFsdp || (!flags.useDeepSpeed && type == "FSDP");
    if (flags.useDeepSpeed && flags.useFsdp)
        return Status::error(tr("--use_deepspeed and --use_fsdp exclude each other.").toStdString());
    if (deepspeed) {
        QMap<QString, QString> ds;
        if (config && type == "DEEPSPEED") ds = sectionText(*config, "deepspeed_config");
        for (const QString& key : kDeepSpeedKeys)
            if (flags.values.contains(key)) ds.insert(key, flags.values.value(key));
        if (ds.contains("deepspeed_config_file")) {
            if (Status s = readDeepSpeedJson(ds.take("deepspeed_config_file"), ds, out); !s.ok()) return s;
        }
        out.variables.insert(QString::fromLatin1(vars::kUseDeepSpeed), "true");
        for (auto it = ds.begin(); it != ds.end(); ++it)
            if (kDeepSpeedKeys.contains(it.key())) out.variables.insert(deepSpeedVariable(it.key()), it.value());
    } else if (fsdp) {
        QMap<QString, QString> f;
        if (config && type == "FSDP") f = sectionText(*config, "fsdp_config");
        for (const QString& key : shardingFlagNames())
            if (key.startsWith(QLatin1String("fsdp_")) && flags.values.contains(key)) f.insert(key, flags.values.value(key));
        const QString version = f.value("fsdp_version", "1");
        if (version == QLatin1String("1") && !f.contains("fsdp_sharding_strategy")) {
            // The questionnaire's FSDP1 configs keep the strategy in fsdp_reshard_after_forward.
            const QString stored = f.value("fsdp_reshard_after_forward").toUpper();
            f.insert("fsdp_sharding_strategy", stored.contains('_') ? stored : QStringLiteral("FULL_SHARD"));
        }
        if (!f.contains("fsdp_reshard_after_forward")) f.insert("fsdp_reshard_after_forward", "true");
        if (!f.contains("fsdp_offload_params")) f.insert("fsdp_offload_params", "false");
        f.insert("fsdp_version", version);
        out.variables.insert(QString::fromLatin1(vars::kUseFsdp), "true");
        for (auto it = f.begin(); it != f.end(); ++it) {
            const QString value = it.key() == QLatin1String("fsdp_reshard_after_forward") ? it.value().toLower() : it.value();
            out.variables.insert(fsdpVariable(it.key()), value);
        }
    } else if (!flags.values.isEmpty()) {
        return Status::error(tr("--%1 needs --use_deepspeed or --use_fsdp (or a config with distributed_type "
                                "DEEPSPEED or FSDP).")
                                 .arg(flags.values.firstKey())
                                 .toStdString());
    }
    return out;
}

}  // namespace catapult
