// Risk: the daemon tests' denials prove nothing if the polkit behind them is fake or misread:
// this drives the fixture's real polkitd on the private bus and checks that Seesaw's real
// actions and rules give root, the test user and the kiosk group their rights, and uid nobody
// (or a caller that vanished mid-check) none, with the subject being a caller's bus name.
#include "testutil.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusReply>
#include <QDBusVirtualObject>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace polkittest {

// polkit's Subject struct (sa{sv}); seesawd asks about ("system-bus-name", {name: caller}).
struct Subject {
    QString kind;
    QVariantMap details;
};

QDBusArgument &operator<<(QDBusArgument &arg, const Subject &subject)
{
    arg.beginStructure();
    arg << subject.kind << subject.details;
    arg.endStructure();
    return arg;
}

const QDBusArgument &operator>>(const QDBusArgument &arg, Subject &subject)
{
    arg.beginStructure();
    arg >> subject.kind >> subject.details;
    arg.endStructure();
    return arg;
}

using StringMap = QMap<QString, QString>;

struct Identity {
    QString name;
    uint uid = 0;
    uint gid = 0;
};

struct Verdict {
    bool ok = false; // the call itself succeeded
    QString error;   // D-Bus error name otherwise
    bool authorized = false;
    bool challenge = false;
};

using testutil::s;

QString fixtureDirectory()
{
#ifdef SEESAW_SOURCE_DIR
    return QStringLiteral(SEESAW_SOURCE_DIR "/tests/daemon/fixture");
#else
    return QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/fixture");
#endif
}

// --- Helper modes of this same executable, run as another uid by setpriv. -------------------

// Connects, prints its unique name, and keeps the connection until stdin closes.
int holdConnection(const QString &address)
{
    QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("hold"));
    if (!bus.isConnected()) {
        // Exit status 1 tells the test; stderr only adds the reason, so its failure is ignored.
        (void)std::fprintf(stderr, "cannot connect: %s\n", qPrintable(bus.lastError().message()));
        return 1;
    }
    // The test reads the name from stdout: without it, holding the connection is pointless.
    if (std::printf("%s\n", qPrintable(bus.baseService())) < 0 || std::fflush(stdout) != 0) {
        return 1;
    }
    char c;
    while (::read(STDIN_FILENO, &c, 1) > 0) {
    }
    return 0;
}

// Tries to own a name; prints the bus's answer. Exit 0 only if the name became ours.
int requestName(const QString &address, const QString &name)
{
    QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("request"));
    if (!bus.isConnected()) {
        return 1;
    }
    const QDBusReply<QDBusConnectionInterface::RegisterServiceReply> reply =
        bus.interface()->registerService(name, QDBusConnectionInterface::DontQueueService,
                                         QDBusConnectionInterface::DontAllowReplacement);
    if (!reply.isValid()) {
        std::printf("%s\n", qPrintable(reply.error().name()));
        return 3;
    }
    std::printf("%d\n", static_cast<int>(reply.value()));
    return reply.value() == QDBusConnectionInterface::ServiceRegistered ? 0 : 4;
}

// Calls INTERFACE.MEMBER on org.seesaw.Updater1 without arguments; prints "ok" or the error.
int callService(const QString &address, const QString &interface, const QString &member)
{
    QDBusConnection bus = QDBusConnection::connectToBus(address, QStringLiteral("call"));
    if (!bus.isConnected()) {
        return 1;
    }
    const QDBusMessage reply = bus.call(
        QDBusMessage::createMethodCall(QStringLiteral("org.seesaw.Updater1"),
                                       QStringLiteral("/org/seesaw/Updater1"), interface, member),
        QDBus::Block, 10000);
    std::printf("%s\n",
                reply.type() == QDBusMessage::ReplyMessage ? "ok" : qPrintable(reply.errorName()));
    return 0;
}

// Stands in for seesawd on the bus: answers every call with an empty reply.
class AnswerEverything : public QDBusVirtualObject {
public:
    [[nodiscard]] QString introspect(const QString & /*path*/) const override { return {}; }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        return connection.send(message.createReply());
    }
};

} // namespace polkittest

