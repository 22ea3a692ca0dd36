#include "AppResources.h"

#include <QCoreApplication>

// The resources of a static library are registered by hand (outside any namespace).
static void registerResources() { Q_INIT_RESOURCE(catapult); }

namespace catapult {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("catapult", text); }

}  // namespace

void registerAppResources() {
    static const bool once = (registerResources(), true);
    (void)once;
}

QIcon applicationIcon() {
    registerAppResources();
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256}) icon.addFile(QStringLiteral(":/icons/catapult-%1.png").arg(size), QSize(size, size));
    return icon;
}

QList<JobTemplate> jobTemplates() {
    registerAppResources();
    return {
        {tr("Built-in recipe on 2 CPU processes"), QStringLiteral(":/templates/cpu-two-ranks.catapult.json")},
        {tr("ZeRO-3 on 2 CPU processes, optimizer offloaded"), QStringLiteral(":/templates/cpu-zero3-offload.catapult.json")},
        {tr("Every GPU, bf16 mixed precision"), QStringLiteral(":/templates/gpus-bf16.catapult.json")},
        {tr("Every GPU, FSDP full sharding, bf16"), QStringLiteral(":/templates/gpus-fsdp-bf16.catapult.json")},
    };
}

}  // namespace catapult
