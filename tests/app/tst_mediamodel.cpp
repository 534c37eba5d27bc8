// Risk: a USB stick the technician plugs in does not show up promptly, never gets its bundles,
// or stays on screen after it was pulled. With the real parts: systemd-udevd reporting a loop
// device dressed as a USB stick, seesawd on a private bus with polkitd, the app's own monitor.
// QAbstractItemModelTester watches the model's shape through every insert, change and removal.
#include "mediamodel.h"
#include "systemfixture.h"
#include "updaterclient.h"

#include <QAbstractItemModelTester>
#include <QDBusConnection>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

class TestMediaModel : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    testutil::SystemFixture m_system{QStringLiteral("seesaw-ui-test-stick")};
    std::unique_ptr<UpdaterClient> m_client;

    // Whatever the tester finds fails the running test.
    static constexpr auto Report = QAbstractItemModelTester::FailureReportingMode::QtTest;

    // The row of `device` (other tests' sticks may come and go on this host), -1 if none.
    static int rowOf(const MediaModel &model, const QString &device)
    {
        return testutil::rowOf(model, MediaModel::DeviceRole, device);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0) {
            QSKIP("needs root: loop devices, udev rules, the fixture's bus and polkitd");
        }
        QVERIFY(m_tmp.isValid());
        testutil::SystemFixture::Options options;
        options.udev = true;
        const QString error = m_system.start(m_tmp.path(), options);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_system.bus().toUtf8());
        QVERIFY(m_system.startDaemon());
        m_client = std::make_unique<UpdaterClient>(QDBusConnection::systemBus());
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_system.stop();
    }
    void cleanup() { m_system.explainFailure(); }

    // Plugged in → a row at once (scanning) → its bundles → pulled → gone.
    void stickComesAndGoes()
    {
        MediaModel model(m_client.get());
        QAbstractItemModelTester tester(&model, Report);
        const QString bundle = m_system.makeBundle(QStringLiteral("2.0.0"), 4);
        QVERIFY(!bundle.isEmpty());
        const QString image = m_system.makeStickImage(QStringLiteral("a"), {bundle}, 0, 64);
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
        const QString loopDevice = m_system.plug(image);
        QVERIFY(!loopDevice.isEmpty());
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
        const QVariantMap listed = bundles.first().toMap();
        QCOMPARE(listed.value(QStringLiteral("path")).toString(), QStringLiteral("2.0.0.seesaw"));
        QCOMPARE(listed.value(QStringLiteral("summary"))
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
        testutil::SystemFixture::pull(loopDevice, image);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) < 0, 10000);
        qInfo() << "stick gone" << clock.elapsed() << "ms after it was pulled";
    }

    // A stick already present when the model starts is listed too.
    void stickPresentAtStart()
    {
        const QString image = m_system.makeStickImage(QStringLiteral("b"), {}, 0, 64);
        QVERIFY(!image.isEmpty());
        const QString loopDevice = m_system.plug(image); // and udev has settled
        QVERIFY(!loopDevice.isEmpty());
        MediaModel model(m_client.get());
        QAbstractItemModelTester tester(&model, Report);
        QVERIFY(rowOf(model, loopDevice) >= 0); // from the enumeration at start, before any event
        QTRY_VERIFY_WITH_TIMEOUT(
            !model.data(model.index(rowOf(model, loopDevice)), MediaModel::ScanningRole).toBool(),
            20000);
        const QModelIndex row = model.index(rowOf(model, loopDevice));
        QCOMPARE(model.data(row, MediaModel::MediaIdRole).toString(),
                 QFileInfo(loopDevice).fileName());
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 0);
        QCOMPARE(model.data(row, MediaModel::ErrorRole).toString(), QString());
        testutil::SystemFixture::pull(loopDevice, image);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) < 0, 10000);
    }

    // seesawd stops and starts again while a stick is plugged in: the row stays (udev still
    // sees the stick) and says the service is not running, then is listed and scanned afresh.
    void serviceRestarts()
    {
        MediaModel model(m_client.get());
        QAbstractItemModelTester tester(&model, Report);
        const QString bundle = m_system.makeBundle(QStringLiteral("2.1.0"), 4);
        QVERIFY(!bundle.isEmpty());
        const QString image = m_system.makeStickImage(QStringLiteral("c"), {bundle}, 0, 64);
        QVERIFY(!image.isEmpty());
        const QString loopDevice = m_system.plug(image);
        QVERIFY(!loopDevice.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) >= 0, 10000);
        const QPersistentModelIndex row = model.index(rowOf(model, loopDevice));
        QTRY_VERIFY_WITH_TIMEOUT(!model.data(row, MediaModel::ScanningRole).toBool(), 20000);
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 1);

        m_system.stopDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(!m_client->connected(), 10000);
        QVERIFY(row.isValid());
        QCOMPARE(model.data(row, MediaModel::ErrorRole).toString(),
                 QStringLiteral("The update service is not running."));
        QCOMPARE(model.data(row, MediaModel::MediaIdRole).toString(), QString());
        QCOMPARE(model.data(row, MediaModel::ScanningRole).toBool(), false);
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 0);

        QVERIFY(m_system.startDaemon());
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!model.data(row, MediaModel::MediaIdRole).toString().isEmpty() &&
                                     !model.data(row, MediaModel::ScanningRole).toBool(),
                                 20000);
        QVERIFY(row.isValid());
        QCOMPARE(model.data(row, MediaModel::MediaIdRole).toString(),
                 QFileInfo(loopDevice).fileName());
        QCOMPARE(model.data(row, MediaModel::ErrorRole).toString(), QString());
        QCOMPARE(model.data(row, MediaModel::BundlesRole).toList().size(), 1);

        testutil::SystemFixture::pull(loopDevice, image);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(model, loopDevice) < 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestMediaModel)
#include "tst_mediamodel.moc"
