// Risk: `seesaw health` misreads what systemd says of a unit (a failed or missing unit passes,
// an active one fails), sends an unchecked name to PID 1, or hangs when systemd is not there.
//
// systemd is a STAND-IN here (fake-systemd, built beside this test; see its header): a real
// systemd cannot run as PID 1 on the machines the tests run on. It serves systemd's D-Bus API on
// a private dbus-daemon, reading the unit states from a file the tests rewrite.
#include "health/health.h"
#include "systemdunits.h"
#include "testutil.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace seesaw;
using testutil::s;

class TestSystemdUnits : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcess m_bus;
    QProcess m_fake;
    QString m_address;

    QString path(const char *name) const { return m_tmp.filePath(QLatin1String(name)); }

    // Replaces the state file in one rename, as the fake reads it on every call.
    bool setUnits(const QByteArray &lines)
    {
        const QString next = path("units.next");
        return testutil::writeFile(next, lines) &&
               ::rename(QFile::encodeName(next).constData(),
                        QFile::encodeName(path("units")).constData()) == 0;
    }

    [[nodiscard]] QStringList calls() const
    {
        return QString::fromUtf8(testutil::readFile(path("calls.log")))
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    [[nodiscard]] static QDBusConnection bus() { return QDBusConnection(QStringLiteral("test")); }

    void startFake()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_address);
        m_fake.setProcessEnvironment(env);
        m_fake.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_fake.start(QStringLiteral(SEESAW_FAKE_SYSTEMD), {path("units"), path("calls.log")});
        QVERIFY(m_fake.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(m_fake.canReadLine(), 10000);
        QCOMPARE(m_fake.readLine(), QByteArray("ready\n"));
    }

    void stopFake()
    {
        if (m_fake.state() == QProcess::NotRunning) {
            return;
        }
        m_fake.terminate();
        if (!m_fake.waitForFinished(5000)) {
            m_fake.kill();
            m_fake.waitForFinished();
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // A private bus that lets everyone own and call everything.
        m_address = testutil::startPermissiveBus(m_bus, m_tmp.path());
        QVERIFY2(!m_address.isEmpty(), "dbus-daemon (Debian package dbus-daemon) is needed");
        QVERIFY(QDBusConnection::connectToBus(m_address, QStringLiteral("test")).isConnected());
        QVERIFY(setUnits("# unit active-state sub-state [load-state]\n"
                         "app.service active running\n"
                         "broken.service failed failed\n"
                         "stopped.service inactive dead\n"
                         "ghost.service inactive dead not-found\n"
                         "hidden.service inactive dead masked\n"
                         "lazy.timer active waiting unloaded\n"
                         "getty@tty1.service active running\n"
                         "dev-disk-by\\x2dlabel-data.device active plugged\n"));
        startFake();
    }

    void cleanupTestCase()
    {
        stopFake();
        QDBusConnection::disconnectFromBus(QStringLiteral("test"));
        m_bus.kill();
        m_bus.waitForFinished();
    }

    void init() { QFile::remove(path("calls.log")); }

    void states_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("active");
        QTest::addColumn<QString>("sub");
        QTest::addColumn<QString>("error");
        const auto row = [](const char *unit, const char *active, const char *sub,
                            const char *error) {
            QTest::newRow(unit) << s(unit) << s(active) << s(sub) << s(error);
        };
        row("app.service", "active", "running", "");
        row("broken.service", "failed", "failed", "");
        row("stopped.service", "inactive", "dead", "");
        row("getty@tty1.service", "active", "running", "");
        row("dev-disk-by\\x2dlabel-data.device", "active", "plugged", "");
        row("unknown.service", "", "", "no such unit");
        row("ghost.service", "", "", "no such unit"); // referred to, but no unit file
        row("hidden.service", "", "", "the unit is masked");
    }

    void states()
    {
        QFETCH(QString, unit);
        QFETCH(QString, active);
        QFETCH(QString, sub);
        QFETCH(QString, error);
        const UnitState state = systemdUnitQuery(bus())(unit);
        QCOMPARE(state.error, error);
        QCOMPARE(state.activeState, active);
        QCOMPARE(state.subState, sub);
        QCOMPARE(calls().value(0), s("GetUnit ") + unit);
    }

    void loadsUnitsNothingNeededYet()
    {
        const UnitQuery query = systemdUnitQuery(bus());
        const UnitState state = query(s("lazy.timer"));
        QVERIFY2(state.error.isEmpty(), qPrintable(state.error));
        QCOMPARE(state.activeState, s("active"));
        QCOMPARE(state.subState, s("waiting"));
        QCOMPARE(calls().mid(0, 2),
                 QStringList({s("GetUnit lazy.timer"), s("LoadUnit lazy.timer")}));
        // Not found by either: LoadUnit's object says so.
        QCOMPARE(query(s("unknown.service")).error, s("no such unit"));
        QVERIFY(calls().contains(s("LoadUnit unknown.service")));
    }

    void stateIsReadOnEveryCall()
    {
        const UnitQuery query = systemdUnitQuery(bus());
        QVERIFY(setUnits("app.service activating start\n"));
        QCOMPARE(query(s("app.service")).activeState, s("activating"));
        QVERIFY(setUnits("app.service active running\n"));
        QCOMPARE(query(s("app.service")).activeState, s("active"));
    }

    void healthRunnerWaitsForActivatingUnit()
    {
        QVERIFY(setUnits("app.service activating start\nother.service failed failed\n"));
        std::thread later([this] {
            std::this_thread::sleep_for(std::chrono::milliseconds(600));
            setUnits("app.service active running\nother.service failed failed\n");
        });
        SystemConfig config;
        config.health.units = QStringList{s("app.service"), s("other.service")};
        config.health.timeoutSeconds = 20;
        const HealthReport report = HealthRunner(config, systemdUnitQuery(bus())).run();
        later.join();
        QCOMPARE(report.checks.size(), 2);
        QVERIFY2(report.checks.at(0).passed, qPrintable(report.toText()));
        QCOMPARE(report.checks.at(0).detail, s("app.service is active (running)"));
        QCOMPARE(report.checks.at(1).detail, s("other.service is failed (failed)"));
        QVERIFY(calls().count(s("GetUnit app.service")) >= 2);
    }

    void invalidNamesNeverReachSystemd_data()
    {
        QTest::addColumn<QString>("unit");
        for (const char *name : {"", "app", ".service", "app.", "app.unknown", "../app.service",
                                 "a/b.service", "a b.service", "grüß.service", "getty@.service",
                                 "@tty1.service", "a@b@c.service", "-"}) {
            QTest::newRow(name) << s(name);
        }
        QTest::newRow("trailing newline") << s("app.service\n");
        QTest::newRow("257 characters") << QString(249, u'a') + s(".service");
    }

    void invalidNamesNeverReachSystemd()
    {
        QFETCH(QString, unit);
        QVERIFY(!isValidUnitName(unit));
        const UnitState state = systemdUnitQuery(bus())(unit);
        QCOMPARE(state.error, s("not a valid unit name"));
        QVERIFY(state.activeState.isEmpty());
        QVERIFY(calls().isEmpty());
    }

    void validNames()
    {
        for (const char *name :
             {"app.service", "network-online.target", "getty@tty1.service", "a:b_c.mount",
              "dev-disk-by\\x2dlabel-data.device", "x.socket", "x.automount", "x.swap", "x.timer",
              "x.path", "x.slice", "x.scope", "x.device", "system-getty.slice"}) {
            QVERIFY2(isValidUnitName(s(name)), name);
        }
        QVERIFY(isValidUnitName(QString(248, u'a') + s(".service"))); // 256 characters
    }

    void noSystemdOnTheBus()
    {
        stopFake();
        QTRY_VERIFY_WITH_TIMEOUT(
            !bus().interface()->isServiceRegistered(s("org.freedesktop.systemd1")).value(), 5000);
        const UnitState state = systemdUnitQuery(bus())(s("app.service"));
        QVERIFY2(state.error.startsWith(s("systemd could not be asked (")),
                 qPrintable(state.error));
        QVERIFY2(state.error.contains(s("org.freedesktop.DBus.Error.ServiceUnknown")),
                 qPrintable(state.error));
        QVERIFY(state.activeState.isEmpty());
        startFake();
        QVERIFY(setUnits("app.service active running\n"));
        QCOMPARE(systemdUnitQuery(bus())(s("app.service")).activeState, s("active"));
    }

    void noBus()
    {
        const QDBusConnection dead = QDBusConnection::connectToBus(
            s("unix:path=") + path("no-such-socket"), QStringLiteral("dead"));
        const UnitState state = systemdUnitQuery(dead)(s("app.service"));
        QVERIFY2(state.error.startsWith(s("not connected to the system bus")),
                 qPrintable(state.error));
        QDBusConnection::disconnectFromBus(QStringLiteral("dead"));
    }
};

QTEST_GUILESS_MAIN(TestSystemdUnits)
#include "tst_systemdunits.moc"
