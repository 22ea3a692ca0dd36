#pragma once
// Colours a YAML preview: keys, quoted strings, booleans and numbers, comments.

#include <QSyntaxHighlighter>

namespace catapult {

class YamlHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;
};

}  // namespace catapult
