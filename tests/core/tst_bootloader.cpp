// Risk: a backend writes boot state the real boot loader reads differently (or in two steps),
// so an update boots the wrong slot or never falls back.
#include "boot/bootloader.h"
#include "boot/bootloader_backends.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <sys/stat.h>

using seesaw::Bootloader;
using seesaw::BootSlotState;
using seesaw::SlotConfig;
using seesaw::SystemConfig;
using testutil::errorCode;
using testutil::run;
using testutil::RunResult;
using testutil::s;

namespace {

enum Kind : int { UBoot, Grub, SystemdBoot, Custom };

QString bootEmulate()
{
    // In the sources, not the build tree: the script is not installed anywhere.
    return testutil::sourcePath(s("scripts/sim/boot-emulate"));
}

// A POSIX sh backend speaking RAUC's custom protocol, with its state in files next to it:
// order (bootnames, primary first) and left-S (attempts; 0 is bad). Every call is logged to
// calls.log. sim-boot plays the boot loader: the first slot of order with attempts left loses
// one and boots. A file named "fail" makes every call fail with hostile stderr, "flood" makes
// get-primary print 10000 bytes, "answer" replaces every answer with its content.
const char CustomScript[] = R"sh(#!/bin/sh
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
printf '%s\n' "$*" >>"$dir/calls.log"
if [ -e "$dir/answer" ]; then
  cat "$dir/answer"
  exit 0
fi
if [ -e "$dir/fail" ]; then
  printf 'disk \033[31mon fire\n' >&2
  exit 3
fi
known() {
  case "$1" in A|B) ;; *) echo "unknown slot $1" >&2; exit 4 ;; esac
}
left() { cat "$dir/left-$1"; }
first_bootable() {
  for slot in $(cat "$dir/order"); do
    if [ "$(left "$slot")" -gt 0 ]; then echo "$slot"; return 0; fi
  done
  return 1
}
case "${1-}" in
get-primary)
  if [ -e "$dir/flood" ]; then head -c 10000 /dev/zero | tr '\0' x; exit 0; fi
  first_bootable ;;
set-primary)
  known "$2"
  if [ "$2" = A ]; then echo "A B" >"$dir/order"; else echo "B A" >"$dir/order"; fi
  echo 3 >"$dir/left-$2" ;;
get-state)
  known "$2"
  if [ "$(left "$2")" -gt 0 ]; then echo good; else echo bad; fi ;;
set-state)
  known "$2"
  case "$3" in good) echo 3 >"$dir/left-$2" ;; bad) echo 0 >"$dir/left-$2" ;; *) exit 2 ;; esac ;;
get-current)
  cat "$dir/current" ;;
sim-boot)
  slot=$(first_bootable) || { echo "no bootable slot" >&2; exit 1; }
  echo $(($(left "$slot") - 1)) >"$dir/left-$slot"
  echo "$slot" >"$dir/current"
  echo "$slot" ;;
*)
  echo "usage: $0 VERB" >&2
  exit 2 ;;
esac
)sh";

struct Fixture {
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    SystemConfig config;
    QString emulatorKind;
    QString emulatorArgument;

    QString path(const char *name) const { return dir->filePath(s(name)); }
    [[nodiscard]] std::unique_ptr<Bootloader> create() const
    {
        auto created = Bootloader::create(config);
        if (!created) {
            qFatal("Bootloader::create failed: %s", qPrintable(created.error().message));
        }
        return std::move(created.value());
    }
    // One power-on played by scripts/sim/boot-emulate; the booted bootname or "" on failure.
    [[nodiscard]] RunResult boot() const
    {
        return run(bootEmulate(), {emulatorKind, emulatorArgument});
    }
};

SystemConfig baseConfig(SystemConfig::BootloaderKind kind)
{
    SystemConfig config;
    config.bootloader = kind;
    config.bootAttempts = 3;
    config.slots = {SlotConfig{s("rootfs"), 0, s("/dev/null"), s("A")},
                    SlotConfig{s("rootfs"), 1, s("/dev/null"), s("B")}};
    return config;
}

// Two env copies of 16 KiB in two files, provisioned the way a device is: by the fw tools with
// a default environment (libubootenv refuses to read the blank files, see below).
void makeUBoot(Fixture &f, bool withSeesawVariables = true)
{
    f.config = baseConfig(SystemConfig::BootloaderKind::UBoot);
    f.config.ubootEnvConfig = f.path("fw_env.config");
    QVERIFY(testutil::writeFile(f.path("uboot-1.env"), QByteArray(0x4000, '\0')));
    QVERIFY(testutil::writeFile(f.path("uboot-2.env"), QByteArray(0x4000, '\0')));
    const QString fwEnvConfig = f.path("uboot-1.env") + s(" 0x0000 0x4000\n") +
                                f.path("uboot-2.env") + s(" 0x0000 0x4000\n");
    QVERIFY(testutil::writeFile(f.config.ubootEnvConfig, fwEnvConfig.toUtf8()));
    QVERIFY(testutil::writeFile(f.path("default.env"), "bootcmd=run seesaw\n"));
    const RunResult provisioned =
        run(s("fw_setenv"), {s("-c"), f.config.ubootEnvConfig, s("-f"), f.path("default.env")});
    QCOMPARE(provisioned.exitCode, 0);
    if (withSeesawVariables) {
        const RunResult set =
            run(s("fw_setenv"), {s("-c"), f.config.ubootEnvConfig, s("BOOT_ORDER"), s("A B"),
                                 s("BOOT_A_LEFT"), s("3"), s("BOOT_B_LEFT"), s("3")});
        QCOMPARE(set.exitCode, 0);
    }
    f.emulatorKind = s("uboot");
    f.emulatorArgument = f.config.ubootEnvConfig;
}

