#include "PreflightTask.h"

namespace catapult {

PreflightTask::PreflightTask(QObject* parent) : QObject(parent) {}

PreflightTask::~PreflightTask() {
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void PreflightTask::start(const LaunchSettings& settings, const SshOptions& options) {
    if (m_thread) return;
    m_result = std::make_unique<PreflightResult>();
    PreflightResult* out = m_result.get();
    m_thread = QThread::create([this, settings, options, out] {
        *out = runPreflight(settings, options, [this](const QString& step) {
            QMetaObject::invokeMethod(this, [this, step] { emit progress(step); }, Qt::QueuedConnection);
        });
    });
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread->deleteLater();
        m_thread = nullptr;
        emit finished();
    });
    m_thread->start();
}

PreflightResult PreflightTask::takeResult() {
    PreflightResult r = std::move(*m_result);
    return r;
}

}  // namespace catapult
