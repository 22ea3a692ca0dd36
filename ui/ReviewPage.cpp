#include "ReviewPage.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include "IssueListModel.h"
#include "SetupModel.h"
#include "YamlHighlighter.h"
#include "catapult/ConfigReader.h"
#include "catapult/ConfigValidator.h"
#include "catapult/ConfigWriter.h"

namespace catapult {

ReviewPage::ReviewPage(SetupModel* setup, QWidget* parent) : QWizardPage(parent), m_setup(setup) {
    setTitle(tr("Review"));
    setSubTitle(tr("The Accelerate config these answers make. Accelerate itself can load this file."));
    m_yaml = new QPlainTextEdit(this);
    m_yaml->setObjectName(QStringLiteral("yamlPreview"));
    m_yaml->setReadOnly(true);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new YamlHighlighter(m_yaml->document());
    m_issues = new IssueListModel(this);
    auto* list = new QListView(this);
    list->setObjectName(QStringLiteral("issueList"));
    list->setModel(m_issues);
    list->setWordWrap(true);
    m_status = new QLabel(this);
    m_export = new QPushButton(tr("Export..."), this);
    m_saveDefault = new QPushButton(tr("Save as default"), this);
    m_saveDefault->setObjectName(QStringLiteral("saveDefault"));
    m_launch = new QPushButton(tr("Launch"), this);
    m_launch->setObjectName(QStringLiteral("launch"));
    connect(m_export, &QPushButton::clicked, this, &ReviewPage::exportAs);
    connect(m_saveDefault, &QPushButton::clicked, this, &ReviewPage::saveDefault);
    connect(m_launch, &QPushButton::clicked, this, &ReviewPage::launch);
    connect(setup, &SetupModel::changed, this, [this] {
        if (wizard() && wizard()->currentPage() == this) refresh();
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_saveDefault);
    buttons->addStretch();
    buttons->addWidget(m_launch);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_yaml, 3);
    layout->addWidget(new QLabel(tr("Validation:"), this));
    layout->addWidget(list, 2);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
}

void ReviewPage::initializePage() { refresh(); }

QString ReviewPage::yamlText() const { return m_yaml->toPlainText(); }

void ReviewPage::refresh() {
    const ClusterConfig config = m_setup->config();
    m_yaml->setPlainText(QString::fromStdString(toYaml(config)));
    m_issues->setIssues(validateConfig(config, m_setup->facts()));
    const int errors = m_issues->errorCount();
    m_status->setText(errors ? tr("%1 error(s): fix them before saving or launching.").arg(errors)
                             : tr("No errors. %1 finding(s).").arg(m_issues->rowCount()));
    for (QPushButton* b : {m_export, m_saveDefault, m_launch}) b->setEnabled(errors == 0);
}

bool ReviewPage::saveTo(const QString& path) {
    if (Status s = writeConfigFile(m_setup->config(), path.toStdString()); !s.ok()) {
        QMessageBox::critical(this, tr("Save config"), QString::fromStdString(s.message()));
        return false;
    }
    m_setup->setSavedPath(path);
    m_status->setText(tr("Saved to %1").arg(path));
    return true;
}

void ReviewPage::exportAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export config"), QStringLiteral("accelerate_config.yaml"),
                                                      tr("YAML (*.yaml *.yml);;JSON (*.json)"));
    if (!path.isEmpty()) saveTo(path);
}

void ReviewPage::saveDefault() { saveTo(QString::fromStdString(defaultConfigPath())); }

namespace {

QString fileText(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// A file of its own for a launch of settings that were not saved (never Accelerate's default
// config, which other tools use too).
QString launchConfigPath() {
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/catapult/configs");
    const QString stem = dir + QStringLiteral("/wizard-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString path = stem + QStringLiteral(".yaml");
    for (int n = 2; QFileInfo::exists(path); ++n) path = stem + QStringLiteral("-%1.yaml").arg(n);
    return path;
}

}  // namespace

void ReviewPage::launch() {
    // Launch exactly what the page shows: the saved file if it still holds it, else a new one.
    QString path = m_setup->savedPath();
    if (path.isEmpty() || fileText(path) != QString::fromStdString(toYaml(m_setup->config()))) {
        path = launchConfigPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        if (!saveTo(path)) return;
    }
    emit launchRequested(path);
}

}  // namespace catapult
