// Risk: Seesaw picks the running slot as the update target, or writes a slot that is mounted.
#include "config/systemconfig.h"
#include "device/slots.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <sys/sysmacros.h>

using namespace seesaw;
using testutil::runMerged;
using testutil::RunResult;

namespace {

const QString PartUuidA = QStringLiteral("0fc63daf-8483-4772-8e79-3d69d8477de4");
const QString PartUuidApp = QStringLiteral("deadbeef-01");

// One Linux partition from sector 2048 to the end, in an MBR partition table.
bool writePartitionedImage(const QString &file, qint64 size)
{
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || !f.resize(size)) {
        return false;
    }
    const auto le32 = [](quint32 v) {
        QByteArray out;
        for (int shift = 0; shift < 32; shift += 8) {
            out += char((v >> shift) & 0xff);
        }
        return out;
    };
    const quint32 first = 2048;
    const auto sectors = quint32(size / 512) - first;
    QByteArray entry(8, '\0');
    entry[4] = char(0x83);
    entry += le32(first) + le32(sectors);
    return f.seek(446) && f.write(entry) == 16 && f.seek(510) && f.write("\x55\xaa", 2) == 2;
}

// A loop device with a mounted file system on it, released in reverse order even when a check
// fails half way.
struct LoopMount {
    QString loop;
    QString mountPoint;
    bool mounted = false;

    bool unmount()
    {
        if (mounted && runMerged(QStringLiteral("umount"), {mountPoint}).exitCode == 0) {
            mounted = false;
        }
        return !mounted;
    }
    ~LoopMount()
    {
        unmount();
        if (!loop.isEmpty()) {
            runMerged(QStringLiteral("losetup"), {QStringLiteral("-d"), loop});
        }
    }
};

} // namespace

class TestSlots : public QObject {
    Q_OBJECT

    [[nodiscard]] QString path(const QString &relative) const
    {
        return m_path + QLatin1Char('/') + relative;
    }

    QTemporaryDir m_dir;
    QString m_path;
    SystemConfig m_config;
    bool m_haveBlockNode = false;

private Q_SLOTS:
    void initTestCase();
    void bootedFromCmdline_data();
    void bootedFromCmdline();
    void bootedFromCmdlineFile();
    void cmdlineFileLimits();
    void otherSlotOfSameClass();
    void mountinfoParsing_data();
    void mountinfoParsing();
    void unreadableMountinfoCountsAsMounted();
    void realLoopDevice();
    void realLoopPartition();
    void rootMatchesAbsentDevicesLiterally();
    void deviceSizes_data();
    void deviceSizes();
};

void TestSlots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = QFileInfo(m_dir.path()).canonicalFilePath();
    const QDir d(m_path);
    for (const char *dir : {"keys", "slots", "dev", "disk/by-partuuid", "disk/by-partlabel"}) {
        QVERIFY(d.mkpath(QLatin1String(dir)));
    }
    for (const char *file : {"fw_env.config", "slots/app0.img", "slots/app1.img"}) {
        QVERIFY(testutil::writeFile(path(QLatin1String(file)), "x"));
    }
    QVERIFY(testutil::writeFile(path(QStringLiteral("slots/a.img")), QByteArray(4096, 'a')));
    QVERIFY(testutil::writeFile(path(QStringLiteral("slots/b.img")),
                                QByteArray(qsizetype(1024) * 1024 + 512, 'b')));
    QVERIFY(testutil::writeFile(path(QStringLiteral("slots/my image.img")), "x"));

    // A fake /dev/disk as udev lays it out, with temp files standing in for partitions.
    const auto link = [&](const QString &target, const QString &name) {
        return QFile::link(target, path(name));
    };
    QVERIFY(
        link(QStringLiteral("../../slots/a.img"), QStringLiteral("disk/by-partuuid/") + PartUuidA));
    QVERIFY(link(QStringLiteral("../../slots/app0.img"),
                 QStringLiteral("disk/by-partuuid/") + PartUuidApp));
    QVERIFY(
        link(QStringLiteral("../../slots/b.img"), QStringLiteral("disk/by-partlabel/rootfs-b")));
    QVERIFY(
        link(QStringLiteral("../../slots/b.img"), QStringLiteral("disk/by-partlabel/root\\x20b")));
    QVERIFY(link(QStringLiteral("../slots/b.img"), QStringLiteral("dev/root-link")));

    QVERIFY(testutil::writeFile(path(QStringLiteral("system.conf")), R"([system]
compatible=sim
bootloader=uboot
cmdline=proc-cmdline
[keyring]
directory=keys
[bootloader]
uboot-env-config=fw_env.config
[slot.appfs.0]
device=slots/app0.img
[slot.appfs.1]
device=slots/app1.img
[slot.rootfs.0]
device=slots/a.img
bootname=A
[slot.rootfs.1]
device=slots/b.img
bootname=B
)"));
    auto config = SystemConfig::load(path(QStringLiteral("system.conf")));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    m_config = *config;

    // A block device node, so mountinfo matching by major:minor can be tested without a real
    // device; major 60 is reserved for local use, so no driver on this host has it.
    const QByteArray node = QFile::encodeName(path(QStringLiteral("dev/blk")));
    m_haveBlockNode = ::mknod(node.constData(), S_IFBLK | 0600, ::makedev(60, 7)) == 0;
}

