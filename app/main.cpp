// catapult: the desktop application, and the headless command line with a subcommand:
//   catapult                      the desktop app (needs a display)
//   catapult launch ...           run a job (accelerate launch flags)
//   catapult config ...           write, import, export or show the Accelerate config
//   catapult env                  this machine and the config in effect
//   catapult runs ...             the run history
//   catapult generate ...         text from a model (catapult-worker generate)
// This file is the composition root: the only place that sees both the app core and the widgets.

#include <QApplication>
#include <QCoreApplication>
#include <QLocale>
#include <QSettings>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "AppResources.h"
#include "ConfigCommand.h"
#include "EstimateMemoryCommand.h"
#include "HostsCommand.h"
#include "LaunchCommand.h"
#include "LaunchFacts.h"
#include "LaunchSettings.h"
#include "MainWindow.h"
#include "RunsCommand.h"
#include "SlurmCommand.h"
#include "Translations.h"

namespace {

void printUsage(FILE* to) {
    std::fputs(qPrintable(QCoreApplication::translate(
                   "catapult::main",
                   "Usage: catapult [--gui]               the desktop app\n"
                   "  or:  catapult launch [accelerate launch flags] [-- PROGRAM ARGS...]\n"
                   "  or:  catapult config --default | --import FILE | --export FILE | --show\n"
                   "  or:  catapult env [--config_file PATH]\n"
                   "  or:  catapult launch --hosts HOSTFILE [...]   several machines over SSH\n"
                   "  or:  catapult launch --slurm [--nodes N] [--partition P] [--time T] [...]   a Slurm job, followed here\n"
                   "  or:  catapult export slurm [the same flags] [--output FILE]   its sbatch script\n"
                   "  or:  catapult runs [list | show ID | import DIR | delete ID | export ID --to DIR | compare ID ID...]\n"
                   "  or:  catapult hosts [list | add | edit | remove | import | import-ssh-config | export | check]\n"
                   "  or:  catapult estimate-memory [model and setup flags]\n"
                   "  or:  catapult generate --model DIR [--adapter DIR] [--device_map auto [--max_memory cpu=SIZE] [--offload_folder DIR]] --prompt TEXT | --chat [sampling flags]\n"
                   "  or:  catapult --version\n")),
               to);
}

// A command the worker serves (catapult generate = catapult-worker generate): the worker takes
// this process's place, with its streams, so its output streams as it comes.
int runWorkerCommand(const char* name, const QStringList& args) {
    const QByteArray worker = catapult::workerPath().toLocal8Bit();
    std::vector<QByteArray> words{worker, QByteArray(name)};
    for (const QString& a : args) words.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    ::execv(worker.constData(), argv.data());
    std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("catapult::main", "catapult: cannot start %1: %2")
                                                 .arg(QString::fromLocal8Bit(worker), QString::fromLocal8Bit(std::strerror(errno)))));
    return 1;
}

// The language: the one chosen in settings, else the system locale.
void installLanguage(QCoreApplication& app) {
    QSettings settings;
    const QString chosen = settings.value(QStringLiteral("language")).toString();
    const QLocale locale = chosen.isEmpty() ? QLocale::system() : QLocale(chosen);
    catapult::installTranslations(app, locale, catapult::translationsDir());
}

}  // namespace

int main(int argc, char** argv) {
    const bool gui = argc < 2 || QByteArray(argv[1]).startsWith("-style") || QByteArray(argv[1]) == "--gui";
    std::unique_ptr<QCoreApplication> app(gui ? new QApplication(argc, argv) : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName(QStringLiteral("catapult"));
    QCoreApplication::setOrganizationName(QStringLiteral("catapult"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CATAPULT_VERSION));
    catapult::registerAppResources();
    installLanguage(*app);
    QStringList args = QCoreApplication::arguments().mid(1);
    if (gui) {
        QApplication::setWindowIcon(catapult::applicationIcon());
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.catapult.Catapult"));
        catapult::MainWindow window;
        window.show();
        return QApplication::exec();
    }
    if (args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h")) {
        printUsage(stdout);
        return 0;
    }
    if (args.front() == QLatin1String("--version")) {
        std::printf("catapult %s\n", CATAPULT_VERSION);
        return 0;
    }
    const QString command = args.takeFirst();
    const bool help = !args.isEmpty() && (args.front() == QLatin1String("--help") || args.front() == QLatin1String("-h"));
    if (command == QLatin1String("launch")) {
        if (help) {
            std::fputs(qPrintable(catapult::launchUsage()), stdout);
            return 0;
        }
        return catapult::runLaunchCommand(args);
    }
    if (command == QLatin1String("config")) return catapult::runConfigCommand(args);
    if (command == QLatin1String("export")) return catapult::runExportCommand(args);
    if (command == QLatin1String("env")) return catapult::runEnvCommand(args);
    if (command == QLatin1String("runs")) return catapult::runRunsCommand(args);
    if (command == QLatin1String("hosts")) return catapult::runHostsCommand(args);
    if (command == QLatin1String("estimate-memory")) return catapult::runEstimateMemoryCommand(args);
    if (command == QLatin1String("generate")) return runWorkerCommand("generate", args);
    std::fprintf(stderr, "%s\n", qPrintable(QCoreApplication::translate("catapult::main", "catapult: unknown command '%1'").arg(command)));
    printUsage(stderr);
    return 2;
}