QByteArray fwPrintenv(const Fixture &f, const QStringList &names)
{
    return run(s("fw_printenv"), QStringList{s("-c"), f.config.ubootEnvConfig} + names).out;
}

void makeGrub(Fixture &f, bool withSeesawVariables = true)
{
    f.config = baseConfig(SystemConfig::BootloaderKind::Grub);
    f.config.grubenv = f.path("grubenv");
    QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("create")}).exitCode, 0);
    if (withSeesawVariables) {
        QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("set"), s("ORDER=A B"), s("A_OK=1"),
                                         s("A_TRY=0"), s("B_OK=1"), s("B_TRY=0")})
                     .exitCode,
                 0);
    }
    f.emulatorKind = s("grub");
    f.emulatorArgument = f.config.grubenv;
}

QByteArray grubList(const Fixture &f)
{
    return run(s("grub-editenv"), {f.config.grubenv, s("list")}).out;
}

void makeSystemdBoot(Fixture &f)
{
    f.config = baseConfig(SystemConfig::BootloaderKind::SystemdBoot);
    f.config.esp = f.path("esp");
    QVERIFY(QDir().mkpath(f.path("esp/loader/entries")));
    QVERIFY(testutil::writeFile(f.path("esp/loader/entries/seesaw-A.conf"),
                                "title Slot A\nlinux /A/vmlinuz\noptions seesaw.slot=A\n"));
    QVERIFY(testutil::writeFile(f.path("esp/loader/entries/seesaw-B.conf"),
                                "title Slot B\nlinux /B/vmlinuz\noptions seesaw.slot=B\n"));
    QVERIFY(testutil::writeFile(f.path("esp/loader/loader.conf"),
                                "timeout 3\n# chosen by Seesaw\ndefault seesaw-A[.+][c1-9]*\n"
                                "editor no\n"));
    f.emulatorKind = s("systemd-boot");
    f.emulatorArgument = f.config.esp;
}

QStringList entryFiles(const Fixture &f)
{
    return QDir(f.path("esp/loader/entries")).entryList(QDir::Files, QDir::Name);
}

void makeCustom(Fixture &f)
{
    f.config = baseConfig(SystemConfig::BootloaderKind::Custom);
    f.config.customBackend = f.path("backend.sh");
    QVERIFY(testutil::writeFile(f.config.customBackend, CustomScript));
    QVERIFY(QFile::setPermissions(f.config.customBackend,
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(testutil::writeFile(f.path("order"), "A B\n"));
    QVERIFY(testutil::writeFile(f.path("left-A"), "3\n"));
    QVERIFY(testutil::writeFile(f.path("left-B"), "3\n"));
    f.emulatorKind = s("custom");
    f.emulatorArgument = f.config.customBackend;
}

void makeFixture(Kind kind, Fixture &f)
{
    switch (kind) {
    case UBoot:
        makeUBoot(f);
        break;
    case Grub:
        makeGrub(f);
        break;
    case SystemdBoot:
        makeSystemdBoot(f);
        break;
    case Custom:
        makeCustom(f);
        break;
    }
} // namespace

void addBackendRows()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("uboot") << int(UBoot);
    QTest::newRow("grub") << int(Grub);
    QTest::newRow("systemd-boot") << int(SystemdBoot);
    QTest::newRow("custom") << int(Custom);
}

} // namespace

class TestBootloader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void factory_data();
    void factory();
    void rejectsUnusableBootnames_data();
    void rejectsUnusableBootnames();
    void unknownSlotAndAttempts_data();
    void unknownSlotAndAttempts();

    void ubootBlankEnvironmentIsRefused();
    void ubootFreshEnvironmentIsInitialised();
    void ubootWeWriteToolsRead();
    void ubootToolsWriteWeRead();
    void ubootCorruptVariables_data();
    void ubootCorruptVariables();
    void ubootOneStorePerChange();
    void ubootEmulatorResetsWhenExhausted();
    void ubootMarkBadGoesLast();

    void grubCreatedFileIsAccepted();
    void grubWeWriteToolsRead();
    void grubToolsWriteWeRead();
    void grubKeepsUnknownVariables();
    void grubFullBlockIsAnError();
    void grubRejectsCorruptFile_data();
    void grubRejectsCorruptFile();

    void systemdBootDefaultPattern_data();
    void systemdBootDefaultPattern();
    void systemdBootRenamesAndDefault();
    void systemdBootMarkBadKeepsDone();
    void systemdBootEmulatorFollowsDefault();
    void systemdBootCorrupt_data();
    void systemdBootCorrupt();

    void customProtocol();
    void customFailureIsReportedSafely();
    void customOutputIsBounded();
    void customUnknownAnswers();

    void scenarioFallback_data();
    void scenarioFallback();
    void scenarioGoodPath_data();
    void scenarioGoodPath();
};

void TestBootloader::initTestCase()
{
    QVERIFY2(QFileInfo(bootEmulate()).isExecutable(), qPrintable(bootEmulate()));
    for (const char *tool : {"fw_printenv", "fw_setenv", "grub-editenv"}) {
        QVERIFY2(run(s(tool), {s("--help")}).exitCode >= 0, tool);
    }
}

void TestBootloader::factory_data()
{
    addBackendRows();
}

