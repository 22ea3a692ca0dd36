#pragma once
// Test support: writing the small files (configs, hostfiles) the tests hand to the code.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace catapult::testing {

// Writes `text` to `path` (replacing it) and returns `path`, or an empty string if it could
// not be written (which the caller's next check then fails on).
inline QString writeTextFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) return {};
    return path;
}

}  // namespace catapult::testing
