// Risk: seesawd mounts or opens what it must not, hangs on a hostile stick or keeps a pulled one.
//
// Real parts: loop devices on ext4 images (this kernel has neither partition-table parsing for
// loops nor vfat), the real systemd-udevd with its stock rules (blkid sets ID_FS_*), and one test
// rule that marks only this run's images as USB (ID_BUS=usb), matched on the loop's backing file.
// Events arrive through the kernel's netlink and udevd's "udev" netlink source, as on a device.
// A pulled stick is played two ways: a synthetic "remove" uevent (udevadm trigger), and the
// backing file truncated to nothing with `losetup -c`, which makes reads fail with EIO.
#include "media/mediamanager.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

using namespace seesaw;
using testutil::runMerged;
using testutil::RunResult;
using testutil::writeFile;

namespace {

QByteArray pattern(qsizetype size, char seed)
{
    QByteArray out(size, '\0');
    for (qsizetype i = 0; i < size; ++i) {
        out[i] = char((i * 131 + seed) & 0xff);
    }
    return out;
}

std::optional<MediaInfo> byDevnode(const MediaManager &manager, const QString &devnode)
{
    for (const MediaInfo &info : manager.media()) {
        if (info.devnode == devnode) {
            return info;
        }
    }
    return std::nullopt;
}

struct MountLine {
    QStringList options; // per-mount options: ro, nosuid, nodev, noexec, …
    QString fsType;
    QString source;
};

// Mounts whose mount point is at or below prefix, keyed by mount point.
QMap<QString, MountLine> mountsBelow(const QString &prefix)
{
    QMap<QString, MountLine> out;
    QFile file(QStringLiteral("/proc/self/mountinfo"));
    if (!file.open(QIODevice::ReadOnly)) {
        return out;
    }
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split(' ');
        const qsizetype dash = fields.indexOf("-");
        if (fields.size() < 7 || dash < 6 || dash + 2 >= fields.size()) {
            continue;
        }
        const QString point = QString::fromUtf8(fields[4]);
        if (point != prefix && !point.startsWith(prefix + QLatin1Char('/'))) {
            continue;
        }
        out.insert(point,
                   {QString::fromLatin1(fields[5]).split(QLatin1Char(',')),
                    QString::fromLatin1(fields[dash + 1]), QString::fromUtf8(fields[dash + 2])});
    }
    return out;
}

QStringList bundlePaths(const QList<FoundBundle> &bundles)
{
    QStringList out;
    for (const FoundBundle &b : bundles) {
        out.append(b.relativePath);
    }
    out.sort();
    return out;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestMedia : public QObject {
    Q_OBJECT

    [[nodiscard]] QString image(const QString &name) const { return m_tmp.filePath(name); }
    // An image named for the USB rule (or not), with an ext4 file system holding sourceDir.
    QString makeStick(const QString &name, const QString &sourceDir, bool usb,
                      const QString &label = QStringLiteral("STICK"), int sizeMiB = 32);
    QString attach(const QString &imageFile);
    static QString udevdProgram();
    void startUdevd(const QString &udevd);
    void installUsbRule();
    void makeHostileStick();
    void detach(const QString &devnode);
    QString mountRoot(const char *test) const { return m_tmp.filePath(QLatin1String(test)); }
    static MediaManager::Options options(const QString &root, ScanLimits limits = {})
    {
        MediaManager::Options o;
        o.mountRoot = root;
        o.limits = limits;
        return o;
    }

    QTemporaryDir m_tmp{QStringLiteral("/tmp/tst_media-XXXXXX")};
    QString m_usbTag;
    QString m_ruleFile;
    QProcess m_udevd;
    QStringList m_loops;
    QString m_hostileSource;
    QString m_hostileDev;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void insertedStickIsListedMountedAndScanned();
    void hostileStickScanIsBounded_data();
    void hostileStickScanIsBounded();
    void openBundleRefuses_data();
    void openBundleRefuses();
    void nonUsbAndBlankDevicesAreIgnored();
    void idsAreSafeAndUniqueAndTextIsSanitised();
    void writeFileMakesOneFileAndNoWritableMount();
    void removeEventUnmountsAndDrops();
    void pulledStickGivesEioAndIsDropped();
    void staleMountsAreDetachedAtStart();
    void releaseAndDestructorUnmount();
    void dirtyJournalIsNotReplayed();
};

QString TestMedia::makeStick(const QString &name, const QString &sourceDir, bool usb,
                             const QString &label, int sizeMiB)
{
    QString file = image((usb ? m_usbTag : QStringLiteral("plain-")) + name + u".img");
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || !f.resize(qint64(sizeMiB) << 20)) {
        return {};
    }
    f.close();
    QStringList args{QStringLiteral("-q"),    QStringLiteral("-F"), QStringLiteral("-N"),
                     QStringLiteral("16384"), QStringLiteral("-L"), label};
    if (!sourceDir.isEmpty()) {
        args << QStringLiteral("-d") << sourceDir;
    }
    const RunResult mkfs = runMerged(QStringLiteral("mkfs.ext4"), args << file);
    if (mkfs.exitCode != 0) {
        qWarning() << "mkfs.ext4:" << mkfs.text();
        return {};
    }
    return file;
}

