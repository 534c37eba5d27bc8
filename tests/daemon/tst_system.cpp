// Risk: with the real parts — dbus-daemon as the system bus, polkitd evaluating Seesaw's real
// policy, systemd-udevd reporting a loop device dressed as a USB stick, seesawd on a simulated
// device — an unauthorised user can change the device, the CLI's story over D-Bus does not work
// end to end, or a stick install (or a stick pulled mid-install) goes wrong.
#include "dbustypes.h"
#include "systemfixture.h"
#include "testutil.h"
#include "updater1proxy.h"

#include <QDBusConnection>
#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <unistd.h>

using testutil::RunResult;

namespace {
const QString Service = QStringLiteral("org.seesaw.Updater1");
constexpr int TestUid = 61742; // "seesaw-test" in the fixture's user database: polkit says yes
constexpr int NobodyUid = 65534;
} // namespace

class TestSystem : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    testutil::SystemFixture m_system{QStringLiteral("seesaw-test-stick")};

    std::unique_ptr<OrgSeesawUpdater1Interface> proxy()
    {
        return std::make_unique<OrgSeesawUpdater1Interface>(
            Service, QStringLiteral("/org/seesaw/Updater1"),
            QDBusConnection::connectToBus(m_system.bus(), QStringLiteral("tst_system")));
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
        const RunResult r = m_system.direct({QStringLiteral("history"), QStringLiteral("--json")});
        return int(QJsonDocument::fromJson(r.out).array().size());
    }

    // A stick holding `files` (and `directories` subdirectories with a small file each),
    // plugged in; returns its loop device, and its image in `image`.
    QString plugStick(const QString &name, const QStringList &files, int directories = 0,
                      QString *image = nullptr)
    {
        const QString made = m_system.makeStickImage(name, files, directories);
        if (image != nullptr) {
            *image = made;
        }
        return made.isEmpty() ? QString() : m_system.plug(made);
    }

    // Waits for seesawd to list the stick on loop device `loop` (sticks without a serial are
    // named after their device); returns its id.
    static QString waitForMedium(OrgSeesawUpdater1Interface &p, const QString &loop)
    {
        QString wanted = QFileInfo(loop).fileName();
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 15000) {
            auto media = p.ListMedia();
            media.waitForFinished();
            for (const QVariantMap &m : media.isError() ? QList<QVariantMap>() : media.value()) {
                if (m.value(QStringLiteral("id")).toString() == wanted) {
                    return wanted;
                }
            }
            QThread::msleep(100);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (geteuid() != 0) {
            QSKIP("needs root: private mount namespaces, uids, loop devices");
        }
        seesaw::registerUpdaterDBusTypes();
        QVERIFY(m_tmp.isValid());
        testutil::SystemFixture::Options options;
        options.udev = true;
        const QString error = m_system.start(m_tmp.path(), options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_system.startDaemon());
    }

    void cleanupTestCase() { m_system.stop(); }
    void cleanup() { m_system.explainFailure(); }

    // Denials come from the real polkitd and the packaged policy; nothing changes on a denial.
    void unauthorisedUserIsRefused()
    {
        const QString bundle = m_system.makeBundle(QStringLiteral("1.0.5"), 4, 5);
        QVERIFY(!bundle.isEmpty());
        const int before = historyCount();
        for (const QStringList &args :
             {QStringList{QStringLiteral("install"), bundle, QStringLiteral("--yes")},
              QStringList{QStringLiteral("mark-good")}, QStringList{QStringLiteral("mark-bad")},
              QStringList{QStringLiteral("rollback")}, QStringList{QStringLiteral("history")}}) {
            const RunResult r = m_system.cli(args, NobodyUid);
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
                            QStringLiteral("busctl"), QStringLiteral("--address=") + m_system.bus(),
                            QStringLiteral("call"), Service, QStringLiteral("/org/seesaw/Updater1"),
                            Service} +
                    call);
            QVERIFY2(
                r.exitCode != 0 && r.err.contains("Not authorized"),
                qPrintable(call.first() + QStringLiteral(": ") + QString::fromUtf8(r.out + r.err)));
        }
        QCOMPARE(historyCount(), before);
        // Property reads need no authorisation.
        QCOMPARE(m_system.cli({QStringLiteral("status")}, NobodyUid).exitCode, 0);
        // The same calls are allowed for a user the rules authorise.
        QCOMPARE(m_system.cli({QStringLiteral("history")}, TestUid).exitCode, 0);
    }

    // inspect → install → reboot → mark-good, all through seesawd.
    void storyOverBus()
    {
        const QString bundle = m_system.makeBundle(QStringLiteral("1.1.0"), 16, 11);
        QVERIFY(!bundle.isEmpty());
        // `seesaw monitor` follows the install live.
        QProcess monitor;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_system.bus());
        monitor.setProcessEnvironment(env);
        monitor.start(testutil::cliPath(), {QStringLiteral("monitor")});
        QVERIFY(monitor.waitForReadyRead(10000)); // subscribed: it printed its first line
        RunResult r =
            m_system.cli({QStringLiteral("install"), bundle, QStringLiteral("--yes")}, TestUid);
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QVERIFY(r.out.contains("1.1.0"));
        QTest::qWait(300);
        monitor.terminate();
        QVERIFY(monitor.waitForFinished(10000));
        const QByteArray followed = monitor.readAllStandardOutput();
        QVERIFY2(followed.contains("State installing") && followed.contains("completed ok"),
                 followed.constData());
        r = m_system.cli({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("PrimarySlot")).toString(),
            QStringLiteral("B"));

        // The reboot: the boot loader picks B, seesawd starts again on the new system.
        m_system.stopDaemon();
        r = testutil::simDevice({QStringLiteral("boot"), m_system.device()});
        QVERIFY(r.out.contains("booted slot B"));
        QVERIFY(m_system.startDaemon());
        r = m_system.cli({QStringLiteral("mark-good")}, TestUid);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = m_system.cli({QStringLiteral("status"), QStringLiteral("--json")});
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
        const QString bundle = m_system.makeBundle(QStringLiteral("1.2.0"), 16, 12);
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
        m_system.stopDaemon();
        // Writes slow enough that no chunk is written before the pull: what the pipeline holds
        // by then (chunks, read blocks, read-ahead) is well short of the 40 MiB image.
        QVERIFY(m_system.startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=install:write:1000")}));
        p = proxy();
        const QString big = m_system.makeBundle(QStringLiteral("1.3.0"), 40, 13, true);
        QString image;
        const QString loop2 = plugStick(QStringLiteral("b"), {big}, 0, &image);
        QVERIFY(!loop2.isEmpty());
        const QString id2 = waitForMedium(*p, loop2);
        QVERIFY(!id2.isEmpty());
        QSignalSpy completed2(p.get(), &OrgSeesawUpdater1Interface::Completed);
        auto install =
            p->InstallFromMedia(id2, QStringLiteral("1.3.0.seesaw"), manifestHash(big), {});
        install.waitForFinished();
        QVERIFY2(!install.isError(), qPrintable(install.error().message()));
        QThread::msleep(700);
        testutil::SystemFixture::pull(loop2, image);
        QVERIFY(completed2.wait(60000));
        QCOMPARE(completed2.first().at(0).toBool(), false);
        QVERIFY2(completed2.first().at(2).toString().contains(QLatin1String("USB stick")),
                 qPrintable(completed2.first().at(2).toString()));
        QVERIFY(m_system.daemonRunning());
        const RunResult st = m_system.cli({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(st.out)
                     .object()
                     .value(QStringLiteral("PrimarySlot"))
                     .toString(),
                 QJsonDocument::fromJson(st.out)
                     .object()
                     .value(QStringLiteral("BootedSlot"))
                     .toString());
    }

    // ExportReport writes the report onto a real stick through the daemon's one read-write
    // mount, which is gone again afterwards; what lands there is the device's history.
    void exportReport()
    {
        auto p = proxy();
        QString image;
        const QString loop = plugStick(QStringLiteral("report"), {}, 0, &image);
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
            if (line.contains(QFile::encodeName(m_system.path(QStringLiteral("media"))))) {
                QVERIFY2(!line.contains(" rw,") && !line.contains(" rw "), line.constData());
            }
        }
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loop});

        const QString mnt = m_system.path(QStringLiteral("report-check"));
        QDir().mkpath(mnt);
        QCOMPARE(testutil::run(QStringLiteral("mount"),
                               {QStringLiteral("-o"), QStringLiteral("loop,ro"), image, mnt})
                     .exitCode,
                 0);
        const QByteArray text = testutil::readFile(mnt + QLatin1Char('/') + name);
        const QByteArray json =
            testutil::readFile(mnt + QLatin1Char('/') + name.chopped(4) + QStringLiteral(".json"));
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
        m_system.stopDaemon();
        QVERIFY(
            m_system.startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=daemon:read-request:1000")}));
        const QString bundle = m_system.makeBundle(QStringLiteral("1.5.0"), 1, 15);
        QFile file(bundle);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QDBusUnixFileDescriptor fd(file.handle());
        // Four connections: one may have only 16 calls waiting for polkit, one user 32. A first
        // wave of 32 fills the readers (4 threads, a second per read); once polkit has let it
        // through, a second wave of 16 finds them full.
        std::vector<std::unique_ptr<OrgSeesawUpdater1Interface>> proxies;
        proxies.reserve(4);

        for (int c = 0; c < 4; ++c) {
            proxies.push_back(std::make_unique<OrgSeesawUpdater1Interface>(
                Service, QStringLiteral("/org/seesaw/Updater1"),
                QDBusConnection::connectToBus(m_system.bus(),
                                              QStringLiteral("tst_system-reader-%1").arg(c))));
        }
        QList<QDBusPendingReply<QVariantMap>> calls;
        for (int i = 0; i < 32; ++i) {
            calls.append(proxies[size_t(i % 4)]->InspectBundle(fd));
        }
        QTest::qWait(2500);
        for (int i = 0; i < 16; ++i) {
            calls.append(proxies[size_t(i % 4)]->InspectBundle(fd));
        }
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
        auto after = proxies[0]->InspectBundle(fd);
        after.waitForFinished();
        QVERIFY2(!after.isError(), qPrintable(after.error().message()));
        proxies.clear();
        for (int c = 0; c < 4; ++c) {
            QDBusConnection::disconnectFromBus(QStringLiteral("tst_system-reader-%1").arg(c));
        }
        m_system.stopDaemon();
        QVERIFY(m_system.startDaemon());
    }

    // A stick pulled while seesawd walks it: the scan ends with a clean error (or what it had
    // found), the daemon stays up, and the stick is gone from the list.
    void stickPulledDuringScan()
    {
        m_system.stopDaemon();
        QVERIFY(
            m_system.startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=media:scan-directory:150")}));
        auto p = proxy();
        const QString bundle = m_system.makeBundle(QStringLiteral("1.4.0"), 4, 14);
        // Twenty directories: a scan of about three seconds at 150 ms each.
        QString image;
        const QString loop = plugStick(QStringLiteral("pulled"), {bundle}, 20, &image);
        QVERIFY(!loop.isEmpty());
        const QString id = waitForMedium(*p, loop);
        QVERIFY(!id.isEmpty());
        QElapsedTimer clock;
        clock.start();
        auto scanned = p->ScanMedia(id);
        QThread::msleep(400);
        testutil::SystemFixture::pull(loop, image);
        testutil::writeFile(QStringLiteral("/proc/sys/vm/drop_caches"), "2\n");
        scanned.waitForFinished();
        qInfo() << "scan of the pulled stick after" << clock.elapsed() << "ms:"
                << (scanned.isError() ? scanned.error().message()
                                      : QStringLiteral("%1 bundles").arg(scanned.value().size()));
        if (scanned.isError()) {
            QVERIFY2(
                scanned.error().name().startsWith(QLatin1String("org.seesaw.Updater1.Error.")) &&
                    !scanned.error().message().isEmpty(),
                qPrintable(scanned.error().name() + QLatin1Char(' ') + scanned.error().message()));
        }
        QVERIFY(m_system.daemonRunning());
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
        QVERIFY2(message.contains(QLatin1String("stick"), Qt::CaseInsensitive),
                 qPrintable(message));
        QElapsedTimer gone;
        gone.start();
        bool listed = true;
        while (listed && gone.elapsed() < 15000) {
            auto media = p->ListMedia();
            media.waitForFinished();
            listed = false;
            for (const QVariantMap &m : media.value()) {
                listed = listed || m.value(QStringLiteral("id")).toString() == id;
            }
            if (listed) {
                QThread::msleep(100);
            }
        }
        QVERIFY2(!listed, "the pulled stick is still listed");
        QVERIFY(m_system.daemonRunning());
        m_system.stopDaemon();
        QVERIFY(m_system.startDaemon());
    }
};

QTEST_GUILESS_MAIN(TestSystem)
#include "tst_system.moc"
