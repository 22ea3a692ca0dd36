#pragma once
// "Export model" for a finished run of the History: what goes out (the model; for a LoRA run
// the PEFT adapter or the model with the adapter merged in), the new or empty folder it goes
// to, then the copy (or the merge) in the background with its outcome shown and the folder
// offered. The same rules as `catapult runs export` (RunExport.h).

#include <QDialog>

#include "RunExport.h"
#include "RunRecord.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace catapult {

class ExportModelDialog : public QDialog {
    Q_OBJECT
public:
    ExportModelDialog(const RunRecord& run, const RunExport& exported, QWidget* parent = nullptr);
    QLineEdit* destination() const { return m_destination; }
    QRadioButton* mergedChoice() const { return m_merged; }  // null unless the run trained LoRA
    QLabel* outcome() const { return m_outcome; }
    bool busy() const { return m_busy; }

public slots:
    void startExport();
    void reject() override;

signals:
    void exported(const QString& folder);

private:
    QFormLayout* createForm(const RunRecord& run);
    void browse();
    void finish(const Status& status, const QString& folder);
    RunExport m_export;
    QLineEdit* m_destination;
    QRadioButton* m_adapter = nullptr;
    QRadioButton* m_merged = nullptr;
    QLabel* m_outcome;
    QPushButton* m_start;
    QPushButton* m_openFolder;
    bool m_busy = false;
};

}  // namespace catapult