QString TestMedia::attach(const QString &imageFile)
{
    const RunResult r = runMerged(QStringLiteral("losetup"),
                                  {QStringLiteral("--find"), QStringLiteral("--show"), imageFile});
    if (r.exitCode != 0) {
        qWarning() << "losetup:" << r.text();
        return {};
    }
    m_loops.append(r.text());
    return r.text();
}

void TestMedia::detach(const QString &devnode)
{
    // A loop device still held by a lazily detached mount is freed when the mount goes away.
    runMerged(QStringLiteral("losetup"), {QStringLiteral("-d"), devnode});
    m_loops.removeAll(devnode);
}

// systemd-udevd's path, empty when it is not installed.
QString TestMedia::udevdProgram()
{
    QString udevd;
    for (const char *candidate : {"/usr/lib/systemd/systemd-udevd", "/lib/systemd/systemd-udevd"}) {
        if (QFile::exists(QLatin1String(candidate))) {
            udevd = QLatin1String(candidate);
        }
    }
    return udevd;
}

// Starts our own udevd and waits until it answers.
void TestMedia::startUdevd(const QString &udevd)
{
    m_udevd.setStandardOutputFile(m_tmp.filePath(QStringLiteral("udevd.log")));
    m_udevd.setStandardErrorFile(m_tmp.filePath(QStringLiteral("udevd.log")), QIODevice::Append);
    m_udevd.start(udevd, {});
    QVERIFY2(m_udevd.waitForStarted(), qPrintable(m_udevd.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(
        runMerged(QStringLiteral("udevadm"), {QStringLiteral("control"), QStringLiteral("--ping")})
                .exitCode == 0,
        10000);
}

// The rule that marks our loop devices as USB sticks.
void TestMedia::installUsbRule()
{
    QVERIFY(QDir().mkpath(QStringLiteral("/run/udev/rules.d")));
    m_ruleFile = QStringLiteral("/run/udev/rules.d/99-seesaw-tstmedia-%1.rules")
                     .arg(QCoreApplication::applicationPid());
    // Images named …dup-… also get the same hostile serial number, vendor and model.
    QVERIFY(writeFile(
        m_ruleFile,
        QStringLiteral(
            "SUBSYSTEM==\"block\", KERNEL==\"loop*\", "
            "ATTR{loop/backing_file}==\"*%1*\", ENV{ID_BUS}=\"usb\"\n"
            "SUBSYSTEM==\"block\", KERNEL==\"loop*\", "
            "ATTR{loop/backing_file}==\"*%1dup-*\", ENV{ID_SERIAL}=\"../Evil Serial\", "
            "ENV{ID_VENDOR_ENC}=\"Evil\\x20Corp\\x1b\", ENV{ID_MODEL_ENC}=\"Stick\\x20\\x20\"\n")
            .arg(m_usbTag)
            .toUtf8()));
    QCOMPARE(runMerged(QStringLiteral("udevadm"),
                       {QStringLiteral("control"), QStringLiteral("--reload")})
                 .exitCode,
             0);
}

// The hostile stick, shared by the scan and open tests.
void TestMedia::makeHostileStick()
{
    m_hostileSource = m_tmp.filePath(QStringLiteral("hostile-src"));
    const QString s = m_hostileSource;
    QVERIFY(writeFile(s + u"/a.seesaw", pattern(5000, 'a')));
    QVERIFY(writeFile(s + u"/sub/inside.seesaw", pattern(700, 's')));
    QVERIFY(writeFile(s + u"/README.txt", "not a bundle"));
    QVERIFY(writeFile(s + u"/._a.seesaw", "macOS resource fork"));
    QVERIFY(::symlink("/etc/passwd", QFile::encodeName(s + u"/passwd.seesaw").constData()) == 0);
    QVERIFY(::symlink("a.seesaw", QFile::encodeName(s + u"/inside-link.seesaw").constData()) == 0);
    QVERIFY(::symlink("/etc", QFile::encodeName(s + u"/etc").constData()) == 0);
    QVERIFY(::symlink(".", QFile::encodeName(s + u"/loop").constData()) == 0);
    QVERIFY(::symlink("sub", QFile::encodeName(s + u"/sub-link").constData()) == 0);
    QVERIFY(::mkfifo(QFile::encodeName(s + u"/fifo.seesaw").constData(), 0644) == 0);
    QVERIFY(::mknod(QFile::encodeName(s + u"/null.seesaw").constData(), S_IFCHR | 0666,
                    makedev(1, 3)) == 0);
    QVERIFY(::mknod(QFile::encodeName(s + u"/disk.seesaw").constData(), S_IFBLK | 0666,
                    makedev(7, 0)) == 0);
    {
        const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(s + u"/socket.seesaw");
        QVERIFY(size_t(path.size()) < sizeof(address.sun_path));
        std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
        QVERIFY(::bind(sock, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0);
        ::close(sock);
    }
    {
        QFile big(s + u"/big.seesaw"); // sparse: 8 GiB that are never read
        QVERIFY(big.open(QIODevice::WriteOnly) && big.resize(qint64(8) << 30));
    }
    QString deep = s + u"/deep";
    for (int level = 1; level <= 50; ++level) {
        deep += QStringLiteral("/d%1").arg(level);
    }
    QVERIFY(writeFile(deep + u"/deep.seesaw", "fifty levels down"));
    QVERIFY(writeFile(s + u"/deep/d1/shallow.seesaw", "one level down"));
    QVERIFY(QDir().mkpath(s + u"/many"));
    for (int i = 0; i < 10000; ++i) {
        QFile f(s + QStringLiteral("/many/f%1.txt").arg(i, 5, 10, QLatin1Char('0')));
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    QVERIFY(writeFile(s + u"/many/z.seesaw", "among many"));
    const QString hostile =
        makeStick(QStringLiteral("hostile"), s, true, QStringLiteral("HOSTILE"), 64);
    QVERIFY(!hostile.isEmpty());
    m_hostileDev = attach(hostile);
    QVERIFY(!m_hostileDev.isEmpty());
    runMerged(QStringLiteral("udevadm"), {QStringLiteral("settle")});
}

void TestMedia::initTestCase()
{
    if (::geteuid() != 0) {
        QSKIP("needs root (mount, loop devices, udev rules)");
    }
    for (const char *tool : {"losetup", "mkfs.ext4", "udevadm", "debugfs"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool)).isEmpty() &&
            !QFile::exists(QLatin1String("/usr/sbin/") + QLatin1String(tool))) {
            QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QLatin1String(tool))));
        }
    }
    if (!QFile::exists(QStringLiteral("/dev/loop-control"))) {
        QSKIP("no loop device support");
    }
    QVERIFY(m_tmp.isValid());
    // Unique to this run, so the rule marks no one else's loop device and no one else's rule
    // (e.g. the daemon tests' "*seesaw-test-stick*") marks ours.
    m_usbTag = QStringLiteral("tstmedia-usb-%1-").arg(QCoreApplication::applicationPid());

    // Use the system's udevd if one runs (udev is host-wide anyway), else start our own.
    if (runMerged(QStringLiteral("udevadm"), {QStringLiteral("control"), QStringLiteral("--ping")})
            .exitCode != 0) {
        const QString udevd = udevdProgram();
        if (udevd.isEmpty()) {
            QSKIP("systemd-udevd is not installed");
        }
        startUdevd(udevd);
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    installUsbRule();
    if (QTest::currentTestFailed()) {
        return;
    }
    makeHostileStick();
}