Q_DECLARE_METATYPE(polkittest::Subject)

using namespace polkittest;

class TestPolkitFixture : public QObject {
    Q_OBJECT

    // A process of this executable running as `who`, holding a bus connection until stopped
    // or destroyed.
    struct Holder {
        std::unique_ptr<QProcess> process;
        QString busName;
        Holder() = default;
        Holder(Holder &&) = default;
        Holder &operator=(Holder &&) = default;
        ~Holder() { stop(); }
        void stop() const;
    };
    Holder startHolder(const Identity &who);
    Verdict check(const QString &busName, const QString &action);
    std::unique_ptr<QProcess> runAs(const Identity &who, const QStringList &args);
    void dumpLogs() const;

    QTemporaryDir m_dir;
    QString m_address;
    QString m_helper; // a copy of this executable that uid nobody can run
    QHash<QString, Identity> m_identities;
    QDBusConnection m_bus{QString()};
    bool m_started = false;
    bool m_failed = false;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();
    void polkitdIsPrivateAndUnprivileged();
    void actionsComeFromPackaging_data();
    void actionsComeFromPackaging();
    void checkAuthorization_data();
    void checkAuthorization();
    void unknownActionIsAnError();
    void vanishedCallerIsNotAuthorized();
    void onlyRootOwnsTheServiceName_data();
    void onlyRootOwnsTheServiceName();
    void anyoneReachesTheService_data();
    void anyoneReachesTheService();
    void stopNamesWhatEndedDuringTheTest();
};

void TestPolkitFixture::initTestCase()
{
    if (::geteuid() != 0) {
        QSKIP("needs root: the fixture uses a mount namespace and switches uids");
    }
    qDBusRegisterMetaType<Subject>();
    qDBusRegisterMetaType<StringMap>();
    QVERIFY(m_dir.isValid());

    QProcess start;
    start.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    start.start(fixtureDirectory() + QStringLiteral("/start"), {m_dir.path()});
    m_started = true;
    // Whatever fails below, leave no daemons behind (cleanupTestCase may not run).
    auto stopOnFailure = qScopeGuard([this] {
        dumpLogs();
        QProcess::execute(fixtureDirectory() + QStringLiteral("/stop"), {m_dir.path()});
        m_started = false;
    });
    QVERIFY(start.waitForFinished(60000));
    QVERIFY2(start.exitStatus() == QProcess::NormalExit && start.exitCode() == 0,
             "fixture/start failed");
    m_address = QString::fromUtf8(start.readAllStandardOutput()).trimmed();
    QVERIFY(m_address.startsWith(s("unix:path=")));

    QFile users(m_dir.filePath(s("users")));
    QVERIFY(users.open(QIODevice::ReadOnly));
    for (const QByteArray &line : users.readAll().split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() == 3) {
            m_identities.insert(QString::fromUtf8(f[0]),
                                {QString::fromUtf8(f[0]), f[1].toUInt(), f[2].toUInt()});
        }
    }
    QCOMPARE(m_identities.size(), 4);

    // The build tree need not be reachable for uid nobody; the fixture directory is.
    m_helper = m_dir.filePath(s("helper"));
    QVERIFY(QFile::copy(QCoreApplication::applicationFilePath(), m_helper));
    QVERIFY(QFile::setPermissions(m_helper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                QFile::ReadOther | QFile::ExeOther |
                                                QFile::ReadGroup | QFile::ExeGroup));

    m_bus = QDBusConnection::connectToBus(m_address, s("root"));
    QVERIFY2(m_bus.isConnected(), qPrintable(m_bus.lastError().message()));
    stopOnFailure.dismiss();
}

void TestPolkitFixture::cleanupTestCase()
{
    if (m_bus.isConnected()) {
        QDBusConnection::disconnectFromBus(m_bus.name());
    }
    if (!m_started) {
        return;
    }
    if (m_failed) {
        dumpLogs();
    }
    QCOMPARE(QProcess::execute(fixtureDirectory() + QStringLiteral("/stop"), {m_dir.path()}), 0);
}

