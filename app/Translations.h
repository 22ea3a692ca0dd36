#pragma once
// The app's languages: Catapult's own catalogue (catapult_*.qm in share/catapult/translations
// beside bin/, or $CATAPULT_TRANSLATIONS_DIR) and
// Qt's (qtbase_*.qm from Qt's translations folder: the wizard's Back/Next/Cancel, message
// box buttons, file dialogs), both for one locale.

#include <QLocale>
#include <QString>

class QCoreApplication;

namespace catapult {

// Installs both catalogues for `locale` on `app`; says which loaded. The translators are
// children of `app`.
struct LoadedTranslations {
    bool catapult = false;
    bool qt = false;
};
LoadedTranslations installTranslations(QCoreApplication& app, const QLocale& locale, const QString& ownDir);
// Where the running executable's catalogue lies.
QString translationsDir();

}  // namespace catapult
