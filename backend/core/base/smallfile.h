// Reading the short text files the kernel and the system keep (sysfs attributes, boot_id).
#pragma once

#include <QByteArray>
#include <QString>

namespace seesaw {

// At most maxBytes of the file at `path`, trimmed of white space; empty when it cannot be read.
QByteArray readSmallFile(const QString &path, qsizetype maxBytes = 4096);

} // namespace seesaw