void TestPolkitFixture::cleanup()
{
    m_failed = m_failed || QTest::currentTestFailed();
}

void TestPolkitFixture::dumpLogs() const
{
    for (const char *name : {"dbus-daemon.log", "polkitd.log"}) {
        QFile log(m_dir.filePath(s("logs/") + s(name)));
        if (log.open(QIODevice::ReadOnly)) {
            qWarning("--- %s\n%s", name, log.readAll().constData());
        }
    }
}

std::unique_ptr<QProcess> TestPolkitFixture::runAs(const Identity &who, const QStringList &args)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(s("setpriv"), QStringList{s("--reuid=") + QString::number(who.uid),
                                             s("--regid=") + QString::number(who.gid),
                                             s("--clear-groups"), s("--"), m_helper} +
                                     args);
    return process;
}

TestPolkitFixture::Holder TestPolkitFixture::startHolder(const Identity &who)
{
    Holder holder;
    holder.process = runAs(who, {s("--hold-bus-connection"), m_address});
    if (holder.process->waitForReadyRead(10000)) {
        holder.busName = QString::fromUtf8(holder.process->readLine()).trimmed();
    }
    return holder;
}

void TestPolkitFixture::Holder::stop() const
{
    if (!process || process->state() == QProcess::NotRunning) {
        return;
    }
    process->closeWriteChannel();
    if (!process->waitForFinished(10000)) {
        process->kill();
    }
    process->waitForFinished(10000);
}

Verdict TestPolkitFixture::check(const QString &busName, const QString &action)
{
    QDBusMessage call = QDBusMessage::createMethodCall(
        s("org.freedesktop.PolicyKit1"), s("/org/freedesktop/PolicyKit1/Authority"),
        s("org.freedesktop.PolicyKit1.Authority"), s("CheckAuthorization"));
    const Subject subject{s("system-bus-name"), {{s("name"), busName}}};
    // AllowUserInteraction, as seesawd asks: with no agent around it must not hang.
    call << QVariant::fromValue(subject) << action << QVariant::fromValue(StringMap{}) << uint(1)
         << QString();
    const QDBusMessage reply = m_bus.call(call, QDBus::Block, 15000);
    Verdict verdict;
    if (reply.type() != QDBusMessage::ReplyMessage) {
        verdict.error = reply.errorName();
        return verdict;
    }
    const auto result = reply.arguments().value(0).value<QDBusArgument>();
    StringMap details;
    result.beginStructure();
    result >> verdict.authorized >> verdict.challenge >> details;
    result.endStructure();
    verdict.ok = true;
    return verdict;
}

void TestPolkitFixture::polkitdIsPrivateAndUnprivileged()
{
    QFile pids(m_dir.filePath(s("pids")));
    QVERIFY(pids.open(QIODevice::ReadOnly));
    uint polkitd = 0;
    for (const QByteArray &line : pids.readAll().split('\n')) {
        if (line.startsWith("polkitd ")) {
            polkitd = line.split(' ').value(1).toUInt();
        }
    }
    QVERIFY(polkitd != 0);

    // The name our seesawd will ask is served by this polkitd, not by anything of the host's.
    const QDBusReply<uint> owner = m_bus.interface()->servicePid(s("org.freedesktop.PolicyKit1"));
    QVERIFY(owner.isValid());
    QCOMPARE(owner.value(), polkitd);
    QVERIFY(QFileInfo(s("/proc/self/ns/mnt")).symLinkTarget() !=
            QFileInfo(s("/proc/%1/ns/mnt").arg(polkitd)).symLinkTarget());
    const QDBusReply<uint> uid = m_bus.interface()->serviceUid(s("org.freedesktop.PolicyKit1"));
    QVERIFY(uid.isValid());
    QVERIFY2(uid.value() != 0, "polkitd did not drop root");
}

