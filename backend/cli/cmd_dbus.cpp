// Device commands through seesawd (the default): the same commands as --direct, but every
// privileged step is the daemon's, authorised by polkit for the calling user.
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "busclient.h"
#include "clicommon.h"
#include "commands.h"
#include "dbustypes.h"
#include "installrequest.h"
#include "updater1proxy.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusUnixFileDescriptor>
#include <QDBusVariant>
#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::dbus", text);
}

const QString Service = QStringLiteral("org.seesaw.Updater1");
const QString ObjectPath = QStringLiteral("/org/seesaw/Updater1");

int g_signalPipe[2] = {-1, -1};

void onSignal(int /*unused*/)
{
    const char c = 1;
    (void)::write(g_signalPipe[1], &c, 1);
}

// Exit code for a D-Bus error or a Completed error code.
int exitCodeForBus(const QString &name)
{
    if (name.endsWith(QLatin1String(".AccessDenied"))) {
        return ExitDenied;
    }
    if (name.endsWith(QLatin1String(".Busy")) || name.endsWith(QLatin1String(".TooManyRequests"))) {
        return ExitBusy;
    }
    if (name.endsWith(QLatin1String(".InvalidArgument"))) {
        return ExitUsage;
    }
    if (name.endsWith(QLatin1String(".Cancelled")) || name == QLatin1String("cancelled")) {
        return ExitCancelled;
    }
    if (name.endsWith(QLatin1String(".Io")) || name.contains(QLatin1String(".io")) ||
        name == QLatin1String("install.write") ||
        name.startsWith(QLatin1String("org.freedesktop.DBus.Error"))) {
        return ExitIo;
    }
    return ExitInvalid;
}

template <typename Reply> int failed(const Reply &reply)
{
    return reportBusError(reply.error());
}

// Waits for Completed while drawing Progress; SIGINT/SIGTERM asks the daemon to cancel.
class Follower : public QObject {
    Q_OBJECT
public:
    Follower(OrgSeesawUpdater1Interface &proxy, bool monitor) : m_proxy(proxy), m_monitor(monitor)
    {
        QDBusConnection bus = proxy.connection();
        bus.connect(Service, ObjectPath, QStringLiteral("org.freedesktop.DBus.Properties"),
                    QStringLiteral("PropertiesChanged"), this,
                    SLOT(onPropertiesChanged(QString, QVariantMap, QStringList)));
        connect(&proxy, &OrgSeesawUpdater1Interface::Completed, this, &Follower::onCompleted);
        connect(&proxy, &OrgSeesawUpdater1Interface::MediaChanged, this, [this] {
            if (m_monitor) {
                line(tr("media changed"));
            }
        });
        if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) == 0) {
            m_signals = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, this);
            connect(m_signals, &QSocketNotifier::activated, this, &Follower::onInterrupt);
            struct sigaction sa {};
            sa.sa_handler = onSignal;
            sigaction(SIGINT, &sa, nullptr);
            sigaction(SIGTERM, &sa, nullptr);
        }
    }

    int run()
    {
        m_loop.exec();
        m_bar.finish();
        return m_exit;
    }