void TestBootloader::factory()
{
    QFETCH(int, kind);
    Fixture f;
    makeFixture(Kind(kind), f);
    if (QTest::currentTestFailed()) {
        return;
    }
    const char *names[] = {"uboot", "grub", "systemd-boot", "custom"};
    QCOMPARE(f.create()->name(), s(names[kind]));
    QCOMPARE(*f.create()->primary(), s("A"));
}

void TestBootloader::rejectsUnusableBootnames_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::newRow("space") << s("A B") << s("C");
    QTest::newRow("plus") << s("A+1") << s("B");
    QTest::newRow("case twin") << s("a") << s("A");
    QTest::newRow("duplicate") << s("A") << s("A");
    QTest::newRow("only one") << s("A") << QString();
}

void TestBootloader::rejectsUnusableBootnames()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    SystemConfig config = baseConfig(SystemConfig::BootloaderKind::Grub);
    config.slots[0].bootname = first;
    config.slots[1].bootname = second;
    const auto created = Bootloader::create(config);
    QVERIFY(!created);
    QCOMPARE(errorCode(created), s("bootloader.config"));
}

void TestBootloader::unknownSlotAndAttempts_data()
{
    addBackendRows();
}

void TestBootloader::unknownSlotAndAttempts()
{
    QFETCH(int, kind);
    Fixture f;
    makeFixture(Kind(kind), f);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto bl = f.create();
    QCOMPARE(errorCode(bl->setPrimary(s("C"), 3)), s("bootloader.unknown-slot"));
    QCOMPARE(errorCode(bl->markGood(s("C"))), s("bootloader.unknown-slot"));
    QCOMPARE(errorCode(bl->markBad(s("a"))), s("bootloader.unknown-slot"));
    QCOMPARE(errorCode(bl->state(s(""))), s("bootloader.unknown-slot"));
    QCOMPARE(errorCode(bl->setPrimary(s("B"), 0)), s("bootloader.invalid-attempts"));
    QCOMPARE(*bl->primary(), s("A")); // nothing changed
}

// libubootenv 0.3.2 and its tools do not accept blank (zero or 0xff filled) environments: both
// CRCs fail. The tools then fall back to a default environment file; Seesaw refuses instead of
// storing an environment that would lack U-Boot's own defaults.
void TestBootloader::ubootBlankEnvironmentIsRefused()
{
    Fixture f;
    makeUBoot(f);
    QVERIFY(testutil::writeFile(f.path("uboot-1.env"), QByteArray(0x4000, '\xff')));
    QVERIFY(testutil::writeFile(f.path("uboot-2.env"), QByteArray(0x4000, '\0')));
    QVERIFY(run(s("fw_printenv"), {s("-c"), f.config.ubootEnvConfig}).exitCode != 0);
    auto bl = f.create();
    QCOMPARE(errorCode(bl->primary()), s("bootloader.corrupt"));
    QCOMPARE(errorCode(bl->setPrimary(s("B"), 3)), s("bootloader.corrupt"));
    QCOMPARE(testutil::readFile(f.path("uboot-1.env")), QByteArray(0x4000, '\xff'));
    QCOMPARE(testutil::readFile(f.path("uboot-2.env")), QByteArray(0x4000, '\0'));

    f.config.ubootEnvConfig = f.path("missing.config");
    QCOMPARE(errorCode(f.create()->primary()), s("bootloader.io"));
}

void TestBootloader::ubootFreshEnvironmentIsInitialised()
{
    Fixture f;
    makeUBoot(f, false);
    f.config.bootAttempts = 5;
    auto bl = f.create();
    const auto primary = bl->primary();
    QCOMPARE(errorCode(primary), s("bootloader.corrupt"));
    QVERIFY(primary.error().message.contains(s("BOOT_ORDER")));
    QCOMPARE(errorCode(bl->state(s("A"))), s("bootloader.corrupt"));

    QVERIFY(bl->setPrimary(s("B"), 3));
    QCOMPARE(fwPrintenv(f, {s("BOOT_ORDER"), s("BOOT_A_LEFT"), s("BOOT_B_LEFT"), s("bootcmd")}),
             QByteArray("BOOT_ORDER=B A\nBOOT_A_LEFT=5\nBOOT_B_LEFT=3\nbootcmd=run seesaw\n"));
    QCOMPARE(*bl->primary(), s("B"));
}

void TestBootloader::ubootWeWriteToolsRead()
{
    Fixture f;
    makeUBoot(f);
    auto bl = f.create();
    const QStringList names{s("BOOT_ORDER"), s("BOOT_A_LEFT"), s("BOOT_B_LEFT")};

    QVERIFY(bl->setPrimary(s("B"), 2));
    QCOMPARE(fwPrintenv(f, names), QByteArray("BOOT_ORDER=B A\nBOOT_A_LEFT=3\nBOOT_B_LEFT=2\n"));
    QVERIFY(bl->markBad(s("A")));
    QCOMPARE(fwPrintenv(f, names), QByteArray("BOOT_ORDER=B A\nBOOT_A_LEFT=0\nBOOT_B_LEFT=2\n"));
    QVERIFY(bl->markGood(s("B")));
    QCOMPARE(fwPrintenv(f, names), QByteArray("BOOT_ORDER=B A\nBOOT_A_LEFT=0\nBOOT_B_LEFT=3\n"));
    QVERIFY(bl->markGood(s("A")));
    QVERIFY(bl->setPrimary(s("A"), 1));
    QCOMPARE(fwPrintenv(f, names), QByteArray("BOOT_ORDER=A B\nBOOT_A_LEFT=1\nBOOT_B_LEFT=3\n"));
    // Whatever else the environment holds survives.
    QCOMPARE(fwPrintenv(f, {s("bootcmd")}), QByteArray("bootcmd=run seesaw\n"));
}

