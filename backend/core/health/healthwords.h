// How the health runner (health.cpp) and its report (healthreport.cpp) both write a duration and
// the kind of a check, in the "seesaw::Health" context.
#pragma once

#include <QString>

namespace seesaw::healthword {

QString seconds(qint64 ms);             // "2.5"
QString kindLabel(const QString &kind); // "unit", "script", "minimum uptime", "limit"

} // namespace seesaw::healthword