private Q_SLOTS:
    void onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                             const QStringList & /*unused*/)
    {
        if (interface != Service) {
            return;
        }
        for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
            if (it.key() == QLatin1String("Progress")) {
                const auto p = qdbus_cast<QVariantMap>(it.value());
                const QString phase = p.value(QStringLiteral("phase")).toString();
                if (m_monitor) {
                    line(tr("progress %1 %2/%3")
                             .arg(phase,
                                  QString::number(p.value(QStringLiteral("done")).toULongLong()),
                                  QString::number(p.value(QStringLiteral("total")).toULongLong())));
                } else if (phase == QLatin1String("writing") ||
                           phase == QLatin1String("verifying")) {
                    m_bar.update(p.value(QStringLiteral("done")).toULongLong(),
                                 p.value(QStringLiteral("total")).toULongLong());
                }
            } else if (m_monitor) {
                const QVariant &v = it.value();
                QString shown = v.toString();
                if (shown.isEmpty() && v.canConvert<QDBusArgument>()) {
                    shown = QString::fromUtf8(
                        QJsonDocument(QJsonObject::fromVariantMap(qdbus_cast<QVariantMap>(v)))
                            .toJson(QJsonDocument::Compact));
                }
                line(QStringLiteral("%1 %2").arg(it.key(), displayString(shown, 400)));
            }
        }
    }

    void onCompleted(bool success, const QString &code, const QString &message)
    {
        if (m_monitor) {
            line(
                tr("completed %1 %2 %3")
                    .arg(success ? QStringLiteral("ok") : QStringLiteral("failed"), code, message));
            return;
        }
        m_bar.finish();
        if (success) {
            printOut(message);
            m_exit = ExitOk;
        } else {
            printErr(tr("seesaw: %1 [%2]").arg(message, code));
            m_exit = exitCodeForBus(code);
        }
        m_loop.quit();
    }

    void onInterrupt()
    {
        char buffer[16];
        while (::read(g_signalPipe[0], buffer, sizeof buffer) > 0) {
        }
        if (m_monitor) {
            m_exit = ExitOk;
            m_loop.quit();
            return;
        }
        printErr(tr("Cancelling…"));
        m_proxy.Cancel();
    }

private: // NOLINT(readability-redundant-access-specifiers): the one before is moc's Q_SLOTS
    static void line(const QString &text)
    {
        printOut(QStringLiteral("%1 %2").arg(
            QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz")), text));
    }

    OrgSeesawUpdater1Interface &m_proxy;
    bool m_monitor;
    QEventLoop m_loop;
    QSocketNotifier *m_signals = nullptr;
    Progress m_bar{tr("Writing")};
    int m_exit = ExitIo;
};

std::unique_ptr<OrgSeesawUpdater1Interface> connectDaemon()
{
    registerUpdaterDBusTypes();
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        printErr(tr("seesaw: cannot reach the system bus (%1). On a device without D-Bus use "
                    "--direct --conf FILE.")
                     .arg(bus.lastError().message()));
        return nullptr;
    }
    return std::make_unique<OrgSeesawUpdater1Interface>(Service, ObjectPath, bus);
}

int installOverBus(OrgSeesawUpdater1Interface &proxy, const QStringList &args)
{
    InstallRequest request;
    if (int rc = parseInstallRequest(args, &request); rc >= 0) {
        return rc;
    }
    auto fd = openBundleFile(request.path);
    if (!fd) {
        return fail(fd.error());
    }
    const QDBusUnixFileDescriptor busFd(fd->get());

    auto inspected = proxy.InspectBundle(busFd);
    inspected.waitForFinished();
    if (inspected.isError()) {
        return failed(inspected);
    }
    const QVariantMap summary = inspected.value();
    const auto signature = qdbus_cast<QVariantMap>(summary.value(QStringLiteral("signature")));
    printOut(tr("Bundle %1: %2 version %3 (%4)")
                 .arg(displayString(request.path, 200),
                      summary.value(QStringLiteral("compatible")).toString(),
                      summary.value(QStringLiteral("version")).toString(),
                      signature.value(QStringLiteral("message")).toString()));
    bool allPassed = signature.value(QStringLiteral("trusted")).toBool();
    const auto checks = qdbus_cast<QList<QVariantMap>>(summary.value(QStringLiteral("checks")));
    for (const QVariantMap &check : checks) {
        const bool passed = check.value(QStringLiteral("passed")).toBool();
        printCheck(passed, check.value(QStringLiteral("reason")).toString(),
                   check.value(QStringLiteral("warning")).toBool());
        allPassed = allPassed && passed;
    }
    if (int rc =
            confirmInstall(request, summary.value(QStringLiteral("version")).toString(), allPassed);
        rc >= 0) {
        return rc;
    }

    const QVariantMap options{{QStringLiteral("allow-downgrade"), request.allowDowngrade},
                              {QStringLiteral("reinstall"), request.reinstall},
                              {QStringLiteral("replace-known-good"), request.replaceKnownGood},
                              {QStringLiteral("dry-run"), request.dryRun}};
    return startAndFollow(proxy, [&] {
        return proxy.InstallBundle(busFd, summary.value(QStringLiteral("manifest_hash")).toString(),
                                   options);
    });
}