void TestMedia::cleanupTestCase()
{
    for (const QString &loop : QStringList(m_loops)) {
        detach(loop);
    }
    // udevd records the detached devices before it goes, so no stale entry says "ext4, USB".
    runMerged(QStringLiteral("udevadm"), {QStringLiteral("settle")});
    if (!m_ruleFile.isEmpty()) {
        QFile::remove(m_ruleFile);
        runMerged(QStringLiteral("udevadm"),
                  {QStringLiteral("control"), QStringLiteral("--reload")});
    }
    if (m_udevd.state() != QProcess::NotRunning) {
        m_udevd.terminate();
        if (!m_udevd.waitForFinished(10000)) {
            m_udevd.kill();
        }
        m_udevd.waitForFinished();
    }
}

void TestMedia::insertedStickIsListedMountedAndScanned()
{
    const QString src = m_tmp.filePath(QStringLiteral("plain-src"));
    QVERIFY(writeFile(src + u"/update-1.2.seesaw", pattern(3000, '1')));
    QVERIFY(writeFile(src + u"/releases/update-1.3.seesaw", pattern(4000, '3')));
    QVERIFY(writeFile(src + u"/releases/OLD.SEESAW", "upper case, as FAT tools write it"));
    QVERIFY(writeFile(src + u"/releases/notes.txt", "not a bundle"));
    QVERIFY(writeFile(src + u"/update.seesaw.txt", "not a bundle either"));
    const QString stick =
        makeStick(QStringLiteral("simple"), src, true, QStringLiteral("MY STICK"));
    QVERIFY(!stick.isEmpty());

    const QString root = mountRoot("simple");
    MediaManager manager(options(root));
    QSignalSpy changed(&manager, &MediaManager::mediaChanged);
    QVERIFY2(manager.start().ok(), "start");
    QVERIFY(QFileInfo(root).isDir());

    QElapsedTimer clock;
    clock.start();
    const QString dev = attach(stick);
    QVERIFY(!dev.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
    qInfo() << "listed" << clock.elapsed() << "ms after losetup";
    QVERIFY(changed.count() >= 1);

    const MediaInfo info = *byDevnode(manager, dev);
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]*$"))
                 .match(info.id)
                 .hasMatch(),
             qPrintable(info.id));
    QCOMPARE(info.fsType, QStringLiteral("ext4"));
    QCOMPARE(info.label, QStringLiteral("MY STICK"));
    QCOMPARE(info.size, quint64(32) << 20);
    QVERIFY(!info.mounted);
    QStringList ids;
    for (const MediaInfo &m : manager.media()) {
        ids.append(m.id);
    }
    QCOMPARE(ids.removeDuplicates(), 0);

    const Result<QList<FoundBundle>> found = manager.scan(info.id);
    QVERIFY2(found.ok(), found.ok() ? "" : qPrintable(found.error().message));
    QCOMPARE(bundlePaths(*found), sorted({QStringLiteral("releases/OLD.SEESAW"),
                                          QStringLiteral("releases/update-1.3.seesaw"),
                                          QStringLiteral("update-1.2.seesaw")}));
    for (const FoundBundle &b : *found) {
        if (b.relativePath == u"releases/update-1.3.seesaw") {
            QCOMPARE(b.size, quint64(4000));
        }
    }
    QVERIFY(byDevnode(manager, dev)->mounted);

    // Mounted by the daemon, in its own 0700 directory, read-only, nosuid, nodev, noexec.
    const QString point = root + u'/' + info.id;
    const QMap<QString, MountLine> mounts = mountsBelow(root);
    QCOMPARE(mounts.keys(), QStringList{point});
    const MountLine line = mounts.value(point);
    QCOMPARE(line.source, dev);
    QCOMPARE(line.fsType, QStringLiteral("ext4"));
    for (const char *flag : {"ro", "nosuid", "nodev", "noexec"}) {
        QVERIFY2(line.options.contains(QLatin1String(flag)), qPrintable(line.options.join(u',')));
    }
    struct stat st {};
    QVERIFY(::lstat(QFile::encodeName(root).constData(), &st) == 0);
    QCOMPARE(st.st_mode & 0777, 0700U);

    // The bundle read through the descriptor is the bundle written to the image.
    Result<UniqueFd> fd = manager.openBundle(info.id, QStringLiteral("releases/update-1.3.seesaw"));
    QVERIFY2(fd.ok(), fd.ok() ? "" : qPrintable(fd.error().message));
    QFile file;
    QVERIFY(file.open(fd->get(), QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), pattern(4000, '3'));
    QCOMPARE(::fcntl(fd->get(), F_GETFL) & (O_NONBLOCK | O_ACCMODE), O_RDONLY);
}