void TestSlots::bootedFromCmdline_data()
{
    QTest::addColumn<QString>("cmdline");
    QTest::addColumn<QString>("bootname"); // empty: an error is expected
    QTest::addColumn<QStringList>("needles");
    const QString a = path(QStringLiteral("slots/a.img"));
    const auto s = [](const char *text) { return QString::fromUtf8(text); };
    const auto ok = [](const char *name, const QString &cmdline, const char *bootname) {
        QTest::newRow(name) << cmdline << QString::fromLatin1(bootname) << QStringList();
    };
    const auto bad = [](const char *name, const QString &cmdline, const QStringList &needles) {
        QTest::newRow(name) << cmdline << QString() << needles;
    };

    ok("seesaw.slot", s("console=ttyS0,115200 seesaw.slot=B quiet\n"), "B");
    ok("rauc.slot", s("rauc.slot=A rootwait"), "A");
    ok("seesaw.slot before rauc.slot", s("seesaw.slot=B rauc.slot=A"), "B");
    ok("seesaw.slot after rauc.slot", s("rauc.slot=A seesaw.slot=B"), "B");
    ok("seesaw.slot beats root", s("root=") + a + s(" seesaw.slot=B"), "B");
    ok("rauc.slot beats root", s("root=") + a + s(" rauc.slot=B"), "B");
    ok("quoted seesaw.slot", s("seesaw.slot=\"B\""), "B");
    ok("root path", s("console=tty1 root=") + a + s(" rw rootwait"), "A");
    ok("root through symlink", s("root=") + path(s("dev/root-link")), "B");
    ok("root path not canonical", s("root=") + path(s("slots/../slots//a.img")), "A");
    ok("root last wins", s("root=/dev/nonexistent root=") + a, "A");
    ok("PARTUUID lowercase", s("root=PARTUUID=") + PartUuidA, "A");
    ok("PARTUUID uppercase", s("root=PARTUUID=") + PartUuidA.toUpper(), "A");
    ok("PARTLABEL", s("ro root=PARTLABEL=rootfs-b"), "B");
    ok("PARTLABEL quoted with space", s("root=\"PARTLABEL=root b\" ro"), "B");
    ok("quoted argument hides root", s("dyndbg=\"root=/dev/sda1 +p\" root=PARTUUID=") + PartUuidA,
       "A");
    ok("quoted argument hides seesaw.slot", s("init=\"/bin/sh seesaw.slot=A\" seesaw.slot=B"), "B");

    bad("unknown seesaw.slot", s("seesaw.slot=C root=") + a, {s("seesaw.slot"), s("'C'")});
    bad("unknown rauc.slot", s("rauc.slot=recovery"), {s("rauc.slot"), s("'recovery'")});
    bad("bootname case", s("seesaw.slot=a"), {s("'a'")});
    bad("empty seesaw.slot", s("seesaw.slot="), {s("seesaw.slot")});
    bad("no root", s("console=ttyS0 quiet"), {s("no seesaw.slot=, rauc.slot= or root=")});
    bad("empty command line", QString(), {s("no seesaw.slot=, rauc.slot= or root=")});
    bad("prefix is not the key", s("xseesaw.slot=A root.x=/dev/sda"), {s("no seesaw.slot=")});
    bad("root not a slot", s("root=/dev/sda9"), {s("root='/dev/sda9'"), s("rootfs")});
    bad("root of non-boot class", s("root=") + path(s("slots/app0.img")), {s("app0.img")});
    bad("PARTUUID unknown", s("root=PARTUUID=00000000-01"), {s("'PARTUUID=00000000-01'")});
    bad("PARTUUID of non-boot class", s("root=PARTUUID=") + PartUuidApp, {PartUuidApp});
    bad("PARTLABEL case matters", s("root=PARTLABEL=ROOTFS-B"), {s("'PARTLABEL=ROOTFS-B'")});
    bad("PARTLABEL traversal", s("root=PARTLABEL=../../slots/a.img"), {s("PARTLABEL=")});
    bad("PARTUUID traversal", s("root=PARTUUID=../by-partlabel/rootfs-b"), {s("PARTUUID=")});
    bad("arguments after -- are init's", s("quiet -- seesaw.slot=A root=") + a,
        {s("no seesaw.slot=")});
    ok("root before --", s("root=") + a + s(" -- single"), "A");
    bad("root by number", s("root=179:2"), {s("'179:2'")});
    bad("hostile root", s("root=/dev/x") + QChar(0x202e) + s("evil"), {s("/dev/x\uFFFDevil")});
}

