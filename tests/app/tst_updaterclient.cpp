// Risk: the UI's view of seesawd is wrong or stale — properties not mirrored, an install's
// progress bar jumping backwards, a refusal (hash mismatch, busy) reported as success, a local
// file that is a link or a FIFO sent (or hanging the GUI), or the UI not noticing that seesawd
// went away and came back. Against a real seesawd, dbus-daemon and polkitd.
#include "testutil.h"
#include "updaterclient.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
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

// The arguments of the first emission in `spy` whose first argument is `requestId`.
QVariantList waitForRequest(QSignalSpy &spy, int requestId, int timeoutMs = 30000)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        for (const QVariantList &args : std::as_const(spy))
            if (args.value(0).toInt() == requestId)
                return args;
        spy.wait(100);
    }
    return {};
}
} // namespace

class TestUpdaterClient : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_dir;
    QString m_bus;
    QString m_device;
    QProcess m_daemon;
    std::unique_ptr<UpdaterClient> m_client;

    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }

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
                        QStringLiteral("--no-media")});
        if (!m_daemon.waitForStarted())
            return false;
        QDBusConnection bus = QDBusConnection::connectToBus(m_bus, QStringLiteral("probe"));
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

    QString makeBundle(const QString &version, int mib, bool random = false)
    {
        const QString out = path(QStringLiteral("bundles/%1.seesaw").arg(version));
        QStringList args{
            QStringLiteral("bundle"),    m_device, QStringLiteral("-o"),     out,
            QStringLiteral("--version"), version,  QStringLiteral("--size"), QString::number(mib)};
        if (random) {
            const QString image = path(QStringLiteral("random-%1.img").arg(version));
            testutil::writeFile(image, testutil::randomBytes(qsizetype(mib) << 20, 7));
            args << QStringLiteral("--image") << image;
        }
        const RunResult r =
            testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")), args);
        return r.exitCode == 0 ? out : QString();
    }

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
        if (::geteuid() != 0)
            QSKIP("needs root: the fixture's private bus and polkitd");
        QVERIFY(m_tmp.isValid());
        m_dir = m_tmp.path();
        ::chmod(QFile::encodeName(m_dir).constData(), 0755);
        QVERIFY(QDir().mkpath(path(QStringLiteral("bundles"))));
        const RunResult started =
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/start")),
                          {path(QStringLiteral("fixture"))});
        QVERIFY2(started.exitCode == 0, started.err.constData());
        m_bus = QString::fromUtf8(testutil::readFile(path(QStringLiteral("fixture/bus-address"))))
                    .trimmed();
        QVERIFY(!m_bus.isEmpty());
        // The client uses QDBusConnection::systemBus(), which honours this variable.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_bus.toUtf8());
        m_device = path(QStringLiteral("device"));
        const RunResult created =
            testutil::run(testutil::sourcePath(QStringLiteral("scripts/sim/device")),
                          {QStringLiteral("create"), m_device, QStringLiteral("--slot-size"),
                           QStringLiteral("48")});
        QVERIFY2(created.exitCode == 0, created.err.constData());
        QVERIFY(startDaemon());
        m_client = std::make_unique<UpdaterClient>(QDBusConnection::systemBus());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        stopDaemon();
        if (!m_dir.isEmpty())
            testutil::run(testutil::sourcePath(QStringLiteral("tests/daemon/fixture/stop")),
                          {path(QStringLiteral("fixture"))});
    }

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
    }

    void inspectFile()
    {
        const QString bundle = makeBundle(QStringLiteral("1.1.0"), 4);
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
        const QString bundle = path(QStringLiteral("bundles/1.1.0.seesaw"));
        const QString link = path(QStringLiteral("bundles/link.seesaw"));
        const QString fifo = path(QStringLiteral("bundles/fifo.seesaw"));
        QVERIFY(QFile::link(bundle, link));
        QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0644) == 0);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        for (const QString &file : {link, fifo, path(QStringLiteral("bundles"))}) {
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
        const int id = m_client->installFile(path(QStringLiteral("bundles/1.1.0.seesaw")),
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
        stopDaemon();
        QVERIFY(startDaemon({QStringLiteral("SEESAW_FAULT_SLEEP=install:write:300")}));
        QTRY_VERIFY_WITH_TIMEOUT(m_client->connected(), 10000);
        const QString bundle = makeBundle(QStringLiteral("1.2.0"), 24, true);
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
        for (qsizetype i = 1; i < fractions.size(); ++i)
            QVERIFY2(
                fractions.at(i) >= fractions.at(i - 1),
                qPrintable(
                    QStringLiteral("%1 after %2").arg(fractions.at(i)).arg(fractions.at(i - 1))));
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
        stopDaemon();
        QTRY_VERIFY_WITH_TIMEOUT(!m_client->connected(), 10000);
        QSignalSpy failed(m_client.get(), &UpdaterClient::failed);
        const int id = m_client->loadHistory(5);
        const QVariantList args = waitForRequest(failed, id);
        QCOMPARE(args.value(1).toString(), QStringLiteral("NoReply"));
        QVERIFY(startDaemon());
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
