#include "SshPrompts.h"

#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QThread>
#include <QWidget>

namespace catapult {
namespace {

// Runs `ask` on the GUI thread of `parent` and waits for it.
template <typename Ask>
void onGuiThread(QWidget* parent, Ask ask) {
    if (QThread::currentThread() == parent->thread()) ask();
    else QMetaObject::invokeMethod(parent, ask, Qt::BlockingQueuedConnection);
}

}  // namespace

SshOptions interactiveSshOptions(QWidget* parent) {
    SshOptions o;
    o.hostKeyPolicy = HostKeyPolicy::Ask;
    o.knownHostsFile = defaultKnownHostsPath();
    QPointer<QWidget> owner(parent);
    o.askHostKey = [owner](const HostKeyQuestion& q) {
        bool trust = false;
        if (!owner) return false;
        onGuiThread(owner, [&] {
            QMessageBox box(QMessageBox::Question, QWidget::tr("Unknown host key"),
                            QWidget::tr("The authenticity of %1 cannot be established: it is not in %2.\n\n"
                                        "Its %3 key fingerprint is\n%4\n\n"
                                        "Trust it only if it matches the one the host's administrator gives you. "
                                        "Trust this host and remember its key?")
                                .arg(q.host, q.knownHostsFile, q.keyType, q.fingerprint),
                            QMessageBox::Yes | QMessageBox::No, owner);
            box.setObjectName(QStringLiteral("hostKeyQuestion"));
            box.setDefaultButton(QMessageBox::No);
            trust = box.exec() == QMessageBox::Yes;
        });
        return trust;
    };
    o.askSecret = [owner](const QString& prompt) -> std::optional<QString> {
        std::optional<QString> answer;
        if (!owner) return answer;
        onGuiThread(owner, [&] {
            QInputDialog dialog(owner);
            dialog.setObjectName(QStringLiteral("secretQuestion"));
            dialog.setWindowTitle(QWidget::tr("Log in"));
            dialog.setLabelText(prompt);
            dialog.setTextEchoMode(QLineEdit::Password);
            if (dialog.exec() == QDialog::Accepted) answer = dialog.textValue();
        });
        return answer;
    };
    return o;
}

}  // namespace catapult