void TestSlots::bootedFromCmdline()
{
    QFETCH(QString, cmdline);
    QFETCH(QString, bootname);
    QFETCH(QStringList, needles);
    const auto slot = bootedSlot(m_config, cmdline, path(QStringLiteral("disk")));
    if (!bootname.isEmpty()) {
        QVERIFY2(slot.ok(), qPrintable(slot.ok() ? QString() : slot.error().message));
        QCOMPARE(slot->bootname, bootname);
        QCOMPARE(slot->slotClass, QStringLiteral("rootfs"));
        QCOMPARE(slot->device,
                 path(bootname == QLatin1String("A") ? QStringLiteral("slots/a.img")
                                                     : QStringLiteral("slots/b.img")));
        return;
    }
    QVERIFY2(!slot.ok(), qPrintable(slot.ok() ? slot->name() : QString()));
    QCOMPARE(slot.error().code, QStringLiteral("slots.booted-unknown"));
    const QString message = slot.error().message;
    for (const QString &needle : needles) {
        QVERIFY2(message.contains(needle),
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(needle, message)));
    }
    QVERIFY(!message.contains(QChar(0x202e)));
}

void TestSlots::bootedFromCmdlineFile()
{
    // [system] cmdline= is how the simulator "boots" a slot.
    QCOMPARE(m_config.cmdlinePath, path(QStringLiteral("proc-cmdline")));
    for (const char *bootname : {"A", "B"}) {
        QVERIFY(testutil::writeFile(m_config.cmdlinePath,
                                    QByteArray("console=ttyS0 seesaw.slot=") + bootname + '\n'));
        const auto slot = bootedSlot(m_config);
        QVERIFY2(slot.ok(), qPrintable(slot.ok() ? QString() : slot.error().message));
        QCOMPARE(slot->bootname, QLatin1String(bootname));
    }
}

void TestSlots::cmdlineFileLimits()
{
    SystemConfig config = m_config;
    config.cmdlinePath = path(QStringLiteral("big-cmdline"));
    const QByteArray argument = "seesaw.slot=B";
    QByteArray exact(qsizetype(64) * 1024 - argument.size(), ' ');
    QVERIFY(testutil::writeFile(config.cmdlinePath, exact + argument));
    const auto fits = bootedSlot(config);
    QVERIFY2(fits.ok(), qPrintable(fits.ok() ? QString() : fits.error().message));
    QCOMPARE(fits->bootname, QStringLiteral("B"));

    QVERIFY(testutil::writeFile(config.cmdlinePath, ' ' + exact + argument));
    const auto tooLarge = bootedSlot(config);
    QVERIFY(!tooLarge.ok());
    QCOMPARE(tooLarge.error().code, QStringLiteral("slots.cmdline-unreadable"));

    config.cmdlinePath = path(QStringLiteral("no-such-cmdline"));
    const auto missing = bootedSlot(config);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("slots.cmdline-unreadable"));
    QCOMPARE(missing.error().kind, Error::Kind::Io);
    QVERIFY(missing.error().message.contains(config.cmdlinePath));
}

