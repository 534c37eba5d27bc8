// Risk: a USB stick the technician plugs in does not show up promptly, never gets its bundles,
// or stays on screen after it was pulled. With the real parts: systemd-udevd reporting a loop
// device dressed as a USB stick, seesawd on a private bus with polkitd, the app's own monitor.
#include "mediamodel.h"
#include "testutil.h"
#include "updaterclient.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <sys/stat.h>
#include <unistd.h>

using testutil::RunResult;

class TestMediaModel : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    QString m_bus;
    QString m_device;
    QString m_rule;
    QProcess m_daemon;
    std::unique_ptr<UpdaterClient> m_client;

    // The row of `device` (other tests' sticks may come and go on this host), -1 if none.
    static int rowOf(const MediaModel &model, const QString &device)
    {
        for (int i = 0; i < model.rowCount(); ++i)
            if (model.data(model.index(i), MediaModel::DeviceRole).toString() == device)
                return i;
        return -1;
    }

    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }
    QByteArray stickPrefix() const
    {
        return "seesaw-ui-test-stick-" + QByteArray::number(::getpid());
    }

    bool startDaemon()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_bus);
        m_daemon.setProcessEnvironment(env);
        m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_daemon.start(QStringLiteral(SEESAW_DAEMON),
                       {QStringLiteral("--conf"), m_device + QStringLiteral("/system.conf"),
                        QStringLiteral("--media-root"), path(QStringLiteral("media"))});
        if (!m_daemon.waitForStarted())
            return false;
        QDBusConnection bus = QDBusConnection::connectToBus(m_bus, QStringLiteral("probe"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 20000) {
            if (bus.interface()->isServiceRegistered(QStringLiteral("org.seesaw.Updater1")))
                return true;
            QThread::msleep(50);
        }
        return false;
    }

    // An ext4 image holding `files` (made without mounting it, so no other loop device shows
    // up), matched by the test's udev rule.
    QString makeStickImage(const QString &name, const QStringList &files)
    {
        const QString content = path(QStringLiteral("content-") + name);
        QDir().mkpath(content);
        for (const QString &f : files)
            QFile::copy(f, content + QLatin1Char('/') + QFileInfo(f).fileName());
        const QString image = path(QString::fromLatin1(stickPrefix()) + QLatin1Char('-') + name +
                                   QStringLiteral(".img"));
        if (testutil::run(QStringLiteral("truncate"),
                          {QStringLiteral("-s"), QStringLiteral("64M"), image})
                    .exitCode != 0 ||
            testutil::run(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("-F"),
                                                        QStringLiteral("-d"), content, image})
                    .exitCode != 0)
            return {};
        return image;
    }

    // Pulls the stick: seesawd keeps a scanned stick mounted, so `losetup -d` alone only marks
    // the loop device for detaching at the last close. Emptying the backing file and telling
    // the kernel (-c) is what a pulled stick looks like to udev: a medium of size 0.
    static void pull(const QString &loopDevice, const QString &image)
    {
        testutil::run(QStringLiteral("truncate"),
                      {QStringLiteral("-s"), QStringLiteral("0"), image});
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-c"), loopDevice});
        testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loopDevice});
    }

    void detachOurLoops()
    {
        const RunResult loops = testutil::run(QStringLiteral("losetup"), {QStringLiteral("-a")});
        for (const QByteArray &line : loops.out.split('\n'))
            if (line.contains(stickPrefix()))
                testutil::run(
                    QStringLiteral("losetup"),
                    {QStringLiteral("-d"), QString::fromUtf8(line.left(line.indexOf(':')))});
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("needs root: loop devices, udev rules, the fixture's bus and polkitd");
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path();
        ::chmod(QFile::encodeName(m_dir).constData(), 0755);
        const RunResult started =
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/start")),
                          {QStringLiteral("--udev"), path(QStringLiteral("fixture"))});
        QVERIFY2(started.exitCode == 0, started.err.constData());
        m_bus = QString::fromUtf8(testutil::readFile(path(QStringLiteral("fixture/bus-address"))))
                    .trimmed();
        QVERIFY(!m_bus.isEmpty());
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_bus.toUtf8());
        m_rule =
            QStringLiteral("/run/udev/rules.d/99-seesaw-ui-test-stick-%1.rules").arg(::getpid());
        QVERIFY(QDir().mkpath(QStringLiteral("/run/udev/rules.d")));
        QVERIFY(testutil::writeFile(
            m_rule, QStringLiteral("SUBSYSTEM==\"block\", KERNEL==\"loop*\", "
                                   "ATTR{loop/backing_file}==\"*%1-*\", ENV{ID_BUS}=\"usb\"\n")
                        .arg(QString::fromLatin1(stickPrefix()))
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
        m_client = std::make_unique<UpdaterClient>(QDBusConnection::systemBus());
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_daemon.state() != QProcess::NotRunning) {
            m_daemon.terminate();
            if (!m_daemon.waitForFinished(20000))
                m_daemon.kill();
            m_daemon.waitForFinished();
        }
        if (!m_dir.isEmpty())
            detachOurLoops();
        if (!m_rule.isEmpty()) {
            QFile::remove(m_rule);
            testutil::run(QStringLiteral("udevadm"),
                          {QStringLiteral("control"), QStringLiteral("--reload")});
        }
        if (!m_dir.isEmpty())
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/stop")),
                          {path(QStringLiteral("fixture"))});
    }

    // Plugged in → a row at once (scanning) → its bundles → pulled → gone.
    void stickComesAndGoes()
    {
        MediaModel model(m_client.get());
        const QString bundleOut = path(QStringLiteral("2.0.0.seesaw"));
        const RunResult bundled =
            testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")),
                          {QStringLiteral("bundle"), m_device, QStringLiteral("-o"), bundleOut,
                           QStringLiteral("--version"), QStringLiteral("2.0.0"),
                           QStringLiteral("--size"), QStringLiteral("4")});
        QVERIFY2(bundled.exitCode == 0, bundled.err.constData());
        const QString image = makeStickImage(QStringLiteral("a"), {bundleOut});
        QVERIFY(!image.isEmpty());

        QHash<QString, bool> scanningWhenInserted;
        connect(&model, &QAbstractItemModel::rowsInserted, this,
                [&](const QModelIndex &, int first) {
                    const QModelIndex at = model.index(first);
                    scanningWhenInserted.insert(model.data(at, MediaModel::DeviceRole).toString(),
                                                model.data(at, MediaModel::ScanningRole).toBool());
                });
        QElapsedTimer clock;
        clock.start();
        const RunResult loop = testutil::run(
            QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), image});
        QVERIFY2(loop.exitCode == 0, loop.err.constData());
        const QString loopDevice = QString::fromUtf8(loop.out).trimmed();
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) >= 0, 10000);
        const qint64 appeared = clock.elapsed();
        qInfo() << "stick listed" << appeared << "ms after losetup";
        QVERIFY(appeared < 5000);
        QVERIFY(scanningWhenInserted.value(loopDevice));

        const QPersistentModelIndex row = model.index(rowOf(model, loopDevice));
        QTRY_VERIFY_WITH_TIMEOUT(!model.data(row, MediaModel::ScanningRole).toBool(), 20000);
        QCOMPARE(model.data(row, MediaModel::ErrorRole).toString(), QString());
        QCOMPARE(model.data(row, MediaModel::MediaIdRole).toString(),
                 QFileInfo(loopDevice).fileName());
        QCOMPARE(model.data(row, MediaModel::FsTypeRole).toString(), QStringLiteral("ext4"));
        QCOMPARE(model.data(row, MediaModel::SizeRole).toLongLong(), 64LL << 20);
        const QVariantList bundles = model.data(row, MediaModel::BundlesRole).toList();
        QCOMPARE(bundles.size(), 1);
        const QVariantMap bundle = bundles.first().toMap();
        QCOMPARE(bundle.value(QStringLiteral("path")).toString(), QStringLiteral("2.0.0.seesaw"));
        QCOMPARE(bundle.value(QStringLiteral("summary"))
                     .toMap()
                     .value(QStringLiteral("version"))
                     .toString(),
                 QStringLiteral("2.0.0"));
        qInfo() << "bundles listed" << clock.elapsed() << "ms after losetup";

        // A rescan goes through scanning again and ends with the same bundle.
        model.rescan(model.data(row, MediaModel::MediaIdRole).toString());
        QVERIFY(model.data(row, MediaModel::ScanningRole).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!model.data(row, MediaModel::ScanningRole).toBool(), 20000);
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 1);

        clock.restart();
        pull(loopDevice, image);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) < 0, 10000);
        qInfo() << "stick gone" << clock.elapsed() << "ms after it was pulled";
    }

    // A stick already present when the model starts is listed too.
    void stickPresentAtStart()
    {
        const QString image = makeStickImage(QStringLiteral("b"), {});
        QVERIFY(!image.isEmpty());
        const RunResult loop = testutil::run(
            QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), image});
        QVERIFY2(loop.exitCode == 0, loop.err.constData());
        const QString loopDevice = QString::fromUtf8(loop.out).trimmed();
        testutil::run(QStringLiteral("udevadm"), {QStringLiteral("settle")});
        MediaModel model(m_client.get());
        QVERIFY(rowOf(model, loopDevice) >= 0); // from the enumeration at start, before any event
        QTRY_VERIFY_WITH_TIMEOUT(
            !model.data(model.index(rowOf(model, loopDevice)), MediaModel::ScanningRole).toBool(),
            20000);
        const QModelIndex row = model.index(rowOf(model, loopDevice));
        QCOMPARE(model.data(row, MediaModel::MediaIdRole).toString(),
                 QFileInfo(loopDevice).fileName());
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 0);
        QCOMPARE(model.data(row, MediaModel::ErrorRole).toString(), QString());
        pull(loopDevice, image);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) < 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestMediaModel)
#include "tst_mediamodel.moc"