void TestBootloader::ubootToolsWriteWeRead()
{
    Fixture f;
    makeUBoot(f);
    auto bl = f.create();
    QCOMPARE(run(s("fw_setenv"), {s("-c"), f.config.ubootEnvConfig, s("BOOT_ORDER"), s("B A"),
                                  s("BOOT_A_LEFT"), s("2"), s("BOOT_B_LEFT"), s("0")})
                 .exitCode,
             0);
    QCOMPARE(*bl->primary(), s("A")); // B is first but used up
    const auto a = bl->state(s("A"));
    QVERIFY(!a->bad);
    QCOMPARE(a->attemptsLeft, 2);
    const auto b = bl->state(s("B"));
    QVERIFY(b->bad);
    QCOMPARE(b->attemptsLeft, 0);

    QCOMPARE(
        run(s("fw_setenv"), {s("-c"), f.config.ubootEnvConfig, s("BOOT_B_LEFT"), s("1")}).exitCode,
        0);
    QCOMPARE(*bl->primary(), s("B"));
}

void TestBootloader::ubootCorruptVariables_data()
{
    QTest::addColumn<QStringList>("assignments");
    QTest::addColumn<QString>("named");
    QTest::newRow("missing order") << QStringList{s("BOOT_ORDER")} << s("BOOT_ORDER");
    QTest::newRow("missing counter") << QStringList{s("BOOT_B_LEFT")} << s("BOOT_B_LEFT");
    QTest::newRow("hex counter") << QStringList{s("BOOT_B_LEFT"), s("0x3")} << s("BOOT_B_LEFT");
    QTest::newRow("negative") << QStringList{s("BOOT_A_LEFT"), s("-1")} << s("BOOT_A_LEFT");
    QTest::newRow("garbage") << QStringList{s("BOOT_A_LEFT"), s("three")} << s("BOOT_A_LEFT");
    QTest::newRow("order without slots")
        << QStringList{s("BOOT_ORDER"), s("X Y")} << s("BOOT_ORDER");
}

void TestBootloader::ubootCorruptVariables()
{
    QFETCH(QStringList, assignments);
    QFETCH(QString, named);
    Fixture f;
    makeUBoot(f);
    QCOMPARE(
        run(s("fw_setenv"), QStringList{s("-c"), f.config.ubootEnvConfig} + assignments).exitCode,
        0);
    const auto primary = f.create()->primary();
    QVERIFY(!primary);
    QCOMPARE(errorCode(primary), s("bootloader.corrupt"));
    QVERIFY2(primary.error().message.contains(named), qPrintable(primary.error().message));
}

// With a redundant environment libubootenv writes the whole environment into the copy that is
// not current, with the current copy's flag byte plus one, and U-Boot picks the copy with the
// newer flag. One store therefore changes exactly one file and advances the flag by exactly one;
// a setPrimary done as several stores would have rewritten both files (and advanced it by more).
void TestBootloader::ubootOneStorePerChange()
{
    Fixture f;
    makeUBoot(f);
    const QByteArray before1 = testutil::readFile(f.path("uboot-1.env"));
    const QByteArray before2 = testutil::readFile(f.path("uboot-2.env"));
    QCOMPARE(before1.size(), 0x4000);
    QCOMPARE(before2.size(), 0x4000);
    // Layout of a redundant copy: CRC32 (4 bytes), flags (1 byte), variables.
    const auto flag1 = quint8(before1[4]);
    const auto flag2 = quint8(before2[4]);
    QVERIFY(flag1 != flag2);

    // Two variables change (BOOT_ORDER and BOOT_B_LEFT).
    QVERIFY(f.create()->setPrimary(s("B"), 2));

    const QByteArray after1 = testutil::readFile(f.path("uboot-1.env"));
    const QByteArray after2 = testutil::readFile(f.path("uboot-2.env"));
    const bool changed1 = after1 != before1;
    const bool changed2 = after2 != before2;
    QVERIFY(changed1 != changed2);
    // The older copy was overwritten, the newer one is the fallback.
    QCOMPARE(changed1, flag1 < flag2);
    const QByteArray &written = changed1 ? after1 : after2;
    QCOMPARE(quint8(written[4]), quint8(std::max(flag1, flag2) + 1));
    QVERIFY(written.contains(QByteArray("BOOT_ORDER=B A\0", 15)));
    QVERIFY(written.contains(QByteArray("BOOT_B_LEFT=2\0", 14)));

    // A call that changes nothing stores nothing.
    QVERIFY(f.create()->markGood(s("A")));
    QCOMPARE(testutil::readFile(f.path("uboot-1.env")), after1);
    QCOMPARE(testutil::readFile(f.path("uboot-2.env")), after2);
}

// RAUC's documented script resets every counter to 3 when none is left and resets the board;
// primary() predicts the slot that boots after that reset.
void TestBootloader::ubootEmulatorResetsWhenExhausted()
{
    Fixture f;
    makeUBoot(f);
    auto bl = f.create();
    QVERIFY(bl->setPrimary(s("B"), 1));
    QVERIFY(bl->markBad(s("A")));
    QCOMPARE(f.boot().out, QByteArray("B\n"));
    QCOMPARE(*bl->primary(), s("B"));
    const RunResult reset = f.boot();
    QCOMPARE(reset.exitCode, 0);
    QCOMPARE(reset.out, QByteArray("B\n"));
    QVERIFY(reset.err.contains("resetting"));
    QCOMPARE(fwPrintenv(f, {s("BOOT_A_LEFT"), s("BOOT_B_LEFT")}),
             QByteArray("BOOT_A_LEFT=3\nBOOT_B_LEFT=2\n"));
}