int statusOverBus(OrgSeesawUpdater1Interface &proxy, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the status as JSON."));
    parser.addOption(json);
    if (int rc = parseOrExit(parser, args,
                             tr("Show the slots, the boot loader's state and the last result."),
                             tr("seesaw [--direct --conf FILE] status [--json]"));
        rc >= 0) {
        return rc;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(
        Service, ObjectPath, QStringLiteral("org.freedesktop.DBus.Properties"),
        QStringLiteral("GetAll"));
    call << Service;
    const QDBusMessage reply = proxy.connection().call(call);
    if (reply.type() == QDBusMessage::ErrorMessage) {
        printErr(tr("seesaw: %1 [%2]").arg(reply.errorMessage(), reply.errorName()));
        return exitCodeForBus(reply.errorName());
    }
    const auto props = qdbus_cast<QVariantMap>(reply.arguments().value(0));
    QJsonObject out;
    for (auto it = props.cbegin(); it != props.cend(); ++it) {
        const QVariant &v = it.value();
        if (v.canConvert<QDBusArgument>()) {
            const auto arg = v.value<QDBusArgument>();
            if (arg.currentType() == QDBusArgument::ArrayType &&
                it.key() == QLatin1String("Slots")) {
                QJsonArray slots;
                for (const QVariantMap &slot : qdbus_cast<QList<QVariantMap>>(arg)) {
                    slots.append(QJsonObject::fromVariantMap(slot));
                }
                out.insert(it.key(), slots);
            } else {
                out.insert(it.key(), QJsonObject::fromVariantMap(qdbus_cast<QVariantMap>(arg)));
            }
        } else {
            out.insert(it.key(), QJsonValue::fromVariant(v));
        }
    }
    if (parser.isSet(json)) {
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    printOut(tr("Device:   %1").arg(out.value(QStringLiteral("Compatible")).toString()));
    printOut(tr("State:    %1").arg(out.value(QStringLiteral("State")).toString()));
    printOut(tr("Running:  slot %1, version %2")
                 .arg(out.value(QStringLiteral("BootedSlot")).toString(),
                      out.value(QStringLiteral("Version")).toString()));
    printOut(tr("Primary:  %1").arg(out.value(QStringLiteral("PrimarySlot")).toString()));
    QString hold; // the booted slot's: why installs wait for its health check
    for (const auto &v : out.value(QStringLiteral("Slots")).toArray()) {
        const QJsonObject o = v.toObject();
        printOut(tr("Slot %1: %2 %3")
                     .arg(o.value(QStringLiteral("bootname")).toString(),
                          o.value(QStringLiteral("state")).toString(),
                          o.value(QStringLiteral("version")).toString()));
        if (hold.isEmpty()) {
            hold = o.value(QStringLiteral("hold")).toString();
        }
    }
    if (!hold.isEmpty()) {
        printOut(tr("Held:     %1").arg(hold));
    }
    const QJsonObject last = out.value(QStringLiteral("LastResult")).toObject();
    if (last.value(QStringLiteral("outcome")).toString() != QLatin1String("none")) {
        printOut(tr("Last:     %1 — %2")
                     .arg(last.value(QStringLiteral("outcome")).toString(),
                          last.value(QStringLiteral("message")).toString()));
    }
    if (const QString detail = last.value(QStringLiteral("detail")).toString(); !detail.isEmpty()) {
        printOut(tr("          %1").arg(detail));
    }
    return ExitOk;
}

int simpleCall(OrgSeesawUpdater1Interface &proxy, const QString &command, const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SLOT"),
                                 tr("booted (the daemon marks the running slot)"));
    if (int rc = parseOrExit(parser, args, tr("Ask seesawd to %1.").arg(command),
                             tr("seesaw %1").arg(command));
        rc >= 0) {
        return rc;
    }
    const QStringList rest = parser.positionalArguments();
    if (!rest.isEmpty() && !(rest.size() == 1 && rest.first() == QLatin1String("booted"))) {
        return usageError(
            tr("Through seesawd only the booted slot can be marked; use --direct for the other."));
    }
    QDBusPendingReply<> reply = command == QLatin1String("mark-good")  ? proxy.MarkGood()
                                : command == QLatin1String("mark-bad") ? proxy.MarkBad()
                                                                       : proxy.Rollback();
    reply.waitForFinished();
    if (reply.isError()) {
        return failed(reply);
    }
    printOut(command == QLatin1String("rollback")
                 ? tr("The other slot starts after the next reboot.")
             : command == QLatin1String("mark-good") ? tr("The booted slot is marked good.")
                                                     : tr("The booted slot is marked bad."));
    return ExitOk;
}

int historyOverBus(OrgSeesawUpdater1Interface &proxy, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the entries as JSON."));
    const QCommandLineOption limit(QStringLiteral("limit"), tr("Show only the newest N entries."),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    tr("Check the history's hash chain (needs --direct)."));
    parser.addOptions({json, limit, verify});
    if (int rc = parseOrExit(
            parser, args, tr("Show the device's update history."),
            tr("seesaw [--direct --conf FILE] history [--json] [--verify] [--limit N]"));
        rc >= 0) {
        return rc;
    }
    if (parser.isSet(verify)) {
        return usageError(tr(
            "--verify reads the history file itself: run it with --direct --conf FILE as root."));
    }
    auto reply = proxy.History(parser.value(limit).toUInt());
    reply.waitForFinished();
    if (reply.isError()) {
        return failed(reply);
    }
    QJsonArray list;
    for (const QVariantMap &e : reply.value()) {
        if (parser.isSet(json)) {
            list.append(QJsonObject::fromVariantMap(e));
        } else {
            printOut(QStringLiteral("%1  %2  %3  %4")
                         .arg(QString::number(e.value(QStringLiteral("seq")).toULongLong())
                                  .rightJustified(4),
                              e.value(QStringLiteral("time")).toString(),
                              e.value(QStringLiteral("event")).toString(),
                              e.value(QStringLiteral("details")).toString()));
        }
    }
    if (parser.isSet(json)) {
        printOut(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
    }
    return ExitOk;
}

} // namespace

std::unique_ptr<OrgSeesawUpdater1Interface> connectUpdater()
{
    return connectDaemon();
}

int startAndFollow(OrgSeesawUpdater1Interface &proxy,
                   const std::function<QDBusPendingCall()> &start)
{
    Follower follower(proxy, false); // listening before the install can begin
    QDBusPendingCall started = start();
    started.waitForFinished();
    if (started.isError()) {
        return reportBusError(started.error());
    }
    return follower.run();
}

int exitCodeForBusError(const QString &name)
{
    return exitCodeForBus(name);
}

int reportBusError(const QDBusError &error)
{
    printErr(tr("seesaw: %1 [%2]").arg(error.message(), error.name()));
    return exitCodeForBus(error.name());
}

int runDeviceOverBus(const QString &command, const QStringList &args)
{
    auto proxy = connectDaemon();
    if (!proxy) {
        return ExitIo;
    }
    if (command == QLatin1String("install")) {
        return installOverBus(*proxy, args);
    }
    if (command == QLatin1String("status")) {
        return statusOverBus(*proxy, args);
    }
    if (command == QLatin1String("history")) {
        return historyOverBus(*proxy, args);
    }
    return simpleCall(*proxy, command, args);
}

int runMonitor(const QStringList &args)
{
    QCommandLineParser parser;
    if (int rc =
            parseOrExit(parser, args,
                        tr("Follow seesawd's state, progress and results live until interrupted."),
                        tr("seesaw monitor"));
        rc >= 0) {
        return rc;
    }
    auto proxy = connectDaemon();
    if (!proxy) {
        return ExitIo;
    }
    Follower follower(*proxy, true);
    printOut(tr("Following seesawd (state %1); Ctrl-C to stop.").arg(proxy->state()));
    return follower.run();
}

} // namespace cli

#include "cmd_dbus.moc"
