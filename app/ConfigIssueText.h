#pragma once
// The translated text of a config finding (its template goes through the "ConfigIssue"
// translation context), and its severity as a word.

#include <QString>

#include "catapult/ConfigIssue.h"

namespace catapult {

QString issueText(const ConfigIssue& issue);
QString severityText(ConfigIssue::Severity severity);

}  // namespace catapult