void TestPolkitFixture::actionsComeFromPackaging_data()
{
    // PolkitImplicitAuthorization: 0 no, 4 auth_admin_keep, 5 yes; any, inactive, active.
    QTest::addColumn<QString>("action");
    QTest::addColumn<QList<uint>>("implicit");
    QTest::newRow("inspect") << s("org.seesaw.inspect") << QList<uint>{0, 0, 5};
    QTest::newRow("install") << s("org.seesaw.install") << QList<uint>{0, 0, 4};
    QTest::newRow("reboot") << s("org.seesaw.reboot") << QList<uint>{0, 0, 4};
    QTest::newRow("mark") << s("org.seesaw.mark") << QList<uint>{0, 0, 4};
    QTest::newRow("configure-channel") << s("org.seesaw.configure-channel") << QList<uint>{0, 0, 4};
}

void TestPolkitFixture::actionsComeFromPackaging()
{
    QFETCH(QString, action);
    QFETCH(QList<uint>, implicit);

    QDBusMessage call = QDBusMessage::createMethodCall(
        s("org.freedesktop.PolicyKit1"), s("/org/freedesktop/PolicyKit1/Authority"),
        s("org.freedesktop.PolicyKit1.Authority"), s("EnumerateActions"));
    call << QString();
    const QDBusMessage reply = m_bus.call(call, QDBus::Block, 15000);
    QCOMPARE(reply.type(), QDBusMessage::ReplyMessage);

    // a(ssssssuuua{ss}): id, description, message, vendor, vendor url, icon, any, inactive,
    // active, annotations. Only Seesaw's file is in the fixture's actions directory.
    const auto list = reply.arguments().value(0).value<QDBusArgument>();
    QStringList ids;
    bool found = false;
    list.beginArray();
    while (!list.atEnd()) {
        QString id;
        QString description;
        QString message;
        QString vendor;
        QString url;
        QString icon;
        uint any = 0;
        uint inactive = 0;
        uint active = 0;
        StringMap annotations;
        list.beginStructure();
        list >> id >> description >> message >> vendor >> url >> icon >> any >> inactive >>
            active >> annotations;
        list.endStructure();
        ids.append(id);
        if (id != action) {
            continue;
        }
        found = true;
        QVERIFY(!description.isEmpty());
        QVERIFY(message.startsWith(s("Authentication is required to ")));
        QCOMPARE((QList<uint>{any, inactive, active}), implicit);
    }
    list.endArray();
    QVERIFY2(found, qPrintable(ids.join(u' ')));
    QCOMPARE(ids.size(), 5);
}

void TestPolkitFixture::checkAuthorization_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("authorized");

    const char *actions[] = {"inspect", "install", "reboot", "mark"};
    // root: polkitd authorises uid 0 itself; seesaw-test: fixture/polkit/10-seesaw-test.rules;
    // seesaw-kiosk-test: member of seesaw-operators, the packaged kiosk example;
    // nobody: fixture/polkit/90-seesaw-test-deny.rules.
    const QList<std::pair<const char *, bool>> people = {
        {"root", true}, {"seesaw-test", true}, {"seesaw-kiosk-test", true}, {"nobody", false}};
    for (const auto &[who, authorized] : people) {
        for (const char *action : actions) {
            QTest::addRow("%s %s", who, action)
                << s(who) << s("org.seesaw.") + s(action) << authorized;
        }
    }
}

void TestPolkitFixture::checkAuthorization()
{
    QFETCH(QString, who);
    QFETCH(QString, action);
    QFETCH(bool, authorized);

    QVERIFY(m_identities.contains(who));
    Holder holder = startHolder(m_identities.value(who));
    QVERIFY2(holder.busName.startsWith(u':'), "the helper did not connect");
    // The bus vouches for the uid polkit will look at.
    QCOMPARE(m_bus.interface()->serviceUid(holder.busName).value(), m_identities.value(who).uid);

    const Verdict verdict = check(holder.busName, action);
    holder.stop();
    QVERIFY2(verdict.ok, qPrintable(verdict.error));
    QCOMPARE(verdict.authorized, authorized);
    // No "ask for a password" outcome either way: the rules decide outright.
    QCOMPARE(verdict.challenge, false);
}