void TestMedia::hostileStickScanIsBounded_data()
{
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<int>("maxEntries");
    QTest::addColumn<int>("maxBundles");
    QTest::addColumn<qint64>("maxMillis");
    QTest::addColumn<QStringList>("mustFind");
    QTest::addColumn<QStringList>("mayFind");
    QTest::addColumn<QString>("limit"); // the limit the manager must log, if any

    const QString a = QStringLiteral("a.seesaw");
    const QString big = QStringLiteral("big.seesaw");
    const QString inside = QStringLiteral("sub/inside.seesaw");
    const QString shallow = QStringLiteral("deep/d1/shallow.seesaw");
    const QString many = QStringLiteral("many/z.seesaw");
    QString deep = QStringLiteral("deep");
    for (int level = 1; level <= 50; ++level) {
        deep += QStringLiteral("/d%1").arg(level);
    }
    deep += QStringLiteral("/deep.seesaw");

    // Generous limits: everything is walked, so the result is exact and shows no link was
    // followed (no loop/…, etc/…, sub-link/…, no passwd.seesaw, no FIFO or device).
    QTest::newRow("everything") << 64 << 20000 << 64 << qint64(60000)
                                << QStringList{a, big, inside, shallow, many, deep} << QStringList{}
                                << QString();
    // The defaults: 10,000 entries in many/ are more than the budget; the root (walked first)
    // is always complete.
    const ScanLimits defaults;
    QTest::newRow("defaults") << defaults.maxDepth << defaults.maxEntries << defaults.maxBundles
                              << defaults.maxMillis << QStringList{a, big}
                              << QStringList{inside, shallow, many} << QStringLiteral("entries");
    QTest::newRow("depth 1") << 1 << 20000 << 64 << qint64(60000)
                             << QStringList{a, big, inside, many} << QStringList{}
                             << QStringLiteral("depth");
    QTest::newRow("two bundles") << 64 << 20000 << 2 << qint64(60000) << QStringList{}
                                 << QStringList{a, big} << QStringLiteral("bundles");
    QTest::newRow("30 entries") << 64 << 30 << 64 << qint64(60000) << QStringList{a, big}
                                << QStringList{inside} << QStringLiteral("entries");
    // Whatever a millisecond allows (the whole walk takes several), and the time limit logged.
    QTest::newRow("no time") << 64 << 20000 << 64 << qint64(0) << QStringList{}
                             << QStringList{a, big, inside, shallow, many, deep}
                             << QStringLiteral("time");
}

void TestMedia::hostileStickScanIsBounded()
{
    QFETCH(int, maxDepth);
    QFETCH(int, maxEntries);
    QFETCH(int, maxBundles);
    QFETCH(qint64, maxMillis);
    QFETCH(QStringList, mustFind);
    QFETCH(QStringList, mayFind);
    QFETCH(QString, limit);
    ScanLimits limits;
    limits.maxDepth = maxDepth;
    limits.maxEntries = maxEntries;
    limits.maxBundles = maxBundles;
    limits.maxMillis = maxMillis;
    MediaManager manager(options(mountRoot("hostile-scan"), limits));
    QVERIFY(manager.start().ok());
    const std::optional<MediaInfo> info = byDevnode(manager, m_hostileDev);
    QVERIFY(info);

    // Hitting a limit is not an error, but it is logged.
    const QRegularExpression limitLog(
        QStringLiteral("hit the %1 limit").arg(limit.isEmpty() ? QStringLiteral("\\w+") : limit));
    if (limit.isEmpty()) {
        QTest::failOnWarning(limitLog);
    } else {
        QTest::ignoreMessage(QtWarningMsg, limitLog);
    }
    QElapsedTimer clock;
    clock.start();
    const Result<QList<FoundBundle>> found = manager.scan(info->id);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(found.ok(), found.ok() ? "" : qPrintable(found.error().message));
    qInfo() << "scan took" << elapsed << "ms," << found->size() << "bundles";
    QVERIFY2(elapsed < std::min<qint64>(maxMillis, 10000) + 2000,
             qPrintable(QString::number(elapsed)));

    QStringList paths = bundlePaths(*found);
    QCOMPARE(paths.removeDuplicates(), 0);
    QVERIFY(found->size() <= maxBundles);
    for (const QString &path : mustFind) {
        QVERIFY2(paths.contains(path), qPrintable(path + u" missing from " + paths.join(u' ')));
    }
    for (const QString &path : paths) {
        QVERIFY2(mustFind.contains(path) || mayFind.contains(path), qPrintable(path));
    }
    for (const FoundBundle &b : *found) {
        if (b.relativePath == u"big.seesaw") {
            QCOMPARE(b.size, quint64(8) << 30); // listed with its size, not read
        }
        const Result<UniqueFd> fd = manager.openBundle(info->id, b.relativePath);
        QVERIFY2(fd.ok(), qPrintable(b.relativePath));
    }
}

