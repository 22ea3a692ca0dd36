#pragma once
// SshOptions for the desktop app: unknown host keys and key passphrases or passwords are
// asked in dialogs over `parent`. The callbacks run on a pre-flight thread and wait for the
// GUI thread's answer; secrets go straight to libssh and are never stored or logged.

#include "SshSession.h"

class QWidget;

namespace catapult {

SshOptions interactiveSshOptions(QWidget* parent);

}  // namespace catapult
