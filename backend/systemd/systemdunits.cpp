#include "systemdunits.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QStringList>

namespace seesaw {

namespace {

const QLatin1String Service("org.freedesktop.systemd1");
const QLatin1String ManagerPath("/org/freedesktop/systemd1");
const QLatin1String ManagerInterface("org.freedesktop.systemd1.Manager");
const QLatin1String UnitInterface("org.freedesktop.systemd1.Unit");
const QLatin1String PropertiesInterface("org.freedesktop.DBus.Properties");
const QLatin1String NoSuchUnit("org.freedesktop.systemd1.NoSuchUnit");
constexpr int CallTimeoutMs = 10000;
constexpr qsizetype MaxUnitName = 256;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::SystemdUnits", text);
}

QDBusMessage call(const QDBusConnection &bus, const QString &path, const QString &interface,
                  const QString &method, const QVariantList &arguments)
{
    QDBusMessage message = QDBusMessage::createMethodCall(Service, path, interface, method);
    message.setArguments(arguments);
    return bus.call(message, QDBus::Block, CallTimeoutMs);
}

bool failed(const QDBusMessage &reply)
{
    return reply.type() != QDBusMessage::ReplyMessage;
}

// The bus's words, made safe to show.
QString busError(const QDBusMessage &reply)
{
    const QString name = reply.errorName().isEmpty() ? tr("no reply") : reply.errorName();
    if (reply.errorMessage().isEmpty()) {
        return displayString(name, 300);
    }
    return displayString(name + QStringLiteral(": ") + reply.errorMessage(), 300);
}

QString unitError(const QDBusMessage &reply)
{
    return tr("systemd could not be asked (%1)").arg(busError(reply));
}

// One property of the unit object, or an error message in *error.
QString property(const QDBusConnection &bus, const QString &path, const char *name, QString *error)
{
    const QDBusMessage reply = call(bus, path, PropertiesInterface, QStringLiteral("Get"),
                                    {QString(UnitInterface), QLatin1String(name)});
    const QVariant value = reply.arguments().value(0).value<QDBusVariant>().variant();
    if (failed(reply) || value.metaType().id() != QMetaType::QString) {
        if (error->isEmpty()) {
            *error = failed(reply) ? unitError(reply)
                                   : tr("systemd answered %1 with something other than a string")
                                         .arg(QLatin1String(name));
        }
        return {};
    }
    return value.toString();
}

UnitState query(const QDBusConnection &bus, const QString &unit)
{
    UnitState state;
    if (!isValidUnitName(unit)) {
        state.error = tr("not a valid unit name");
        return state;
    }
    if (!bus.isConnected()) {
        const QString why = bus.lastError().message();
        state.error = why.isEmpty()
                          ? tr("not connected to the system bus")
                          : tr("not connected to the system bus (%1)").arg(displayString(why, 300));
        return state;
    }
    QDBusMessage reply =
        call(bus, ManagerPath, ManagerInterface, QStringLiteral("GetUnit"), {unit});
    // GetUnit knows loaded units only; LoadUnit also finds one that nothing has needed yet.
    if (failed(reply) && reply.errorName() == NoSuchUnit) {
        reply = call(bus, ManagerPath, ManagerInterface, QStringLiteral("LoadUnit"), {unit});
    }
    if (failed(reply)) {
        state.error = reply.errorName() == NoSuchUnit ? tr("no such unit") : unitError(reply);
        return state;
    }
    const QString path = reply.arguments().value(0).value<QDBusObjectPath>().path();
    if (path.isEmpty()) {
        state.error = tr("systemd answered without a unit object");
        return state;
    }

    QString error;
    const QString load = property(bus, path, "LoadState", &error);
    const QString active = property(bus, path, "ActiveState", &error);
    const QString sub = property(bus, path, "SubState", &error);
    if (!error.isEmpty()) {
        state.error = error;
    } else if (load == QLatin1String("not-found")) {
        state.error = tr("no such unit");
    } else if (load == QLatin1String("masked")) {
        state.error = tr("the unit is masked");
    } else if (load == QLatin1String("error") || load == QLatin1String("bad-setting")) {
        state.error = tr("the unit file could not be loaded (%1)").arg(displayString(load));
    } else {
        state.activeState = active;
        state.subState = sub;
    }
    return state;
}

} // namespace

bool isValidUnitName(const QString &name)
{
    static const char *const suffixes[] = {".service", ".socket",    ".target", ".device",
                                           ".mount",   ".automount", ".swap",   ".timer",
                                           ".path",    ".slice",     ".scope"};
    if (name.isEmpty() || name.size() > MaxUnitName) {
        return false;
    }
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    if (dot <= 0) {
        return false;
    }
    const QStringView suffix = QStringView(name).mid(dot);
    if (std::none_of(std::begin(suffixes), std::end(suffixes),
                     [&](const char *known) { return suffix == QLatin1String(known); })) {
        return false;
    }
    const QStringView prefix = QStringView(name).left(dot);
    if (!isAsciiName(prefix, 1, MaxUnitName, QLatin1String(":-_.\\@"))) {
        return false;
    }
    const qsizetype at = prefix.indexOf(QLatin1Char('@'));
    if (at < 0) {
        return true;
    }
    // "name@instance": one '@', with something on both sides.
    return at > 0 && at < prefix.size() - 1 && prefix.indexOf(QLatin1Char('@'), at + 1) < 0;
}

UnitQuery systemdUnitQuery(const QDBusConnection &bus)
{
    return [bus](const QString &unit) { return query(bus, unit); };
}

UnitQuery systemdUnitQueryOnSystemBus()
{
    return [](const QString &unit) { return query(QDBusConnection::systemBus(), unit); };
}

} // namespace seesaw