void TestSlots::otherSlotOfSameClass()
{
    const auto name = [&](const QString &cls, int index) {
        const SlotConfig *other = otherSlot(m_config, *m_config.slot(cls, index));
        return other != nullptr ? other->name() : QString();
    };
    QCOMPARE(name(QStringLiteral("rootfs"), 0), QStringLiteral("rootfs.1"));
    QCOMPARE(name(QStringLiteral("rootfs"), 1), QStringLiteral("rootfs.0"));
    QCOMPARE(name(QStringLiteral("appfs"), 0), QStringLiteral("appfs.1"));
    QCOMPARE(otherSlot(m_config, *m_config.slotByBootname(QStringLiteral("A")))->bootname,
             QStringLiteral("B"));
    SlotConfig stranger;
    stranger.slotClass = QStringLiteral("datafs");
    QVERIFY(!otherSlot(m_config, stranger));
}

void TestSlots::mountinfoParsing_data()
{
    QTest::addColumn<QByteArray>("mountinfo"); // "@" stands for the test directory
    QTest::addColumn<QString>("device");       // relative to the test directory unless absolute
    QTest::addColumn<bool>("needsBlockNode");
    QTest::addColumn<bool>("mounted");
    const QByteArray common = "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
                              "23 27 0:22 / /sys rw,relatime shared:7 - sysfs sysfs rw\n"
                              "25 24 0:23 / /dev/shm rw - tmpfs tmpfs rw,size=1024k\n";
    const auto row = [&](const char *name, const QByteArray &line, const char *device, bool block,
                         bool mounted) {
        QTest::newRow(name) << common + line << QString::fromUtf8(device) << block << mounted;
    };
    row("number, one optional field",
        "36 35 60:7 / /mnt rw,relatime shared:1 - ext4 /dev/sdz1 rw\n", "dev/blk", true, true);
    row("number, no optional fields", "36 35 60:7 / /mnt rw - ext4 /dev/sdz1 rw\n", "dev/blk", true,
        true);
    row("number, many optional fields",
        "36 35 60:7 / /mnt rw shared:1 master:2 propagate_from:3 unbindable - ext4 /dev/x rw\n",
        "dev/blk", true, true);
    row("bind mount of a subtree", "40 35 60:7 /var/lib /srv rw - ext4 /dev/sdz1 rw\n", "dev/blk",
        true, true);
    row("other minor", "36 35 60:8 / /mnt rw - ext4 /dev/sdz1 rw\n", "dev/blk", true, false);
    row("minor prefix", "36 35 60:70 / /mnt rw - ext4 /dev/sdz1 rw\n", "dev/blk", true, false);
    row("other major", "36 35 61:7 / /mnt rw - ext4 /dev/sdz1 rw\n", "dev/blk", true, false);
    row("block by source", "36 35 0:99 / /mnt rw - btrfs @/dev/blk rw\n", "dev/blk", true, true);
    row("file by source", "36 35 0:99 / /mnt rw - ext4 @/slots/a.img rw\n", "slots/a.img", false,
        true);
    row("source through symlink", "36 35 0:99 / /mnt rw - ext4 @/dev/root-link rw\n", "slots/b.img",
        false, true);
    row("escaped source", "36 35 0:99 / /mnt/my\\040disk rw - ext4 @/slots/my\\040image.img rw\n",
        "slots/my image.img", false, true);
    row("escaped source is not cut", "36 35 0:99 / /mnt rw - ext4 @/slots/my rw\n",
        "slots/my image.img", false, false);
    row("mount point is not a source", "36 35 0:99 / @/slots/a.img rw - ext4 /dev/sdz1 rw\n",
        "slots/a.img", false, false);
    row("absent device named as source", "36 35 8:3 / /mnt rw - ext4 /dev/seesaw-test-absent rw\n",
        "/dev/seesaw-test-absent", false, true);
    row("other file", "36 35 0:99 / /mnt rw - ext4 @/slots/a.img rw\n", "slots/b.img", false,
        false);
    row("malformed lines ignored", "garbage\n36 35 60:7 / /mnt rw\n36 35 60:7 / /mnt rw -\n\n",
        "dev/blk", true, false);
    row("empty file", QByteArray(), "dev/blk", true, false);
}

