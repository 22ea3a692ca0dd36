#pragma once
// The job panel: the built-in GPT recipe as a form, fine-tuning a Hugging Face model on a
// dataset (FineTuneForm), or any program with arguments; the exact `catapult launch` line of
// the form, copyable; the
// config in effect; this machine or the machines of the Machines tab; Start/Stop; status,
// exit code and failing rank; a progress bar with step, loss, tokens/s and ETA; the live
// per-rank log (what each rank printed, the launcher's notes, error and alert events) with a
// rank filter and a search field.

#include <QWidget>

#include "LaunchSession.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QCheckBox;
class QSpinBox;
class QFormLayout;
class QLayout;
class QTableView;
class QVBoxLayout;

namespace catapult {

class FineTuneForm;
class JobController;
class JobProgress;
class LogFilterModel;
class LogModel;
struct JobOutcome;

class JobPanel : public QWidget {
    Q_OBJECT
public:
    explicit JobPanel(JobController* controller, QWidget* parent = nullptr);

    void setConfigFile(const QString& path);  // empty: Accelerate's default if present
    // The `catapult launch` arguments the form describes.
    QStringList launchArguments() const;
    // The same, parsed: what Start hands the job controller (an error names a bad flag).
    Result<LaunchRequest> launchRequest() const;
    // Fills the form from a recorded command line (Relaunch; a recorded --resume is dropped,
    // so a relaunch starts afresh). Flags without a field of their own are kept in the "More
    // flags" fields, so launchArguments() gives back every one of them.
    void setLaunchArguments(const QStringList& args);
    // The next start continues from the newest usable checkpoint of `runOrDir` (a run id of the
    // history or a directory); empty clears it. Cleared again once that job has started.
    void setResume(const QString& runOrDir);
    // Keeps the form for the next session (also done by every start).
    void saveForm() const;
    FineTuneForm* fineTuneForm() const { return m_fineTune; }
    // The form as a Catapult job file (JobFile.h), and back; errors name the file.
    Status saveJob(const QString& path) const;
    Status loadJob(const QString& path);

public slots:
    void start();
    void stop();

private:
    QWidget* buildWhere();
    QWidget* buildWhat();
    QLayout* buildButtons();
    QWidget* buildTemplates();
    QTableView* buildLog(QVBoxLayout* layout);
    void followController(QTableView* view);
    void onFinished(const JobOutcome& outcome);
    void updateRanks(int processes);
    void setRecipeArguments(const QStringList& words);  // catapult-worker train's flags
    QWidget* buildCommandPreview();
    void addFineTune(QWidget* what, QFormLayout* form);
    void refreshCommand();
    void showKind();
    JobController* m_controller;
    LogModel* m_log;
    LogFilterModel* m_filter;
    QLineEdit* m_config;
    QSpinBox* m_processes;
    QCheckBox* m_cpu;
    QCheckBox* m_onHosts;
    QLineEdit* m_extraFlags;
    QLineEdit* m_recipeExtra;
    QRadioButton* m_recipe;
    QRadioButton* m_program;
    QRadioButton* m_finetune;
    FineTuneForm* m_fineTune = nullptr;
    QLineEdit* m_commandPreview = nullptr;
    QSpinBox* m_layers;
    QSpinBox* m_heads;
    QSpinBox* m_width;
    QSpinBox* m_seqLen;
    QSpinBox* m_steps;
    QSpinBox* m_batch;
    QSpinBox* m_checkpointEvery;
    QString m_resume;
    QLabel* m_resumeNote;
    QDoubleSpinBox* m_lr;
    QLineEdit* m_corpus;
    QLineEdit* m_command;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_status;
    JobProgress* m_progress;
    QComboBox* m_rankFilter;
};

}  // namespace catapult
