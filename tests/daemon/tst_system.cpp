// Risk: with the real parts — dbus-daemon as the system bus, polkitd evaluating Seesaw's real
// policy, systemd-udevd reporting a loop device dressed as a USB stick, seesawd on a simulated
// device — an unauthorised user can change the device, the CLI's story over D-Bus does not work
// end to end, or a stick install (or a stick pulled mid-install) goes wrong.
#include "dbustypes.h"
#include "testutil.h"
#include "updater1proxy.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <sys/stat.h>
#include <unistd.h>

using testutil::RunResult;

namespace {
const QString Service = QStringLiteral("org.seesaw.Updater1");
constexpr int TestUid = 61742; // "seesaw-test" in the fixture's user database: polkit says yes
constexpr int NobodyUid = 65534;
} // namespace

class TestSystem : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_dir;
    QString m_bus;
    QString m_device;
    QString m_rule;
    QProcess m_daemon;

    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }

    RunResult cli(const QStringList &args, int uid = 0)
    {
        QStringList command{testutil::cliPath()};
        if (uid != 0)
            command = QStringList{QStringLiteral("setpriv"), QStringLiteral("--reuid=%1").arg(uid),
                                  QStringLiteral("--regid=%1").arg(uid == NobodyUid ? 65534 : uid),
                                  QStringLiteral("--clear-groups")} +
                      command;
        return testutil::run(command.first(), command.mid(1) + args,
                             {QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS=") + m_bus});
    }

    bool startDaemon(const QStringList &extraEnv = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_bus);
        for (const QString &e : extraEnv)
            env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
        m_daemon.setProcessEnvironment(env);
        m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_daemon.start(QStringLiteral(SEESAW_DAEMON),
                       {QStringLiteral("--conf"), m_device + QStringLiteral("/system.conf"),
                        QStringLiteral("--media-root"), path(QStringLiteral("media"))});
        if (!m_daemon.waitForStarted())
            return false;
        QDBusConnection bus = QDBusConnection::connectToBus(m_bus, QStringLiteral("tst_system"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            if (bus.interface()->isServiceRegistered(Service))
                return true;
            QThread::msleep(50);
        }
        return false;
    }

    void stopDaemon()
    {
        if (m_daemon.state() == QProcess::NotRunning)
            return;
        m_daemon.terminate();
        if (!m_daemon.waitForFinished(20000))
            m_daemon.kill();
        m_daemon.waitForFinished();
    }

    std::unique_ptr<OrgSeesawUpdater1Interface> proxy()
    {
        return std::make_unique<OrgSeesawUpdater1Interface>(
            Service, QStringLiteral("/org/seesaw/Updater1"),
            QDBusConnection::connectToBus(m_bus, QStringLiteral("tst_system")));
    }

    // A bundle for the simulated device; `random` makes its image incompressible, so reading
    // the payload takes as long as writing it.
    QString makeBundle(const QString &version, int mib, const QString &seed, bool random = false)
    {
        const QString out = path(QStringLiteral("bundles/%1.seesaw").arg(version));
        QStringList args{
            QStringLiteral("bundle"),    m_device, QStringLiteral("-o"),     out,
            QStringLiteral("--version"), version,  QStringLiteral("--size"), QString::number(mib),
            QStringLiteral("--seed"),    seed};
        if (random) {
            const QString image = path(QStringLiteral("random-%1.img").arg(version));
            testutil::writeFile(image, testutil::randomBytes(qsizetype(mib) << 20, seed.toUInt()));
            args << QStringLiteral("--image") << image;
        }
        const RunResult r =
            testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")), args);
        ::chmod(QFile::encodeName(out).constData(), 0644);
        return r.exitCode == 0 ? out : QString();
    }

    static QString manifestHash(const QString &bundle)
    {
        const RunResult r = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("info"), bundle, QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out)
            .object()
            .value(QStringLiteral("manifest_sha256"))
            .toString();
    }

    int historyCount()
    {
        const RunResult r = testutil::runCli({QStringLiteral("--direct"), QStringLiteral("--conf"),
                                              m_device + QStringLiteral("/system.conf"),
                                              QStringLiteral("history"), QStringLiteral("--json")});
        return int(QJsonDocument::fromJson(r.out).array().size());
    }

    // A loop device on an ext4 image holding `files`, marked as USB by the test's udev rule.
    // With `directories`, that many subdirectories (each holding a small file) too.
    QString plugStick(const QString &name, const QStringList &files, int directories = 0)
    {
        const QString image =
            path(QStringLiteral("seesaw-test-stick-%1-%2.img").arg(::getpid()).arg(name));
        const QString mnt = path(QStringLiteral("fill-") + name);
        QDir().mkpath(mnt);
        if (testutil::run(QStringLiteral("truncate"),
                          {QStringLiteral("-s"), QStringLiteral("96M"), image})
                    .exitCode != 0 ||
            testutil::run(QStringLiteral("mkfs.ext4"),
                          {QStringLiteral("-q"), QStringLiteral("-F"), image})
                    .exitCode != 0 ||
            testutil::run(QStringLiteral("mount"),
                          {QStringLiteral("-o"), QStringLiteral("loop"), image, mnt})
                    .exitCode != 0)
            return {};
        for (const QString &f : files)
            QFile::copy(f, mnt + QLatin1Char('/') + QFileInfo(f).fileName());
        for (int i = 0; i < directories; ++i) {
            const QString dir = mnt + QStringLiteral("/dir%1").arg(i, 2, 10, QLatin1Char('0'));
            QDir().mkpath(dir);
            testutil::writeFile(dir + QStringLiteral("/readme.txt"), "not a bundle\n");
        }
        testutil::run(QStringLiteral("umount"), {mnt});
        const RunResult loop = testutil::run(
            QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), image});
        testutil::run(QStringLiteral("udevadm"), {QStringLiteral("settle")});
        return loop.exitCode == 0 ? QString::fromUtf8(loop.out).trimmed() : QString();
    }

    // Waits for seesawd to list the stick on loop device `loop` (sticks without a serial are
    // named after their device); returns its id.
    static QString waitForMedium(OrgSeesawUpdater1Interface &p, const QString &loop)
    {
        const QString wanted = QFileInfo(loop).fileName();
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 15000) {
            auto media = p.ListMedia();
            media.waitForFinished();
            for (const QVariantMap &m : media.isError() ? QList<QVariantMap>() : media.value()) {
                if (m.value(QStringLiteral("id")).toString() == wanted)
                    return wanted;
            }
            QThread::msleep(100);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (geteuid() != 0)
            QSKIP("needs root: private mount namespaces, uids, loop devices");
        seesaw::registerUpdaterDBusTypes();
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path();
        ::chmod(QFile::encodeName(m_dir).constData(), 0755); // the test users read bundles here
        QVERIFY(QDir().mkpath(path(QStringLiteral("bundles"))));
        ::chmod(QFile::encodeName(path(QStringLiteral("bundles"))).constData(), 0755);
        const RunResult started =
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/start")),
                          {QStringLiteral("--udev"), path(QStringLiteral("fixture"))});
        QVERIFY2(started.exitCode == 0, started.err.constData());
        m_bus = QString::fromUtf8(testutil::readFile(path(QStringLiteral("fixture/bus-address"))))
                    .trimmed();
        QVERIFY(!m_bus.isEmpty());
        m_rule = QStringLiteral("/run/udev/rules.d/99-seesaw-test-stick-%1.rules").arg(::getpid());
        QVERIFY(QDir().mkpath(QStringLiteral("/run/udev/rules.d")));
        QVERIFY(testutil::writeFile(
            m_rule, QStringLiteral("SUBSYSTEM==\"block\", KERNEL==\"loop*\", "
                                   "ATTR{loop/backing_file}==\"*seesaw-test-stick-%1-*\", "
                                   "ENV{ID_BUS}=\"usb\"\n")
                        .arg(::getpid())
                        .toUtf8()));
        testutil::run(QStringLiteral("udevadm"),
                      {QStringLiteral("control"), QStringLiteral("--reload")});

        m_device = path(QStringLiteral("device"));
        const RunResult created =
            testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")),
                          {QStringLiteral("create"), m_device, QStringLiteral("--slot-size"),
                           QStringLiteral("48")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        QVERIFY(startDaemon());
    }

    void cleanupTestCase()
    {
        stopDaemon();
        // Detach this test's sticks, then drop its rule.
        const RunResult loops = testutil::run(QStringLiteral("losetup"), {QStringLiteral("-a")});
        for (const QByteArray &line : loops.out.split('\n')) {
            if (line.contains(QByteArray("seesaw-test-stick-" + QByteArray::number(::getpid()))))
                testutil::run(
                    QStringLiteral("losetup"),
                    {QStringLiteral("-d"), QString::fromUtf8(line.left(line.indexOf(':')))});
        }
        if (!m_rule.isEmpty()) {
            QFile::remove(m_rule);
            testutil::run(QStringLiteral("udevadm"),
                          {QStringLiteral("control"), QStringLiteral("--reload")});
        }
        if (!m_dir.isEmpty())
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/stop")),
                          {path(QStringLiteral("fixture"))});
    }

    // Denials come from the real polkitd and the packaged policy; nothing changes on a denial.
    void unauthorisedUserIsRefused()
    {
        const QString bundle = makeBundle(QStringLiteral("1.0.5"), 4, QStringLiteral("5"));
        QVERIFY(!bundle.isEmpty());
        const int before = historyCount();
        for (const QStringList &args :
             {QStringList{QStringLiteral("install"), bundle, QStringLiteral("--yes")},
              QStringList{QStringLiteral("mark-good")}, QStringList{QStringLiteral("mark-bad")},
              QStringList{QStringLiteral("rollback")}, QStringList{QStringLiteral("history")}}) {
            const RunResult r = cli(args, NobodyUid);
            QVERIFY2(r.exitCode == 5, qPrintable(args.join(QLatin1Char(' ')) +
                                                 QStringLiteral(": ") + QString::fromUtf8(r.err)));
            QVERIFY(r.err.contains("AccessDenied"));
        }
        // Every other method, called directly on the bus as nobody (busctl; the file-descriptor
        // methods are covered by the CLI's install above).
        const QList<QStringList> calls{
            {QStringLiteral("Cancel")},
            {QStringLiteral("Reboot")},
            {QStringLiteral("AcknowledgeResult")},
            {QStringLiteral("ListMedia")},
            {QStringLiteral("ScanMedia"), QStringLiteral("s"), QStringLiteral("loop0")},
            {QStringLiteral("InstallFromMedia"), QStringLiteral("sssa{sv}"),
             QStringLiteral("loop0"), QStringLiteral("x.seesaw"), QString(64, QLatin1Char('0')),
             QStringLiteral("0")},
            {QStringLiteral("ExportReport"), QStringLiteral("s"), QStringLiteral("loop0")},
            {QStringLiteral("History"), QStringLiteral("u"), QStringLiteral("5")},
            {QStringLiteral("MarkGood")},
            {QStringLiteral("MarkBad")},
            {QStringLiteral("Rollback")},
        };
        for (const QStringList &call : calls) {
            const RunResult r = testutil::run(
                QStringLiteral("setpriv"),
                QStringList{QStringLiteral("--reuid=%1").arg(NobodyUid),
                            QStringLiteral("--regid=65534"), QStringLiteral("--clear-groups"),
                            QStringLiteral("busctl"), QStringLiteral("--address=") + m_bus,
                            QStringLiteral("call"), Service, QStringLiteral("/org/seesaw/Updater1"),
                            Service} +
                    call);
            QVERIFY2(
                r.exitCode != 0 && r.err.contains("Not authorized"),
                qPrintable(call.first() + QStringLiteral(": ") + QString::fromUtf8(r.out + r.err)));
        }
        QCOMPARE(historyCount(), before);
        // Property reads need no authorisation.
        QCOMPARE(cli({QStringLiteral("status")}, NobodyUid).exitCode, 0);
        // The same calls are allowed for a user the rules authorise.
        QCOMPARE(cli({QStringLiteral("history")}, TestUid).exitCode, 0);
    }

    // inspect → install → reboot → mark-good, all through seesawd.
    void storyOverBus()
    {
        const QString bundle = makeBundle(QStringLiteral("1.1.0"), 16, QStringLiteral("11"));
        QVERIFY(!bundle.isEmpty());
        // `seesaw monitor` follows the install live.
        QProcess monitor;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_bus);
        monitor.setProcessEnvironment(env);
        monitor.start(testutil::cliPath(), {QStringLiteral("monitor")});
        QVERIFY(monitor.waitForReadyRead(10000)); // subscribed: it printed its first line
        RunResult r = cli({QStringLiteral("install"), bundle, QStringLiteral("--yes")}, TestUid);
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QVERIFY(r.out.contains("1.1.0"));
        QTest::qWait(300);
        monitor.terminate();
        QVERIFY(monitor.waitForFinished(10000));
        const QByteArray followed = monitor.readAllStandardOutput();
        QVERIFY2(followed.contains("State installing") && followed.contains("completed ok"),
                 followed.constData());
        r = cli({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("PrimarySlot")).toString(),
            QStringLiteral("B"));

        // The reboot: the boot loader picks B, seesawd starts again on the new system.
        stopDaemon();
        r = testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")),
                          {QStringLiteral("boot"), m_device});
        QVERIFY(r.out.contains("booted slot B"));
        QVERIFY(startDaemon());
        r = cli({QStringLiteral("mark-good")}, TestUid);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("status"), QStringLiteral("--json")});
        const QJsonObject st = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(st.value(QStringLiteral("BootedSlot")).toString(), QStringLiteral("B"));
        QCOMPARE(st.value(QStringLiteral("Version")).toString(), QStringLiteral("1.1.0"));
        QCOMPARE(st.value(QStringLiteral("LastResult"))
                     .toObject()
                     .value(QStringLiteral("outcome"))
                     .toString(),
                 QStringLiteral("good"));
    }

    // A stick appears through udev, is scanned and installed from; a second one is pulled
    // mid-install.
    void usbStick()
    {
        auto p = proxy();
        QSignalSpy changed(p.get(), &OrgSeesawUpdater1Interface::MediaChanged);
        const QString bundle = makeBundle(QStringLiteral("1.2.0"), 16, QStringLiteral("12"));
        const QString loop = plugStick(QStringLiteral("a"), {bundle});
        QVERIFY(!loop.isEmpty());
        const QString id = waitForMedium(*p, loop);
        QVERIFY2(!id.isEmpty(), "seesawd did not list the stick");
        QVERIFY(changed.count() > 0 || changed.wait(5000));
        auto scanned = p->ScanMedia(id);
        scanned.waitForFinished();
        QVERIFY2(!scanned.isError(), qPrintable(scanned.error().message()));
        QCOMPARE(scanned.value().size(), 1);
        QCOMPARE(scanned.value().first().value(QStringLiteral("path")).toString(),
                 QStringLiteral("1.2.0.seesaw"));

        QSignalSpy completed(p.get(), &OrgSeesawUpdater1Interface::Completed);
        auto started =
            p->InstallFromMedia(id, QStringLiteral("1.2.0.seesaw"), manifestHash(bundle), {});
        started.waitForFinished();
        QVERIFY2(!started.isError(), qPrintable(started.error().message()));
        QVERIFY(completed.wait(60000));
        QVERIFY2(completed.first().at(0).toBool(), qPrintable(completed.first().at(2).toString()));
        // Refused: a path that leaves the stick.
        auto escape =
            p->InstallFromMedia(id, QStringLiteral("../../etc/passwd"), manifestHash(bundle), {});
        escape.waitForFinished();
        QVERIFY(escape.isError());
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loop});

        // Pulled mid-install: seesawd reports it and stays up.
        stopDaemon();
        QVERIFY(startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=install:write:300")}));
        p = proxy();
        const QString big = makeBundle(QStringLiteral("1.3.0"), 40, QStringLiteral("13"), true);
        const QString loop2 = plugStick(QStringLiteral("b"), {big});
        QVERIFY(!loop2.isEmpty());
        const QString id2 = waitForMedium(*p, loop2);
        QVERIFY(!id2.isEmpty());
        QSignalSpy completed2(p.get(), &OrgSeesawUpdater1Interface::Completed);
        auto install =
            p->InstallFromMedia(id2, QStringLiteral("1.3.0.seesaw"), manifestHash(big), {});
        install.waitForFinished();
        QVERIFY2(!install.isError(), qPrintable(install.error().message()));
        QThread::msleep(700);
        const QString image = path(QStringLiteral("seesaw-test-stick-%1-b.img").arg(::getpid()));
        testutil::run(QStringLiteral("truncate"),
                      {QStringLiteral("-s"), QStringLiteral("0"), image});
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-c"), loop2});
        QVERIFY(completed2.wait(60000));
        QCOMPARE(completed2.first().at(0).toBool(), false);
        QVERIFY2(completed2.first().at(2).toString().contains(QLatin1String("USB stick")),
                 qPrintable(completed2.first().at(2).toString()));
        QCOMPARE(m_daemon.state(), QProcess::Running);
        const RunResult st = cli({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(st.out)
                     .object()
                     .value(QStringLiteral("PrimarySlot"))
                     .toString(),
                 QJsonDocument::fromJson(st.out)
                     .object()
                     .value(QStringLiteral("BootedSlot"))
                     .toString());
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loop2});
    }

    // ExportReport writes the report onto a real stick through the daemon's one read-write
    // mount, which is gone again afterwards; what lands there is the device's history.
    void exportReport()
    {
        auto p = proxy();
        const QString loop = plugStick(QStringLiteral("report"), {});
        QVERIFY(!loop.isEmpty());
        const QString id = waitForMedium(*p, loop);
        QVERIFY(!id.isEmpty());
        auto exported = p->ExportReport(id);
        exported.waitForFinished();
        QVERIFY2(!exported.isError(), qPrintable(exported.error().message()));
        const QString name = exported.value();
        QVERIFY2(name.startsWith(QLatin1String("seesaw-report-")) &&
                     name.endsWith(QLatin1String(".txt")) && !name.contains(QLatin1Char('/')),
                 qPrintable(name));
        // No read-write mount of the stick is left behind.
        QFile mounts(QStringLiteral("/proc/self/mountinfo"));
        QVERIFY(mounts.open(QIODevice::ReadOnly));
        for (const QByteArray &line : mounts.readAll().split('\n')) {
            if (line.contains(QFile::encodeName(path(QStringLiteral("media")))))
                QVERIFY2(!line.contains(" rw,") && !line.contains(" rw "), line.constData());
        }
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loop});

        const QString image =
            path(QStringLiteral("seesaw-test-stick-%1-report.img").arg(::getpid()));
        const QString mnt = path(QStringLiteral("report-check"));
        QDir().mkpath(mnt);
        QCOMPARE(testutil::run(QStringLiteral("mount"),
                               {QStringLiteral("-o"), QStringLiteral("loop,ro"), image, mnt})
                     .exitCode,
                 0);
        const QByteArray text = testutil::readFile(mnt + QLatin1Char('/') + name);
        const QByteArray json = testutil::readFile(
            mnt + QLatin1Char('/') + name.chopped(4) + QStringLiteral(".json"));
        testutil::run(QStringLiteral("umount"), {mnt});
        QVERIFY2(text.contains("Seesaw update report") && text.contains("History ("),
                 text.constData());
        const QJsonObject report = QJsonDocument::fromJson(json).object();
        QCOMPARE(report.value(QStringLiteral("history")).toArray().size(), historyCount());
        QVERIFY(historyCount() > 0);
        QCOMPARE(report.value(QStringLiteral("status"))
                     .toObject()
                     .value(QStringLiteral("compatible"))
                     .toString(),
                 QStringLiteral("seesaw-sim"));
    }

    // Read-only requests (inspections, scans, history) run on reader threads; a client that
    // floods the daemon with them gets Busy beyond the cap, and the daemon serves on after.
    void readerRequestsAreCapped()
    {
        stopDaemon();
        QVERIFY(startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=daemon:read-request:200")}));
        auto p = proxy();
        const QString bundle = makeBundle(QStringLiteral("1.5.0"), 1, QStringLiteral("15"));
        QFile file(bundle);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QDBusUnixFileDescriptor fd(file.handle());
        QList<QDBusPendingReply<QVariantMap>> calls;
        for (int i = 0; i < 48; ++i)
            calls.append(p->InspectBundle(fd));
        int busy = 0;
        int answered = 0;
        for (auto &call : calls) {
            call.waitForFinished();
            if (call.isError()) {
                QCOMPARE(call.error().name(), QStringLiteral("org.seesaw.Updater1.Error.Busy"));
                ++busy;
            } else {
                QCOMPARE(call.value().value(QStringLiteral("version")).toString(),
                         QStringLiteral("1.5.0"));
                ++answered;
            }
        }
        qInfo() << answered << "inspections answered," << busy << "refused as busy";
        QVERIFY(busy > 0);
        QVERIFY(answered >= 32);
        auto after = p->InspectBundle(fd);
        after.waitForFinished();
        QVERIFY2(!after.isError(), qPrintable(after.error().message()));
        stopDaemon();
        QVERIFY(startDaemon());
    }

    // A stick pulled while seesawd walks it: the scan ends with a clean error (or what it had
    // found), the daemon stays up, and the stick is gone from the list.
    void stickPulledDuringScan()
    {
        stopDaemon();
        QVERIFY(startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=media:scan-directory:150")}));
        auto p = proxy();
        const QString bundle = makeBundle(QStringLiteral("1.4.0"), 4, QStringLiteral("14"));
        const QString loop = plugStick(QStringLiteral("pulled"), {bundle}, 20);
        QVERIFY(!loop.isEmpty());
        // Twenty directories: a scan of about three seconds at 150 ms each.
        const QString image =
            path(QStringLiteral("seesaw-test-stick-%1-pulled.img").arg(::getpid()));
        const QString id = waitForMedium(*p, loop);
        QVERIFY(!id.isEmpty());
        QElapsedTimer clock;
        clock.start();
        auto scanned = p->ScanMedia(id);
        QThread::msleep(400);
        testutil::run(QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("0"), image});
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-c"), loop});
        testutil::writeFile(QStringLiteral("/proc/sys/vm/drop_caches"), "2\n");
        scanned.waitForFinished();
        qInfo() << "scan of the pulled stick after" << clock.elapsed() << "ms:"
                << (scanned.isError() ? scanned.error().message()
                                      : QStringLiteral("%1 bundles").arg(scanned.value().size()));
        if (scanned.isError())
            QVERIFY2(scanned.error().name().startsWith(QLatin1String("org.seesaw.Updater1.Error.")) &&
                         !scanned.error().message().isEmpty(),
                     qPrintable(scanned.error().name() + QLatin1Char(' ') +
                                scanned.error().message()));
        QCOMPARE(m_daemon.state(), QProcess::Running);
        // Installing from the dead stick fails with a clear error; the device is unchanged.
        QSignalSpy completed(p.get(), &OrgSeesawUpdater1Interface::Completed);
        auto install =
            p->InstallFromMedia(id, QStringLiteral("1.4.0.seesaw"), manifestHash(bundle), {});
        install.waitForFinished();
        QString message;
        if (install.isError()) {
            message = install.error().message();
        } else {
            QVERIFY(completed.wait(60000));
            QCOMPARE(completed.first().at(0).toBool(), false);
            message = completed.first().at(2).toString();
        }
        QVERIFY2(message.contains(QLatin1String("stick"), Qt::CaseInsensitive), qPrintable(message));
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loop});
        QElapsedTimer gone;
        gone.start();
        bool listed = true;
        while (listed && gone.elapsed() < 15000) {
            auto media = p->ListMedia();
            media.waitForFinished();
            listed = false;
            for (const QVariantMap &m : media.value())
                listed = listed || m.value(QStringLiteral("id")).toString() == id;
            if (listed)
                QThread::msleep(100);
        }
        QVERIFY2(!listed, "the pulled stick is still listed");
        QCOMPARE(m_daemon.state(), QProcess::Running);
        stopDaemon();
        QVERIFY(startDaemon());
    }
};

QTEST_GUILESS_MAIN(TestSystem)
#include "tst_system.moc"
