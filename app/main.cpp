// catapult: the desktop application's entry point and the headless command line.
//   catapult launch [accelerate launch flags] [-- PROGRAM ARGS...]
// This file is the composition root: it is the only place that wires the app core together.

#include <QCoreApplication>
#include <cstdio>

#include "LaunchCommand.h"
#include "LaunchSettings.h"

namespace {

void printUsage() {
    std::fputs(qPrintable(QCoreApplication::translate(
                   "catapult::main",
                   "usage: catapult launch [accelerate launch flags] [-- PROGRAM ARGS...]\n"
                   "       catapult launch --help\n")),
               stderr);
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("catapult"));
    QCoreApplication::setOrganizationName(QStringLiteral("catapult"));
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h")) {
        printUsage();
        return args.isEmpty() ? 2 : 0;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("launch")) {
        if (!args.isEmpty() && (args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h"))) {
            std::fputs(qPrintable(catapult::launchUsage()), stdout);
            return 0;
        }
        return catapult::runLaunchCommand(args);
    }
    std::fprintf(stderr, "catapult: unknown command '%s'\n", qPrintable(command));
    printUsage();
    return 2;
}