// Issue 13: a slot marked bad goes to the end of BOOT_ORDER, so that the documented script's
// last resort (every counter 0: all given back, the first of BOOT_ORDER boots) does not boot it.
void TestBootloader::ubootMarkBadGoesLast()
{
    Fixture f;
    makeUBoot(f);
    auto bl = f.create();
    const QStringList names{s("BOOT_ORDER"), s("BOOT_A_LEFT"), s("BOOT_B_LEFT")};
    QVERIFY(bl->setPrimary(s("B"), 3));
    QVERIFY(bl->markBad(s("B")));
    QCOMPARE(fwPrintenv(f, names), QByteArray("BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=0\n"));
    QCOMPARE(*bl->primary(), s("A"));
    // Marked bad again (a fall-back recorded again after a power cut): nothing is stored.
    const QByteArray env1 = testutil::readFile(f.path("uboot-1.env"));
    const QByteArray env2 = testutil::readFile(f.path("uboot-2.env"));
    QVERIFY(bl->markBad(s("B")));
    QCOMPARE(testutil::readFile(f.path("uboot-1.env")), env1);
    QCOMPARE(testutil::readFile(f.path("uboot-2.env")), env2);
    // A used up too: the script's reset boots A, not B.
    QCOMPARE(
        run(s("fw_setenv"), {s("-c"), f.config.ubootEnvConfig, s("BOOT_A_LEFT"), s("0")}).exitCode,
        0);
    QCOMPARE(*bl->primary(), s("A"));
    const RunResult reset = f.boot();
    QVERIFY(reset.err.contains("resetting"));
    QCOMPARE(reset.out, QByteArray("A\n"));
}

void TestBootloader::grubCreatedFileIsAccepted()
{
    Fixture f;
    makeGrub(f, false);
    auto bl = f.create();
    const auto primary = bl->primary();
    QCOMPARE(errorCode(primary), s("bootloader.corrupt"));
    QVERIFY(primary.error().message.contains(s("ORDER")));
    QVERIFY(bl->setPrimary(s("B"), 1));
    QCOMPARE(grubList(f), QByteArray("ORDER=B A\nB_OK=1\nB_TRY=0\nA_OK=1\nA_TRY=0\n"));
    QCOMPARE(*bl->primary(), s("B"));
}

void TestBootloader::grubWeWriteToolsRead()
{
    Fixture f;
    makeGrub(f);
    auto bl = f.create();
    // GRUB's scheme has one try per arming: 3 is recorded as a single try.
    QVERIFY(bl->setPrimary(s("B"), 3));
    QCOMPARE(grubList(f), QByteArray("ORDER=B A\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=0\n"));
    QCOMPARE(bl->state(s("B"))->attemptsLeft, 1);
    QVERIFY(bl->markBad(s("A")));
    QCOMPARE(grubList(f), QByteArray("ORDER=B A\nA_OK=0\nA_TRY=0\nB_OK=1\nB_TRY=0\n"));
    // Marking it bad again replaces nothing (each write is a new file renamed over the old).
    struct stat before {};
    struct stat after {};
    QCOMPARE(::stat(QFile::encodeName(f.config.grubenv).constData(), &before), 0);
    QVERIFY(bl->markBad(s("A")));
    QCOMPARE(::stat(QFile::encodeName(f.config.grubenv).constData(), &after), 0);
    QCOMPARE(after.st_ino, before.st_ino);
    QVERIFY(bl->markGood(s("A")));
    QVERIFY(bl->setPrimary(s("A"), 1));
    QCOMPARE(grubList(f), QByteArray("ORDER=A B\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=0\n"));
    const QByteArray block = testutil::readFile(f.config.grubenv);
    QCOMPARE(block.size(), 1024);
    QVERIFY(block.startsWith("# GRUB Environment Block\n"));
    QVERIFY(block.endsWith("###"));
}

void TestBootloader::grubToolsWriteWeRead()
{
    Fixture f;
    makeGrub(f);
    auto bl = f.create();
    QCOMPARE(run(s("grub-editenv"),
                 {f.config.grubenv, s("set"), s("ORDER=B A"), s("B_TRY=1"), s("A_OK=1")})
                 .exitCode,
             0);
    QCOMPARE(*bl->primary(), s("A")); // B was tried and never marked good
    QVERIFY(!bl->state(s("B"))->bad);
    QCOMPARE(bl->state(s("B"))->attemptsLeft, 0);
    QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("set"), s("A_OK=0")}).exitCode, 0);
    QVERIFY(bl->state(s("A"))->bad);
    // No OK slot is untried: grub.cfg starts over with the first OK one.
    QCOMPARE(*bl->primary(), s("B"));
    const RunResult again = f.boot();
    QCOMPARE(again.out, QByteArray("B\n"));
    QVERIFY(again.err.contains("starting over"));
    QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("set"), s("B_OK=0")}).exitCode, 0);
    QCOMPARE(errorCode(bl->primary()), s("bootloader.no-bootable-slot"));
    const RunResult none = f.boot();
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.err.contains("no bootable slot"));
    QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("set"), s("B_OK=yes")}).exitCode, 0);
    const auto state = bl->state(s("B"));
    QCOMPARE(errorCode(state), s("bootloader.corrupt"));
    QVERIFY(state.error().message.contains(s("B_OK")));
}

