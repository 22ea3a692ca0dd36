#include "YamlHighlighter.h"

#include <QRegularExpression>

namespace catapult {

YamlHighlighter::YamlHighlighter(QTextDocument* document) : QSyntaxHighlighter(document) {}

void YamlHighlighter::highlightBlock(const QString& text) {
    static const QRegularExpression key(QStringLiteral("^\\s*(- )?([A-Za-z0-9_]+):"));
    static const QRegularExpression quoted(QStringLiteral("'[^']*'|\"[^\"]*\""));
    static const QRegularExpression literal(QStringLiteral(":\\s*(true|false|-?[0-9][0-9._e-]*)\\s*$|^\\s*- (true|false)\\s*$"));
    QTextCharFormat keyFormat;
    keyFormat.setForeground(QColor(0x1f, 0x4e, 0x9a));
    keyFormat.setFontWeight(QFont::Bold);
    QTextCharFormat stringFormat;
    stringFormat.setForeground(QColor(0x2e, 0x7d, 0x32));
    QTextCharFormat literalFormat;
    literalFormat.setForeground(QColor(0x8e, 0x24, 0xaa));
    if (auto m = key.match(text); m.hasMatch()) setFormat(m.capturedStart(2), m.capturedLength(2), keyFormat);
    for (auto it = quoted.globalMatch(text); it.hasNext();) {
        auto m = it.next();
        setFormat(m.capturedStart(), m.capturedLength(), stringFormat);
    }
    if (auto m = literal.match(text); m.hasMatch()) {
        const int group = m.capturedStart(1) >= 0 ? 1 : 2;
        setFormat(m.capturedStart(group), m.capturedLength(group), literalFormat);
    }
    if (int hash = text.indexOf(QStringLiteral(" #")); hash >= 0) {
        QTextCharFormat comment;
        comment.setForeground(Qt::gray);
        setFormat(hash, static_cast<int>(text.size()) - hash, comment);
    }
}

}  // namespace catapult