void TestSlots::mountinfoParsing()
{
    QFETCH(QByteArray, mountinfo);
    QFETCH(QString, device);
    QFETCH(bool, needsBlockNode);
    QFETCH(bool, mounted);
    if (needsBlockNode && !m_haveBlockNode) {
        QSKIP("mknod of a block device node is not permitted here");
    }
    const QString file = path(QStringLiteral("mountinfo"));
    QVERIFY(testutil::writeFile(file, mountinfo.replace('@', QFile::encodeName(m_path))));
    const QString target = QDir::isAbsolutePath(device) ? device : path(device);
    QCOMPARE(isMounted(target, file), mounted);
}

void TestSlots::unreadableMountinfoCountsAsMounted()
{
    // Not knowing must never let a writer through.
    QVERIFY(isMounted(path(QStringLiteral("slots/a.img")), path(QStringLiteral("no-mountinfo"))));
}

void TestSlots::realLoopDevice()
{
    if (QStandardPaths::findExecutable(QStringLiteral("mkfs.ext4")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("losetup")).isEmpty()) {
        QSKIP("mkfs.ext4 or losetup is not installed");
    }
    const qint64 imageSize = qint64(8) * 1024 * 1024;
    const QString image = path(QStringLiteral("loop.img"));
    {
        QFile f(image);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.resize(imageSize));
    }
    const RunResult mkfs =
        runMerged(QStringLiteral("mkfs.ext4"), {QStringLiteral("-q"), QStringLiteral("-F"), image});
    QVERIFY2(mkfs.exitCode == 0, qPrintable(mkfs.text()));
    const QString other = path(QStringLiteral("slots/b.img"));
    QVERIFY(!isMounted(image));

    LoopMount lm;
    const RunResult attach = runMerged(QStringLiteral("losetup"),
                                       {QStringLiteral("-f"), QStringLiteral("--show"), image});
    if (attach.exitCode != 0) {
        QSKIP(qPrintable(QStringLiteral("losetup is not permitted here: ") + attach.text()));
    }
    lm.loop = attach.text();
    QVERIFY2(lm.loop.startsWith(QLatin1String("/dev/loop")), qPrintable(lm.loop));
    lm.mountPoint = path(QStringLiteral("mnt"));
    QVERIFY(QDir().mkpath(lm.mountPoint));

    // Attached but not mounted: free.
    QVERIFY(!isMounted(lm.loop));
    QVERIFY(!isMounted(image));
    const auto loopSize = deviceSize(lm.loop);
    QVERIFY2(loopSize.ok(), qPrintable(loopSize.ok() ? QString() : loopSize.error().message));
    QCOMPARE(*loopSize, quint64(imageSize));

    const RunResult mount = runMerged(QStringLiteral("mount"), {lm.loop, lm.mountPoint});
    if (mount.exitCode != 0) {
        QSKIP(qPrintable(QStringLiteral("mount is not permitted here: ") + mount.text()));
    }
    lm.mounted = true;
    QVERIFY(isMounted(lm.loop));
    QVERIFY(isMounted(image));
    QVERIFY(!isMounted(other));

    // The image reached through a symlink is still the same file.
    const QString link = path(QStringLiteral("loop-link.img"));
    QVERIFY(QFile::link(image, link));
    QVERIFY(isMounted(link));

    QVERIFY(lm.unmount());
    QVERIFY(!isMounted(lm.loop));
    QVERIFY(!isMounted(image));
}