void TestBootloader::grubKeepsUnknownVariables()
{
    Fixture f;
    makeGrub(f);
    QCOMPARE(run(s("grub-editenv"), {f.config.grubenv, s("set"), s("saved_entry=2"),
                                     s("W=back\\slash"), s("NL=two\nlines")})
                 .exitCode,
             0);
    const QByteArray before = testutil::readFile(f.config.grubenv);
    QVERIFY(f.create()->setPrimary(s("B"), 1));
    QCOMPARE(grubList(f), QByteArray("ORDER=B A\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=0\nsaved_entry=2\n"
                                     "W=back\\slash\nNL=two\nlines\n"));
    // Comment lines such as Debian's warning stay where they were.
    const QByteArray after = testutil::readFile(f.config.grubenv);
    const qsizetype headerEnd = before.indexOf("ORDER=");
    QCOMPARE(after.left(headerEnd), before.left(headerEnd));
}

void TestBootloader::grubFullBlockIsAnError()
{
    Fixture f;
    makeGrub(f, false);
    QCOMPARE(run(s("grub-editenv"),
                 {f.config.grubenv, s("set"), s("BIG=") + QString(910, QLatin1Char('x'))})
                 .exitCode,
             0);
    const QByteArray before = testutil::readFile(f.config.grubenv);
    const auto set = f.create()->setPrimary(s("B"), 1);
    QCOMPARE(errorCode(set), s("bootloader.io"));
    QCOMPARE(testutil::readFile(f.config.grubenv), before);
}

void TestBootloader::grubRejectsCorruptFile_data()
{
    QTest::addColumn<QByteArray>("content");
    const QByteArray header("# GRUB Environment Block\n");
    const auto padded = [](QByteArray data) {
        data.append(1024 - data.size(), '#');
        return data;
    };
    const QByteArray valid = padded(header + "ORDER=A B\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=0\n");
    QTest::newRow("short") << valid.left(1000);
    QTest::newRow("long") << QByteArray(valid + '#');
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("wrong header") << padded("# GRUB Environment Blok\nORDER=A B\n");
    QTest::newRow("unterminated line") << padded(header + "ORDER=A B\nA_OK=1");
    QTest::newRow("no equals sign") << padded(header + "ORDER=A B\ngarbage\n");
    QTest::newRow("empty name") << padded(header + "=A B\n");
    QTest::newRow("NUL byte") << padded(header + QByteArray("ORDER=A\0B\n", 10));
}

void TestBootloader::grubRejectsCorruptFile()
{
    QFETCH(QByteArray, content);
    Fixture f;
    makeGrub(f);
    QVERIFY(testutil::writeFile(f.config.grubenv, content));
    auto bl = f.create();
    const auto primary = bl->primary();
    QCOMPARE(errorCode(primary), s("bootloader.corrupt"));
    QVERIFY2(primary.error().message.contains(f.config.grubenv),
             qPrintable(primary.error().message));
    QCOMPARE(errorCode(bl->setPrimary(s("B"), 1)), s("bootloader.corrupt"));
    QCOMPARE(errorCode(bl->markGood(s("A"))), s("bootloader.corrupt"));
    QCOMPARE(testutil::readFile(f.config.grubenv), content);
}

// The loader.conf glob must select the slot while it is good or counting and stop matching once
// it is used up, so that systemd-boot itself falls back (it would boot a matching +0 entry).
void TestBootloader::systemdBootDefaultPattern_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("matches");
    QTest::newRow("good") << s("seesaw-B.conf") << true;
    QTest::newRow("armed") << s("seesaw-B+3.conf") << true;
    QTest::newRow("counting") << s("seesaw-B+2-1.conf") << true;
    QTest::newRow("ten left") << s("seesaw-B+10-0.conf") << true;
    QTest::newRow("used up") << s("seesaw-B+0-3.conf") << false;
    QTest::newRow("marked bad") << s("seesaw-B+0.conf") << false;
    QTest::newRow("longer bootname") << s("seesaw-BC.conf") << false;
    QTest::newRow("other slot") << s("seesaw-A.conf") << false;
}

void TestBootloader::systemdBootDefaultPattern()
{
    QFETCH(QString, file);
    QFETCH(bool, matches);
    // systemd-boot case-folds both the pattern and the entry name.
    const QString pattern =
        seesaw::bootloader_detail::SystemdBootBackend::defaultPattern(s("B")).toLower();
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(pattern));
    QCOMPARE(glob.match(file.toLower()).hasMatch(), matches);
}

