// fake-systemd: a STAND-IN for systemd's D-Bus API, for tests only. systemd cannot run as PID 1
// on the machines these tests run on (containers and CI hosts booted by something else), so
// this small program plays the part of org.freedesktop.systemd1 on a private bus: just the
// calls `seesaw health` makes (Manager.GetUnit, Manager.LoadUnit, and the LoadState,
// ActiveState and SubState properties of org.freedesktop.systemd1.Unit).
//
// Usage: fake-systemd STATEFILE [LOGFILE]
//   Connects to the bus named by DBUS_SYSTEM_BUS_ADDRESS, claims org.freedesktop.systemd1 and
//   prints "ready" on stdout once it answers. Ends on SIGTERM.
//
// STATEFILE has one unit per line: UNIT ACTIVESTATE SUBSTATE [LOADSTATE]; blank lines and lines
// starting with '#' are ignored. It is read again on every call, so a test changes what
// "systemd" says by rewriting it (write a new file and rename it over the old one). LOADSTATE:
//   loaded     (the default) GetUnit finds the unit;
//   unloaded   GetUnit answers NoSuchUnit until LoadUnit has been called for the unit, as for a
//              unit nothing has needed since boot; then it is "loaded";
//   anything else (not-found, masked, error, bad-setting): GetUnit finds the unit and reports
//              that load state, as systemd does for a unit another unit refers to.
// A unit missing from the file is unknown: GetUnit answers NoSuchUnit and LoadUnit gives an
// object whose LoadState is "not-found" (inactive, dead).
//
// LOGFILE, when given, gets one line per call: "GetUnit NAME", "LoadUnit NAME",
// "Get NAME PROPERTY" or "GetAll NAME".
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusVariant>
#include <QDBusVirtualObject>
#include <QFile>
#include <QSet>
#include <QVariantMap>
#include <cstdio>

namespace {

const QLatin1String Service("org.freedesktop.systemd1");
const QLatin1String ManagerPath("/org/freedesktop/systemd1");
const QLatin1String UnitPrefix("/org/freedesktop/systemd1/unit/");
const QLatin1String ManagerInterface("org.freedesktop.systemd1.Manager");
const QLatin1String UnitInterface("org.freedesktop.systemd1.Unit");
const QLatin1String PropertiesInterface("org.freedesktop.DBus.Properties");

struct Unit {
    QString active = QStringLiteral("inactive");
    QString sub = QStringLiteral("dead");
    QString load = QStringLiteral("not-found");
    bool known = false;
};

// systemd's object path label: every byte but [A-Za-z0-9] (and a leading digit) as _xx.
QString escape(const QString &name)
{
    QString out;
    const QByteArray bytes = name.toUtf8();
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (alpha || (digit && i > 0)) {
            out += QLatin1Char(c);
        } else {
            out += QStringLiteral("_%1").arg(uint(uchar(c)), 2, 16, QLatin1Char('0'));
        }
    }
    return out;
}

QString unescape(const QString &label)
{
    QByteArray out;
    for (qsizetype i = 0; i < label.size(); ++i) {
        if (label.at(i) == QLatin1Char('_') && i + 2 < label.size()) {
            out += char(label.mid(i + 1, 2).toUInt(nullptr, 16));
            i += 2;
        } else {
            out += label.at(i).toLatin1();
        }
    }
    return QString::fromUtf8(out);
}

class FakeSystemd : public QDBusVirtualObject {
public:
    FakeSystemd(QString stateFile, QString logFile)
        : m_stateFile(std::move(stateFile)), m_logFile(std::move(logFile))
    {}

