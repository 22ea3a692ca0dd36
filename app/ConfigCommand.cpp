#include "ConfigCommand.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <cstdio>

#include "CommandFlags.h"
#include "CommandOutput.h"
#include "ConfigIssueText.h"
#include "HardwareReport.h"
#include "LaunchFacts.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigValidator.h"
#include "catapult/ConfigWriter.h"

namespace catapult {
namespace {


using cli::err;
using cli::out;
using cli::tr;

// What `catapult config` is asked to do; several actions run in the order default/import,
// export, show (so `--import F --export O` imports F, then exports the result to O).
struct Options {
    bool makeDefault = false;
    bool show = false;
    QString importFile;
    QString exportFile;
    QString configFile;
    MixedPrecision mixedPrecision = MixedPrecision::No;
};

std::vector<CommandFlag> configFlags(bool envOnly) {
    std::vector<CommandFlag> f = {{"config_file", "PATH", tr("the config file (default: Accelerate's default config)")}};
    if (envOnly) return f;
    f.push_back({"default", {}, tr("write a config for this machine, as `accelerate config default` does")});
    f.push_back({"mixed_precision", "no|fp16|bf16|fp8", tr("with --default: its mixed precision")});
    f.push_back({"import", "FILE", tr("read an Accelerate config (0.11-1.15, legacy keys converted) and write it to PATH")});
    f.push_back({"export", "FILE", tr("write PATH's config to FILE: YAML, or JSON for *.json")});
    f.push_back({"show", {}, tr("print PATH's config and its findings")});
    return f;
}

// Why the arguments cannot run (empty: they can).
QString parse(const QStringList& args, Options& o, bool envOnly) {
    CommandFlags flags(configFlags(envOnly));
    if (Status s = flags.parse(args); !s.ok()) return QString::fromStdString(s.message());
    if (!flags.positional().isEmpty()) return tr("Unexpected argument '%1'.").arg(flags.positional().front());
    o.configFile = flags.isSet("config_file") ? flags.value("config_file") : QString::fromStdString(defaultConfigPath());
    if (envOnly) return {};
    o.makeDefault = flags.isSet("default");
    o.show = flags.isSet("show");
    o.importFile = flags.value("import");
    o.exportFile = flags.value("export");
    if (flags.isSet("mixed_precision")) {
        const auto mp = parseMixedPrecision(flags.value("mixed_precision").toStdString());
        if (!mp.ok()) return QString::fromStdString(mp.status().message());
        o.mixedPrecision = mp.value();
    }
    if (o.makeDefault && !o.importFile.isEmpty()) return tr("--default and --import both write the config file; give one.");
    if (!o.makeDefault && !o.show && o.importFile.isEmpty() && o.exportFile.isEmpty())
        return tr("Nothing to do: give --default, --import, --export or --show.");
    return {};
}

// Prints findings; returns true when there is no error.
bool printIssues(const std::vector<ConfigIssue>& issues) {
    for (const ConfigIssue& i : issues) {
        const QString line = QStringLiteral("  %1: %2").arg(severityText(i.severity), issueText(i));
        if (i.severity == ConfigIssue::Severity::Error) err(line);
        else out(line);
    }
    return !hasErrors(issues);
}

HardwareFacts localFacts(HardwareReport* reportOut = nullptr) {
    auto report = HardwareReport::probe(workerPath(), QString());
    if (!report.ok()) {
        err(tr("catapult: hardware probe failed, checks against the hardware are skipped: %1")
                .arg(QString::fromStdString(report.status().message())));
        return {};
    }
    if (reportOut) *reportOut = report.value();
    return report.value().toFacts();
}

}  // namespace

namespace {

int writeDefault(const Options& o) {
    if (QFileInfo::exists(o.configFile)) {
        err(tr("catapult config: %1 already exists; it is not overwritten. Use --show to see it, or pass "
               "another --config_file.").arg(o.configFile));
        return 1;
    }
    const ClusterConfig config = defaultConfigFor(localFacts(), toString(o.mixedPrecision));
    if (!printIssues(checkSchema(config))) return 1;
    if (Status s = writeConfigFile(config, o.configFile.toStdString()); !s.ok()) return cli::fail(QString::fromStdString(s.message()), 1);
    out(tr("catapult config: wrote %1").arg(o.configFile));
    out(QString::fromStdString(toYaml(config)).trimmed());
    return 0;
}

// Imports a config that may be meant for other machines: what this machine could not run is
// a warning here (the launch pre-flight checks the machines it runs on).
int importFile(const Options& o) {
    auto loaded = readConfigFile(o.importFile.toStdString());
    if (!loaded.ok()) return cli::fail(QString::fromStdString(loaded.status().message()), 1);
    out(tr("catapult config: importing %1").arg(o.importFile));
    std::vector<ConfigIssue> issues = loaded.value().notes;
    for (auto& i : validateConfig(loaded.value().config, localFacts(), HardwareRole::Reference)) issues.push_back(i);
    if (!printIssues(issues)) return cli::fail(tr("catapult config: %1 was not imported; fix the errors above.").arg(o.importFile), 1);
    if (Status s = writeConfigFile(loaded.value().config, o.configFile.toStdString()); !s.ok())
        return cli::fail(QString::fromStdString(s.message()), 1);
    out(tr("catapult config: wrote %1").arg(o.configFile));
    return 0;
}

Result<LoadedConfig> loadInEffect(const Options& o) {
    auto loaded = readConfigFile(o.configFile.toStdString());
    if (!loaded.ok()) {
        err(QString::fromStdString(loaded.status().message()));
        if (!QFileInfo::exists(o.configFile))
            err(tr("Create one with `catapult config --default`, `catapult config --import FILE` or the setup wizard."));
    }
    return loaded;
}

int exportFile(const Options& o) {
    auto loaded = loadInEffect(o);
    if (!loaded.ok()) return 1;
    if (hasErrors(checkSchema(loaded.value().config))) {
        printIssues(checkSchema(loaded.value().config));
        return 1;
    }
    if (Status s = writeConfigFile(loaded.value().config, o.exportFile.toStdString()); !s.ok())
        return cli::fail(QString::fromStdString(s.message()), 1);
    out(tr("catapult config: exported %1 to %2").arg(o.configFile, o.exportFile));
    return 0;
}

int showFile(const Options& o) {
    auto loaded = loadInEffect(o);
    if (!loaded.ok()) return 1;
    out(tr("Config file in effect: %1").arg(o.configFile));
    out(QString());
    out(QString::fromStdString(toYaml(loaded.value().config)).trimmed());
    out(QString());
    std::vector<ConfigIssue> issues = loaded.value().notes;
    for (auto& i : validateConfig(loaded.value().config, localFacts(), HardwareRole::Reference)) issues.push_back(i);
    if (issues.empty()) out(tr("No problems found."));
    else out(tr("Findings:"));
    return printIssues(issues) ? 0 : 1;
}

}  // namespace

int runConfigCommand(const QStringList& args) {
    Options o;
    if (const QString problem = parse(args, o, false); !problem.isEmpty()) {
        err(QStringLiteral("catapult config: ") + problem);
        err(tr("usage: catapult config --default | --import FILE | --export FILE | --show  [--config_file PATH]\n"
               "PATH defaults to Accelerate's default config: %1. Several actions run in the order\n"
               "--default or --import (they write PATH), --export, --show.")
                .arg(QString::fromStdString(defaultConfigPath())));
        err(CommandFlags(configFlags(false)).usageLines().chopped(1));
        return 2;
    }
    int rc = 0;
    if (o.makeDefault) rc = writeDefault(o);
    if (rc == 0 && !o.importFile.isEmpty()) rc = importFile(o);
    if (rc == 0 && !o.exportFile.isEmpty()) rc = exportFile(o);
    if (rc == 0 && o.show) rc = showFile(o);
    return rc;
}

int runEnvCommand(const QStringList& args) {
    Options o;
    if (const QString problem = parse(args, o, true); !problem.isEmpty()) {
        err(QStringLiteral("catapult env: ") + problem);
        err(tr("usage: catapult env [--config_file PATH]"));
        return 2;
    }
    HardwareReport report;
    const HardwareFacts facts = localFacts(&report);
    out(QString());
    out(tr("Copy-and-paste the text below in your issue report"));
    out(QString());
    out(tr("- Catapult version: %1").arg(QCoreApplication::applicationVersion()));
    out(tr("- Launcher: %1").arg(QCoreApplication::applicationFilePath()));
    out(tr("- Worker: %1").arg(workerPath()));
    if (facts.known) {
        for (const QString& line : report.summaryLines()) out(QStringLiteral("- ") + line);
    }
    const bool explicitFile = args.contains(QStringLiteral("--config_file"));
    out(explicitFile ? tr("- Config passed: %1").arg(o.configFile) : tr("- Default config: %1").arg(o.configFile));
    auto loaded = readConfigFile(o.configFile.toStdString());
    if (!loaded.ok()) {
        out(QFileInfo::exists(o.configFile) ? QStringLiteral("\t") + QString::fromStdString(loaded.status().message())
                                            : tr("\tNot found"));
        return 0;
    }
    const ClusterConfig& c = loaded.value().config;
    for (const auto& [key, value] : c.values())
        out(QStringLiteral("\t- %1: %2").arg(QString::fromStdString(key), QString::fromStdString(value.toDisplay())));
    for (const auto& [name, section] : c.sections()) {
        QStringList parts;
        for (const auto& [key, value] : section)
            parts << QStringLiteral("%1: %2").arg(QString::fromStdString(key), QString::fromStdString(value.toDisplay()));
        out(QStringLiteral("\t- %1: {%2}").arg(QString::fromStdString(name), parts.join(QStringLiteral(", "))));
    }
    std::vector<ConfigIssue> issues = loaded.value().notes;
    for (auto& i : validateConfig(c, facts)) issues.push_back(i);
    if (!issues.empty()) {
        out(tr("- Findings:"));
        printIssues(issues);
    }
    return 0;
}

}  // namespace catapult