void TestMedia::openBundleRefuses_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("code");
    const QString invalid = QStringLiteral("media.invalid-path");
    const QString notRegular = QStringLiteral("media.not-regular");
    QTest::newRow("parent") << QStringLiteral("../x") << invalid;
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << invalid;
    QTest::newRow("climbing") << QStringLiteral("a/../../x") << invalid;
    QTest::newRow("dot") << QStringLiteral("./a.seesaw") << invalid;
    QTest::newRow("empty") << QString() << invalid;
    QTest::newRow("empty component") << QStringLiteral("sub//inside.seesaw") << invalid;
    QTest::newRow("trailing slash") << QStringLiteral("sub/") << invalid;
    QTest::newRow("backslash") << QStringLiteral("sub\\inside.seesaw") << invalid;
    QTest::newRow("nul") << QStringLiteral("a.seesaw") + QChar(0) + QStringLiteral("x") << invalid;
    QTest::newRow("too long") << QString(1025, QLatin1Char('a')) << invalid;
    QTest::newRow("link to /etc/passwd") << QStringLiteral("passwd.seesaw") << notRegular;
    QTest::newRow("link inside") << QStringLiteral("inside-link.seesaw") << notRegular;
    QTest::newRow("through a dir link") << QStringLiteral("etc/passwd") << notRegular;
    QTest::newRow("through a loop link") << QStringLiteral("loop/a.seesaw") << notRegular;
    QTest::newRow("fifo") << QStringLiteral("fifo.seesaw") << notRegular;
    QTest::newRow("char device") << QStringLiteral("null.seesaw") << notRegular;
    QTest::newRow("block device") << QStringLiteral("disk.seesaw") << notRegular;
    QTest::newRow("socket") << QStringLiteral("socket.seesaw") << notRegular;
    QTest::newRow("directory") << QStringLiteral("sub") << notRegular;
    QTest::newRow("missing") << QStringLiteral("missing.seesaw")
                             << QStringLiteral("media.not-found");
    QTest::newRow("file as directory")
        << QStringLiteral("a.seesaw/x") << QStringLiteral("media.not-found");
    QTest::newRow("regular") << QStringLiteral("a.seesaw") << QString();
    QTest::newRow("regular below") << QStringLiteral("sub/inside.seesaw") << QString();
}

void TestMedia::openBundleRefuses()
{
    QFETCH(QString, path);
    QFETCH(QString, code);
    MediaManager manager(options(mountRoot("hostile-open")));
    QVERIFY(manager.start().ok());
    const std::optional<MediaInfo> info = byDevnode(manager, m_hostileDev);
    QVERIFY(info);
    const Result<UniqueFd> fd = manager.openBundle(info->id, path);
    if (code.isEmpty()) {
        QVERIFY2(fd.ok(), fd.ok() ? "" : qPrintable(fd.error().message));
        struct stat st {};
        QVERIFY(::fstat(fd->get(), &st) == 0 && S_ISREG(st.st_mode));
        QFile file;
        QVERIFY(file.open(fd->get(), QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), path == u"a.seesaw" ? pattern(5000, 'a') : pattern(700, 's'));
        return;
    }
    QVERIFY(!fd.ok());
    QCOMPARE(fd.error().code, code);
    QVERIFY(!fd.error().message.isEmpty());

    const Result<UniqueFd> unknown =
        manager.openBundle(QStringLiteral("no-such-medium"), QStringLiteral("a.seesaw"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, QStringLiteral("media.unknown"));
}

void TestMedia::nonUsbAndBlankDevicesAreIgnored()
{
    const QString src = m_tmp.filePath(QStringLiteral("internal-src"));
    QVERIFY(writeFile(src + u"/update.seesaw", "a bundle on an internal disk"));
    const QString internal = makeStick(QStringLiteral("internal"), src, false);
    QVERIFY(!internal.isEmpty());
    // A USB device without a file system.
    const QString blank = image(m_usbTag + u"blank.img");
    {
        QFile f(blank);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.resize(qint64(8) << 20));
    }

    MediaManager manager(options(mountRoot("ignored")));
    QSignalSpy changed(&manager, &MediaManager::mediaChanged);
    QVERIFY(manager.start().ok());
    const QString internalDev = attach(internal);
    const QString blankDev = attach(blank);
    QVERIFY(!internalDev.isEmpty() && !blankDev.isEmpty());
    QCOMPARE(runMerged(QStringLiteral("udevadm"), {QStringLiteral("settle")}).exitCode, 0);
    QTest::qWait(1000); // let the manager read every event udevd sent

    // udev did see the file systems (or their absence): the only thing missing is USB.
    const QString props =
        runMerged(QStringLiteral("udevadm"),
                  {QStringLiteral("info"), QStringLiteral("--query=property"), internalDev})
            .text();
    QVERIFY2(props.contains(QStringLiteral("ID_FS_TYPE=ext4")), qPrintable(props));
    QVERIFY2(!props.contains(QStringLiteral("ID_BUS=usb")), qPrintable(props));
    QFile removable(
        QStringLiteral("/sys/block/%1/removable").arg(QFileInfo(internalDev).fileName()));
    QVERIFY(removable.open(QIODevice::ReadOnly));
    QCOMPARE(removable.readAll().trimmed(), QByteArray("0"));
    const QString blankProps =
        runMerged(QStringLiteral("udevadm"),
                  {QStringLiteral("info"), QStringLiteral("--query=property"), blankDev})
            .text();
    QVERIFY2(blankProps.contains(QStringLiteral("ID_BUS=usb")), qPrintable(blankProps));

    QVERIFY(!byDevnode(manager, internalDev));
    QVERIFY(!byDevnode(manager, blankDev));
    QVERIFY(mountsBelow(mountRoot("ignored")).isEmpty());
    // And a manager started now, enumerating instead of listening, agrees.
    MediaManager later(options(mountRoot("ignored-later")));
    QVERIFY(later.start().ok());
    QVERIFY(!byDevnode(later, internalDev));
    QVERIFY(!byDevnode(later, blankDev));
    QVERIFY(byDevnode(later, m_hostileDev));
    detach(internalDev);
    detach(blankDev);
}

