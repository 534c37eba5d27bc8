// Risk: the UI's view of seesawd is wrong or stale — properties not mirrored, an install's
// progress bar jumping backwards, a refusal (hash mismatch, busy) reported as success, a local
// file that is a link or a FIFO sent (or hanging the GUI), or the UI not noticing that seesawd
// went away and came back. Against a real seesawd, dbus-daemon and polkitd.
#include "systemfixture.h"
#include "updaterclient.h"

#include <QDBusConnection>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <unistd.h>

namespace {
// The arguments of the first emission in `spy` whose first argument is `requestId`.
QVariantList waitForRequest(QSignalSpy &spy, int requestId, int timeoutMs = 30000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        for (const QVariantList &args : std::as_const(spy)) {
            if (args.value(0).toInt() == requestId) {
                return args;
            }
        }
        spy.wait(100);
    }
    return {};
}
} // namespace

class TestUpdaterClient : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    testutil::SystemFixture m_system{QStringLiteral("seesaw-client-test")};
    std::unique_ptr<UpdaterClient> m_client;

    QVariantMap inspect(const QString &bundle)
    {
        QSignalSpy inspected(m_client.get(), &UpdaterClient::inspected);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        const int id = m_client->inspectFile(bundle);
        const QVariantList args = waitForRequest(inspected, id);
        if (args.isEmpty()) {
            const QVariantList error = waitForRequest(failed, id, 0);
            qWarning() << "inspect failed:" << error;
            return {};
        }
        return args.value(1).toMap();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0) {
            QSKIP("needs root: the fixture's private bus and polkitd");
        }
        QVERIFY(m_tmp.isValid());
        const QString error = m_system.start(m_tmp.path(), {});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The client uses QDBusConnection::systemBus(), which honours this variable.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_system.bus().toUtf8());
        QVERIFY(m_system.startDaemon());
        m_client = std::make_unique<UpdaterClient>(QDBusConnection::systemBus());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_system.stop();
    }
    void cleanup() { m_system.explainFailure(); }

    void connectedAndProperties()
    {
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_client->compatible(), QStringLiteral("seesaw-sim"), 10000);
        QCOMPARE(m_client->state(), QStringLiteral("idle"));
        QCOMPARE(m_client->bootedSlot(), QStringLiteral("A"));
        QCOMPARE(m_client->primarySlot(), QStringLiteral("A"));
        QCOMPARE(m_client->version(), QStringLiteral("1.0.0"));
        QCOMPARE(m_client->slotList().size(), 2);
        // Nested D-Bus maps arrive as plain maps QML can read.
        QCOMPARE(m_client->slotList().first().userType(), int(QMetaType::QVariantMap));
        QCOMPARE(m_client->otherSlot().value(QStringLiteral("bootname")).toString(),
                 QStringLiteral("B"));
        QVERIFY(!m_client->canRollBack()); // B has never booted good
        QVERIFY(!m_client->busy());
        QVERIFY(!m_client->deviceName().isEmpty());
        // The simulated device has no [network]: its channel says so.
        QCOMPARE(m_client->channel().value(QStringLiteral("state")).toString(),
                 QStringLiteral("disabled"));
    }

    void inspectFile()
    {
        const QString bundle = m_system.makeBundle(QStringLiteral("1.1.0"), 4);
        QVERIFY(!bundle.isEmpty());
        const QVariantMap summary = inspect(bundle);
        QCOMPARE(summary.value(QStringLiteral("version")).toString(), QStringLiteral("1.1.0"));
        QCOMPARE(summary.value(QStringLiteral("manifest_hash")).toString().size(), 64);
        QVERIFY(summary.value(QStringLiteral("installable")).toBool());
        QVERIFY(summary.value(QStringLiteral("signature"))
                    .toMap()
                    .value(QStringLiteral("trusted"))
                    .toBool());
        const QVariantList checks = summary.value(QStringLiteral("checks")).toList();
        QVERIFY(!checks.isEmpty());
        QCOMPARE(checks.first().toMap().value(QStringLiteral("id")).toString(),
                 QStringLiteral("compatible"));
    }

    // What the app refuses to send: links (the file shown must be the file sent), FIFOs (open
    // would block), directories. Failures arrive asynchronously, after the id.
    void refusesWhatIsNotARegularFile()
    {
        const QString bundle = m_system.path(QStringLiteral("bundles/1.1.0.seesaw"));
        const QString link = m_system.path(QStringLiteral("bundles/link.seesaw"));
        const QString fifo = m_system.path(QStringLiteral("bundles/fifo.seesaw"));
        QVERIFY(QFile::link(bundle, link));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0644) == 0);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        for (const QString &file : {link, fifo, m_system.path(QStringLiteral("bundles"))}) {
            QElapsedTimer clock;
            clock.start();
            const int id = m_client->inspectFile(file);
            QVERIFY(clock.elapsed() < 1000);
            QCOMPARE(failed.count(), 0); // not before the caller has the id
            const QVariantList args = waitForRequest(failed, id);
            QCOMPARE(args.value(1).toString(), QStringLiteral("InvalidArgument"));
            QVERIFY(!args.value(2).toString().isEmpty());
            failed.clear();
        }
    }

    void hashMismatchIsRefused()
    {
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        QSignalSpy started(m_client.get(), &UpdaterClient::started);
        const int id = m_client->installFile(m_system.path(QStringLiteral("bundles/1.1.0.seesaw")),
                                             QString(64, QLatin1Char('0')));
        const QVariantList args = waitForRequest(failed, id);
        QCOMPARE(args.value(1).toString(), QStringLiteral("HashMismatch"));
        QVERIFY(!args.value(2).toString().isEmpty());
        QCOMPARE(started.count(), 0);
        QCOMPARE(m_client->primarySlot(), QStringLiteral("A"));
    }

    // started → progress that never goes back → completed; a second install meanwhile is Busy.
    void installWithProgress()
    {
        m_system.stopDaemon();
        QVERIFY(m_system.startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=install:write:300")}));
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
        const QString bundle = m_system.makeBundle(QStringLiteral("1.2.0"), 24, 7, true);
        QVERIFY(!bundle.isEmpty());
        const QString hash = inspect(bundle).value(QStringLiteral("manifest_hash")).toString();
        QCOMPARE(hash.size(), 64);

        QList<double> fractions;
        connect(m_client.get(), &UpdaterClient::progressChanged, this,
                [&] { fractions.append(m_client->progressFraction()); });
        QSignalSpy started(m_client.get(), &UpdaterClient::started);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        QSignalSpy completed(m_client.get(), &UpdaterClient::completed);
        const int id = m_client->installFile(bundle, hash);
        QVERIFY(m_client->busy());
        const QVariantList args = waitForRequest(started, id);
        QVERIFY2(!args.isEmpty(), qPrintable(waitForRequest(failed, id, 0).value(2).toString()));
        QVERIFY(!args.value(1).toString().isEmpty());
        QTRY_VERIFY(!m_client->busy());

        const int second = m_client->installFile(bundle, hash);
        const QVariantList busy = waitForRequest(failed, second);
        QCOMPARE(busy.value(1).toString(), QStringLiteral("Busy"));

        QVERIFY(completed.wait(120000));
        disconnect(m_client.get(), &UpdaterClient::progressChanged, this, nullptr);
        QVERIFY2(completed.first().at(0).toBool(), qPrintable(completed.first().at(2).toString()));
        qInfo() << fractions.size() << "progress updates";
        QVERIFY(fractions.size() >= 5);
        for (qsizetype i = 1; i < fractions.size(); ++i) {
            QVERIFY2(
                fractions.at(i) >= fractions.at(i - 1),
                qPrintable(
                    QStringLiteral("%1 after %2").arg(fractions.at(i)).arg(fractions.at(i - 1))));
        }
        QVERIFY(std::any_of(fractions.cbegin(), fractions.cend(),
                            [](double f) { return f > 0.1 && f < 0.9; }));
        QCOMPARE(m_client->progressFraction(), 1.0);
        QTRY_COMPARE(m_client->state(), QStringLiteral("installed"));
        QCOMPARE(m_client->primarySlot(), QStringLiteral("B"));
        QCOMPARE(m_client->lastResult().value(QStringLiteral("outcome")).toString(),
                 QStringLiteral("installed"));
    }

    // seesawd stops: connected goes false and calls fail with NoReply; it comes back: connected
    // again, with the properties read afresh.
    void daemonGoesAwayAndComesBack()
    {
        QSignalSpy connectedChanged(m_client.get(), &UpdaterClient::connectedChanged);
        m_system.stopDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(!m_client->connected(), 10000);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        const int id = m_client->loadHistory(5);
        const QVariantList args = waitForRequest(failed, id);
        QCOMPARE(args.value(1).toString(), QStringLiteral("NoReply"));
        QVERIFY(m_system.startDaemon());
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
        QVERIFY(connectedChanged.count() >= 2);
        QTRY_COMPARE(m_client->primarySlot(), QStringLiteral("B"));
        QCOMPARE(m_client->state(), QStringLiteral("installed"));
    }

    // No bus at all (no dbus-daemon on the device): calls still answer, with NoReply.
    void withoutAnyBus()
    {
        UpdaterClient client(QDBusConnection::connectToBus(
            QStringLiteral("unix:path=/nonexistent/seesaw-ui-test"), QStringLiteral("no-bus")));
        QSignalSpy failed(&client, &UpdaterClient::failed);
        const int id = client.loadHistory(5);
        QCOMPARE(waitForRequest(failed, id, 5000).value(1).toString(), QStringLiteral("NoReply"));
        QVERIFY(!client.connected());
        QVERIFY(!client.busy());
    }

    void history()
    {
        QSignalSpy loaded(m_client.get(), &UpdaterClient::historyLoaded);
        const int id = m_client->loadHistory(50);
        const QVariantList args = waitForRequest(loaded, id);
        const QVariantList entries = args.value(1).toList();
        QVERIFY(entries.size() >= 2);
        const QVariantMap last = entries.last().toMap();
        QCOMPARE(last.value(QStringLiteral("event")).toString(), QStringLiteral("committed"));
        QCOMPARE(last.value(QStringLiteral("details"))
                     .toMap()
                     .value(QStringLiteral("version"))
                     .toString(),
                 QStringLiteral("1.2.0"));
    }
};

QTEST_GUILESS_MAIN(TestUpdaterClient)
#include "tst_updaterclient.moc"