void TestSlots::realLoopPartition()
{
    // A whole disk is busy when one of its partitions is mounted.
    if (QStandardPaths::findExecutable(QStringLiteral("mkfs.ext4")).isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("losetup")).isEmpty()) {
        QSKIP("mkfs.ext4 or losetup is not installed");
    }
    const qint64 imageSize = qint64(16) * 1024 * 1024;
    const QString image = path(QStringLiteral("partitioned.img"));
    QVERIFY(writePartitionedImage(image, imageSize));

    LoopMount lm;
    const RunResult attach =
        runMerged(QStringLiteral("losetup"),
                  {QStringLiteral("-P"), QStringLiteral("-f"), QStringLiteral("--show"), image});
    if (attach.exitCode != 0) {
        QSKIP(qPrintable(QStringLiteral("losetup is not permitted here: ") + attach.text()));
    }
    lm.loop = attach.text();
    const QString partition = lm.loop + QStringLiteral("p1");
    for (int i = 0; i < 20 && !QFileInfo::exists(partition); ++i) {
        QTest::qWait(100);
    }
    if (!QFileInfo::exists(partition)) {
        QSKIP("this kernel does not scan partition tables on loop devices");
    }

    const RunResult mkfs = runMerged(QStringLiteral("mkfs.ext4"),
                                     {QStringLiteral("-q"), QStringLiteral("-F"), partition});
    QVERIFY2(mkfs.exitCode == 0, qPrintable(mkfs.text()));
    const auto size = deviceSize(partition);
    QVERIFY2(size.ok(), qPrintable(size.ok() ? QString() : size.error().message));
    QCOMPARE(*size, quint64(imageSize - qint64(2048) * 512));

    lm.mountPoint = path(QStringLiteral("mnt-part"));
    QVERIFY(QDir().mkpath(lm.mountPoint));
    const RunResult mount = runMerged(QStringLiteral("mount"), {partition, lm.mountPoint});
    if (mount.exitCode != 0) {
        QSKIP(qPrintable(QStringLiteral("mount is not permitted here: ") + mount.text()));
    }
    lm.mounted = true;
    QVERIFY(isMounted(partition));
    QVERIFY(isMounted(lm.loop));
    QVERIFY(isMounted(image));

    QVERIFY(lm.unmount());
    QVERIFY(!isMounted(partition));
    QVERIFY(!isMounted(lm.loop));
    QVERIFY(!isMounted(image));
}

void TestSlots::rootMatchesAbsentDevicesLiterally()
{
    // The documented example names /dev/mmcblk0p2 and p3, which need not exist where this runs.
    SystemConfig config;
    for (int index = 0; index < 2; ++index) {
        SlotConfig slot;
        slot.slotClass = QStringLiteral("rootfs");
        slot.index = index;
        slot.device = QStringLiteral("/dev/seesaw-test-absent-p%1").arg(index + 2);
        slot.bootname = index == 0 ? QStringLiteral("A") : QStringLiteral("B");
        config.slots.append(slot);
    }
    const auto slot = bootedSlot(config, QStringLiteral("root=/dev/seesaw-test-absent-p3 ro"),
                                 path(QStringLiteral("disk")));
    QVERIFY2(slot.ok(), qPrintable(slot.ok() ? QString() : slot.error().message));
    QCOMPARE(slot->bootname, QStringLiteral("B"));
}

void TestSlots::deviceSizes_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<qint64>("size"); // -1: an error is expected
    QTest::addColumn<QString>("code");
    QTest::newRow("file") << QStringLiteral("slots/b.img") << qint64(1024 * 1024 + 512)
                          << QString();
    QTest::newRow("small file") << QStringLiteral("slots/a.img") << qint64(4096) << QString();
    QTest::newRow("file through symlink")
        << QStringLiteral("dev/root-link") << qint64(1024 * 1024 + 512) << QString();
    QTest::newRow("directory") << QStringLiteral("slots") << qint64(-1)
                               << QStringLiteral("slots.not-a-device");
    QTest::newRow("fifo") << QStringLiteral("fifo") << qint64(-1)
                          << QStringLiteral("slots.not-a-device");
    QTest::newRow("character device")
        << QStringLiteral("/dev/null") << qint64(-1) << QStringLiteral("slots.not-a-device");
    QTest::newRow("missing") << QStringLiteral("slots/none.img") << qint64(-1)
                             << QStringLiteral("slots.device-unreadable");
}

void TestSlots::deviceSizes()
{
    QFETCH(QString, device);
    QFETCH(qint64, size);
    QFETCH(QString, code);
    if (device == QLatin1String("fifo") && !QFileInfo::exists(path(device))) {
        QVERIFY(::mkfifo(QFile::encodeName(path(device)).constData(), 0600) == 0);
    }
    const QString target = QDir::isAbsolutePath(device) ? device : path(device);
    const auto result = deviceSize(target);
    if (size >= 0) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(*result, quint64(size));
    } else {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
        QVERIFY(result.error().message.contains(target));
    }
}

QTEST_GUILESS_MAIN(TestSlots)
#include "tst_slots.moc"
