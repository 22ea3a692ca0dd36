#pragma once
// Headless config and environment commands:
//   catapult config --default [--config_file P] [--mixed_precision no|fp16|bf16|fp8]
//   catapult config --import FILE [--config_file P]
//   catapult config --export FILE [--config_file P]
//   catapult config --show [--config_file P]
//   catapult env [--config_file P]
// P defaults to Accelerate's default path. Return values are process exit codes.

#include <QStringList>

namespace catapult {

int runConfigCommand(const QStringList& args);
int runEnvCommand(const QStringList& args);

}  // namespace catapult
