#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace catapult {

QString translationsDir() {
    return qEnvironmentVariable("CATAPULT_TRANSLATIONS_DIR",
                                QCoreApplication::applicationDirPath() + QStringLiteral("/../share/catapult/translations"));
}

LoadedTranslations installTranslations(QCoreApplication& app, const QLocale& locale, const QString& ownDir) {
    LoadedTranslations loaded;
    auto* own = new QTranslator(&app);
    loaded.catapult = own->load(locale, QStringLiteral("catapult"), QStringLiteral("_"), ownDir);
    if (loaded.catapult) app.installTranslator(own);
    auto* qt = new QTranslator(&app);
    loaded.qt = qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    if (loaded.qt) app.installTranslator(qt);
    return loaded;
}

}  // namespace catapult
