#include "JobProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>

#include <algorithm>

namespace catapult {

JobProgress::JobProgress(QWidget* parent) : QWidget(parent) {
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("jobProgress"));
    m_bar->setFormat(tr("%v / %m steps"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("jobProgressText"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_text, 2);
    reset();
}

void JobProgress::reset() {
    m_line = ProgressLine();
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_bar->setTextVisible(false);
    m_text->setText(tr("No step yet."));
}

void JobProgress::update(const QJsonObject& metrics) {
    if (!m_line.update(metrics) && metrics.value("type").toString() != QLatin1String("started")) return;
    if (m_line.totalSteps() > 0) {
        m_bar->setRange(0, static_cast<int>(m_line.totalSteps()));
        m_bar->setTextVisible(true);
    }
    if (m_line.hasProgress()) {
        m_bar->setValue(static_cast<int>(std::min(m_line.step(), static_cast<qint64>(m_bar->maximum()))));
        m_text->setText(m_line.text());
    }
}

void JobProgress::finish(bool success) {
    if (success && m_line.hasProgress()) m_bar->setValue(m_bar->maximum());
}

QString JobProgress::text() const { return m_text->text(); }
int JobProgress::value() const { return m_bar->value(); }
int JobProgress::maximum() const { return m_bar->maximum(); }

}  // namespace catapult