void TestMedia::idsAreSafeAndUniqueAndTextIsSanitised()
{
    // Two sticks claiming the same serial number, which is also a path; vendor with ESC.
    const QString first = makeStick(QStringLiteral("dup-1"), {}, true, QStringLiteral("A\tB"));
    const QString second = makeStick(QStringLiteral("dup-2"), {}, true);
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    const QString root = mountRoot("ids");
    MediaManager manager(options(root));
    QVERIFY(manager.start().ok());
    const QString firstDev = attach(first);
    const QString secondDev = attach(second);
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, firstDev) && byDevnode(manager, secondDev), 5000);

    const MediaInfo a = *byDevnode(manager, firstDev);
    const MediaInfo b = *byDevnode(manager, secondDev);
    const QString expected = QStringLiteral("usb-.._Evil_Serial");
    QCOMPARE(sorted({a.id, b.id}), sorted({expected, expected + u"-2"}));
    QCOMPARE(a.vendor, QStringLiteral("Evil Corp") + QChar(0xfffd));
    QCOMPARE(a.model, QStringLiteral("Stick"));
    QCOMPARE(a.label, QStringLiteral("A") + QChar(0xfffd) + QStringLiteral("B"));
    // Both mount where their ids say, inside the mount root.
    QVERIFY(manager.scan(a.id).ok());
    QVERIFY(manager.scan(b.id).ok());
    QCOMPARE(sorted(mountsBelow(root).keys()), sorted({root + u'/' + a.id, root + u'/' + b.id}));
}

void TestMedia::writeFileMakesOneFileAndNoWritableMount()
{
    const QString src = m_tmp.filePath(QStringLiteral("report-src"));
    QVERIFY(writeFile(src + u"/update.seesaw", pattern(10000, 'u')));
    QVERIFY(writeFile(src + u"/old-report.txt", "old"));
    const QString stick = makeStick(QStringLiteral("report"), src, true);
    QVERIFY(!stick.isEmpty());
    const QString root = mountRoot("report");
    MediaManager manager(options(root));
    QVERIFY(manager.start().ok());
    const QString dev = attach(stick);
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
    const QString id = byDevnode(manager, dev)->id;
    const QString point = root + u'/' + id;
    const auto listing = [&] {
        return sorted(QDir(point).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                                            QDir::NoDotAndDotDot));
    };

    // Not mounted before: written, and not mounted afterwards.
    const QByteArray first = "history, first export\n";
    Status written = manager.writeFile(id, QStringLiteral("seesaw-report.txt"), first);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QVERIFY(mountsBelow(root).isEmpty());
    QVERIFY(!byDevnode(manager, dev)->mounted);
    QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());

    // Mounted before (scanned): exactly one new file, replaced in place, and back to read-only.
    QVERIFY(manager.scan(id).ok());
    const QStringList before = listing();
    QVERIFY(before.contains(QStringLiteral("seesaw-report.txt")));
    const QByteArray second = "history, second export\n";
    written = manager.writeFile(id, QStringLiteral("seesaw-report.txt"), second);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    written = manager.writeFile(id, QStringLiteral("seesaw-report.json"), "{}");
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QCOMPARE(listing(), sorted(before + QStringList{QStringLiteral("seesaw-report.json")}));
    const QMap<QString, MountLine> mounts = mountsBelow(root);
    QCOMPARE(mounts.keys(), QStringList{point});
    QVERIFY(mounts.value(point).options.contains(QStringLiteral("ro")));
    QVERIFY(byDevnode(manager, dev)->mounted);
    QFile report(point + u"/seesaw-report.txt");
    QVERIFY(report.open(QIODevice::ReadOnly));
    QCOMPARE(report.readAll(), second);
    report.close();
    // What is on the device itself, read without the kernel's mount.
    const RunResult cat =
        runMerged(QStringLiteral("debugfs"),
                  {QStringLiteral("-R"), QStringLiteral("cat /seesaw-report.txt"), stick});
    QVERIFY2(cat.text().endsWith(QString::fromUtf8(second).trimmed()), qPrintable(cat.text()));

    // Names are single, visible file names.
    for (const QString &bad : {QStringLiteral("../x"), QStringLiteral(".hidden"),
                               QStringLiteral("a/b"), QStringLiteral("/etc/x"), QString()}) {
        const Status refused = manager.writeFile(id, bad, "x");
        QVERIFY2(!refused.ok(), qPrintable(bad));
        QCOMPARE(refused.error().code, QStringLiteral("media.write"));
    }
    // While a bundle is open (an install reading the stick) the medium is not remounted.
    {
        const Result<UniqueFd> fd = manager.openBundle(id, QStringLiteral("update.seesaw"));
        QVERIFY(fd.ok());
        const Status busy = manager.writeFile(id, QStringLiteral("other.txt"), "x");
        QVERIFY(!busy.ok());
        QCOMPARE(busy.error().code, QStringLiteral("media.write"));
        QCOMPARE(mountsBelow(root).keys(), QStringList{point});
        QVERIFY(mountsBelow(root).value(point).options.contains(QStringLiteral("ro")));
    }
    QCOMPARE(listing(), sorted(before + QStringList{QStringLiteral("seesaw-report.json")}));
    const Status unknown = manager.writeFile(QStringLiteral("nope"), QStringLiteral("x.txt"), "x");
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, QStringLiteral("media.unknown"));
}

