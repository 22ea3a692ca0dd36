#pragma once
// Adds or edits one machine: name, address, port, user, identity file or ssh-agent,
// processes, working directory, worker path, the address the others reach it by, and extra
// environment variables (NAME=VALUE per line).

#include <QDialog>

#include "HostSpec.h"

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace catapult {

class HostDialog : public QDialog {
    Q_OBJECT
public:
    explicit HostDialog(const HostSpec& host, QWidget* parent = nullptr);
    HostSpec host() const;
    void accept() override;  // refuses (with a message) a name with spaces or a bad environment line

private:
    QLineEdit* m_name;
    QLineEdit* m_address;
    QSpinBox* m_port;
    QLineEdit* m_user;
    QLineEdit* m_identity;
    QCheckBox* m_agent;
    QSpinBox* m_slots;
    QLineEdit* m_workDir;
    QLineEdit* m_worker;
    QLineEdit* m_mainAddress;
    QPlainTextEdit* m_environment;
};

}  // namespace catapult
