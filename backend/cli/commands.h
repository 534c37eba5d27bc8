#pragma once

#include <QStringList>

namespace cli {
int runKeygen(const QStringList &args);
int runBundle(const QStringList &args);
} // namespace cli
