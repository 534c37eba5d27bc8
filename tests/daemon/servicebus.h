// Shared by the daemon tests that run the service in-process on a private bus: the service
// started and stopped on a device, calls to it that wait while running the event loop (the
// service lives on the test's thread), a STAND-IN for polkitd's Authority object (the tests
// against the real polkitd use the system fixture), and the conversions of what the bus hands
// back.
#pragma once

#include "device/device.h"
#include "updaterservice.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCall>
#include <QDBusVirtualObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QTest>
#include <QVariantMap>
#include <memory>

namespace fakebus {

inline const QString Service = QStringLiteral("org.seesaw.Updater1");
inline const QString Path = QStringLiteral("/org/seesaw/Updater1");
inline const QString Interface = QStringLiteral("org.seesaw.Updater1");

// The service on DEVICE/system.conf, its object and name on the system bus (the private one the
// test points DBUS_SYSTEM_BUS_ADDRESS at).
inline bool startService(std::unique_ptr<seesaw::UpdaterService> &service, const QString &device)
{
    auto opened = seesaw::Device::open(device + QStringLiteral("/system.conf"));
    if (!opened) {
        qWarning() << opened.error().message;
        return false;
    }
    QDBusConnection bus = QDBusConnection::systemBus();
    service = std::make_unique<seesaw::UpdaterService>(std::move(*opened), nullptr, bus);
    return service->registerOn(bus) && bus.registerService(Service);
}

inline void stopService(std::unique_ptr<seesaw::UpdaterService> &service)
{
    QDBusConnection bus = QDBusConnection::systemBus();
    bus.unregisterService(Service);
    bus.unregisterObject(Path);
    service.reset();
}

// A call from a client connection, answered while the event loop runs.
inline QDBusMessage callOn(QDBusConnection &conn, const QString &iface, const QString &member,
                           const QVariantList &args = {}, int timeoutMs = 30000)
{
    QDBusMessage m = QDBusMessage::createMethodCall(Service, Path, iface, member);
    m.setArguments(args);
    QDBusPendingCall pending = conn.asyncCall(m, timeoutMs);
    (void)QTest::qWaitFor([&] { return pending.isFinished(); }, timeoutMs + 1000);
    return pending.reply();
}

inline QDBusMessage call(QDBusConnection &conn, const QString &member,
                         const QVariantList &args = {})
{
    return callOn(conn, Interface, member, args);
}

inline QVariant property(QDBusConnection &conn, const QString &name)
{
    const QDBusMessage r = callOn(conn, QStringLiteral("org.freedesktop.DBus.Properties"),
                                  QStringLiteral("Get"), {Interface, name});
    return r.arguments().value(0).value<QDBusVariant>().variant();
}

// STAND-IN for polkitd's Authority object: records every CheckAuthorization and answers
// "authorized" exactly for the actions in `allowed`; an action in `challenged` needs a password
// (a challenge without interaction, `allowed` with it); the next `dropCalls` calls get no answer,
// as when dbus-daemon discards the reply to seesawd.
class FakePolkit : public QDBusVirtualObject {
public:
    struct Call {
        QString signature, action, subjectKind, subjectName;
        uint flags = 0;
    };
    QList<Call> calls;
    QSet<QString> allowed;
    QSet<QString> challenged;
    bool failCalls = false; // answer with a D-Bus error instead
    int dropCalls = 0;

    [[nodiscard]] QString introspect(const QString & /*path*/) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        if (message.member() != QLatin1String("CheckAuthorization")) {
            return false;
        }
        Call call;
        call.signature = message.signature();
        const QVariantList args = message.arguments();
        if (call.signature == QLatin1String("(sa{sv})sa{ss}us")) {
            const auto subject = args.at(0).value<QDBusArgument>();
            QVariantMap details;
            subject.beginStructure();
            subject >> call.subjectKind >> details;
            subject.endStructure();
            call.subjectName = details.value(QStringLiteral("name")).toString();
            call.action = args.at(1).toString();
            call.flags = args.at(3).toUInt();
        }
        calls.append(call);
        if (dropCalls > 0) {
            --dropCalls;
            return true;
        }
        if (failCalls) {
            connection.send(
                message.createErrorReply(QStringLiteral("org.freedesktop.PolicyKit1.Error.Failed"),
                                         QStringLiteral("stand-in")));
            return true;
        }
        QDBusArgument result;
        result.beginStructure();
        const bool challenge = challenged.contains(call.action) && call.flags == 0;
        result << (allowed.contains(call.action) && !challenge) << challenge
               << QMap<QString, QString>();
        result.endStructure();
        connection.send(message.createReply(QVariant::fromValue(result)));
        return true;
    }
};

inline QVariantMap toMap(const QVariant &v)
{
    return v.canConvert<QDBusArgument>() ? qdbus_cast<QVariantMap>(v.value<QDBusArgument>())
                                         : v.toMap();
}

inline QList<QVariantMap> toMapList(const QVariant &v)
{
    return qdbus_cast<QList<QVariantMap>>(v.value<QDBusArgument>());
}

} // namespace fakebus
