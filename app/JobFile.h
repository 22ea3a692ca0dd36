#pragma once
// A Catapult job file: a job as the Job tab's form describes it, to keep beside a project and
// run again from the desktop app or with `catapult launch --job FILE`. JSON:
//   {"catapult_job": 1, "config_file": "accelerate.yaml", "launch": ["--cpu", ...], "command": "catapult launch ..."}
// "launch" is the `catapult launch` arguments without --config_file; "config_file" refers to
// the Accelerate YAML (relative to the job file when it lies in the job file's folder or
// below, so the two move together); "command" is the whole line, for people reading the file.
//
// Errors name the file and what is wrong with it (not JSON, not a job file, a newer version).

#include <QString>
#include <QStringList>

#include "catapult/Status.h"

namespace catapult {

Status writeJobFile(const QString& path, const QStringList& launchArgs);
// The job's `catapult launch` arguments, its config file (if any) as --config_file with an absolute path.
Result<QStringList> readJobFile(const QString& path);
// `args` with "--job FILE" (or --job=FILE) replaced by the job's arguments: the launch flags
// given beside it come after the job's (so they win), and a program given after "--" replaces
// the job's program.
Result<QStringList> expandJobFile(const QStringList& args);

}  // namespace catapult
