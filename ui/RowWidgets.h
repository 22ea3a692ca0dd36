#pragma once
// Small builders the tabs' rows share: a row of widgets without margins of its own, a named line
// edit with its placeholder, a named button (names are what tests and styles find widgets by).

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QWidget>

namespace catapult {

struct Row {
    QWidget* widget;
    QHBoxLayout* line;
};

inline Row flatRow(QWidget* parent) {
    auto* widget = new QWidget(parent);
    auto* line = new QHBoxLayout(widget);
    line->setContentsMargins(0, 0, 0, 0);
    return {widget, line};
}

inline QLineEdit* namedLineEdit(QWidget* parent, const char* name, const QString& placeholder) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setPlaceholderText(placeholder);
    return edit;
}

inline QPushButton* namedButton(QWidget* parent, const char* name, const QString& text) {
    auto* b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

}  // namespace catapult