void TestPolkitFixture::unknownActionIsAnError()
{
    // A misspelt action id in seesawd must fail loudly, not look like a plain denial.
    const Verdict verdict = check(m_bus.baseService(), s("org.seesaw.format"));
    QVERIFY(!verdict.ok);
    QCOMPARE(verdict.error, s("org.freedesktop.PolicyKit1.Error.Failed"));
}

void TestPolkitFixture::vanishedCallerIsNotAuthorized()
{
    // A caller that hung up before polkit could look up its uid is not mistaken for root (what
    // CVE-2021-3560 got wrong when the hang-up came mid-lookup).
    Holder holder = startHolder(m_identities.value(s("nobody")));
    QVERIFY(holder.busName.startsWith(u':'));
    holder.stop();
    QTRY_VERIFY(!m_bus.interface()->isServiceRegistered(holder.busName).value());

    const Verdict verdict = check(holder.busName, s("org.seesaw.install"));
    QVERIFY2(!verdict.ok || !verdict.authorized, "a vanished caller was authorized");
}

void TestPolkitFixture::onlyRootOwnsTheServiceName_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<bool>("owns");
    QTest::newRow("root") << s("root") << true;
    QTest::newRow("seesaw-test") << s("seesaw-test") << false;
    QTest::newRow("nobody") << s("nobody") << false;
}

void TestPolkitFixture::onlyRootOwnsTheServiceName()
{
    // packaging/dbus/org.seesaw.Updater1.conf, included by the fixture's bus: nobody but root
    // can pose as seesawd, even an authorised operator.
    QFETCH(QString, who);
    QFETCH(bool, owns);

    const std::unique_ptr<QProcess> process =
        runAs(m_identities.value(who), {s("--request-name"), m_address, s("org.seesaw.Updater1")});
    QVERIFY(process->waitForFinished(15000));
    const QString answer = QString::fromUtf8(process->readAllStandardOutput()).trimmed();
    if (owns) {
        QCOMPARE(process->exitCode(), 0);
    } else {
        QCOMPARE(process->exitCode(), 3);
        QCOMPARE(answer, s("org.freedesktop.DBus.Error.AccessDenied"));
    }
}

void TestPolkitFixture::anyoneReachesTheService_data()
{
    QTest::addColumn<QString>("interface");
    QTest::addColumn<QString>("member");
    QTest::addColumn<QString>("answer");
    const QString denied = s("org.freedesktop.DBus.Error.AccessDenied");
    QTest::newRow("method") << s("org.seesaw.Updater1") << s("History") << s("ok");
    QTest::newRow("Get") << s("org.freedesktop.DBus.Properties") << s("Get") << s("ok");
    QTest::newRow("GetAll") << s("org.freedesktop.DBus.Properties") << s("GetAll") << s("ok");
    QTest::newRow("Set") << s("org.freedesktop.DBus.Properties") << s("Set") << denied;
    QTest::newRow("Introspect") << s("org.freedesktop.DBus.Introspectable") << s("Introspect")
                                << s("ok");
    QTest::newRow("Ping") << s("org.freedesktop.DBus.Peer") << s("Ping") << s("ok");
    QTest::newRow("other interface") << s("org.example.Other") << s("Reset") << denied;
}

void TestPolkitFixture::anyoneReachesTheService()
{
    // The bus lets uid nobody reach seesawd's interface (polkit decides, inside seesawd), but
    // not Properties.Set nor any interface seesawd does not offer.
    QFETCH(QString, interface);
    QFETCH(QString, member);
    QFETCH(QString, answer);

    AnswerEverything stub;
    QVERIFY(m_bus.registerVirtualObject(s("/org/seesaw/Updater1"), &stub));
    auto unregister = qScopeGuard([this] {
        m_bus.unregisterObject(s("/org/seesaw/Updater1"));
        m_bus.unregisterService(s("org.seesaw.Updater1"));
    });
    QVERIFY(m_bus.registerService(s("org.seesaw.Updater1")));

    const std::unique_ptr<QProcess> process =
        runAs(m_identities.value(s("nobody")), {s("--call"), m_address, interface, member});
    // The stub answers from this thread's event loop, which QTRY keeps turning.
    QTRY_VERIFY_WITH_TIMEOUT(process->state() == QProcess::NotRunning, 15000);
    QCOMPARE(process->exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process->readAllStandardOutput()).trimmed(), answer);
}

