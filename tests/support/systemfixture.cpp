#include "systemfixture.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <sys/stat.h>
#include <unistd.h>

namespace testutil {

namespace {
const QString Service = QStringLiteral("org.seesaw.Updater1");
} // namespace

SystemFixture::SystemFixture(const QString &tag)
    : m_tag(QStringLiteral("%1-%2").arg(tag).arg(::getpid()))
{}

SystemFixture::~SystemFixture()
{
    stop();
}

QString SystemFixture::start(const QString &directory, const Options &options)
{
    if (::geteuid() != 0) {
        return QStringLiteral("needs root: private mount namespaces, uids, loop devices");
    }
    m_dir = directory;
    m_udev = options.udev;
    if (!QDir().mkpath(m_dir) || !QDir().mkpath(path(QStringLiteral("bundles")))) {
        return QStringLiteral("cannot create %1").arg(m_dir);
    }
    // The test users (tests/daemon/fixture) read bundles and reach the fixture here.
    ::chmod(QFile::encodeName(m_dir).constData(), 0755);
    ::chmod(QFile::encodeName(path(QStringLiteral("bundles"))).constData(), 0755);

    QStringList args;
    if (m_udev) {
        args << QStringLiteral("--udev");
    }
    args << path(QStringLiteral("fixture"));
    const RunResult started = run(sourcePath(QStringLiteral("tests/daemon/fixture/start")), args);
    if (started.exitCode != 0) {
        return QStringLiteral("fixture/start: %1").arg(QString::fromUtf8(started.err));
    }
    m_started = true;
    m_bus = QString::fromUtf8(readFile(path(QStringLiteral("fixture/bus-address")))).trimmed();
    if (m_bus.isEmpty()) {
        return QStringLiteral("the fixture wrote no bus address");
    }

    if (m_udev) {
        m_rule = QStringLiteral("/run/udev/rules.d/99-%1.rules").arg(m_tag);
        QDir().mkpath(QStringLiteral("/run/udev/rules.d"));
        QString rule = QStringLiteral("SUBSYSTEM==\"block\", KERNEL==\"loop*\", "
                                      "ATTR{loop/backing_file}==\"*/%1-*\", ENV{ID_BUS}=\"usb\"")
                           .arg(m_tag);
        for (const QString &property : std::as_const(m_stickProperties)) {
            QString value = property.section(QLatin1Char('='), 1);
            // A quote, backslash or line break would end or escape the rule's value.
            if (value.contains(QLatin1Char('"')) || value.contains(QLatin1Char('\\')) ||
                value.contains(QLatin1Char('\n'))) {
                return QStringLiteral("stick property not expressible in a udev rule: %1")
                    .arg(property);
            }
            value.replace(QLatin1Char('%'), QStringLiteral("%%"))
                .replace(QLatin1Char('$'), QStringLiteral("$$"));
            rule += QStringLiteral(", ENV{") + property.section(QLatin1Char('='), 0, 0) +
                    QStringLiteral("}=\"") + value + QLatin1Char('"');
        }
        if (!writeFile(m_rule, (rule + QLatin1Char('\n')).toUtf8())) {
            return QStringLiteral("cannot write %1").arg(m_rule);
        }
        run(QStringLiteral("udevadm"), {QStringLiteral("control"), QStringLiteral("--reload")});
    }

    m_device = path(QStringLiteral("device"));
    const RunResult created =
        simDevice(QStringList{QStringLiteral("create"), m_device, QStringLiteral("--slot-size"),
                              QString::number(options.slotMiB)} +
                  options.deviceArgs);
    if (created.exitCode != 0) {
        return QStringLiteral("device create: %1").arg(QString::fromUtf8(created.err));
    }
    return {};
}

void SystemFixture::stop()
{
    stopDaemon();
    detachSticks();
    if (!m_rule.isEmpty()) {
        QFile::remove(m_rule);
        run(QStringLiteral("udevadm"), {QStringLiteral("control"), QStringLiteral("--reload")});
        m_rule.clear();
    }
    if (m_started) {
        // seesawd's media mounts live in its own namespace and went with it; the fixture's
        // processes are what is left.
        // stop names a bus, polkitd or udevd that ended during the test, with its log.
        const RunResult stopped = run(sourcePath(QStringLiteral("tests/daemon/fixture/stop")),
                                      {path(QStringLiteral("fixture"))});
        if (!stopped.err.isEmpty()) {
            qWarning().noquote() << QString::fromUtf8(stopped.err);
        }
        m_started = false;
    }
}

QString SystemFixture::endedProcesses() const
{
    if (!m_started) {
        return {};
    }
    // The check fixture/stop makes before it stops anything, without stopping anything.
    const RunResult checked = run(sourcePath(QStringLiteral("tests/daemon/fixture/stop")),
                                  {QStringLiteral("--check"), path(QStringLiteral("fixture"))});
    return QString::fromUtf8(checked.err);
}

void SystemFixture::explainFailure() const
{
    if (!QTest::currentTestFailed()) {
        return;
    }
    const QString ended = endedProcesses();
    if (!ended.isEmpty()) {
        qWarning().noquote() << ended;
    }
}

bool SystemFixture::waitForService(bool present, int timeoutMs) const
{
    QDBusConnection bus = QDBusConnection::connectToBus(
        m_bus, QStringLiteral("systemfixture-") + QUuid::createUuid().toString(QUuid::Id128));
    QElapsedTimer t;
    t.start();
    bool result = false;
    do {
        if (bus.isConnected() && bus.interface()->isServiceRegistered(Service).value() == present) {
            result = true;
            break;
        }
        QThread::msleep(50);
    } while (t.elapsed() < timeoutMs);
    QDBusConnection::disconnectFromBus(bus.name());
    return result;
}

bool SystemFixture::startDaemon(const QStringList &extraEnv)
{
    if (daemonRunning()) {
        return true;
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS"), m_bus);
    for (const QString &e : extraEnv) {
        env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    }
    m_daemon.setProcessEnvironment(env);
    m_daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QStringList args{QStringLiteral("--conf"), conf()};
    if (m_udev) {
        args << QStringLiteral("--media-root") << path(QStringLiteral("media"));
    } else {
        args << QStringLiteral("--no-media");
    }
    m_daemon.start(QStringLiteral(SEESAW_DAEMON), args);
    return m_daemon.waitForStarted() && waitForService(true);
}

void SystemFixture::stopDaemon()
{
    if (m_daemon.state() == QProcess::NotRunning) {
        return;
    }
    m_daemon.terminate();
    if (!m_daemon.waitForFinished(20000)) {
        m_daemon.kill();
    }
    m_daemon.waitForFinished();
}

QString SystemFixture::makeBundle(const QString &version, int mib, quint32 seed, bool random,
                                  const QStringList &extraArgs, const QString &name)
{
    QString out = path(QStringLiteral("bundles/%1.seesaw").arg(name.isEmpty() ? version : name));
    QStringList args{QStringLiteral("bundle"),    m_device,
                     QStringLiteral("-o"),        out,
                     QStringLiteral("--version"), version,
                     QStringLiteral("--size"),    QString::number(mib),
                     QStringLiteral("--seed"),    QString::number(seed)};
    if (random) {
        const QString image = out + QStringLiteral(".img");
        writeFile(image, randomBytes(qsizetype(mib) << 20, seed));
        args << QStringLiteral("--image") << image;
    }
    const RunResult r = simDevice(args + extraArgs);
    if (random) {
        QFile::remove(out + QStringLiteral(".img"));
    }
    if (r.exitCode != 0) {
        qWarning("device bundle %s: %s", qPrintable(version), r.err.constData());
        return {};
    }
    ::chmod(QFile::encodeName(out).constData(), 0644);
    return out;
}

QString SystemFixture::makeStrangerBundle(const QString &version, int mib, const QString &name)
{
    const QString key = path(QStringLiteral("stranger.pem"));
    if (!QFile::exists(key) &&
        runCli({QStringLiteral("keygen"), QStringLiteral("--out"), key}).exitCode != 0) {
        return {};
    }
    return makeBundle(version, mib, 3, false, {QStringLiteral("--key"), key}, name);
}

QString SystemFixture::makeStickImage(const QString &name, const QStringList &files,
                                      int directories, int mib, const QString &label)
{
    const QString content = path(QStringLiteral("stick-content-") + name);
    QDir(content).removeRecursively();
    QDir().mkpath(content);
    for (const QString &f : files) {
        if (!QFile::copy(f, content + QLatin1Char('/') + QFileInfo(f).fileName())) {
            return {};
        }
    }
    for (int i = 0; i < directories; ++i) {
        const QString dir = content + QStringLiteral("/dir%1").arg(i, 2, 10, QLatin1Char('0'));
        QDir().mkpath(dir);
        writeFile(dir + QStringLiteral("/readme.txt"), "not a bundle\n");
    }
    // The rule matches "*/<tag>-*": the image must sit directly under a path component
    // starting with the tag.
    const QString image = path(QStringLiteral("%1-%2.img").arg(m_tag, name));
    QStringList mkfs{QStringLiteral("-q"), QStringLiteral("-F"), QStringLiteral("-d"), content};
    if (!label.isEmpty()) {
        mkfs << QStringLiteral("-L") << label;
    }
    QFile::remove(image);
    const bool ok = run(QStringLiteral("truncate"),
                        {QStringLiteral("-s"), QStringLiteral("%1M").arg(mib), image})
                            .exitCode == 0 &&
                    run(QStringLiteral("mkfs.ext4"), mkfs << image).exitCode == 0;
    QDir(content).removeRecursively();
    return ok ? image : QString();
}

QString SystemFixture::plug(const QString &image)
{
    const RunResult loop =
        run(QStringLiteral("losetup"), {QStringLiteral("-f"), QStringLiteral("--show"), image});
    run(QStringLiteral("udevadm"), {QStringLiteral("settle")});
    return loop.exitCode == 0 ? QString::fromUtf8(loop.out).trimmed() : QString();
}

void SystemFixture::pull(const QString &loopDevice, const QString &image)
{
    // seesawd keeps a scanned stick mounted, so `losetup -d` alone only marks the loop device
    // for detaching at the last close. Emptying the backing file and telling the kernel (-c)
    // is what a pulled stick looks like to udev: a medium of size 0.
    run(QStringLiteral("truncate"), {QStringLiteral("-s"), QStringLiteral("0"), image});
    run(QStringLiteral("losetup"), {QStringLiteral("-c"), loopDevice});
    run(QStringLiteral("losetup"), {QStringLiteral("-d"), loopDevice});
}

void SystemFixture::detachSticks()
{
    if (m_dir.isEmpty()) {
        return;
    }
    const RunResult loops = run(QStringLiteral("losetup"), {QStringLiteral("-a")});
    for (const QByteArray &line : loops.out.split('\n')) {
        if (line.contains(QByteArray('/' + m_tag.toUtf8() + '-'))) {
            run(QStringLiteral("losetup"),
                {QStringLiteral("-d"), QString::fromUtf8(line.left(line.indexOf(':')))});
        }
    }
}

RunResult SystemFixture::bootCompleted()
{
    stopDaemon();
    // A failed check runs the device's reboot-command (the simulator's boot), as the packaged
    // unit would; its exit code is the health verdict.
    RunResult health = direct({QStringLiteral("health")});
    startDaemon();
    return health;
}

RunResult SystemFixture::cli(const QStringList &args, int uid) const
{
    QStringList command{cliPath()};
    if (uid != 0) {
        command = QStringList{QStringLiteral("setpriv"), QStringLiteral("--reuid=%1").arg(uid),
                              QStringLiteral("--regid=%1").arg(uid == 65534 ? 65534 : uid),
                              QStringLiteral("--clear-groups")} +
                  command;
    }
    return run(command.first(), command.mid(1) + args,
               {QStringLiteral("DBUS_SYSTEM_BUS_ADDRESS=") + m_bus});
}

RunResult SystemFixture::direct(const QStringList &args) const
{
    return testutil::direct(conf(), args);
}

} // namespace testutil
