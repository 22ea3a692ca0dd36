#include "CommandFlags.h"

namespace catapult {

CommandFlags::CommandFlags(std::vector<CommandFlag> flags, Positionals mode) : m_flags(std::move(flags)) {
    if (mode == Positionals::EndFlags) m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    for (const CommandFlag& f : m_flags) {
        QStringList names{f.name};
        if (f.name.contains('_')) names << QString(f.name).replace('_', '-');
        if (!f.shortName.isEmpty()) names << f.shortName;
        m_parser.addOption(f.valueName.isEmpty() ? QCommandLineOption(names) : QCommandLineOption(names, f.help, f.valueName));
    }
}

Status CommandFlags::parse(const QStringList& args) {
    if (m_parser.parse(QStringList{QStringLiteral("catapult")} + args)) return Status::success();
    return Status::error(m_parser.errorText().toStdString());
}

QString CommandFlags::usageLines() const {
    QString text;
    for (const CommandFlag& f : m_flags) {
        if (f.help.isEmpty()) continue;
        QString flag = QStringLiteral("  --%1").arg(f.name);
        if (!f.valueName.isEmpty()) flag += QLatin1Char(' ') + f.valueName;
        text += flag.leftJustified(46) + QLatin1Char(' ') + f.help + QLatin1Char('\n');
    }
    return text;
}

}  // namespace catapult
