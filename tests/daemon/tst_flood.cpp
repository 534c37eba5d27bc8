// Risk: an unauthorised local user takes the updater off the bus: by flooding seesawd with
// descriptor-carrying calls that polkit will refuse it runs out of descriptors or stops reading
// its bus socket, so root is no longer answered; or seesawd loses its bus connection and lives
// on without its name, so systemd never restarts it.
#include "dbustypes.h"
#include "pendingauthorizations.h"
#include "systemfixture.h"
#include "testutil.h"
#include "updater1proxy.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusPendingCallWatcher>
#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using testutil::RunResult;

namespace {
const QString Service = QStringLiteral("org.seesaw.Updater1");
const QString Errors = QStringLiteral("org.seesaw.Updater1.Error.");
constexpr int NobodyUid = 65534;
// Each call seesawd holds costs it two descriptors (libdbus's in the message, QtDBus's copy in
// the argument): at most PendingTotal wait for polkit and UnidentifiedTotal for their caller's
// uid. Calls received but not yet refused add a few (refusing is cheap: about a hundred were
// measured); libdbus alone would stop only at 4096 live ones. Plus seesawd's own (< 64).
constexpr int FdBound =
    2 * (seesaw::limits::PendingTotal + seesaw::limits::UnidentifiedTotal) + 2 * 64 + 64;
// Root waits behind at most PendingPerUser checks of the flooding user (polkitd takes a few
// milliseconds each, much more on a loaded machine).
constexpr qint64 RootAnswerMs = 20000;
constexpr int RootRetries = 100;
constexpr int RootRetryMs = 100;

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok && value > 0 ? value : fallback;
}

int openFds(qint64 pid)
{
    return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid))
                   .entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)
                   .size());
}
} // namespace

