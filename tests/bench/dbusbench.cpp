// The D-Bus client side of tests/bench/daemon: times seesawd's calls from a real client (the
// generated proxy on the bus named by DBUS_SYSTEM_BUS_ADDRESS), which busctl cannot do for
// calls that pass a file descriptor.
//   dbusbench inspect N FILE... InspectBundle(fd) on each FILE in turn, a warm-up round and N
//                              timed ones; prints a line per round, milliseconds per FILE
//   dbusbench plug IMAGE       losetup -f IMAGE, waits until ListMedia lists the new loop
//                              device, then ScanMedia twice; prints "DEVICE LISTED_MS SCAN1_MS
//                              SCAN2_MS BUNDLES" (milliseconds from just before losetup)
//   dbusbench gone ID          waits until ListMedia no longer lists ID
//   dbusbench mount DEV DIR    mount(2)s the ext4 on DEV read-only, nosuid, nodev, noexec on DIR
//                              as seesawd does, unmounts it; prints the mount's milliseconds
//   dbusbench idle             one property read, then prints this process's "VmRSS VmHWM"
//                              in KiB: the floor of any QtDBus client or service
#include "dbustypes.h"
#include "updater1proxy.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusUnixFileDescriptor>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace {

// Reports why the bench gives up. The exit status says so even when stderr cannot be written,
// so a failed write is ignored.
int fail(const QString &message)
{
    (void)fprintf(stderr, "dbusbench: %s\n", qPrintable(message));
    return 1;
}

