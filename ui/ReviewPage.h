#pragma once
// Wizard page 6: the YAML that will be written (highlighted), the validation findings,
// and Export..., Save as default, Launch. A config with errors cannot be saved or launched.
// Launch runs what the page shows: the file last saved if it still holds exactly that, else
// a new file under ~/.local/share/catapult/configs (never Accelerate's default config).

#include <QWizardPage>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace catapult {

class IssueListModel;
class SetupModel;

class ReviewPage : public QWizardPage {
    Q_OBJECT
public:
    ReviewPage(SetupModel* setup, QWidget* parent);
    void initializePage() override;
    QString yamlText() const;
    IssueListModel* issues() const { return m_issues; }
    // Saves to `path` (YAML, or JSON for *.json). Returns false and shows why on failure.
    bool saveTo(const QString& path);

signals:
    void launchRequested(const QString& configPath);  // Launch, with the file it saved

private:
    void refresh();
    void exportAs();
    void saveDefault();
    void launch();
    SetupModel* m_setup;
    QPlainTextEdit* m_yaml;
    IssueListModel* m_issues;
    QLabel* m_status;
    QPushButton* m_export;
    QPushButton* m_saveDefault;
    QPushButton* m_launch;
};

}  // namespace catapult
