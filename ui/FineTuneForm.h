#pragma once
// The Job tab's fine-tuning form: a Hugging Face model directory (with what it is, or why it
// cannot be used), a dataset (detected format with an override, a column mapping, the preview
// of the first examples with the trained part highlighted, token counts and a length
// histogram, rows that would be skipped and why), the method (full fine-tuning or LoRA with
// rank, alpha and targets) with a live memory estimate for the Job tab's config and processes,
// and a validation split. It speaks `catapult-worker train` flags.

#include <QProcess>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTextBrowser;

namespace catapult {

class DatasetPreviewModel;
struct MemoryEstimateInput;
struct SetupChoices;

class FineTuneForm : public QWidget {
    Q_OBJECT
public:
    explicit FineTuneForm(QWidget* parent = nullptr);

    // --model DIR --dataset PATH and the dataset and method flags the form describes.
    QStringList recipeArguments() const;
    // Fills the form from catapult-worker train flags; returns the flags it has no field for.
    QStringList takeArguments(const QStringList& words);
    bool isLora() const;
    // The Job tab's sequence length (the preview counts against it), micro-batch, processes and
    // config file (for the memory estimate: its ZeRO stage, offload and precision).
    void setRun(int seqLen, int batch, int processes, const QString& configFile);
    DatasetPreviewModel* previewModel() const { return m_preview; }

public slots:
    void preview();

signals:
    void previewFinished(bool ok);

private:
    QWidget* buildModel();
    QWidget* buildDataset();
    QLayout* buildPreviewViews(QWidget* box);
    QWidget* buildMethod();
    QWidget* layOutMethod(QWidget* box);
    void describeModel();
    void estimateMemory();
    SetupChoices jobSetup() const;
    static QString setupText(const MemoryEstimateInput& input);
    void showPreview(int exitCode);
    void showHistogram();

    QLineEdit* m_model;
    QLabel* m_modelSummary;
    QLabel* m_memory;
    QLineEdit* m_dataset;
    QComboBox* m_format;
    QLineEdit* m_columns;
    QPushButton* m_previewButton;
    QLabel* m_previewSummary;
    QTableView* m_table;
    QTextBrowser* m_text;
    QCustomPlot* m_histogram;
    QComboBox* m_method;
    QSpinBox* m_rank;
    QDoubleSpinBox* m_alpha;
    QLineEdit* m_targets;
    QCheckBox* m_merge;
    QDoubleSpinBox* m_validation;
    DatasetPreviewModel* m_preview;
    QProcess m_process;
    int m_seqLen = 1024;
    int m_batch = 1;
    int m_processes = 1;
    QString m_configFile;
};

}  // namespace catapult