bool listed(OrgSeesawUpdater1Interface &p, const QString &id, QString *error)
{
    auto reply = p.ListMedia();
    reply.waitForFinished();
    if (reply.isError()) {
        *error = reply.error().message();
        return false;
    }
    const QList<QVariantMap> media = reply.value();
    return std::ranges::any_of(media, [&id](const QVariantMap &m) {
        return m.value(QStringLiteral("id")).toString() == id;
    });
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

int inspect(OrgSeesawUpdater1Interface &p, int n, const QStringList &files)
{
    // Round-robin over the files, so that drift over time (caches, CPU frequency, other load)
    // affects every file alike.
    for (int i = 0; i <= n; ++i) {
        for (const QString &file : files) {
            const int fd = ::open(QFile::encodeName(file).constData(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                return fail(QStringLiteral("cannot open %1").arg(file));
            }
            const QDBusUnixFileDescriptor dfd(fd); // dups fd
            ::close(fd);
            QElapsedTimer t;
            t.start();
            auto reply = p.InspectBundle(dfd);
            reply.waitForFinished();
            const double elapsed = ms(t);
            if (reply.isError()) {
                return fail(QStringLiteral("InspectBundle: ") + reply.error().message());
            }
            if (!reply.value().value(QStringLiteral("installable")).toBool()) {
                return fail(QStringLiteral("InspectBundle: %1 is not installable here").arg(file));
            }
            printf("%s%.3f", &file == &files.first() ? "" : " ", elapsed);
        }
        printf("\n");
    }
    return 0;
}

int plug(OrgSeesawUpdater1Interface &p, const QString &image)
{
    QString error;
    QString id;
    QElapsedTimer t;
    double listedMs = -1;
    QEventLoop loop;
    auto check = [&] {
        if (!id.isEmpty() && listedMs < 0 && listed(p, id, &error)) {
            listedMs = ms(t);
            loop.quit();
        }
    };
    // MediaChanged says when to look again; a slow poll only guards against a lost signal.
    QObject::connect(&p, &OrgSeesawUpdater1Interface::MediaChanged, &loop, check);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, check);
    listed(p, QString(), &error); // the signal subscription is in place after this round trip
    t.start();
    QProcess losetup;
    losetup.start(QStringLiteral("losetup"),
                  {QStringLiteral("-f"), QStringLiteral("--show"), image});
    if (!losetup.waitForFinished() || losetup.exitCode() != 0) {
        return fail(QStringLiteral("losetup failed: ") +
                    QString::fromUtf8(losetup.readAllStandardError()));
    }
    const QString device = QString::fromUtf8(losetup.readAllStandardOutput()).trimmed();
    id = QFileInfo(device).fileName();
    check();
    if (listedMs < 0) {
        poll.start(200);
        QTimer::singleShot(30000, &loop, [&] { loop.exit(1); });
        if (loop.exec() != 0) {
            return fail(QStringLiteral("%1 not listed after 30 s %2").arg(device, error));
        }
    }
    double scanMs[2] = {0, 0};
    qsizetype bundles = 0;
    for (double &scan : scanMs) {
        t.restart();
        auto reply = p.ScanMedia(id);
        reply.waitForFinished();
        scan = ms(t);
        if (reply.isError()) {
            return fail(QStringLiteral("ScanMedia: ") + reply.error().message());
        }
        bundles = 0;
        for (const QVariantMap &b : reply.value()) {
            if (b.contains(QStringLiteral("error")) || !b.contains(QStringLiteral("summary"))) {
                return fail(QStringLiteral("ScanMedia: %1: %2")
                                .arg(b.value(QStringLiteral("path")).toString(),
                                     b.value(QStringLiteral("error")).toString()));
            }
            ++bundles;
        }
    }
    printf("%s %.3f %.3f %.3f %lld\n", qPrintable(device), listedMs, scanMs[0], scanMs[1],
           static_cast<long long>(bundles));
    return 0;
}

int gone(OrgSeesawUpdater1Interface &p, const QString &id)
{
    QElapsedTimer t;
    t.start();
    QString error;
    while (listed(p, id, &error) || !error.isEmpty()) {
        if (t.elapsed() > 30000) {
            return fail(QStringLiteral("%1 still listed after 30 s %2").arg(id, error));
        }
        error.clear();
        QThread::msleep(50);
    }
    return 0;
}

int mountOnly(const QString &device, const QString &dir)
{
    QElapsedTimer t;
    t.start();
    if (::mount(QFile::encodeName(device).constData(), QFile::encodeName(dir).constData(), "ext4",
                MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
        return fail(QStringLiteral("cannot mount %1 on %2").arg(device, dir));
    }
    const double elapsed = ms(t);
    if (::umount(QFile::encodeName(dir).constData()) != 0) {
        return fail(QStringLiteral("cannot unmount %1").arg(dir));
    }
    printf("%.3f\n", elapsed);
    return 0;
}

int idle(OrgSeesawUpdater1Interface &p)
{
    if (p.state().isEmpty()) {
        return fail(QStringLiteral("cannot read the State property: ") + p.lastError().message());
    }
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return fail(QStringLiteral("cannot read /proc/self/status"));
    }
    QByteArray rss;
    QByteArray hwm;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            rss = line.mid(6).simplified().split(' ').value(0);
        } else if (line.startsWith("VmHWM:")) {
            hwm = line.mid(6).simplified().split(' ').value(0);
        }
    }
    printf("%s %s\n", rss.constData(), hwm.constData());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    seesaw::registerUpdaterDBusTypes();
    OrgSeesawUpdater1Interface p(QStringLiteral("org.seesaw.Updater1"),
                                 QStringLiteral("/org/seesaw/Updater1"),
                                 QDBusConnection::systemBus());
    p.setTimeout(60000);
    if (!p.connection().isConnected()) {
        return fail(QStringLiteral("no system bus: ") + p.connection().lastError().message());
    }
    const QString mode = args.value(0);
    if (mode == QLatin1String("inspect") && args.size() >= 3) {
        return inspect(p, args[1].toInt(), args.mid(2));
    }
    if (mode == QLatin1String("plug") && args.size() == 2) {
        return plug(p, args[1]);
    }
    if (mode == QLatin1String("gone") && args.size() == 2) {
        return gone(p, args[1]);
    }
    if (mode == QLatin1String("mount") && args.size() == 3) {
        return mountOnly(args[1], args[2]);
    }
    if (mode == QLatin1String("idle") && args.size() == 1) {
        return idle(p);
    }
    return fail(QStringLiteral(
        "usage: dbusbench inspect N FILE... | plug IMAGE | gone ID | mount DEV DIR | idle"));
}