void TestMedia::removeEventUnmountsAndDrops()
{
    const QString src = m_tmp.filePath(QStringLiteral("removed-src"));
    QVERIFY(writeFile(src + u"/update.seesaw", pattern(10000, 'r')));
    const QString stick = makeStick(QStringLiteral("removed"), src, true);
    const QString root = mountRoot("removed");
    MediaManager manager(options(root));
    QVERIFY(manager.start().ok());
    const QString dev = attach(stick);
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
    const QString id = byDevnode(manager, dev)->id;
    QVERIFY(manager.scan(id).ok());
    const Result<UniqueFd> held = manager.openBundle(id, QStringLiteral("update.seesaw"));
    QVERIFY(held.ok());
    QCOMPARE(mountsBelow(root).size(), 1);

    QSignalSpy removed(&manager, &MediaManager::mediaRemoved);
    QSignalSpy changed(&manager, &MediaManager::mediaChanged);
    QCOMPARE(runMerged(QStringLiteral("udevadm"),
                       {QStringLiteral("trigger"), QStringLiteral("--action=remove"), dev})
                 .exitCode,
             0);
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 1, 5000);
    QCOMPARE(removed.first().first().toString(), id);
    QVERIFY(changed.count() >= 1);
    QVERIFY(!byDevnode(manager, dev));
    // Lazily unmounted although a descriptor still holds the file system.
    QVERIFY(mountsBelow(root).isEmpty());
    QVERIFY(!QFileInfo::exists(root + u'/' + id));
    const Result<QList<FoundBundle>> again = manager.scan(id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, QStringLiteral("media.unknown"));

    // Plugged in again (udev "change" replays it): listed again.
    QCOMPARE(runMerged(QStringLiteral("udevadm"),
                       {QStringLiteral("trigger"), QStringLiteral("--action=change"), dev})
                 .exitCode,
             0);
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
    const QString againId = byDevnode(manager, dev)->id;
    QVERIFY(manager.scan(againId).ok());

    // Its medium vanishes (a card pulled from a reader): the kernel's "change" event, after
    // which udev finds no file system, drops it too.
    QVERIFY(QFile::resize(stick, 0));
    QCOMPARE(runMerged(QStringLiteral("losetup"), {QStringLiteral("-c"), dev}).exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(removed.count(), 2, 5000);
    QCOMPARE(removed.last().first().toString(), againId);
    QVERIFY(!byDevnode(manager, dev));
    QVERIFY(mountsBelow(root).isEmpty());
}

void TestMedia::pulledStickGivesEioAndIsDropped()
{
    const QString src = m_tmp.filePath(QStringLiteral("pulled-src"));
    QVERIFY(writeFile(src + u"/update.seesaw", pattern(qsizetype(8) << 20, 'p')));
    const QString stick = makeStick(QStringLiteral("pulled"), src, true);
    const QString root = mountRoot("pulled");
    MediaManager manager(options(root));
    QVERIFY(manager.start().ok());
    const QString dev = attach(stick);
    QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
    const QString id = byDevnode(manager, dev)->id;
    const Result<UniqueFd> held = manager.openBundle(id, QStringLiteral("update.seesaw"));
    QVERIFY(held.ok());
    char buffer[4096];
    QCOMPARE(::pread(held->get(), buffer, sizeof buffer, 0), ssize_t(sizeof buffer));

    // The medium disappears under the mount: no blocks left behind the device.
    QSignalSpy removed(&manager, &MediaManager::mediaRemoved);
    QVERIFY(QFile::resize(stick, 0));
    QCOMPARE(runMerged(QStringLiteral("losetup"), {QStringLiteral("-c"), dev}).exitCode, 0);

    // Asked before the event arrives (no event loop ran): a clean "gone", and dropped.
    const Result<QList<FoundBundle>> scanned = manager.scan(id);
    QVERIFY(!scanned.ok());
    QCOMPARE(scanned.error().code, QStringLiteral("media.gone"));
    QCOMPARE(removed.count(), 1);
    QVERIFY(!byDevnode(manager, dev));
    QVERIFY(mountsBelow(root).isEmpty());
    // The descriptor already open keeps failing with EIO (what an install reports as a pulled
    // stick), rather than returning stale or zero bytes.
    errno = 0;
    const ssize_t n = ::pread(held->get(), buffer, sizeof buffer, qint64(6) << 20);
    QCOMPARE(n, ssize_t(-1));
    QCOMPARE(errno, EIO);
    // The late udev event for it changes nothing.
    QTest::qWait(1000);
    QCOMPARE(removed.count(), 1);
    QVERIFY(!byDevnode(manager, dev));
}

