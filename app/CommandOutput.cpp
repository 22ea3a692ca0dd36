#include "CommandOutput.h"

#include <QCoreApplication>
#include <cstdio>

namespace catapult::cli {

QString tr(const char* text, int n) { return QCoreApplication::translate("catapult", text, nullptr, n); }

void out(const QString& text) { std::fputs((text + '\n').toLocal8Bit().constData(), stdout); }

void err(const QString& text) { std::fputs((text + '\n').toLocal8Bit().constData(), stderr); }

int fail(const QString& text, int exitCode) {
    err(text);
    return exitCode;
}

}  // namespace catapult::cli
