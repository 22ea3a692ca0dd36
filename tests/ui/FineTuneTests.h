#pragma once
// The fine-tuning form's suite (see FineTuneTests.cpp).

#include <QObject>

namespace catapult {
class MainWindow;
}

class FineTuneTests : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void modelFolderIsDescribedOrRefused();
    void previewShowsTheTrainedPartAndBadRows();
    void loraRunFromTheFormExportsAnAdapter();
    void formRoundTripsItsCommandLine();
    void chatTabTalksToAModel();
    void chatTabComparesTwoModels();

private:
    void exportFromTheHistory(catapult::MainWindow& window, const QString& home);
};
