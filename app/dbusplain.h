// D-Bus values as QML can use them: QtDBus hands nested containers (a{sv} inside a{sv},
// aa{sv}) over as QDBusArgument, which QML cannot read. These unpack them into plain
// QVariantMap / QVariantList / scalars, recursively.
#pragma once

#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

namespace seesawui {

QVariant plainValue(const QVariant &value);
QVariantMap plainMap(const QVariant &value);
QVariantList plainList(const QVariant &value);

} // namespace seesawui
