#pragma once
// The flags of one `catapult` subcommand, defined once: both spellings of every name
// (--config_file and --config-file), the value after a space or after '=', the usage lines
// made from the definitions. QCommandLineParser does the parsing. Words that are not flags are
// positional; with Positionals::EndFlags every word from the first of them on is (a program
// and its own arguments), with Positionals::Interleaved flags may follow them (an action and
// its operands).

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <vector>

#include "catapult/Status.h"

namespace catapult {

struct CommandFlag {
    QString name;       // underscore spelling, without "--"
    QString valueName;  // empty: a switch
    QString help;       // empty: not in the usage
    QString shortName;  // e.g. "q" for -q
};

class CommandFlags {
public:
    enum class Positionals { EndFlags, Interleaved };
    explicit CommandFlags(std::vector<CommandFlag> flags, Positionals mode = Positionals::EndFlags);

    // An unknown flag, a missing value or a value given to a switch is an error naming it.
    Status parse(const QStringList& args);
    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    QString value(const QString& name) const { return m_parser.value(name); }
    QStringList values(const QString& name) const { return m_parser.values(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }
    const std::vector<CommandFlag>& flags() const { return m_flags; }

    // One line per flag with a help text: "  --name VALUE    help".
    QString usageLines() const;

private:
    std::vector<CommandFlag> m_flags;
    QCommandLineParser m_parser;
};

}  // namespace catapult