void TestBootloader::systemdBootRenamesAndDefault()
{
    Fixture f;
    makeSystemdBoot(f);
    auto bl = f.create();
    QVERIFY(bl->setPrimary(s("B"), 3));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A.conf"), s("seesaw-B+3.conf")}));
    QCOMPARE(testutil::readFile(f.path("esp/loader/loader.conf")),
             QByteArray("timeout 3\n# chosen by Seesaw\ndefault seesaw-B[.+][c1-9]*\neditor no\n"));
    // The entry keeps its content; only the name carries the counter.
    QCOMPARE(testutil::readFile(f.path("esp/loader/entries/seesaw-B+3.conf")),
             QByteArray("title Slot B\nlinux /B/vmlinuz\noptions seesaw.slot=B\n"));
    QCOMPARE(*bl->primary(), s("B"));
    QCOMPARE(bl->state(s("B"))->attemptsLeft, 3);
    QCOMPARE(bl->state(s("A"))->attemptsLeft, -1);

    QVERIFY(bl->markGood(s("B")));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A.conf"), s("seesaw-B.conf")}));
    QVERIFY(bl->markBad(s("B")));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A.conf"), s("seesaw-B+0.conf")}));
    QVERIFY(bl->state(s("B"))->bad);
    QCOMPARE(*bl->primary(), s("A")); // the default names B, but B is bad
    QVERIFY(bl->markBad(s("A")));
    QCOMPARE(errorCode(bl->primary()), s("bootloader.no-bootable-slot"));

    // A missing loader.conf is created by setPrimary.
    QVERIFY(QFile::remove(f.path("esp/loader/loader.conf")));
    QCOMPARE(errorCode(bl->primary()), s("bootloader.corrupt"));
    QVERIFY(bl->setPrimary(s("A"), 2));
    QCOMPARE(testutil::readFile(f.path("esp/loader/loader.conf")),
             QByteArray("default seesaw-A[.+][c1-9]*\n"));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A+2.conf"), s("seesaw-B+0.conf")}));
}

void TestBootloader::systemdBootMarkBadKeepsDone()
{
    Fixture f;
    makeSystemdBoot(f);
    QVERIFY(QFile::rename(f.path("esp/loader/entries/seesaw-B.conf"),
                          f.path("esp/loader/entries/seesaw-B+1-2.conf")));
    auto bl = f.create();
    QCOMPARE(bl->state(s("B"))->attemptsLeft, 1);
    QVERIFY(bl->markBad(s("B")));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A.conf"), s("seesaw-B+0-2.conf")}));
}

// systemd-boot alone would boot seesaw-B (entries sort newest name first); the default glob is
// what makes it boot A, and what lets it leave A once A's counter is used up.
void TestBootloader::systemdBootEmulatorFollowsDefault()
{
    Fixture f;
    makeSystemdBoot(f);
    auto bl = f.create();
    QCOMPARE(f.boot().out, QByteArray("A\n"));
    QVERIFY(bl->setPrimary(s("A"), 1));
    QCOMPARE(f.boot().out, QByteArray("A\n"));
    QCOMPARE(entryFiles(f), (QStringList{s("seesaw-A+0-1.conf"), s("seesaw-B.conf")}));
    QCOMPARE(*bl->primary(), s("B"));
    QCOMPARE(f.boot().out, QByteArray("B\n"));
    QVERIFY(bl->markBad(s("B")));
    const RunResult none = f.boot();
    QCOMPARE(none.exitCode, 1);
    QVERIFY(none.err.contains("no bootable slot"));
    QCOMPARE(errorCode(bl->primary()), s("bootloader.no-bootable-slot"));
}

void TestBootloader::systemdBootCorrupt_data()
{
    QTest::addColumn<QString>("removeEntry");
    QTest::addColumn<QString>("addEntry");
    QTest::addColumn<QByteArray>("loaderConf");
    QTest::addColumn<QString>("named");
    const QByteArray conf("default seesaw-A[.+][c1-9]*\n");
    QTest::newRow("missing entry") << s("seesaw-B.conf") << QString() << conf << s("seesaw-B.conf");
    QTest::newRow("two entries") << QString() << s("seesaw-B+1.conf") << conf
                                 << s("seesaw-B+1.conf");
    QTest::newRow("malformed counter")
        << s("seesaw-B.conf") << s("seesaw-B+x.conf") << conf << s("seesaw-B+x.conf");
    QTest::newRow("foreign default")
        << QString() << QString() << QByteArray("default arch.conf\n") << s("arch.conf");
    QTest::newRow("no default") << QString() << QString() << QByteArray("timeout 3\n")
                                << s("loader.conf");
}

void TestBootloader::systemdBootCorrupt()
{
    QFETCH(QString, removeEntry);
    QFETCH(QString, addEntry);
    QFETCH(QByteArray, loaderConf);
    QFETCH(QString, named);
    Fixture f;
    makeSystemdBoot(f);
    const QString entries = f.path("esp/loader/entries/");
    if (!removeEntry.isEmpty()) {
        QVERIFY(QFile::remove(entries + removeEntry));
    }
    if (!addEntry.isEmpty()) {
        QVERIFY(testutil::writeFile(entries + addEntry, "title broken\n"));
    }
    QVERIFY(testutil::writeFile(f.path("esp/loader/loader.conf"), loaderConf));
    const auto primary = f.create()->primary();
    QCOMPARE(errorCode(primary), s("bootloader.corrupt"));
    QVERIFY2(primary.error().message.contains(named), qPrintable(primary.error().message));
}

void TestBootloader::customProtocol()
{
    Fixture f;
    makeCustom(f);
    auto bl = f.create();
    QCOMPARE(*bl->primary(), s("A"));
    QVERIFY(bl->setPrimary(s("B"), 5));
    QCOMPARE(*bl->primary(), s("B"));
    QVERIFY(bl->markBad(s("A")));
    QVERIFY(bl->state(s("A"))->bad);
    QCOMPARE(bl->state(s("A"))->attemptsLeft, -1);
    QVERIFY(bl->markGood(s("A")));
    QVERIFY(!bl->state(s("A"))->bad);
    QCOMPARE(testutil::readFile(f.path("calls.log")),
             QByteArray("get-primary\nset-primary B\nget-primary\nset-state A bad\nget-state A\n"
                        "get-state A\nset-state A good\nget-state A\n"));
}

