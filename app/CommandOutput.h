#pragma once
// What the headless subcommands share: lines on stdout and stderr, and the translation of
// their messages. The context is "catapult", the one lupdate gives tr() calls in free
// functions of this namespace, so `using cli::tr;` keeps the catalogue and the code in step.

#include <QString>

namespace catapult::cli {

QString tr(const char* text, int n = -1);
void out(const QString& text);  // one line on stdout
void err(const QString& text);  // one line on stderr
// err(text), then `exitCode` for the caller to return.
int fail(const QString& text, int exitCode);

}  // namespace catapult::cli
