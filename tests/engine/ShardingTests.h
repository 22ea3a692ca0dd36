#pragma once
// ZeRO stages 1-3, FSDP's strategies and CPU / disk offload held to plain data parallel:
// real ranks through the local launcher, the same data and seeds.

#include <QObject>

class ShardingTests : public QObject {
    Q_OBJECT
private slots:
    void stageEqualsDataParallel_data();
    void stageEqualsDataParallel();
    void unitClassesMustExistInTheModel();
    void zeroThreeHoldsShardsAtRest();
};
