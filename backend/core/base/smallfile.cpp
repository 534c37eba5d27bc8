#include "base/smallfile.h"

#include <QFile>

namespace seesaw {

QByteArray readSmallFile(const QString &path, qsizetype maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.read(maxBytes).trimmed();
}

} // namespace seesaw
