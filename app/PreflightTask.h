#pragma once
// Runs runPreflight on a thread of its own so the GUI stays responsive; the host-key and
// secret callbacks of the SshOptions are called on that thread (the UI's callbacks hop to the
// GUI thread to ask). finished() is emitted on the task's thread; take the result then.
//
// Thread safety: a QObject of the thread that created it.

#include <QObject>
#include <QThread>
#include <memory>

#include "Preflight.h"

namespace catapult {

class PreflightTask : public QObject {
    Q_OBJECT
public:
    explicit PreflightTask(QObject* parent = nullptr);
    ~PreflightTask() override;

    void start(const LaunchSettings& settings, const SshOptions& options);
    bool isRunning() const { return m_thread != nullptr; }
    // REQUIRES: finished() was emitted. Moves the result (and its open sessions) out.
    PreflightResult takeResult();

signals:
    void progress(const QString& step);
    void finished();

private:
    QThread* m_thread = nullptr;
    std::unique_ptr<PreflightResult> m_result;
};

}  // namespace catapult