void TestBootloader::customFailureIsReportedSafely()
{
    Fixture f;
    makeCustom(f);
    QVERIFY(testutil::writeFile(f.path("fail"), ""));
    const auto set = f.create()->setPrimary(s("B"), 3);
    QCOMPARE(errorCode(set), s("bootloader.failed"));
    QVERIFY2(set.error().message.contains(s("exited with status 3")),
             qPrintable(set.error().message));
    QVERIFY2(set.error().message.contains(s("on fire")), qPrintable(set.error().message));
    QVERIFY(!set.error().message.contains(QChar(0x1b))); // the escape sequence is neutralised

    f.config.customBackend = f.path("does-not-exist");
    QCOMPARE(errorCode(f.create()->primary()), s("bootloader.io"));
}

void TestBootloader::customOutputIsBounded()
{
    Fixture f;
    makeCustom(f);
    QVERIFY(testutil::writeFile(f.path("flood"), ""));
    const auto primary = f.create()->primary();
    QCOMPARE(errorCode(primary), s("bootloader.failed"));
    QVERIFY(primary.error().message.size() < 400);
}

void TestBootloader::customUnknownAnswers()
{
    Fixture f;
    makeCustom(f);
    auto bl = f.create();
    QVERIFY(testutil::writeFile(f.path("answer"), "C\n"));
    QCOMPARE(errorCode(bl->primary()), s("bootloader.corrupt"));
    QVERIFY(testutil::writeFile(f.path("answer"), "maybe\n"));
    QCOMPARE(errorCode(bl->state(s("A"))), s("bootloader.corrupt"));
    QVERIFY(testutil::writeFile(f.path("answer"), "\n  good \n\n"));
    QVERIFY(!bl->state(s("A"))->bad); // surrounding white space is trimmed
}

// The scenario table: Seesaw arms B, the boot loader (played by scripts/sim/boot-emulate, not by
// the C++ backend) boots it until its attempts run out without a mark-good, then falls back to
// A. Before every power-on, primary() must predict what the emulator boots.
void TestBootloader::scenarioFallback_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("boots");
    QTest::addColumn<int>("armedLeft");
    QTest::addColumn<bool>("failedBad");
    QTest::addColumn<int>("failedLeft");
    const QString a = s("A");
    const QString b = s("B");
    QTest::newRow("uboot") << int(UBoot) << QStringList{b, b, b, a} << 3 << true << 0;
    // One try per arming, and a tried slot is not "bad" (OK stays 1), just not bootable.
    QTest::newRow("grub") << int(Grub) << QStringList{b, a} << 1 << false << 0;
    QTest::newRow("systemd-boot") << int(SystemdBoot) << QStringList{b, b, b, a} << 3 << true << 0;
    QTest::newRow("custom") << int(Custom) << QStringList{b, b, b, a} << -1 << true << -1;
}

void TestBootloader::scenarioFallback()
{
    QFETCH(int, kind);
    QFETCH(QStringList, boots);
    QFETCH(int, armedLeft);
    QFETCH(bool, failedBad);
    QFETCH(int, failedLeft);
    Fixture f;
    makeFixture(Kind(kind), f);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto bl = f.create();
    QCOMPARE(*bl->primary(), s("A"));
    QVERIFY(bl->setPrimary(s("B"), 3));
    QCOMPARE(*bl->primary(), s("B"));
    QCOMPARE(bl->state(s("B"))->attemptsLeft, armedLeft);

    QStringList booted;
    while (booted.size() < 10 && (booted.isEmpty() || booted.last() == s("B"))) {
        const auto predicted = bl->primary();
        QCOMPARE(errorCode(predicted), QString());
        const RunResult boot = f.boot();
        QVERIFY2(boot.exitCode == 0, boot.err.constData());
        booted.append(QString::fromUtf8(boot.out.trimmed()));
        QCOMPARE(booted.last(), *predicted);
    }
    QCOMPARE(booted, boots);

    const auto failed = bl->state(s("B"));
    QCOMPARE(failed->bad, failedBad);
    QCOMPARE(failed->attemptsLeft, failedLeft);
    QVERIFY(bl->markGood(s("A")));
    QCOMPARE(*bl->primary(), s("A"));
    QCOMPARE(f.boot().out, QByteArray("A\n"));
    QVERIFY(bl->markGood(s("A")));
    QCOMPARE(*bl->primary(), s("A"));
}

void TestBootloader::scenarioGoodPath_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("goodLeft");
    QTest::newRow("uboot") << int(UBoot) << 3;
    QTest::newRow("grub") << int(Grub) << 1;
    QTest::newRow("systemd-boot") << int(SystemdBoot) << -1;
    QTest::newRow("custom") << int(Custom) << -1;
}

void TestBootloader::scenarioGoodPath()
{
    QFETCH(int, kind);
    QFETCH(int, goodLeft);
    Fixture f;
    makeFixture(Kind(kind), f);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto bl = f.create();
    QVERIFY(bl->setPrimary(s("B"), 3));
    QCOMPARE(f.boot().out, QByteArray("B\n"));
    QVERIFY(bl->markGood(s("B")));
    QCOMPARE(*bl->primary(), s("B"));
    const auto state = bl->state(s("B"));
    QVERIFY(!state->bad);
    QCOMPARE(state->attemptsLeft, goodLeft);
    // It keeps booting B, and a good slot is not used up by booting.
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(f.boot().out, QByteArray("B\n"));
        QVERIFY(bl->markGood(s("B")));
    }
    QCOMPARE(*bl->primary(), s("B"));
}

QTEST_GUILESS_MAIN(TestBootloader)
#include "tst_bootloader.moc"