// A polkitd that crashed mid-test leaves only "not provided by any .service files" in the
// failing test's output; stop must say which component ended and show the end of its log.
// A second fixture, so this test's polkitd can be killed without touching the shared one.
void TestPolkitFixture::stopNamesWhatEndedDuringTheTest()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(QProcess::execute(fixtureDirectory() + QStringLiteral("/start"), {dir.path()}), 0);
    auto stopAnyway = qScopeGuard(
        [&] { QProcess::execute(fixtureDirectory() + QStringLiteral("/stop"), {dir.path()}); });
    const QString stopScript = fixtureDirectory() + QStringLiteral("/stop");
    // The control: while everything still runs, stop reports nothing.
    const testutil::RunResult quiet = testutil::run(stopScript, {dir.path()});
    QCOMPARE(quiet.exitCode, 0);
    QCOMPARE(quiet.err, QByteArray());

    QCOMPARE(QProcess::execute(fixtureDirectory() + QStringLiteral("/start"), {dir.path()}), 0);
    QFile pids(dir.filePath(s("pids")));
    QVERIFY(pids.open(QIODevice::ReadOnly));
    const QByteArray again = pids.readAll();
    const QByteArray polkitd = again.mid(again.indexOf("polkitd ") + 8).split(' ').value(0);
    QVERIFY(polkitd.toInt() > 1);
    QCOMPARE(QProcess::execute(s("kill"), {s("-KILL"), QString::fromLatin1(polkitd)}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        !QFileInfo::exists(s("/proc/") + QString::fromLatin1(polkitd) + s("/exe")), 10000);
    const QString ended =
        s("polkitd (pid ") + QString::fromLatin1(polkitd) + s(") was no longer running");

    // --check names it too and stops nothing: the bus is still up, its pids still recorded.
    const testutil::RunResult check = testutil::run(stopScript, {s("--check"), dir.path()});
    QCOMPARE(check.exitCode, 0);
    QVERIFY2(QString::fromUtf8(check.err).contains(ended), check.err.constData());
    const QByteArray bus = again.mid(again.indexOf("dbus-daemon ") + 12).split(' ').value(0);
    QVERIFY(bus.toInt() > 1);
    QVERIFY(QFileInfo::exists(s("/proc/") + QString::fromLatin1(bus) + s("/exe")));
    QVERIFY(QFileInfo::exists(dir.filePath(s("pids"))));

    const testutil::RunResult stop = testutil::run(stopScript, {dir.path()});
    QCOMPARE(stop.exitCode, 0);
    const QString err = QString::fromUtf8(stop.err);
    QVERIFY2(err.contains(ended), qPrintable(err));
    QVERIFY2(err.contains(s("polkitd: ")) && err.contains(s("Acquired the name")), qPrintable(err));
    QVERIFY2(!err.contains(s("dbus-daemon (pid")), qPrintable(err));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    // Helpers leave without running static destructors: QtDBus's thread may still be
    // dispatching while Qt's type registry goes away, which prints spurious warnings.
    // What a helper printed is its answer: when it cannot be written out, the helper fails.
    auto leave = [](int code) { ::_exit(std::fflush(stdout) == 0 ? code : 1); };
    if (args.size() == 3 && args[1] == QStringLiteral("--hold-bus-connection")) {
        leave(holdConnection(args[2]));
    }
    if (args.size() == 4 && args[1] == QStringLiteral("--request-name")) {
        leave(requestName(args[2], args[3]));
    }
    if (args.size() == 5 && args[1] == QStringLiteral("--call")) {
        leave(callService(args[2], args[3], args[4]));
    }
    TestPolkitFixture test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_polkit_fixture.moc"