class TestFlood : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    testutil::SystemFixture m_system{QStringLiteral("seesaw-test-flood")};
    QString m_bundle;
    QString m_manifestHash;
    QString m_client; // the flood client where uid nobody can run it

    // Root's InspectBundle on the real bundle, asynchronously; `done` gets the time to the
    // answer and its manifest hash (empty on an error, with the error in `error`). While
    // seesawd's queue on the bus is full the bus refuses the call (LimitsExceeded) and root asks
    // again, as a client should, every RootRetryMs at most RootRetries times.
    struct Answer {
        bool answered = false;
        qint64 ms = -1;
        int refusedByBus = 0;
        QString manifestHash;
        QString error;
    };
    std::shared_ptr<Answer> inspectAsRoot(QDBusConnection &bus)
    {
        auto answer = std::make_shared<Answer>();
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        askRoot(bus, answer, timer);
        return answer;
    }
    void askRoot(const QDBusConnection &bus, const std::shared_ptr<Answer> &answer,
                 const std::shared_ptr<QElapsedTimer> &timer)
    {
        const int fd = ::open(QFile::encodeName(m_bundle).constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return;
        }
        OrgSeesawUpdater1Interface proxy(Service, QStringLiteral("/org/seesaw/Updater1"), bus);
        proxy.setTimeout(120000);
        const QDBusUnixFileDescriptor file(fd);
        ::close(fd);
        auto *watcher = new QDBusPendingCallWatcher(proxy.InspectBundle(file), this);
        connect(watcher, &QDBusPendingCallWatcher::finished, this,
                [this, bus, answer, timer](QDBusPendingCallWatcher *w) {
                    w->deleteLater();
                    const QDBusPendingReply<QVariantMap> reply = *w;
                    if (reply.isError() && reply.error().type() == QDBusError::LimitsExceeded &&
                        ++answer->refusedByBus < RootRetries) {
                        QTimer::singleShot(RootRetryMs, this, [this, bus, answer, timer] {
                            askRoot(bus, answer, timer);
                        });
                        return;
                    }
                    answer->answered = true;
                    answer->ms = timer->elapsed();
                    if (reply.isError()) {
                        answer->error =
                            reply.error().name() + QLatin1Char(' ') + reply.error().message();
                    } else {
                        answer->manifestHash =
                            reply.value().value(QStringLiteral("manifest_hash")).toString();
                    }
                });
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (geteuid() != 0) {
            QSKIP("needs root: private mount namespaces, uids");
        }
        seesaw::registerUpdaterDBusTypes();
        QVERIFY(m_tmp.isValid());
        const QString error = m_system.start(m_tmp.path(), {});
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_system.startDaemon());
        m_bundle = m_system.makeBundle(QStringLiteral("1.2.0"), 2, 7);
        QVERIFY(!m_bundle.isEmpty());
        const RunResult info = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("info"), m_bundle, QStringLiteral("--json")});
        m_manifestHash = QJsonDocument::fromJson(info.out)
                             .object()
                             .value(QStringLiteral("manifest_sha256"))
                             .toString();
        QVERIFY(!m_manifestHash.isEmpty());
        // The build tree need not be reachable for uid nobody; the fixture directory is.
        m_client = m_system.path(QStringLiteral("floodclient"));
        QVERIFY(QFile::copy(QStringLiteral(SEESAW_FLOOD_CLIENT), m_client));
        QVERIFY(QFile::setPermissions(m_client, QFile::ReadOwner | QFile::WriteOwner |
                                                    QFile::ExeOwner | QFile::ReadOther |
                                                    QFile::ExeOther));
    }

    void cleanupTestCase() { m_system.stop(); }
    void cleanup() { m_system.explainFailure(); }

    // uid nobody floods InspectBundle with a descriptor each (SEESAW_FLOOD_CONNECTIONS ×
    // SEESAW_FLOOD_CALLS, 32 × 100 by default): every call is refused, seesawd's descriptors
    // stay bounded, root is answered during and after the flood, and seesawd keeps its name.
    void floodByUnauthorisedUser()
    {
        const int connections = envInt("SEESAW_FLOOD_CONNECTIONS", 32);
        const int calls = envInt("SEESAW_FLOOD_CALLS", 100);
        const qint64 pid = m_system.daemonPid();
        QVERIFY(pid > 0);
        const int baseline = openFds(pid);

        // The flooder waits longer for each answer than seesawd waits for polkitd (120 s): an
        // overloaded polkitd may drop a check, and seesawd then still answers the call (denied)
        // when its own wait ends, which the flooder must see rather than time out first.
        QProcess flood;
        flood.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        flood.start(QStringLiteral("setpriv"),
                    {QStringLiteral("--reuid=%1").arg(NobodyUid), QStringLiteral("--regid=65534"),
                     QStringLiteral("--clear-groups"), QStringLiteral("--"), m_client,
                     m_system.bus(), QString::number(connections), QString::number(calls), m_bundle,
                     QStringLiteral("150000")});
        QVERIFY(flood.waitForStarted());

        int peak = baseline;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] { peak = std::max(peak, openFds(pid)); });
        sampler.start(5);

        QDBusConnection bus =
            QDBusConnection::connectToBus(m_system.bus(), QStringLiteral("tst_flood-root"));
        QVERIFY(bus.isConnected());
        // Once the flood has reached seesawd (or after 5 s), root asks.
        const bool reached = QTest::qWaitFor([&] { return openFds(pid) > baseline + 20; }, 5000);
        const auto during = inspectAsRoot(bus);
        QVERIFY(QTest::qWaitFor([&] { return flood.state() == QProcess::NotRunning; }, 300000));
        QVERIFY(QTest::qWaitFor([&] { return during->answered; }, 160000));
        const auto after = inspectAsRoot(bus);
        QVERIFY(QTest::qWaitFor([&] { return after->answered; }, 130000));
        sampler.stop();

        const QJsonObject result = QJsonDocument::fromJson(flood.readAllStandardOutput()).object();
        qInfo("flood %d x %d: %s; seesawd fds: baseline %d, peak %d; root answered in %lld ms "
              "during (asked %s the flood reached seesawd, refused by the bus %d times), "
              "%lld ms after",
              connections, calls, QJsonDocument(result).toJson(QJsonDocument::Compact).constData(),
              baseline, peak, during->ms, reached ? "after" : "before", during->refusedByBus,
              after->ms);
        QVERIFY2(during->error.isEmpty(), qPrintable(during->error));
        QCOMPARE(during->manifestHash, m_manifestHash);
        QVERIFY(during->ms < RootAnswerMs);
        QVERIFY2(after->error.isEmpty(), qPrintable(after->error));
        QCOMPARE(after->manifestHash, m_manifestHash);

        QCOMPARE(flood.exitCode(), 0);
        QCOMPARE(result.value(QStringLiteral("sent")).toInt(), connections * calls);
        QCOMPARE(result.value(QStringLiteral("unanswered")).toInt(), 0);
        QCOMPARE(result.value(QStringLiteral("ok")).toInt(), 0);
        const QVariantMap errors = result.value(QStringLiteral("errors")).toObject().toVariantMap();
        // LimitsExceeded: the bus itself refuses calls to seesawd while the queue of messages
        // waiting for it holds more than 64 descriptors, and a connection's 129th outstanding
        // call.
        for (auto it = errors.cbegin(); it != errors.cend(); ++it) {
            QVERIFY2(it.key() == Errors + QStringLiteral("AccessDenied") ||
                         it.key() == Errors + QStringLiteral("TooManyRequests") ||
                         it.key() == QLatin1String("org.freedesktop.DBus.Error.LimitsExceeded"),
                     qPrintable(it.key()));
        }

        QVERIFY2(peak < FdBound,
                 qPrintable(QStringLiteral("seesawd held %1 descriptors").arg(peak)));
        QVERIFY(m_system.daemonRunning());
        QVERIFY(bus.interface()->isServiceRegistered(Service).value());
        QDBusConnection::disconnectFromBus(bus.name());
    }

    // The bus goes away under seesawd: it exits with a failure (so that Restart=on-failure
    // starts it again) instead of living on without its name.
    void lostBusIsFatal()
    {
        QVERIFY(m_system.daemonRunning());
        QFile pids(m_system.path(QStringLiteral("fixture/pids")));
        QVERIFY(pids.open(QIODevice::ReadOnly));
        qint64 busPid = 0;
        for (const QByteArray &line : pids.readAll().split('\n')) {
            if (line.startsWith("dbus-daemon ")) {
                busPid = line.split(' ').value(1).toLongLong();
            }
        }
        QVERIFY(busPid > 0);
        QCOMPARE(::kill(pid_t(busPid), SIGKILL), 0);
        QVERIFY2(QTest::qWaitFor([&] { return !m_system.daemonRunning(); }, 15000),
                 "seesawd still runs without its bus");
        QCOMPARE(m_system.daemonExitStatus(), QProcess::NormalExit);
        QVERIFY(m_system.daemonExitCode() != 0);
    }
};

QTEST_GUILESS_MAIN(TestFlood)
#include "tst_flood.moc"
