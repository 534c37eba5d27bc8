// Risk: the device tells its fleet server "success" for an update that never booted or failed
// its health check, loses a result across a reboot, installs an action the server cancelled,
// installs without the operator's consent when the server asked for it, or never tells the
// server what a technician installed from a stick.
//
// The fleet server here is a STAND-IN (tests/net/ddistandin.h): Eclipse hawkBit is a Java service
// that Debian does not package, so it cannot run here; the stand-in is written from hawkBit's
// published DDI API. The bundles come from a real nginx (tests/net/webserver.h) over TLS, and
// seesawd's polkit authority is the stand-in of servicebus.h (the real polkitd's part is in the
// fixture tests). The service runs in-process on a private dbus-daemon, on simulated devices
// whose reboots are the simulator's.
#include "ddistandin.h"
#include "device/device.h"
#include "faultproxy.h"
#include "hawkbitclient.h"
#include "servicebus.h"
#include "testutil.h"
#include "updaterservice.h"
#include "webserver.h"

#include <QCryptographicHash>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCall>
#include <QDBusUnixFileDescriptor>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

using namespace seesaw;
using namespace fakebus;

namespace {

const QByteArray Token = "TargetToken fleet-7Qm2c9Xv";

QString s(const char *text)
{
    return QString::fromLatin1(text);
}

} // namespace