    [[nodiscard]] QString introspect(const QString & /*path*/) const override { return {}; }

    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        const QVariantList args = message.arguments();
        const QString member = message.member();
        if (message.path() == ManagerPath && message.signature() == QLatin1String("s") &&
            (member == QLatin1String("GetUnit") || member == QLatin1String("LoadUnit"))) {
            const QString name = args.at(0).toString();
            log(member + QLatin1Char(' ') + name);
            if (!name.contains(QLatin1Char('.')) || name.contains(QLatin1Char('/'))) {
                connection.send(message.createErrorReply(
                    QStringLiteral("org.freedesktop.DBus.Error.InvalidArgs"),
                    QStringLiteral("Unit name %1 is not valid.").arg(name)));
                return true;
            }
            if (member == QLatin1String("LoadUnit")) {
                m_loaded.insert(name);
            }
            const Unit unit = read(name);
            if (member == QLatin1String("GetUnit") && !unit.known) {
                connection.send(
                    message.createErrorReply(QStringLiteral("org.freedesktop.systemd1.NoSuchUnit"),
                                             QStringLiteral("Unit %1 not loaded.").arg(name)));
                return true;
            }
            connection.send(message.createReply(
                QVariant::fromValue(QDBusObjectPath(UnitPrefix + escape(name)))));
            return true;
        }
        if (!message.path().startsWith(UnitPrefix) || message.interface() != PropertiesInterface) {
            return false;
        }
        const QString name = unescape(message.path().mid(UnitPrefix.size()));
        const Unit unit = read(name);
        const QVariantMap properties{{QStringLiteral("Id"), name},
                                     {QStringLiteral("LoadState"), unit.load},
                                     {QStringLiteral("ActiveState"), unit.active},
                                     {QStringLiteral("SubState"), unit.sub}};
        if (member == QLatin1String("Get") && message.signature() == QLatin1String("ss")) {
            const QString property = args.at(1).toString();
            log(QStringLiteral("Get %1 %2").arg(name, property));
            if (args.at(0).toString() != UnitInterface || !properties.contains(property)) {
                connection.send(message.createErrorReply(
                    QStringLiteral("org.freedesktop.DBus.Error.UnknownProperty"),
                    QStringLiteral("Unknown property %1").arg(property)));
                return true;
            }
            connection.send(
                message.createReply(QVariant::fromValue(QDBusVariant(properties.value(property)))));
            return true;
        }
        if (member == QLatin1String("GetAll") && message.signature() == QLatin1String("s")) {
            log(QStringLiteral("GetAll %1").arg(name));
            connection.send(message.createReply(properties));
            return true;
        }
        return false;
    }

private:
    [[nodiscard]] Unit read(const QString &name) const
    {
        QFile file(m_stateFile);
        Unit unit;
        if (!file.open(QIODevice::ReadOnly)) {
            return unit;
        }
        for (const QByteArray &raw : file.readAll().split('\n')) {
            const QStringList fields = QString::fromUtf8(raw).simplified().split(QLatin1Char(' '));
            if (fields.size() < 3 || fields.at(0).startsWith(QLatin1Char('#')) ||
                fields.at(0) != name) {
                continue;
            }
            unit.active = fields.at(1);
            unit.sub = fields.at(2);
            unit.load = fields.value(3, QStringLiteral("loaded"));
            unit.known = true;
            if (unit.load == QLatin1String("unloaded")) {
                unit.known = m_loaded.contains(name);
                unit.load = QStringLiteral("loaded");
            }
        }
        return unit;
    }

    void log(const QString &line) const
    {
        if (m_logFile.isEmpty()) {
            return;
        }
        QFile file(m_logFile);
        if (file.open(QIODevice::Append)) {
            file.write(line.toUtf8() + '\n');
        }
    }

    QString m_stateFile;
    QString m_logFile;
    QSet<QString> m_loaded;
};

// Reports why fake-systemd gives up. It exits non-zero right after, which the test sees even
// when stderr cannot be written, so a failed write is ignored.
void complain(const QString &message)
{
    (void)std::fputs(qPrintable(message + QLatin1Char('\n')), stderr);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args.size() > 3) {
        complain(QStringLiteral(
            "usage: fake-systemd STATEFILE [LOGFILE] (bus: DBUS_SYSTEM_BUS_ADDRESS)"));
        return 2;
    }
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        complain(QStringLiteral("fake-systemd: no bus: %1").arg(bus.lastError().message()));
        return 1;
    }
    FakeSystemd fake(args.at(1), args.value(2));
    if (!bus.registerVirtualObject(ManagerPath, &fake, QDBusConnection::SubPath) ||
        !bus.registerService(Service)) {
        complain(QStringLiteral("fake-systemd: cannot serve %1: %2")
                     .arg(QString(Service), bus.lastError().message()));
        return 1;
    }
    // The test waits for this line: if it cannot be written, the test could only time out.
    if (std::fputs("ready\n", stdout) < 0 || std::fflush(stdout) != 0) {
        complain(QStringLiteral("fake-systemd: cannot write to stdout"));
        return 1;
    }
    return QCoreApplication::exec();
}
