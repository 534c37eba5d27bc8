// The composite D-Bus types of org.seesaw.Updater1 (aa{sv}, a{ss}), registered with QtDBus.
// Every process speaking the API — seesawd, the CLI, the app, the tests — calls this once
// before its first call, or QtDBus aborts on the first reply of such a type.
#pragma once

#include <QDBusMetaType>
#include <QList>
#include <QMap>
#include <QVariantMap>

namespace seesaw {

inline void registerUpdaterDBusTypes()
{
    qDBusRegisterMetaType<QList<QVariantMap>>();
    qDBusRegisterMetaType<QMap<QString, QString>>();
}

} // namespace seesaw