class TestFleet : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QProcess m_busDaemon;
    QString m_address;
    FakePolkit m_polkit;
    DdiStandIn m_server;
    TestWebServer m_web;
    FaultProxy m_proxy; // in front of nginx's plain HTTP port, for downloads that break
    std::unique_ptr<UpdaterService> m_service;
    QString m_bundle;
    QByteArray m_bundleSha;
    qint64 m_bundleSize = 0;
    int m_devices = 0;
    int m_clients = 0;
    qsizetype m_firstRequest = 0;
    bool m_mutualDownloads = false; // deployments link the bundle on the mutual-TLS port

    [[nodiscard]] QString path(const QString &name) const { return m_tmp.filePath(name); }

    // A new simulated device on the fleet server as controller `id`, running 1.0.0 from A.
    // With `certificateCn`, it has no token but a client certificate with that common name
    // (from the test CA when `trusted`) and reaches the server through nginx's mutual-TLS port.
    QString newDevice(const QString &id, const char *reboot = "never",
                      const QString &certificateCn = {}, bool trusted = true)
    {
        QString dir = path(QStringLiteral("device-%1").arg(++m_devices));
        const auto r = testutil::simDevice({s("create"), dir, s("--slot-size"), s("8")});
        if (r.exitCode != 0) {
            qWarning() << r.err;
            return {};
        }
        QDir().mkpath(dir + s("/health.d"));
        // Every device trusts the first one's key, which signs the test bundle.
        const QString firstKey = path(s("device-1/keys/signing.pem"));
        if (m_devices > 1 && (!QFile::remove(dir + s("/keys/signing.pem")) ||
                              !QFile::copy(firstKey, dir + s("/keys/signing.pem")))) {
            return {};
        }
        const QString token = dir + s("/hawkbit.token");
        if (!testutil::writeFile(token, Token.mid(int(qstrlen("TargetToken "))) + '\n') ||
            !QFile::setPermissions(token, QFile::ReadOwner | QFile::WriteOwner)) {
            return {};
        }
        QString server = m_server.serverUrl().toString();
        QString credentials = s("target-token-file=") + token;
        if (!certificateCn.isEmpty()) {
            const QString cert = dir + s("/client.pem");
            const QString key = dir + s("/client.key");
            if (!m_web.makeClientCertificate(certificateCn, trusted, cert, key)) {
                qWarning() << m_web.why();
                return {};
            }
            server = m_web.mutualUrl({}).toString(QUrl::StripTrailingSlash);
            credentials = s("client-certificate=%1\nclient-key=%2").arg(cert, key);
        }
        QFile conf(dir + s("/system.conf"));
        if (!conf.open(QIODevice::Append) ||
            conf.write(QStringLiteral("[health]\nscripts=health.d\ntimeout=20\nscript-timeout=2\n"
                                      "[hawkbit]\nserver=%1\ncontroller-id=%2\n%3\n"
                                      "ca-file=%4\npoll-interval=1h\nreboot=%5\n")
                           .arg(server, id, credentials, m_web.caFile(), QLatin1String(reboot))
                           .toUtf8()) < 0) {
            return {};
        }
        return dir;
    }

    bool startService(const QString &device) { return fakebus::startService(m_service, device); }
    void stopService() { fakebus::stopService(m_service); }

    QDBusConnection newClient()
    {
        return QDBusConnection::connectToBus(m_address,
                                             QStringLiteral("client-%1").arg(++m_clients));
    }

    static QVariantMap fleet(QDBusConnection &conn)
    {
        return toMap(fakebus::property(conn, s("Fleet")));
    }
    // Polls over the bus until the stand-in recorded a request matching `matches` (at most 20
    // polls, a second apart).
    template <typename Match> bool pollUntil(QDBusConnection &client, const Match &matches)
    {
        for (int i = 0; i < 20; ++i) {
            (void)call(client, s("CheckFleet"));
            const QList<DdiRecorded> requests = m_server.requests();
            if (std::any_of(requests.cbegin(), requests.cend(), matches)) {
                return true;
            }
            QTest::qWait(1000);
        }
        return false;
    }
    // Feedback the server took (2xx) on `channel` of action `id`, each body in order.
    QList<QJsonObject> feedbackOn(const QString &channel, const QString &id) const
    {
        QList<QJsonObject> out;
        const QByteArray tail = QStringLiteral("/%1/%2/feedback").arg(channel, id).toUtf8();
        for (const DdiRecorded &r : m_server.requests()) {
            if (r.method == "POST" && r.path.endsWith(tail) && r.status / 100 == 2) {
                out.append(QJsonDocument::fromJson(r.body).object());
            }
        }
        return out;
    }
    static QString execution(const QJsonObject &feedback)
    {
        return feedback.value(s("status")).toObject().value(s("execution")).toString();
    }
    static QString details(const QJsonObject &feedback)
    {
        const QJsonObject status = feedback.value(s("status")).toObject();
        QStringList lines;
        for (const auto &v : status.value(s("details")).toArray()) {
            lines.append(v.toString());
        }
        return lines.join(QLatin1Char('\n'));
    }

    // A deployment of the test bundle, as hawkBit describes one.
    // `viaProxy`: the plain HTTP link through the fault proxy ("download-http"), else nginx's
    // https link ("download").
    [[nodiscard]] QByteArray deploymentJson(const QString &id, const char *update,
                                            const char *key = "deployment", bool viaProxy = false,
                                            const char *window = nullptr) const
    {
        const QUrl link = viaProxy            ? m_proxy.url(s("update-2.0.0.seesaw"))
                          : m_mutualDownloads ? m_web.mutualUrl(s("update-2.0.0.seesaw"))
                                              : m_web.url(s("update-2.0.0.seesaw"));
        const QJsonObject artifact{
            {s("filename"), s("update-2.0.0.seesaw")},
            {s("size"), double(m_bundleSize)},
            {s("hashes"), QJsonObject{{s("sha256"), QString::fromLatin1(m_bundleSha.toHex())}}},
            {s("_links"), QJsonObject{{viaProxy ? s("download-http") : s("download"),
                                       QJsonObject{{s("href"), link.toString()}}}}}};
        const QJsonObject chunk{{s("part"), s("os")},
                                {s("name"), s("rootfs")},
                                {s("version"), s("2.0.0")},
                                {s("artifacts"), QJsonArray{artifact}}};
        QJsonObject action{{s("download"), s("forced")},
                           {s("update"), QLatin1String(update)},
                           {s("chunks"), QJsonArray{chunk}}};
        if (window != nullptr) {
            action.insert(s("maintenanceWindow"), QLatin1String(window));
        }
        const QJsonObject body{{s("id"), id}, {QLatin1String(key), action}};
        return QJsonDocument(body).toJson(QJsonDocument::Compact);
    }

    // The simulator reboots the device (Reboot over the bus) into `slot`; the daemon of the new
    // boot starts.
    bool rebootInto(QDBusConnection &client, const QString &device, const QString &slot)
    {
        if (call(client, s("Reboot")).type() != QDBusMessage::ReplyMessage ||
            !QTest::qWaitFor(
                [&] {
                    return testutil::readFile(device + s("/cmdline"))
                        .contains(QByteArray(QByteArray("seesaw.slot=") + slot.toUtf8()));
                },
                20000)) {
            return false;
        }
        stopService();
        return startService(device);
    }

    // An install the server started, until it wrote the new slot: Fleet "installed".
    void installDeployment(QDBusConnection &client, const QString &id)
    {
        m_server.offerDeployment(id, deploymentJson(id, "forced"));
        const QDBusMessage checked = call(client, s("CheckFleet"));
        QVERIFY2(checked.type() == QDBusMessage::ReplyMessage, qPrintable(checked.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("installed"),
                                  60000);
        QCOMPARE(fleet(client).value(s("action")).toString(), id);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_address = testutil::startPermissiveBus(m_busDaemon, path(s("bus")));
        QVERIFY(!m_address.isEmpty());
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_address.toUtf8());
        QVERIFY(QDBusConnection::systemBus().isConnected());
        QDBusConnection polkit = QDBusConnection::connectToBus(m_address, s("polkit"));
        QVERIFY(
            polkit.registerVirtualObject(s("/org/freedesktop/PolicyKit1/Authority"), &m_polkit));
        QVERIFY(polkit.registerService(s("org.freedesktop.PolicyKit1")));
        m_polkit.allowed = {s("org.seesaw.inspect"), s("org.seesaw.install"),
                            s("org.seesaw.reboot")};

        QVERIFY(m_server.start());
        m_server.setAuthorization(Token);
        m_web.proxyDdiTo(m_server.serverUrl().port());
        QVERIFY2(m_web.start(), qPrintable(m_web.why()));
        QVERIFY(m_proxy.start(m_web.plainPort()));

        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(testutil::writeFile(path(s("image-2.0.0")),
                                    testutil::textBytes(qsizetype(4) * 1024 * 1024, 20)));
        m_bundle = path(s("update-2.0.0.seesaw"));
        const auto r = testutil::simDevice({s("bundle"), device, s("-o"), m_bundle, s("--version"),
                                            s("2.0.0"), s("--image"), path(s("image-2.0.0"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray bytes = testutil::readFile(m_bundle);
        m_bundleSha = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        m_bundleSize = bytes.size();
        QVERIFY(m_web.put(s("update-2.0.0.seesaw"), bytes));
    }

    void init() { m_firstRequest = m_server.requests().size(); }

    // The story as the server saw it: every feedback the device sent during the test, in order
    // (what a hawkBit operator would find in the action's history).
    void cleanup()
    {
        const QList<DdiRecorded> requests = m_server.requests();
        for (qsizetype i = m_firstRequest; i < requests.size(); ++i) {
            const DdiRecorded &r = requests.at(i);
            if (r.method != "POST" || !r.path.endsWith("/feedback")) {
                continue;
            }
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            const QJsonObject status = body.value(s("status")).toObject();
            const QString finished =
                status.value(s("result")).toObject().value(s("finished")).toString();
            // A consent answer is {"confirmation": …, "details": […]}.
            const QString what =
                body.contains(s("confirmation"))
                    ? body.value(s("confirmation")).toString()
                    : execution(body) + (finished.isEmpty() ? QString() : s("/") + finished);
            const QJsonArray lines = body.contains(s("confirmation"))
                                         ? body.value(s("details")).toArray()
                                         : status.value(s("details")).toArray();
            const QList<QByteArray> parts = r.path.split('/');
            qInfo().noquote()
                << QStringLiteral("feedback %1/%2: %3 | %4%5")
                       .arg(QString::fromUtf8(parts.value(parts.size() - 3)),
                            QString::fromUtf8(parts.value(parts.size() - 2)), what,
                            lines.at(0).toString(),
                            r.status / 100 == 2
                                ? QString()
                                : QStringLiteral(" (refused: HTTP %1, kept)").arg(r.status));
        }
    }

    void cleanupTestCase()
    {
        stopService();
        m_busDaemon.kill();
        m_busDaemon.waitForFinished();
    }

    // A deployment downloaded, installed and committed; a cancel after the commit is rejected;
    // the result is not sent at the reboot, only once the new system passed its health check:
    // closed/success. The new version reaches the server's attributes and installed base.
    void deploymentSucceedsOnlyAfterHealth()
    {
        const QString device = path(s("device-1"));
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        installDeployment(client, s("7"));
        if (QTest::currentTestFailed()) {
            return;
        }
        // The progress reached the server as it happened, without waiting for the next poll
        // (an hour away).
        QTRY_COMPARE_WITH_TIMEOUT(feedbackOn(s("deploymentBase"), s("7")).size(), 4, 10000);
        QCOMPARE(m_server.closedWith(), QString());

        m_server.offerCancel(s("7"), s("7"));
        QVERIFY(pollUntil(client, [](const DdiRecorded &r) {
            return r.path.endsWith("/cancelAction/7/feedback");
        }));
        const QList<QJsonObject> cancel = feedbackOn(s("cancelAction"), s("7"));
        QCOMPARE(cancel.size(), 1);
        QCOMPARE(execution(cancel[0]), s("rejected"));
        QCOMPARE(fleet(client).value(s("state")).toString(), s("installed"));
        m_server.offerDeployment(s("7"), deploymentJson(s("7"), "forced")); // back to it

        QVERIFY(rebootInto(client, device, s("B")));
        (void)call(client, s("CheckFleet"));
        (void)call(client, s("CheckFleet"));
        QCOMPARE(m_server.closedWith(), QString()); // booted, health not checked yet

        const auto health =
            testutil::direct(device + s("/system.conf"), {s("health"), s("--no-reboot")});
        QVERIFY2(health.exitCode == 0, health.out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(fakebus::property(client, s("State")).toString(), s("good"),
                                  20000);
        QVERIFY(pollUntil(
            client, [this](const DdiRecorded &) { return !m_server.closedWith().isEmpty(); }));
        QCOMPARE(m_server.closedWith(), s("closed/success"));

        const QList<QJsonObject> sent = feedbackOn(s("deploymentBase"), s("7"));
        QStringList executions;
        for (const QJsonObject &f : sent) {
            executions.append(execution(f));
        }
        QCOMPARE(executions, (QStringList{s("download"), s("downloaded"), s("proceeding"),
                                          s("proceeding"), s("closed")}));
        QVERIFY2(details(sent.constLast()).contains(s("passed its health check")),
                 qPrintable(details(sent.constLast())));
        // The running version, told as attributes and as the installed base.
        const QList<DdiRecorded> requests = m_server.requests();
        QVERIFY(std::any_of(requests.cbegin(), requests.cend(), [](const DdiRecorded &r) {
            return r.method == "PUT" && r.path.endsWith("/configData") && r.body.contains("2.0.0");
        }));
        QVERIFY(std::any_of(requests.cbegin(), requests.cend(), [](const DdiRecorded &r) {
            return r.method == "PUT" && r.path.endsWith("/installedBase") &&
                   r.body.contains("2.0.0");
        }));
        // Every request carried the token; none went anywhere but the controller's resources.
        for (const DdiRecorded &r : requests) {
            QCOMPARE(r.authorization, Token);
            QVERIFY2(r.path.startsWith("/DEFAULT/controller/v1/fleet-0"), r.path.constData());
        }
        QCOMPARE(fleet(client).value(s("state")).toString(), s("idle"));
        stopService();
    }

    // A health check that fails after the reboot: the device falls back, and the server hears
    // closed/failure with the reason, after the fallback.
    void failedHealthReportedAsFailure()
    {
        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(testutil::writeFile(device + s("/health.d/20-app"), "#!/bin/sh\nexit 3\n"));
        QVERIFY(QFile::setPermissions(device + s("/health.d/20-app"),
                                      QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        installDeployment(client, s("8"));
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY(rebootInto(client, device, s("B")));
        const auto health =
            testutil::direct(device + s("/system.conf"), {s("health"), s("--no-reboot")});
        QVERIFY(health.exitCode != 0);
        // The server refuses the device meanwhile (a token being rotated): the result waits in
        // the queue, across the reboot, and goes out once the server takes the device again.
        m_server.setAuthorization("TargetToken rotated");
        (void)call(client, s("CheckFleet"));
        QCOMPARE(fleet(client).value(s("error-code")).toString(), s("ddi.auth"));
        QVERIFY(fleet(client).value(s("reports-waiting")).toInt() > 0);
        QVERIFY(rebootInto(client, device, s("A"))); // the boot loader falls back
        QVERIFY(m_server.closedWith().isEmpty());
        m_server.setAuthorization(Token);
        QVERIFY(pollUntil(
            client, [this](const DdiRecorded &) { return !m_server.closedWith().isEmpty(); }));
        QCOMPARE(m_server.closedWith(), s("closed/failure"));
        const QList<QJsonObject> sent = feedbackOn(s("deploymentBase"), s("8"));
        QVERIFY(!sent.isEmpty());
        QVERIFY2(details(sent.constLast()).contains(s("20-app")),
                 qPrintable(details(sent.constLast())));
        stopService();
    }

    // A forced deployment with the default reboot=forced: seesawd restarts the device itself
    // once the slot is written; an "attempt" one waits for someone to restart it.
    void forcedDeploymentRestartsTheDevice()
    {
        const QString device = newDevice(s("fleet-0"), "forced");
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        m_server.offerDeployment(s("13"), deploymentJson(s("13"), "forced"));
        (void)call(client, s("CheckFleet"));
        QTRY_VERIFY_WITH_TIMEOUT(
            testutil::readFile(device + s("/cmdline")).contains("seesaw.slot=B"), 60000);
        stopService();

        const QString other = newDevice(s("fleet-0"), "forced");
        QVERIFY(!other.isEmpty());
        QVERIFY(startService(other));
        m_server.offerDeployment(s("14"), deploymentJson(s("14"), "attempt"));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("installed"),
                                  60000);
        QTest::qWait(1000);
        QVERIFY(testutil::readFile(other + s("/cmdline")).contains("seesaw.slot=A"));
        stopService();
    }

    // A deployment the server says to download but not install yet, then cancels: accepted
    // (closed/success on the cancel), the download removed, nothing installed.
    void cancelBeforeCommit()
    {
        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        m_server.offerDeployment(s("9"), deploymentJson(s("9"), "skip"));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("downloaded"),
                                  30000);
        const QString staged = device + s("/data/downloads/") +
                               QString::fromLatin1(m_bundleSha.toHex()) + s(".seesaw");
        QVERIFY(QFile::exists(staged));

        m_server.offerCancel(s("9"), s("9"));
        QVERIFY(pollUntil(client, [](const DdiRecorded &r) {
            return r.path.endsWith("/cancelAction/9/feedback");
        }));
        QCOMPARE(m_server.closedWith(), s("closed/success"));
        QCOMPARE(fleet(client).value(s("state")).toString(), s("idle"));
        QVERIFY(!QFile::exists(staged));
        QCOMPARE(fakebus::property(client, s("State")).toString(), s("idle"));
        stopService();
    }

    // The server asks for consent: the operator says not now (denied), is asked again, then
    // says yes (confirmed); only then does the device download.
    void consentDeniedThenGranted()
    {
        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        m_server.offerConfirmation(s("10"), deploymentJson(s("10"), "skip", "confirmation"));
        (void)call(client, s("CheckFleet"));
        QVariantMap f = fleet(client);
        QCOMPARE(f.value(s("state")).toString(), s("question"));
        QCOMPARE(f.value(s("question-version")).toString(), s("2.0.0"));

        QDBusMessage answered = call(client, s("AnswerFleet"), {false});
        QVERIFY2(answered.type() == QDBusMessage::ReplyMessage,
                 qPrintable(answered.errorMessage()));
        QVERIFY(pollUntil(client, [](const DdiRecorded &r) {
            return r.path.endsWith("/confirmationBase/10/feedback") && r.body.contains("denied");
        }));
        // Still asked: the question comes back once the answer was taken.
        (void)call(client, s("CheckFleet"));
        QCOMPARE(fleet(client).value(s("state")).toString(), s("question"));
        QVERIFY(feedbackOn(s("deploymentBase"), s("10")).isEmpty());
        QVERIFY(!QDir(device + s("/data/downloads")).exists() ||
                QDir(device + s("/data/downloads")).isEmpty());

        answered = call(client, s("AnswerFleet"), {true});
        QVERIFY2(answered.type() == QDBusMessage::ReplyMessage,
                 qPrintable(answered.errorMessage()));
        QVERIFY(pollUntil(client, [](const DdiRecorded &r) {
            return r.path.endsWith("/confirmationBase/10/feedback") && r.body.contains("confirmed");
        }));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("downloaded"),
                                  30000);
        stopService();
    }

    // An install from a local file (as from a stick), not from the server: once the new system
    // runs, the next poll tells the server its version as attributes and as the installed base.
    void localInstallReportedAsInstalledBase()
    {
        const QString device = newDevice(s("fleet-usb"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        const auto fd = [this] {
            const int raw = ::open(QFile::encodeName(m_bundle).constData(), O_RDONLY | O_CLOEXEC);
            QDBusUnixFileDescriptor wrapped(raw);
            ::close(raw);
            return QVariant::fromValue(wrapped);
        };
        const QDBusMessage inspected = call(client, s("InspectBundle"), {fd()});
        QVERIFY2(inspected.type() == QDBusMessage::ReplyMessage,
                 qPrintable(inspected.errorMessage()));
        const QVariant hash = toMap(inspected.arguments().value(0)).value(s("manifest_hash"));
        const QDBusMessage started = call(client, s("InstallBundle"), {fd(), hash, QVariantMap()});
        QVERIFY2(started.type() == QDBusMessage::ReplyMessage, qPrintable(started.errorMessage()));
        QTRY_COMPARE_WITH_TIMEOUT(fakebus::property(client, s("State")).toString(), s("installed"),
                                  60000);
        QCOMPARE(fleet(client).value(s("action")).toString(), QString()); // not the server's
        QVERIFY(rebootInto(client, device, s("B")));
        const auto health =
            testutil::direct(device + s("/system.conf"), {s("health"), s("--no-reboot")});
        QVERIFY2(health.exitCode == 0, health.out.constData());
        QTRY_COMPARE_WITH_TIMEOUT(fakebus::property(client, s("State")).toString(), s("good"),
                                  20000);
        QVERIFY(pollUntil(client, [](const DdiRecorded &r) {
            return r.method == "PUT" && r.path.endsWith("/fleet-usb/installedBase") &&
                   r.body.contains("\"2.0.0\"") && r.body.contains("seesaw-sim");
        }));
        const QList<DdiRecorded> requests = m_server.requests();
        QVERIFY(std::any_of(requests.cbegin(), requests.cend(), [](const DdiRecorded &r) {
            return r.method == "PUT" && r.path.endsWith("/fleet-usb/configData") &&
                   r.body.contains("2.0.0");
        }));
        // The stand-in has no distribution set to record it against (404): said, not hidden.
        QVERIFY2(fleet(client).value(s("installed-base")).toString().contains(s("404")),
                 qPrintable(fleet(client).value(s("installed-base")).toString()));
        stopService();
    }

    // The server's maintenance window is closed: the device downloads, says "scheduled" and
    // waits; once the server says it is open, "resumed", and the install follows.
    void serverMaintenanceWindow()
    {
        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        m_server.offerDeployment(
            s("12"), deploymentJson(s("12"), "attempt", "deployment", false, "unavailable"));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("scheduled"),
                                  30000);
        QTest::qWait(500);
        QCOMPARE(fakebus::property(client, s("State")).toString(), s("idle")); // nothing written
        m_server.offerDeployment(
            s("12"), deploymentJson(s("12"), "attempt", "deployment", false, "available"));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("installed"),
                                  60000);
        QVERIFY(pollUntil(client, [this](const DdiRecorded &) {
            return feedbackOn(s("deploymentBase"), s("12")).size() >= 6;
        }));
        QStringList executions;
        for (const QJsonObject &f : feedbackOn(s("deploymentBase"), s("12"))) {
            executions.append(execution(f));
        }
        QCOMPARE(executions, (QStringList{s("download"), s("downloaded"), s("scheduled"),
                                          s("resumed"), s("proceeding"), s("proceeding")}));
        stopService();
    }

    // The download breaks off, and the server answers the resumed request 404 (the artifact
    // is gone): the action is closed as a failure with the reason, once, and never fetched
    // again in a loop.
    void notFoundDuringResumeClosesTheAction()
    {
        const QString device = newDevice(s("fleet-0"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        const int before = m_proxy.connections();
        m_proxy.queue({ProxyFault::cutAfter(m_bundleSize / 3), ProxyFault::answer(404)});
        m_server.offerDeployment(s("11"), deploymentJson(s("11"), "forced", "deployment", true));
        QVERIFY(pollUntil(
            client, [this](const DdiRecorded &) { return !m_server.closedWith().isEmpty(); }));
        QCOMPARE(m_server.closedWith(), s("closed/failure"));
        const QList<QJsonObject> sent = feedbackOn(s("deploymentBase"), s("11"));
        QVERIFY2(details(sent.constLast()).contains(s("404")),
                 qPrintable(details(sent.constLast())));
        QCOMPARE(m_proxy.connections() - before, 2); // the first request and the resumed one
        m_server.offerDeployment(s("11"), deploymentJson(s("11"), "forced", "deployment", true));
        for (int i = 0; i < 3; ++i) {
            (void)call(client, s("CheckFleet"));
        }
        QCOMPARE(m_proxy.connections() - before, 2); // the closed action is not fetched again
        QCOMPARE(fakebus::property(client, s("State")).toString(), s("idle"));
        stopService();
    }

    // Authentication by client certificate (mutual TLS), without a token: nginx checks the
    // certificate against the test CA and hands its common name and issuer to the server in
    // headers, as hawkBit's reverse-proxy certificate authentication works. A device whose
    // certificate the proxy does not trust, or whose certificate names another controller,
    // is refused; the server never sees the first one's requests.
    void mutualTlsWithoutToken()
    {
        m_server.setCertificateAuthentication(TestWebServer::ddiIssuer());
        m_mutualDownloads = true;
        auto restore = qScopeGuard([this] {
            m_server.setCertificateAuthentication({});
            m_mutualDownloads = false;
        });
        const QString device = newDevice(s("fleet-cert"), "never", s("fleet-cert"));
        QVERIFY(!device.isEmpty());
        QVERIFY(startService(device));
        QDBusConnection client = newClient();
        m_server.offerDeployment(s("15"), deploymentJson(s("15"), "skip"));
        (void)call(client, s("CheckFleet"));
        QTRY_COMPARE_WITH_TIMEOUT(fleet(client).value(s("state")).toString(), s("downloaded"),
                                  30000);
        QVERIFY(QFile::exists(device + s("/data/downloads/") +
                              QString::fromLatin1(m_bundleSha.toHex()) + s(".seesaw")));
        QVERIFY(pollUntil(client, [this](const DdiRecorded &) {
            return feedbackOn(s("deploymentBase"), s("15")).size() >= 2;
        }));
        QStringList executions;
        for (const QJsonObject &f : feedbackOn(s("deploymentBase"), s("15"))) {
            executions.append(execution(f));
        }
        QCOMPARE(executions, (QStringList{s("download"), s("downloaded")}));
        int fromDevice = 0;
        for (const DdiRecorded &r : m_server.requests()) {
            if (r.path.contains("/fleet-cert")) {
                ++fromDevice;
                QCOMPARE(r.authorization, QByteArray()); // no token anywhere
                QCOMPARE(r.clientCn, QByteArray("fleet-cert"));
            }
        }
        QVERIFY(fromDevice >= 3); // base, deployment, feedback
        // The bundle came from the port that wants the certificate.
        QVERIFY(m_web.accessLog().contains(s("GET /update-2.0.0.seesaw")));
        stopService();

        // A certificate from a CA the proxy does not trust: refused at the proxy.
        const int seen = int(m_server.requests().size());
        const QString untrusted = newDevice(s("fleet-cert"), "never", s("fleet-cert"), false);
        QVERIFY(!untrusted.isEmpty());
        QVERIFY(startService(untrusted));
        (void)call(client, s("CheckFleet"));
        QVariantMap f = fleet(client);
        QCOMPARE(f.value(s("error-code")).toString(), s("ddi.http"));
        QVERIFY2(f.value(s("error")).toString().contains(s("400")),
                 qPrintable(f.value(s("error")).toString()));
        QCOMPARE(int(m_server.requests().size()), seen);
        stopService();

        // A trusted certificate for another controller: the server refuses it.
        const QString other = newDevice(s("fleet-cert"), "never", s("fleet-other"));
        QVERIFY(!other.isEmpty());
        QVERIFY(startService(other));
        (void)call(client, s("CheckFleet"));
        f = fleet(client);
        QCOMPARE(f.value(s("error-code")).toString(), s("ddi.auth"));
        QCOMPARE(m_server.requests().constLast().clientCn, QByteArray("fleet-other"));
        stopService();
    }

    // The wait before the next poll: the server's sleep held to poll-min..poll-max with up to a
    // tenth more; after failures a back-off from 30 s that never exceeds the sleep.
    void pollDelays()
    {
        HawkbitConfig h;
        h.pollIntervalSeconds = 300;
        h.minPollSeconds = 60;
        h.maxPollSeconds = 3600;
        const auto within = [](qint64 v, qint64 low, qint64 high) { return v >= low && v <= high; };
        for (int i = 0; i < 50; ++i) {
            QVERIFY(within(HawkbitClient::nextDelayMs(h, std::nullopt, 0), 300000, 330000));
            QVERIFY(within(HawkbitClient::nextDelayMs(h, 5, 0), 60000, 66000)); // poll-min
            QVERIFY(within(HawkbitClient::nextDelayMs(h, 86400, 0), 3600000, 3960000));
            QVERIFY(within(HawkbitClient::nextDelayMs(h, 900, 1), 30000, 45000));
            QVERIFY(within(HawkbitClient::nextDelayMs(h, 900, 3), 120000, 180000));
            QVERIFY(within(HawkbitClient::nextDelayMs(h, 900, 30), 900000, 1350000));
        }
    }

    // Without [hawkbit] the property says so and a poll is refused.
    void disabledWithoutServer()
    {
        const QString dir = path(s("plain"));
        QCOMPARE(testutil::simDevice({s("create"), dir, s("--slot-size"), s("4")}).exitCode, 0);
        QVERIFY(startService(dir));
        QDBusConnection client = newClient();
        QCOMPARE(fleet(client).value(s("state")).toString(), s("disabled"));
        const QDBusMessage checked = call(client, s("CheckFleet"));
        QCOMPARE(checked.type(), QDBusMessage::ErrorMessage);
        QVERIFY(checked.errorMessage().contains(s("[hawkbit]")));
        stopService();
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