void TestMedia::staleMountsAreDetachedAtStart()
{
    const QString root = mountRoot("stale");
    QVERIFY(QDir().mkpath(root + u"/leftover"));
    QVERIFY(::mount("tmpfs", QFile::encodeName(root + u"/leftover").constData(), "tmpfs", 0,
                    "size=1m") == 0);
    QCOMPARE(mountsBelow(root).size(), 1);
    MediaManager manager(options(root));
    QVERIFY(manager.start().ok());
    QVERIFY(mountsBelow(root).isEmpty());
    QVERIFY(!QFileInfo::exists(root + u"/leftover"));
}

void TestMedia::releaseAndDestructorUnmount()
{
    const QString root = mountRoot("release");
    UniqueFd outlives;
    {
        MediaManager manager(options(root));
        QVERIFY(manager.start().ok());
        const std::optional<MediaInfo> info = byDevnode(manager, m_hostileDev);
        QVERIFY(info);
        QVERIFY(manager.openBundle(info->id, QStringLiteral("a.seesaw")).ok());
        QCOMPARE(mountsBelow(root).size(), 1);
        manager.release(info->id);
        QVERIFY(mountsBelow(root).isEmpty());
        QVERIFY(!byDevnode(manager, m_hostileDev)->mounted);
        QVERIFY(byDevnode(manager, m_hostileDev));

        // Mounted again on demand; the destructor unmounts even with a descriptor still open.
        const Result<UniqueFd> held = manager.openBundle(info->id, QStringLiteral("a.seesaw"));
        QVERIFY(held.ok());
        QCOMPARE(mountsBelow(root).size(), 1);
        outlives.reset(::dup(held->get()));
    }
    QVERIFY(outlives.isValid());
    QVERIFY(mountsBelow(root).isEmpty());
    QCOMPARE(QDir(root).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

// Risk: a read-only mount of an ext4 stick whose journal needs recovery still writes to the
// stick (the kernel replays the journal and clears the flag), changing a technician's medium.
void TestMedia::dirtyJournalIsNotReplayed()
{
    const QString src = m_tmp.filePath(QStringLiteral("dirty-src"));
    QVERIFY(writeFile(src + u"/update.seesaw", pattern(5000, 'd')));
    const QString stick = makeStick(QStringLiteral("dirty"), src, true);
    QVERIFY(!stick.isEmpty());
    // What an unclean unplug leaves: the journal marked as holding transactions to replay.
    const RunResult dirty =
        runMerged(QStringLiteral("debugfs"), {QStringLiteral("-w"), QStringLiteral("-R"),
                                              QStringLiteral("feature needs_recovery"), stick});
    QVERIFY2(dirty.exitCode == 0, qPrintable(dirty.text()));
    QFile image(stick);
    QVERIFY(image.open(QIODevice::ReadOnly));
    const QByteArray before = QCryptographicHash::hash(image.readAll(), QCryptographicHash::Sha256);
    image.close();

    const QString root = mountRoot("dirty");
    {
        MediaManager manager(options(root));
        QVERIFY(manager.start().ok());
        const QString dev = attach(stick);
        QVERIFY(!dev.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(byDevnode(manager, dev).has_value(), 5000);
        const MediaInfo info = *byDevnode(manager, dev);
        const Result<QList<FoundBundle>> found = manager.scan(info.id);
        QVERIFY2(found.ok(), found.ok() ? "" : qPrintable(found.error().message));
        QCOMPARE(bundlePaths(*found), QStringList{QStringLiteral("update.seesaw")});
        {
            Result<UniqueFd> fd = manager.openBundle(info.id, QStringLiteral("update.seesaw"));
            QVERIFY2(fd.ok(), fd.ok() ? "" : qPrintable(fd.error().message));
            QFile bundle;
            QVERIFY(bundle.open(fd->get(), QIODevice::ReadOnly));
            QCOMPARE(bundle.readAll(), pattern(5000, 'd'));
        }
        manager.release(info.id);
        QVERIFY(mountsBelow(root).isEmpty());
        detach(dev);
    }
    QVERIFY(image.open(QIODevice::ReadOnly));
    QCOMPARE(QCryptographicHash::hash(image.readAll(), QCryptographicHash::Sha256).toHex(),
             before.toHex());
}

QTEST_GUILESS_MAIN(TestMedia)
#include "tst_media.moc"
