// seesawd: the privileged D-Bus system service (org.seesaw.Updater1). Logs go to stderr, which
// the journal collects when systemd runs it.
#include "base/mallocpolicy.h"
#include "device/bootoutcome.h"
#include "device/device.h"
#include "media/mediamanager.h"
#include "trust/cryptoexit.h"
#include "updaterservice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace {

int failStartup(const QString &message)
{
    // Standard error is the journal; if even that write fails, the exit code still says it.
    (void)fprintf(stderr, "seesawd: %s\n", qPrintable(message));
    return 1;
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const auto byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

// SIGTERM (systemd stopping the service) and SIGINT end the event loop; a running install is
// then cancelled and leaves its target slot marked bad. A self-pipe rather than a blocked mask
// and signalfd: a blocked mask would be inherited by the boot loader tools and reboot command.
void quitOnSignals(QCoreApplication &app)
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        return;
    }
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        unsigned char byte = 0;
        while (::read(g_signalPipe[0], &byte, 1) == 1) {
            qInfo("seesawd: signal %d, stopping", int(byte));
        }
        QCoreApplication::quit();
    });
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
}

// QtDBus turns off libdbus's exit-on-disconnect and has no public signal for a lost bus: a
// seesawd that lost its connection (the bus restarted, or it dropped us) would live on without
// its name and unreachable, and systemd restarts only a service that exits. libdbus delivers
// the loss as the local signal org.freedesktop.DBus.Local.Disconnected; on it seesawd exits
// with a failure, so that Restart=on-failure (or bus activation) brings it back.
class BusLossWatch : public QObject {
    Q_OBJECT
public:
    static constexpr int ExitBusLost = 3;

    explicit BusLossWatch(QDBusConnection bus, QObject *parent) : QObject(parent)
    {
        bus.connect(QString(), QStringLiteral("/org/freedesktop/DBus/Local"),
                    QStringLiteral("org.freedesktop.DBus.Local"), QStringLiteral("Disconnected"),
                    this, SLOT(onDisconnected()));
    }

private Q_SLOTS:
    // NOLINTNEXTLINE(readability-convert-member-functions-to-static): connected by name, a slot
    void onDisconnected()
    {
        qCritical("seesawd: lost the connection to the system bus; exiting so that it is "
                  "started again");
        QCoreApplication::exit(ExitBusLost);
    }
};

// What the command line asks for.
struct Options {
    QString conf;
    QString mediaRoot;
    bool media = true;
};

// Reads the command line (--help prints and exits); an error message for what it cannot take.
QString parseOptions(const QCoreApplication &app, Options &out)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Seesaw's privileged update service."));
    parser.addHelpOption();
    const QCommandLineOption conf(QStringLiteral("conf"), QStringLiteral("The device description."),
                                  QStringLiteral("FILE"),
                                  QStringLiteral("/etc/seesaw/system.conf"));
    const QCommandLineOption mediaRoot(QStringLiteral("media-root"),
                                       QStringLiteral("Where removable media are mounted."),
                                       QStringLiteral("DIR"), QStringLiteral("/run/seesaw/media"));
    const QCommandLineOption noMedia(QStringLiteral("no-media"),
                                     QStringLiteral("Do not watch or mount removable media."));
    parser.addOptions({conf, mediaRoot, noMedia});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty()) {
        return QStringLiteral("unexpected argument %1 (see --help)")
            .arg(parser.positionalArguments().constFirst());
    }
    out.conf = parser.value(conf);
    out.mediaRoot = parser.value(mediaRoot);
    out.media = !parser.isSet(noMedia);
    return {};
}

// Removable media, unless --no-media; seesawd serves without them when they cannot start.
std::unique_ptr<seesaw::MediaManager> startMedia(const Options &options)
{
    if (!options.media) {
        return nullptr;
    }
    seesaw::MediaManager::Options mediaOptions;
    mediaOptions.mountRoot = options.mediaRoot;
    auto media = std::make_unique<seesaw::MediaManager>(mediaOptions);
    if (seesaw::Status started = media->start(); !started) {
        qWarning("seesawd: removable media are not available: %s",
                 qPrintable(started.error().message));
    }
    return media;
}

} // namespace

int main(int argc, char **argv)
{
    seesaw::keepLargeBuffersMapped();
    seesaw::keepCryptoUntilExit();
    // The daemon's event loop needs no GLib integration (nothing of GLib runs in it); Qt's own
    // dispatcher keeps GLib's main-context machinery out of the idle footprint.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB")) {
        qputenv("QT_NO_GLIB", "1");
    }
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("seesawd"));
    qSetMessagePattern(QStringLiteral("%{if-category}%{category}: %{endif}%{message}"));

    Options options;
    if (const QString problem = parseOptions(app, options); !problem.isEmpty()) {
        return failStartup(problem);
    }

    // DBUS_SYSTEM_BUS_ADDRESS is honoured: the tests run seesawd on a private bus.
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        return failStartup(
            QStringLiteral("cannot connect to the system bus: %1").arg(bus.lastError().message()));
    }

    auto device = seesaw::Device::open(options.conf);
    if (!device) {
        return failStartup(QStringLiteral("cannot open the device described in %1: %2")
                               .arg(options.conf, device.error().message));
    }

    // After a reboot: what became of the last update (healthy, rolled back, fell back,
    // interrupted) is recorded once, for LastResult and the history.
    if (auto reconciled = seesaw::reconcileBoot(**device); !reconciled) {
        qWarning("seesawd: cannot record the outcome of the last boot: %s",
                 qPrintable(reconciled.error().message));
    }

    const std::unique_ptr<seesaw::MediaManager> media = startMedia(options);

    auto service = std::make_unique<seesaw::UpdaterService>(std::move(*device), media.get(), bus);
    if (!service->registerOn(bus)) {
        return failStartup(
            QStringLiteral("cannot register %1: %2")
                .arg(QLatin1String(seesaw::UpdaterService::ObjectPath), bus.lastError().message()));
    }
    const QString name = QString::fromLatin1(seesaw::UpdaterService::ServiceName);
    if (!bus.registerService(name)) {
        return failStartup(
            QStringLiteral("the name %1 is taken on the system bus (is another seesawd running?): "
                           "%2")
                .arg(name, bus.lastError().message()));
    }
    qInfo("seesawd: serving %s on the system bus (%s)", qPrintable(name),
          media ? "with removable media" : "without removable media");

    quitOnSignals(app);
    new BusLossWatch(bus, &app);
    const int rc = QCoreApplication::exec();
    bus.unregisterService(name);
    service.reset(); // cancels and waits for a running install
    return rc;
}

#include "main.moc"
