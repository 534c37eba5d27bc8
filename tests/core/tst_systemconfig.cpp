// Risk: a malformed or inconsistent system.conf is accepted, so Seesaw writes the wrong device,
// trusts the wrong keyring or switches the wrong bootloader.
#include "config/maintenancewindow.h"
#include "config/systemconfig.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <utility>

using namespace seesaw;
using testutil::s;

namespace {

// Verbatim from ARCHITECTURE.md, "Device configuration".
const char ArchitectureExample[] = R"([system]
compatible=acme-panel-rk3588
bootloader=uboot            ; uboot | grub | systemd-boot | custom
data-directory=/data/seesaw ; state, history, reports
boot-attempts=3
allow-downgrade=false
reboot-command=systemctl reboot ; the simulator points this at its own script
[keyring]
directory=/etc/seesaw/keys
[bootloader]
uboot-env-config=/etc/fw_env.config   ; uboot: libubootenv configuration
grubenv=/boot/grub/grubenv            ; grub
esp=/boot/efi                         ; systemd-boot: where loader/entries lives
custom-backend=/usr/lib/seesaw/bootloader ; custom
[slot.rootfs.0]
device=/dev/mmcblk0p2
bootname=A
[slot.rootfs.1]
device=/dev/mmcblk0p3
bootname=B
[health]
units=app.service network-online.target
scripts=/etc/seesaw/health.d
timeout=120
)";

// A valid configuration with relative paths; the device directory made by makeDevice() holds
// everything it names.
const char BaseConfig[] = R"([system]
compatible=acme-panel
bootloader=uboot
[keyring]
directory=keys
[bootloader]
uboot-env-config=fw_env.config
[slot.rootfs.0]
device=slots/a.img
bootname=A
[slot.rootfs.1]
device=slots/b.img
bootname=B
)";

QString base()
{
    return QString::fromLatin1(BaseConfig);
}

QString replaced(const QString &from, const QString &to)
{
    QString text = base();
    Q_ASSERT(text.contains(from));
    return text.replace(from, to);
}

QString lineNo(int n)
{
    return QStringLiteral("line %1").arg(n);
}

// Lays out a simulated device: keyring, bootloader files and slot images.
bool makeDevice(const QString &dir)
{
    const QDir d(dir);
    bool ok = d.mkpath(QStringLiteral("keys")) && d.mkpath(QStringLiteral("slots")) &&
              d.mkpath(QStringLiteral("esp")) && d.mkpath(QStringLiteral("bin"));
    for (const char *file : {"fw_env.config", "grubenv", "bin/backend", "slots/a.img",
                             "slots/b.img", "slots/c.img", "slots/d.img"}) {
        ok = ok && testutil::writeFile(d.filePath(QLatin1String(file)), "x");
    }
    ok = ok && QFile::link(QStringLiteral("a.img"), d.filePath(QStringLiteral("slots/a-link")));
    return ok;
}

Result<SystemConfig> loadText(const QString &dir, const QByteArray &text)
{
    const QString path = dir + QStringLiteral("/system.conf");
    if (!testutil::writeFile(path, text)) {
        return Error(Error::Kind::Io, QStringLiteral("test.write"), path);
    }
    return SystemConfig::load(path);
}

Result<SystemConfig> loadText(const QString &dir, const QString &text)
{
    return loadText(dir, text.toUtf8());
}

} // namespace

class TestSystemConfig : public QObject {
    Q_OBJECT

    QString m_path;
    std::unique_ptr<QTemporaryDir> m_owner;

private Q_SLOTS:
    void init();
    void architectureExample();
    void architectureExampleVerbatim();
    void defaults();
    void slotWrites();
    void valueSyntax_data();
    void valueSyntax();
    void commentsBlankLinesAndCrlf();
    void healthUnits_data();
    void healthUnits();
    void healthKeys();
    void networkKeys();
    void hawkbitKeys();
    void artifactRepositories();
    void maintenanceWindows_data();
    void maintenanceWindows();
    void nextMaintenanceWindow();
    void validBoundaries_data();
    void validBoundaries();
    void relativePathsResolved();
    void absolutePathsKept();
    void bootloaderFiles_data();
    void bootloaderFiles();
    void errors_data();
    void errors();
    void unreadable();
    void helpers();
};

void TestSystemConfig::init()
{
    m_owner = std::make_unique<QTemporaryDir>();
    QVERIFY(m_owner->isValid());
    m_path = QFileInfo(m_owner->path()).canonicalFilePath();
    QVERIFY(makeDevice(m_path));
}

void TestSystemConfig::architectureExample()
{
    // Only the two paths load() checks on disk point into the test directory; every other
    // byte, inline comments included, is the documented example.
    QString text = QString::fromLatin1(ArchitectureExample);
    const QString keys = m_path + QStringLiteral("/keys");
    const QString fwEnv = m_path + QStringLiteral("/fw_env.config");
    text.replace(QStringLiteral("directory=/etc/seesaw/keys"), QStringLiteral("directory=") + keys);
    text.replace(QStringLiteral("uboot-env-config=/etc/fw_env.config"),
                 QStringLiteral("uboot-env-config=") + fwEnv);
    const auto config = loadText(m_path, text);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));

    QCOMPARE(config->compatible, QStringLiteral("acme-panel-rk3588"));
    QCOMPARE(config->bootloader, SystemConfig::BootloaderKind::UBoot);
    QCOMPARE(config->dataDirectory, QStringLiteral("/data/seesaw"));
    QCOMPARE(config->bootAttempts, 3);
    QCOMPARE(config->allowDowngrade, false);
    QCOMPARE(config->slotWrites, SystemConfig::SlotWrites::Direct);
    QCOMPARE(config->rebootCommand, QStringLiteral("systemctl reboot"));
    QCOMPARE(config->keyringDirectory, keys);
    QCOMPARE(config->ubootEnvConfig, fwEnv);
    QCOMPARE(config->grubenv, QStringLiteral("/boot/grub/grubenv"));
    QCOMPARE(config->esp, QStringLiteral("/boot/efi"));
    QCOMPARE(config->customBackend, QStringLiteral("/usr/lib/seesaw/bootloader"));
    QCOMPARE(config->slots.size(), 2);
    QCOMPARE(config->slots.at(0).name(), QStringLiteral("rootfs.0"));
    QCOMPARE(config->slots.at(0).device, QStringLiteral("/dev/mmcblk0p2"));
    QCOMPARE(config->slots.at(0).bootname, QStringLiteral("A"));
    QCOMPARE(config->slots.at(1).name(), QStringLiteral("rootfs.1"));
    QCOMPARE(config->slots.at(1).device, QStringLiteral("/dev/mmcblk0p3"));
    QCOMPARE(config->slots.at(1).bootname, QStringLiteral("B"));
    QCOMPARE(config->health.units,
             QStringList({QStringLiteral("app.service"), QStringLiteral("network-online.target")}));
    QCOMPARE(config->health.scripts, QStringLiteral("/etc/seesaw/health.d"));
    QCOMPARE(config->health.timeoutSeconds, 120);
    QCOMPARE(config->bootClass(), QStringLiteral("rootfs"));
    QCOMPARE(config->baseDirectory, m_path);
    // Not in the example: documented defaults.
    QCOMPARE(config->cmdlinePath, QStringLiteral("/proc/cmdline"));
    QCOMPARE(config->osReleasePath, QStringLiteral("/etc/os-release"));
    QCOMPARE(config->bootIdPath, QStringLiteral("/proc/sys/kernel/random/boot_id"));
    QCOMPARE(config->powerSupplyDirectory, QStringLiteral("/sys/class/power_supply"));
    QVERIFY(config->hardware.isEmpty());
}

void TestSystemConfig::architectureExampleVerbatim()
{
    // Unchanged, the example passes every syntax and consistency check; all that can be
    // missing is this host's keyring and U-Boot environment configuration.
    const auto config = loadText(m_path, QByteArray(ArchitectureExample));
    const bool hostHasKeyring = QFileInfo(QStringLiteral("/etc/seesaw/keys")).isDir();
    const bool hostHasFwEnv = QFileInfo(QStringLiteral("/etc/fw_env.config")).isFile();
    if (hostHasKeyring && hostHasFwEnv) {
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        return;
    }
    QVERIFY(!config.ok());
    if (!hostHasKeyring) {
        QCOMPARE(config.error().code, QStringLiteral("config.missing-keyring"));
        QVERIFY2(config.error().message.contains(QStringLiteral("line 9: [keyring] directory")),
                 qPrintable(config.error().message));
    } else {
        QCOMPARE(config.error().code, QStringLiteral("config.invalid-value"));
        QVERIFY(config.error().message.contains(QStringLiteral("[bootloader] uboot-env-config")));
    }
}

void TestSystemConfig::defaults()
{
    const auto config = loadText(m_path, base());
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    const SystemConfig defaults;
    QCOMPARE(config->dataDirectory, QStringLiteral("/data/seesaw"));
    QCOMPARE(config->bootAttempts, 3);
    QCOMPARE(config->allowDowngrade, false);
    QCOMPARE(config->rebootCommand, QStringLiteral("systemctl reboot"));
    QCOMPARE(config->grubenv, defaults.grubenv);
    QCOMPARE(config->esp, defaults.esp);
    QCOMPARE(config->customBackend, defaults.customBackend);
    QVERIFY(config->health.units.isEmpty());
    QVERIFY(config->health.scripts.isEmpty());
    QCOMPARE(config->health.timeoutSeconds, 120);
    QCOMPARE(config->health.scriptTimeoutSeconds, 30);
    QCOMPARE(config->health.minUptimeSeconds, 0);
    QCOMPARE(config->health.maxMemoryPercent, 0);
    QCOMPARE(config->health.maxTemperature, 0);
    QCOMPARE(config->health.maxLoad, 0.0);
    QVERIFY(!config->health.hasLimits());
    QCOMPARE(config->health.sampleWindowSeconds, 10);
    QCOMPARE(config->health.rebootDelaySeconds, 0);
    QCOMPARE(config->health.procDirectory, QStringLiteral("/proc"));
    QCOMPARE(config->health.thermalDirectory, QStringLiteral("/sys/class/thermal"));
    QCOMPARE(config->overlayKeyringDirectory(), QStringLiteral("/data/seesaw/keys"));
}

void TestSystemConfig::slotWrites()
{
    const QString boot = QStringLiteral("bootloader=uboot\n");
    for (const auto &[text, expected] :
         {std::pair{"slot-writes=buffered\n", SystemConfig::SlotWrites::Buffered},
          std::pair{"slot-writes=direct\n", SystemConfig::SlotWrites::Direct}}) {
        const auto config =
            loadText(m_path, base().replace(boot, boot + QString::fromLatin1(text)));
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
        QCOMPARE(config->slotWrites, expected);
    }
}

void TestSystemConfig::valueSyntax_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char *name, const char *line, const char *expected) {
        QTest::newRow(name) << QString::fromUtf8(line) << QString::fromUtf8(expected);
    };
    row("plain", "reboot-command=systemctl reboot", "systemctl reboot");
    row("spaces around", "  reboot-command =  systemctl reboot   ", "systemctl reboot");
    row("inline comment", "reboot-command=/sim/reboot --now ; a comment", "/sim/reboot --now");
    row("inline comment after tab", "reboot-command=reboot\t; a comment", "reboot");
    row("semicolon inside value", "reboot-command=sync;reboot", "sync;reboot");
    row("commas are not lists", "reboot-command=echo a,b, c", "echo a,b, c");
    row("quotes kept", "reboot-command=\"/opt/my reboot\" now", "\"/opt/my reboot\" now");
    row("hash is not inline comment", "reboot-command=echo #1", "echo #1");
    row("equals in value", "reboot-command=env X=1 reboot", "env X=1 reboot");
    row("backslash kept", "reboot-command=printf a\\nb", "printf a\\nb");
    row("utf-8", "reboot-command=echo grüß", "echo grüß");
}

void TestSystemConfig::valueSyntax()
{
    QFETCH(QString, line);
    QFETCH(QString, expected);
    const auto config =
        loadText(m_path, replaced(QStringLiteral("bootloader=uboot\n"),
                                  QStringLiteral("bootloader=uboot\n") + line + QLatin1Char('\n')));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->rebootCommand, expected);
}

void TestSystemConfig::commentsBlankLinesAndCrlf()
{
    QString text = QStringLiteral("# Device description\n\n; another comment\n   # indented\n") +
                   base().replace(QStringLiteral("[keyring]"),
                                  QStringLiteral("\n\t\n[keyring] ; the trust anchors"));
    text.replace(QStringLiteral("\n"), QStringLiteral("\r\n"));
    const auto config = loadText(m_path, text);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->compatible, QStringLiteral("acme-panel"));
    QCOMPARE(config->keyringDirectory, m_path + QStringLiteral("/keys"));
    QCOMPARE(config->slots.at(1).bootname, QStringLiteral("B"));
}

void TestSystemConfig::healthUnits_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("units");
    QTest::newRow("two") << QStringLiteral("app.service network-online.target")
                         << QStringList{QStringLiteral("app.service"),
                                        QStringLiteral("network-online.target")};
    QTest::newRow("extra blanks") << QStringLiteral("  a.service \t b.service  ")
                                  << QStringList{QStringLiteral("a.service"),
                                                 QStringLiteral("b.service")};
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("comment only") << QStringLiteral(" ; none yet") << QStringList();
}

void TestSystemConfig::healthUnits()
{
    QFETCH(QString, value);
    QFETCH(QStringList, units);
    const auto config = loadText(m_path, base() + QStringLiteral("[health]\nunits=") + value +
                                             QStringLiteral("\nscripts=\n"));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->health.units, units);
    QVERIFY(config->health.scripts.isEmpty());
}

void TestSystemConfig::healthKeys()
{
    const auto config = loadText(m_path, base() + QStringLiteral(R"([health]
units=app.service
scripts=health.d ; relative to this file
timeout=300
script-timeout=45
min-uptime=90
max-memory-percent=85
max-temperature=80
max-load=2.75
sample-window=20
reboot-delay=15
proc=fake/proc
thermal=/run/fake/thermal
)"));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->health.units, QStringList{QStringLiteral("app.service")});
    QCOMPARE(config->health.scripts, m_path + QStringLiteral("/health.d"));
    QCOMPARE(config->health.timeoutSeconds, 300);
    QCOMPARE(config->health.scriptTimeoutSeconds, 45);
    QCOMPARE(config->health.minUptimeSeconds, 90);
    QCOMPARE(config->health.maxMemoryPercent, 85);
    QCOMPARE(config->health.maxTemperature, 80);
    QCOMPARE(config->health.maxLoad, 2.75);
    QVERIFY(config->health.hasLimits());
    QCOMPARE(config->health.sampleWindowSeconds, 20);
    QCOMPARE(config->health.rebootDelaySeconds, 15);
    QCOMPARE(config->health.procDirectory, m_path + QStringLiteral("/fake/proc"));
    QCOMPARE(config->health.thermalDirectory, QStringLiteral("/run/fake/thermal"));

    // Each limit on its own switches sampling on.
    for (const char *limit : {"max-memory-percent=1", "max-temperature=1", "max-load=0.01"}) {
        const auto one = loadText(m_path, base() + QStringLiteral("[health]\n") +
                                              QLatin1String(limit) + QLatin1Char('\n'));
        QVERIFY2(one.ok(), qPrintable(one.ok() ? QString() : one.error().message));
        QVERIFY2(one->health.hasLimits(), limit);
    }
}

void TestSystemConfig::validBoundaries_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    const QString boot = QStringLiteral("bootloader=uboot\n");
    QTest::newRow("boot-attempts 1") << boot << boot + QStringLiteral("boot-attempts=1\n");
    QTest::newRow("boot-attempts 9 with uboot")
        << boot << boot + QStringLiteral("boot-attempts=9\n");
    QTest::newRow("allow-downgrade true")
        << boot << boot + QStringLiteral("allow-downgrade=true\n");
    QTest::newRow("compatible 128") << QStringLiteral("compatible=acme-panel")
                                    << QStringLiteral("compatible=") + QString(128, u'x');
    QTest::newRow("compatible with spaces")
        << QStringLiteral("compatible=acme-panel") << QStringLiteral("compatible=Acme Panel 7\"");
    QTest::newRow("hardware") << boot << boot + QStringLiteral("hardware=rev-c\n");
    QTest::newRow("timeout 1") << QStringLiteral("[keyring]")
                               << QStringLiteral("[health]\ntimeout=1\n[keyring]");
    QTest::newRow("timeout 3600") << QStringLiteral("[keyring]")
                                  << QStringLiteral("[health]\ntimeout=3600\n[keyring]");
    const auto health = [](const char *name, const char *lines) {
        QTest::newRow(name) << QStringLiteral("[keyring]")
                            << QStringLiteral("[health]\n") + QLatin1String(lines) +
                                   QStringLiteral("\n[keyring]");
    };
    health("script-timeout 1", "script-timeout=1");
    health("script-timeout 3600", "script-timeout=3600");
    health("min-uptime 0", "min-uptime=0");
    health("min-uptime 3600", "min-uptime=3600");
    health("max-memory-percent 1", "max-memory-percent=1");
    health("max-memory-percent 100", "max-memory-percent=100");
    health("max-temperature 1", "max-temperature=1");
    health("max-temperature 200", "max-temperature=200");
    health("max-load 0.01", "max-load=0.01");
    health("max-load 1000", "max-load=1000");
    health("max-load 1000.00", "max-load=1000.00");
    health("max-load 2.5", "max-load=2.5");
    health("max-load 0.5", "max-load=0.5");
    health("sample-window 1", "sample-window=1\nmax-load=1");
    health("sample-window 600 without limits", "sample-window=600");
    health("sample-window 600 with limits", "sample-window=600\ntimeout=601\nmax-load=1");
    health("sample-window 119 with default timeout", "sample-window=119\nmax-temperature=70");
    health("reboot-delay 0", "reboot-delay=0");
    health("reboot-delay 3600", "reboot-delay=3600");
    health("scripts empty", "scripts=");
    health("proc and thermal", "proc=/proc\nthermal=sys/class/thermal");
    QTest::newRow("bootname 32") << QStringLiteral("bootname=A")
                                 << QStringLiteral("bootname=") + QString(32, u'a');
    QTest::newRow("class 32") << QStringLiteral("rootfs")
                              << QStringLiteral("0") + QString(29, u'r') + QStringLiteral("_-");
    QTest::newRow("two classes") << QString()
                                 << QStringLiteral("[slot.appfs.0]\ndevice=slots/c.img\n"
                                                   "[slot.appfs.1]\ndevice=slots/d.img\n");
}

void TestSystemConfig::validBoundaries()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    const QString text = from.isEmpty() ? base() + to : replaced(from, to);
    const auto config = loadText(m_path, text);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
}

void TestSystemConfig::relativePathsResolved()
{
    // A whole simulated device is one directory that can be moved anywhere.
    const QString etc = m_path + QStringLiteral("/device/etc");
    QVERIFY(QDir().mkpath(etc + QStringLiteral("/keys")));
    QVERIFY(QDir().mkpath(etc + QStringLiteral("/efi")));
    const QByteArray text = R"([system]
compatible=sim
bootloader=systemd-boot
data-directory=../data
cmdline=proc/cmdline
power-supply=./sys/class/power_supply
os-release=os-release
boot-id=run/boot_id
[keyring]
directory=keys
[bootloader]
uboot-env-config=fw_env.config
grubenv=grub/grubenv
esp=efi
custom-backend=bin/backend
[slot.rootfs.0]
device=../slots/a.img
bootname=A
[slot.rootfs.1]
device=../../slots/b.img
bootname=B
[health]
scripts=health.d
proc=../fake/proc
thermal=./sys/class/thermal
)";
    QVERIFY(testutil::writeFile(etc + QStringLiteral("/system.conf"), text));
    // Loaded through a relative path: the base directory still becomes absolute.
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_path));
    const auto config = SystemConfig::load(QStringLiteral("device/etc/system.conf"));
    QVERIFY(QDir::setCurrent(previous));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));

    const QString device = m_path + QStringLiteral("/device");
    QCOMPARE(config->baseDirectory, etc);
    QCOMPARE(config->dataDirectory, device + QStringLiteral("/data"));
    QCOMPARE(config->cmdlinePath, etc + QStringLiteral("/proc/cmdline"));
    QCOMPARE(config->powerSupplyDirectory, etc + QStringLiteral("/sys/class/power_supply"));
    QCOMPARE(config->osReleasePath, etc + QStringLiteral("/os-release"));
    QCOMPARE(config->bootIdPath, etc + QStringLiteral("/run/boot_id"));
    QCOMPARE(config->keyringDirectory, etc + QStringLiteral("/keys"));
    QCOMPARE(config->ubootEnvConfig, etc + QStringLiteral("/fw_env.config"));
    QCOMPARE(config->grubenv, etc + QStringLiteral("/grub/grubenv"));
    QCOMPARE(config->esp, etc + QStringLiteral("/efi"));
    QCOMPARE(config->customBackend, etc + QStringLiteral("/bin/backend"));
    QCOMPARE(config->slots.at(0).device, device + QStringLiteral("/slots/a.img"));
    QCOMPARE(config->slots.at(1).device, m_path + QStringLiteral("/slots/b.img"));
    QCOMPARE(config->health.scripts, etc + QStringLiteral("/health.d"));
    QCOMPARE(config->health.procDirectory, device + QStringLiteral("/fake/proc"));
    QCOMPARE(config->health.thermalDirectory, etc + QStringLiteral("/sys/class/thermal"));
    QCOMPARE(config->overlayKeyringDirectory(), device + QStringLiteral("/data/keys"));
}

void TestSystemConfig::absolutePathsKept()
{
    QString text = base();
    text.replace(QStringLiteral("directory=keys"),
                 QStringLiteral("directory=") + m_path + QStringLiteral("/keys"));
    text.replace(QStringLiteral("slots/a.img"), QStringLiteral("/dev/mmcblk0p2"));
    text.replace(QStringLiteral("bootloader=uboot\n"),
                 QStringLiteral("bootloader=uboot\ndata-directory=/data/seesaw/\n"
                                "cmdline=/run/sim/cmdline\n"));
    const auto config = loadText(m_path, text);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->keyringDirectory, m_path + QStringLiteral("/keys"));
    QCOMPARE(config->slots.at(0).device, QStringLiteral("/dev/mmcblk0p2"));
    QCOMPARE(config->dataDirectory, QStringLiteral("/data/seesaw"));
    QCOMPARE(config->cmdlinePath, QStringLiteral("/run/sim/cmdline"));
}

void TestSystemConfig::bootloaderFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("present");
    QTest::addColumn<QString>("wrongType");
    QTest::addColumn<int>("expected");
    using K = SystemConfig::BootloaderKind;
    QTest::newRow("uboot") << QStringLiteral("uboot") << QStringLiteral("uboot-env-config")
                           << QStringLiteral("fw_env.config") << QStringLiteral("keys")
                           << int(K::UBoot);
    QTest::newRow("grub") << QStringLiteral("grub") << QStringLiteral("grubenv")
                          << QStringLiteral("grubenv") << QStringLiteral("esp") << int(K::Grub);
    QTest::newRow("systemd-boot") << QStringLiteral("systemd-boot") << QStringLiteral("esp")
                                  << QStringLiteral("esp") << QStringLiteral("grubenv")
                                  << int(K::SystemdBoot);
    QTest::newRow("custom") << QStringLiteral("custom") << QStringLiteral("custom-backend")
                            << QStringLiteral("bin/backend") << QStringLiteral("bin")
                            << int(K::Custom);
}

void TestSystemConfig::bootloaderFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, key);
    QFETCH(QString, present);
    QFETCH(QString, wrongType);
    QFETCH(int, expected);
    const auto textWith = [&](const QString &value) {
        QString text = base();
        text.replace(QStringLiteral("bootloader=uboot"), QStringLiteral("bootloader=") + kind);
        text.replace(QStringLiteral("uboot-env-config=fw_env.config"),
                     key + QLatin1Char('=') + value);
        return text;
    };

    const auto good = loadText(m_path, textWith(present));
    QVERIFY2(good.ok(), qPrintable(good.ok() ? QString() : good.error().message));
    QCOMPARE(int(good->bootloader), expected);
    QCOMPARE(SystemConfig::bootloaderName(good->bootloader), kind);

    for (const QString &bad : {QStringLiteral("missing"), wrongType}) {
        const auto config = loadText(m_path, textWith(bad));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, QStringLiteral("config.invalid-value"));
        const QString message = config.error().message;
        QVERIFY2(message.contains(QStringLiteral("line 7: [bootloader] ") + key),
                 qPrintable(message));
        QVERIFY2(message.contains(m_path + QLatin1Char('/') + bad), qPrintable(message));
        QVERIFY2(message.contains(kind), qPrintable(message));
    }
}

namespace {

// The rows of TestSystemConfig::errors_data(), a function a group, and what they build on.
struct ErrorRows {
    QString boot = s("bootloader=uboot\n");
    int baseLines = int(base().count(QLatin1Char('\n')));
    QString appfs0 = s("[slot.appfs.0]\ndevice=slots/c.img\n");
    QString appfs1 = s("[slot.appfs.1]\ndevice=slots/d.img\n");

    // `text` must fail with `code`, the message containing every needle.
    static void row(const char *name, const QString &text, const char *code,
                    const QStringList &needles)
    {
        QTest::newRow(name) << text.toUtf8() << QString::fromLatin1(code) << needles;
    }

    // Syntax.
    void syntax() const;
    // Unknown names.
    void unknownNames() const;
    // Missing required keys.
    void missingKeys() const;
    // Invalid values: [system], [keyring] and the slot device.
    void systemValues() const;
    // Invalid values: [health].
    void healthValues() const;
    // [network] values.
    void networkValues() const;
    // [hawkbit] values, and a hawkBit server beside a channel manifest.
    void hawkbitValues() const;
    // [artifacts.NAME] sections.
    void artifactValues() const;
    // Slot sections.
    void slotSections() const;
    // Slot sections: boot names and devices.
    void bootnames() const;
    // Files that must exist.
    static void files();
};

void ErrorRows::artifactValues() const
{
    const auto repo = [](const char *lines) -> QString {
        return base() + s("[artifacts.models]\n") + s(lines);
    };
    const int at = baseLines + 1;
    row("artifacts name", base() + s("[artifacts.Models!]\npath=m\ntype=files\n"),
        "config.invalid-value", {lineNo(at), s("repository name")});
    row("artifacts without path", repo("type=files\n"), "config.missing-key",
        {s("[artifacts.models] path")});
    row("artifacts without type", repo("path=m\n"), "config.missing-key",
        {s("[artifacts.models] type")});
    row("artifacts type", repo("path=m\ntype=overlay\n"), "config.invalid-value",
        {lineNo(at + 2), s("sysext, confext, files, tree")});
    row("artifacts keep 1", repo("path=m\ntype=files\nkeep=1\n"), "config.invalid-value",
        {s("[artifacts.models] keep"), s("from 2 to 16")});
    row("artifacts relative command",
        repo("path=m\ntype=sysext\nactivate=systemd-sysext refresh\n"), "config.invalid-value",
        {s("absolute path")});
    row("artifacts unknown key", repo("path=m\ntype=files\nmode=0700\n"), "config.unknown-key",
        {s("[artifacts.models] mode")});
    row("artifacts twice", repo("path=m\ntype=files\n[artifacts.models]\npath=n\ntype=files\n"),
        "config.syntax", {s("appears twice")});
    row("artifacts same path", repo("path=m\ntype=files\n[artifacts.other]\npath=m\ntype=tree\n"),
        "config.invalid-value", {s("[artifacts.models]")});
    row("artifacts store inside path",
        repo("path=/var/lib/extensions\ntype=sysext\nstore=/var/lib/extensions/.kept\n"),
        "config.invalid-value", {s("[artifacts.models] store"), s("outside")});
    row("artifacts default store inside path", base() + s("[artifacts.all]\npath=/\ntype=tree\n"),
        "config.invalid-value", {s("[artifacts.all] store")});
}

void ErrorRows::networkValues() const
{
    const auto net = [](const char *line) -> QString {
        return base() + s("[network]\n") + s(line) + s("\n");
    };
    const int at = baseLines + 2;
    row("ftp manifest", net("manifest-url=ftp://updates.example/channel.json"),
        "config.invalid-value", {lineNo(at), s("[network] manifest-url")});
    row("manifest with password", net("manifest-url=https://me:pw@updates.example/c.json"),
        "config.invalid-value", {s("user name or password")});
    row("manifest without host", net("manifest-url=https:///c.json"), "config.invalid-value",
        {s("manifest-url")});
    row("channel name", net("channel=Stable!"), "config.invalid-value", {s("[network] channel")});
    row("poll every second", net("poll-interval=1"), "config.invalid-value",
        {s("poll-interval"), s("60 s")});
    row("poll in weeks", net("poll-interval=2w"), "config.invalid-value", {s("poll-interval")});
    row("poll past 30 days", net("poll-interval=31d"), "config.invalid-value", {s("30 days")});
    row("negative jitter", net("poll-jitter=-5"), "config.invalid-value", {s("poll-jitter")});
    row("bandwidth in bits", net("bandwidth-limit=2Mbit"), "config.invalid-value",
        {s("bandwidth-limit")});
    row("window without time", net("maintenance-window=Sat"), "config.invalid-value",
        {s("maintenance-window"), s("'Sat'")});
    row("window day", net("maintenance-window=Sam 02:00-04:00"), "config.invalid-value",
        {s("'Sam 02:00-04:00'")});
    row("window hour", net("maintenance-window=Sat 25:00-04:00"), "config.invalid-value",
        {s("Sat 25:00-04:00")});
    row("clock", net("clock=ntp"), "config.invalid-value", {s("auto, system, none")});
    row("stream", net("stream=yes"), "config.invalid-value", {s("auto, always, never")});
    row("certificate without key", net("client-certificate=client.pem"), "config.missing-key",
        {s("client-key")});
    row("empty ca-file", net("ca-file="), "config.invalid-value", {s("a path is required")});
    row("unknown network key", net("mirror=https://x/"), "config.unknown-key",
        {s("[network] mirror")});
}

void ErrorRows::hawkbitValues() const
{
    const auto hb = [](const QString &lines) -> QString {
        return base() + s("[hawkbit]\nserver=https://fleet.example\n") + lines + s("\n");
    };
    const int at = baseLines + 3;
    row("no server", base() + s("[hawkbit]\ntenant=acme\n"), "config.missing-key",
        {s("[hawkbit] server")});
    row("ftp server", base() + s("[hawkbit]\nserver=ftp://fleet.example\n"), "config.invalid-value",
        {lineNo(baseLines + 2), s("[hawkbit] server")});
    row("server with password", base() + s("[hawkbit]\nserver=https://me:pw@fleet.example\n"),
        "config.invalid-value", {s("user name or password")});
    row("tenant with slash", hb(s("tenant=acme/other")), "config.invalid-value",
        {lineNo(at), s("[hawkbit] tenant"), s("'acme/other'")});
    row("controller id with space", hb(s("controller-id=device 7")), "config.invalid-value",
        {s("[hawkbit] controller-id"), s("64")});
    row("controller id too long", hb(s("controller-id=") + QString(65, QLatin1Char('a'))),
        "config.invalid-value", {s("controller-id")});
    row("poll every second", hb(s("poll-interval=1")), "config.invalid-value",
        {s("poll-interval"), s("60 s")});
    row("floor above ceiling", hb(s("poll-min=2h\npoll-max=1h")), "config.invalid-value",
        {s("poll-min is longer than poll-max")});
    row("two tokens", hb(s("target-token-file=t\ngateway-token-file=g")), "config.invalid-value",
        {s("not both")});
    row("key without certificate", hb(s("client-key=k.pem")), "config.missing-key",
        {s("client-certificate")});
    row("empty token file", hb(s("target-token-file=")), "config.invalid-value",
        {s("a path is required")});
    row("unknown hawkbit key", hb(s("token=secret")), "config.unknown-key", {s("[hawkbit] token")});
    row("reboot sometimes", hb(s("reboot=sometimes")), "config.invalid-value",
        {s("[hawkbit] reboot"), s("never, forced or always")});
    row("hawkbit and a channel",
        base() + s("[network]\nmanifest-url=https://cdn.example/c.json\n") +
            s("[hawkbit]\nserver=https://fleet.example\n"),
        "config.invalid-value",
        {lineNo(baseLines + 4), s("[hawkbit] server"), s("one source of network updates")});
}

void ErrorRows::syntax() const
{
    row("garbage line", replaced(boot, boot + s("just words\n")), "config.syntax",
        {lineNo(4), s("'just words'")});
    row("key before section", s("compatible=x\n") + base(), "config.syntax",
        {lineNo(1), s("'compatible'")});
    row("unterminated section", replaced(s("[keyring]"), s("[keyring")), "config.syntax",
        {lineNo(4), s("'[keyring'")});
    row("empty section name", base() + s("[]\n"), "config.syntax", {lineNo(baseLines + 1)});
    row("no key", replaced(boot, boot + s("=value\n")), "config.syntax", {lineNo(4)});
    row("duplicate key", replaced(boot, boot + s("compatible=other\n")), "config.syntax",
        {lineNo(4), s("[system] compatible"), s("line 2")});
    row("duplicate section", base() + s("[keyring]\n"), "config.syntax",
        {lineNo(baseLines + 1), s("[keyring]"), s("line 4")});
    row("control character", replaced(s("compatible=acme-panel"), s("compatible=acme\x01panel")),
        "config.syntax", {lineNo(2)});
    QTest::newRow("invalid utf-8") << base().toUtf8().replace("acme-panel", "acme\xff")
                                   << s("config.syntax") << QStringList{s("UTF-8")};
}

void ErrorRows::unknownNames() const
{
    row("unknown section", base() + s("[networking]\nproxy=x\n"), "config.unknown-section",
        {lineNo(baseLines + 1), s("[networking]")});
    row("section case matters", replaced(s("[keyring]"), s("[Keyring]")), "config.unknown-section",
        {lineNo(4), s("[Keyring]")});
    row("unknown key system", replaced(boot, boot + s("colour=blue\n")), "config.unknown-key",
        {lineNo(4), s("[system] colour")});
    row("unknown key keyring", replaced(s("directory=keys"), s("directory=keys\npath=x")),
        "config.unknown-key", {lineNo(6), s("[keyring] path")});
    row("unknown key bootloader", base().replace(s("[slot.rootfs.0]"), s("efi=x\n[slot.rootfs.0]")),
        "config.unknown-key", {lineNo(8), s("[bootloader] efi")});
    row("unknown key slot", base() + s("size=100\n"), "config.unknown-key",
        {lineNo(baseLines + 1), s("[slot.rootfs.1] size")});
    row("unknown key health", base() + s("[health]\nunit=a.service\n"), "config.unknown-key",
        {lineNo(baseLines + 2), s("[health] unit")});
}

void ErrorRows::missingKeys() const
{
    row("no compatible", replaced(s("compatible=acme-panel\n"), QString()), "config.missing-key",
        {s("[system] compatible")});
    row("no bootloader", replaced(boot, QString()), "config.missing-key",
        {s("[system] bootloader")});
    row("no system section", base().mid(base().indexOf(s("[keyring]"))), "config.missing-key",
        {s("[system] compatible")});
    row("no device", replaced(s("device=slots/b.img\n"), QString()), "config.missing-key",
        {lineNo(11), s("[slot.rootfs.1] device")});
}

void ErrorRows::systemValues() const
{
    // Invalid values.
    row("unknown bootloader", replaced(boot, s("bootloader=lilo\n")), "config.invalid-value",
        {lineNo(3), s("[system] bootloader"), s("unknown bootloader 'lilo'")});
    row("bootloader case", replaced(boot, s("bootloader=UBoot\n")), "config.invalid-value",
        {s("[system] bootloader"), s("'UBoot'")});
    row("compatible empty", replaced(s("compatible=acme-panel"), s("compatible=")),
        "config.invalid-value", {lineNo(2), s("[system] compatible")});
    row("compatible 129",
        replaced(s("compatible=acme-panel"), s("compatible=") + QString(129, u'x')),
        "config.invalid-value", {s("[system] compatible"), s("128")});
    row("compatible bidi",
        replaced(s("compatible=acme-panel"), s("compatible=acme") + QChar(0x202e) + s("panel")),
        "config.invalid-value", {s("[system] compatible")});
    row("hardware empty", replaced(boot, boot + s("hardware=\n")), "config.invalid-value",
        {s("[system] hardware")});
    for (const char *value : {"0", "101", "3x", "+3", " ", "-1", "99999999999"}) {
        const QByteArray name = QByteArray("boot-attempts '") + value + '\'';
        row(name.constData(), replaced(boot, boot + s("boot-attempts=") + s(value) + s("\n")),
            "config.invalid-value", {lineNo(4), s("[system] boot-attempts")});
    }
    row("boot-attempts 10 with uboot", replaced(boot, boot + s("boot-attempts=10\n")),
        "config.invalid-value", {lineNo(4), s("[system] boot-attempts"), s("hexadecimal")});
    row("allow-downgrade yes", replaced(boot, boot + s("allow-downgrade=yes\n")),
        "config.invalid-value", {s("[system] allow-downgrade"), s("'yes'")});
    row("slot-writes Direct", replaced(boot, boot + s("slot-writes=Direct\n")),
        "config.invalid-value", {s("[system] slot-writes"), s("'Direct'")});
    row("slot-writes empty", replaced(boot, boot + s("slot-writes=\n")), "config.invalid-value",
        {s("[system] slot-writes")});
    row("allow-downgrade True", replaced(boot, boot + s("allow-downgrade=True\n")),
        "config.invalid-value", {s("[system] allow-downgrade")});
    row("reboot-command empty", replaced(boot, boot + s("reboot-command= ; none\n")),
        "config.invalid-value", {s("[system] reboot-command")});
    for (const char *key : {"data-directory", "cmdline", "power-supply", "os-release", "boot-id"}) {
        const QByteArray name = QByteArray("empty ") + key;
        row(name.constData(), replaced(boot, boot + s(key) + s("=\n")), "config.invalid-value",
            {lineNo(4), s("[system] ") + s(key)});
    }
    row("empty keyring directory", replaced(s("directory=keys"), s("directory=")),
        "config.invalid-value", {s("[keyring] directory")});
    row("empty device", replaced(s("device=slots/a.img"), s("device=")), "config.invalid-value",
        {lineNo(9), s("[slot.rootfs.0] device")});
}

void ErrorRows::healthValues() const
{
    for (const char *value : {"0", "3601", "2m"}) {
        const QByteArray name = QByteArray("timeout ") + value;
        row(name.constData(), base() + s("[health]\ntimeout=") + s(value) + s("\n"),
            "config.invalid-value", {lineNo(baseLines + 2), s("[health] timeout")});
    }
    // Every whole-number [health] key: just outside its bounds, not a number, signs, blanks.
    struct Bounds {
        const char *key, *below, *above, *expected;
    };
    for (const Bounds &b : {Bounds{"script-timeout", "0", "3601", "seconds from 1 to 3600"},
                            Bounds{"min-uptime", "-1", "3601", "seconds from 0 to 3600"},
                            Bounds{"max-memory-percent", "0", "101", "percentage from 1 to 100"},
                            Bounds{"max-temperature", "0", "201", "Celsius from 1 to 200"},
                            Bounds{"sample-window", "0", "601", "seconds from 1 to 600"},
                            Bounds{"reboot-delay", "-1", "3601", "seconds from 0 to 3600"}}) {
        for (const char *value : {b.below, b.above, "", "1.5", "+5", "10s", "abc", "99999999"}) {
            const QByteArray name = QByteArray(b.key) + " '" + value + '\'';
            row(name.constData(),
                base() + s("[health]\nunits=a.service\n") + s(b.key) + s("=") + s(value) + s("\n"),
                "config.invalid-value",
                {lineNo(baseLines + 3), s("[health] ") + s(b.key), s(b.expected),
                 s("'") + s(value) + s("'")});
        }
    }
    for (const char *value : {"0", "0.0", "0.00", "-1", "+1", "1e2", ".5", "5.", "2.555", "1000.01",
                              "1001", "10000", "1,5", "abc", "", "2 .5", "0x10"}) {
        const QByteArray name = QByteArray("max-load '") + value + '\'';
        row(name.constData(), base() + s("[health]\nmax-load=") + s(value) + s("\n"),
            "config.invalid-value",
            {lineNo(baseLines + 2), s("[health] max-load"), s("at most 1000")});
    }
    for (const char *key : {"proc", "thermal"}) {
        const QByteArray name = QByteArray("empty ") + key;
        row(name.constData(), base() + s("[health]\n") + s(key) + s("=\n"), "config.invalid-value",
            {lineNo(baseLines + 2), s("[health] ") + s(key)});
    }
    row("sample-window not before timeout",
        base() + s("[health]\ntimeout=30\nmax-load=2\nsample-window=30\n"), "config.invalid-value",
        {lineNo(baseLines + 4), s("[health] sample-window"), s("30 s"), s("(30 s)")});
    row("default sample-window not before timeout",
        base() + s("[health]\nmax-memory-percent=90\ntimeout=10\n"), "config.invalid-value",
        {lineNo(baseLines + 3), s("[health] sample-window"), s("10 s"), s("(10 s)")});
    row("unknown key health near miss", base() + s("[health]\nmax-mem=50\n"), "config.unknown-key",
        {lineNo(baseLines + 2), s("[health] max-mem")});
}

void ErrorRows::slotSections() const
{
    row("class uppercase", base().replace(s("rootfs"), s("Rootfs")), "config.invalid-value",
        {lineNo(8), s("[slot.Rootfs.0]"), s("'Rootfs'")});
    row("class starts with dash", base().replace(s("rootfs"), s("-rootfs")), "config.invalid-value",
        {s("[slot.-rootfs.0]")});
    row("class 33", base().replace(s("rootfs"), QString(33, u'r')), "config.invalid-value",
        {s("slot class")});
    row("slot 2", replaced(s("[slot.rootfs.1]"), s("[slot.rootfs.2]")), "config.invalid-value",
        {lineNo(11), s("[slot.rootfs.2]"), s("'2'")});
    row("slot without number", replaced(s("[slot.rootfs.1]"), s("[slot.rootfs]")),
        "config.invalid-value", {s("[slot.rootfs]"), s("[slot.CLASS.N]")});
    row("slot extra part", replaced(s("[slot.rootfs.1]"), s("[slot.rootfs.1.x]")),
        "config.invalid-value", {s("[slot.rootfs.1.x]")});
    row("one slot", base().left(base().indexOf(s("[slot.rootfs.1]"))), "config.slot-count",
        {s("[slot.rootfs.1]"), s("'rootfs'")});
    row("no slots", base().left(base().indexOf(s("[slot.rootfs.0]"))), "config.slot-count",
        {s("[slot.CLASS.N]")});
    row("second class one slot", base() + appfs1, "config.slot-count",
        {s("[slot.appfs.0]"), s("'appfs'")});
}

void ErrorRows::bootnames() const
{
    row("bootname on one slot", replaced(s("bootname=B\n"), QString()), "config.missing-key",
        {lineNo(11), s("[slot.rootfs.1] bootname")});
    row("no bootnames", base().remove(s("bootname=A\n")).remove(s("bootname=B\n")),
        "config.missing-key", {s("[slot.rootfs.0] bootname")});
    row("two boot classes", base() + appfs0 + s("bootname=C\n") + appfs1 + s("bootname=D\n"),
        "config.invalid-value",
        {lineNo(baseLines + 3), s("[slot.appfs.0] bootname"), s("'rootfs'")});
    row("bootname on other class", base() + appfs0 + appfs1 + s("bootname=D\n"),
        "config.invalid-value", {s("[slot.appfs.1] bootname"), s("'rootfs'")});
    row("duplicate bootname", replaced(s("bootname=B"), s("bootname=A")),
        "config.duplicate-bootname",
        {lineNo(13), s("[slot.rootfs.1] bootname"), s("'A'"), s("[slot.rootfs.0]")});
    row("duplicate bootname across classes", base() + appfs0 + s("bootname=B\n") + appfs1,
        "config.duplicate-bootname", {s("[slot.appfs.0] bootname"), s("[slot.rootfs.1]")});
    row("bootname with space", replaced(s("bootname=B"), s("bootname=B 2")), "config.invalid-value",
        {lineNo(13), s("[slot.rootfs.1] bootname"), s("'B 2'")});
    row("bootname 33", replaced(s("bootname=B"), s("bootname=") + QString(33, u'b')),
        "config.invalid-value", {s("[slot.rootfs.1] bootname")});
    row("bootname empty", replaced(s("bootname=B"), s("bootname=")), "config.invalid-value",
        {s("[slot.rootfs.1] bootname")});
    row("bootname non-ASCII letter", replaced(s("bootname=B"), s("bootname=\u00c4")),
        "config.invalid-value", {s("[slot.rootfs.1] bootname")});
    row("bootname with dash", replaced(s("bootname=B"), s("bootname=B-2")), "config.invalid-value",
        {s("[slot.rootfs.1] bootname")});
    row("bootname with dot", replaced(s("bootname=B"), s("bootname=B.1")), "config.invalid-value",
        {s("[slot.rootfs.1] bootname")});
    row("class with non-ASCII digit", base().replace(s("rootfs"), s("rootfs\u0663")),
        "config.invalid-value", {s("slot class")});
    row("same device", replaced(s("slots/b.img"), s("slots/a.img")), "config.invalid-value",
        {lineNo(12), s("[slot.rootfs.1] device"), s("[slot.rootfs.0]")});
    row("same device spelled differently", replaced(s("slots/b.img"), s("./slots/../slots//a.img")),
        "config.invalid-value", {s("[slot.rootfs.1] device"), s("[slot.rootfs.0]")});
    row("same device through symlink", replaced(s("slots/b.img"), s("slots/a-link")),
        "config.invalid-value", {s("[slot.rootfs.1] device"), s("[slot.rootfs.0]")});
    row("same device across classes", base() + appfs0 + s("[slot.appfs.1]\ndevice=slots/b.img\n"),
        "config.invalid-value", {s("[slot.appfs.1] device"), s("[slot.rootfs.1]")});
}

void ErrorRows::files()
{
    row("missing keyring", replaced(s("directory=keys"), s("directory=nokeys")),
        "config.missing-keyring", {lineNo(5), s("[keyring] directory"), s("nokeys")});
    row("keyring is a file", replaced(s("directory=keys"), s("directory=grubenv")),
        "config.missing-keyring", {s("[keyring] directory")});
}

} // namespace

void TestSystemConfig::artifactRepositories()
{
    const auto none = loadText(m_path, base());
    QVERIFY(none.ok());
    QVERIFY(none->artifacts.isEmpty());
    const auto config = loadText(m_path, base() + s(R"([artifacts.extensions]
path=/var/lib/extensions
type=sysext
activate=/usr/bin/systemd-sysext refresh
[artifacts.models]
path=models ; relative to this file
store=/data/models-kept
type=files
keep=3
[artifacts.web]
path=/data/web
type=tree
)"));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->artifacts.size(), 3);
    const ArtifactRepository *ext = config->artifactRepository(s("extensions"));
    QVERIFY(ext != nullptr);
    QCOMPARE(ext->path, s("/var/lib/extensions"));
    QCOMPARE(ext->type, ArtifactRepository::Type::Sysext);
    QCOMPARE(ext->activate, (QStringList{s("/usr/bin/systemd-sysext"), s("refresh")}));
    QCOMPARE(ext->keep, 2);
    QCOMPARE(ext->store, config->dataDirectory + s("/artifacts/extensions"));
    const ArtifactRepository *models = config->artifactRepository(s("models"));
    QCOMPARE(models->path, m_path + s("/models"));
    QCOMPARE(models->type, ArtifactRepository::Type::Files);
    QVERIFY(models->activate.isEmpty());
    QCOMPARE(models->keep, 3);
    QCOMPARE(models->store, s("/data/models-kept"));
    QCOMPARE(config->artifactRepository(s("web"))->type, ArtifactRepository::Type::Tree);
    QCOMPARE(config->artifactRepository(s("nothing")), nullptr);
    QCOMPARE(ArtifactRepository::typeName(ArtifactRepository::Type::Confext), s("confext"));
}

void TestSystemConfig::networkKeys()
{
    const auto none = loadText(m_path, base());
    QVERIFY(none.ok());
    QVERIFY(!none->network.enabled());
    QCOMPARE(none->network.pollIntervalSeconds, 6 * 3600);
    QCOMPARE(none->stagingDirectory(), none->dataDirectory + s("/downloads"));
    const auto config = loadText(m_path, base() + s(R"([network]
manifest-url=https://updates.example.com/v1/channel.json
channel=beta
poll-interval=90m
poll-jitter=0
ca-file=ca.pem ; relative to this file
client-certificate=/etc/seesaw/client.pem
client-key=/etc/seesaw/client.key
bandwidth-limit=512K
staging-directory=/data/staging
maintenance-window=Sat 02:00-04:00 Mon-Fri 22:30-05:00
clock=none
stream=always
keyring=channel-keys
)"));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    const NetworkConfig &n = config->network;
    QVERIFY(n.enabled());
    QCOMPARE(n.manifestUrl, s("https://updates.example.com/v1/channel.json"));
    QCOMPARE(n.channel, s("beta"));
    QCOMPARE(n.pollIntervalSeconds, 90 * 60);
    QCOMPARE(n.pollJitterSeconds, 0);
    QCOMPARE(n.caFile, m_path + s("/ca.pem"));
    QCOMPARE(n.clientCertificate, s("/etc/seesaw/client.pem"));
    QCOMPARE(n.clientKey, s("/etc/seesaw/client.key"));
    QCOMPARE(n.bandwidthLimit, 512U * 1024U);
    QCOMPARE(config->stagingDirectory(), s("/data/staging"));
    QCOMPARE(n.maintenanceWindows.size(), 2);
    QCOMPARE(maintenanceWindowText(n.maintenanceWindows),
             s("Sat 02:00-04:00 Mon,Tue,Wed,Thu,Fri 22:30-05:00"));
    QCOMPARE(n.clock, ClockPolicy::None);
    QCOMPARE(n.stream, StreamPolicy::Always);
    QCOMPARE(n.keyringDirectory, m_path + s("/channel-keys"));
}

void TestSystemConfig::hawkbitKeys()
{
    const auto none = loadText(m_path, base());
    QVERIFY(none.ok());
    QVERIFY(!none->hawkbit.enabled());
    const auto config = loadText(m_path, base() + s(R"([hawkbit]
server=https://fleet.example.com:8443
tenant=ACME_prod
controller-id=press-7.line:2
target-token-file=hawkbit.token ; relative to this file
ca-file=/etc/seesaw/fleet-ca.pem
client-certificate=/etc/seesaw/device.pem
client-key=/etc/seesaw/device.key
poll-interval=10m
poll-min=30s
poll-max=2d
reboot=always
[network]
bandwidth-limit=1M
maintenance-window=daily 02:00-04:00
)"));
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    const HawkbitConfig &h = config->hawkbit;
    QVERIFY(h.enabled());
    QVERIFY(!config->network.enabled()); // no channel manifest: the server decides
    QCOMPARE(h.server, s("https://fleet.example.com:8443"));
    QCOMPARE(h.tenant, s("ACME_prod"));
    QCOMPARE(h.controllerId, s("press-7.line:2"));
    QCOMPARE(h.targetTokenFile, m_path + s("/hawkbit.token"));
    QVERIFY(h.gatewayTokenFile.isEmpty());
    QCOMPARE(h.caFile, s("/etc/seesaw/fleet-ca.pem"));
    QCOMPARE(h.clientCertificate, s("/etc/seesaw/device.pem"));
    QCOMPARE(h.clientKey, s("/etc/seesaw/device.key"));
    QCOMPARE(h.pollIntervalSeconds, 600);
    QCOMPARE(h.minPollSeconds, 30);
    QCOMPARE(h.maxPollSeconds, 2 * 86400);
    QCOMPARE(h.reboot, HawkbitConfig::Reboot::Always);
    QCOMPARE(config->network.bandwidthLimit, 1024U * 1024U);

    const auto defaults = loadText(m_path, base() + s("[hawkbit]\nserver=http://127.0.0.1:8080\n"));
    QVERIFY(defaults.ok());
    QCOMPARE(defaults->hawkbit.tenant, s("DEFAULT"));
    QVERIFY(defaults->hawkbit.controllerId.isEmpty()); // the machine id, at run time
    QCOMPARE(defaults->hawkbit.pollIntervalSeconds, 300);
    QCOMPARE(defaults->hawkbit.minPollSeconds, 60);
    QCOMPARE(defaults->hawkbit.maxPollSeconds, 86400);
    QCOMPARE(defaults->hawkbit.reboot, HawkbitConfig::Reboot::Forced);
}

void TestSystemConfig::maintenanceWindows_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised");
    QTest::newRow("one day") << s("Sat 02:00-04:00") << s("Sat 02:00-04:00");
    QTest::newRow("any case") << s("sat 02:00-04:00") << s("Sat 02:00-04:00");
    QTest::newRow("range over the weekend")
        << s("Fri-Mon 23:00-01:00") << s("Mon,Fri,Sat,Sun 23:00-01:00");
    QTest::newRow("list") << s("Sat,Sun 01:00-03:00") << s("Sat,Sun 01:00-03:00");
    QTest::newRow("daily") << s("daily 03:00-03:30") << s("daily 03:00-03:30");
    QTest::newRow("to midnight") << s("Sun 22:00-24:00") << s("Sun 22:00-00:00");
    QTest::newRow("two, spaced") << s("  Sat 02:00-04:00   Sun 05:00-06:00 ")
                                 << s("Sat 02:00-04:00 Sun 05:00-06:00");
    QTest::newRow("none") << QString() << QString();
}

void TestSystemConfig::maintenanceWindows()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    auto windows = parseMaintenanceWindows(text);
    QVERIFY2(windows, qPrintable(windows ? QString() : windows.error().message));
    QCOMPARE(maintenanceWindowText(*windows), normalised);
    auto again = parseMaintenanceWindows(normalised);
    QVERIFY(again);
    QCOMPARE(*again, *windows);
}

void TestSystemConfig::nextMaintenanceWindow()
{
    const auto at = [](const char *text) {
        return QDateTime::fromString(QString::fromLatin1(text), Qt::ISODate);
    };
    // Local times in a fixed offset, so the test does not depend on the machine's zone.
    const auto local = [&](const char *text) {
        QDateTime t = at(text);
        t.setTimeZone(QTimeZone(3600));
        return t;
    };
    const auto windows = *parseMaintenanceWindows(s("Sat 02:00-04:00 Mon-Thu 22:00-05:00"));
    // 2026-12-05 is a Saturday: Thursday's window ended on Friday at 05:00.
    QCOMPARE(seesaw::nextMaintenanceWindow(windows, local("2026-12-05T01:00:00")),
             local("2026-12-05T02:00:00"));
    QVERIFY(inMaintenanceWindow(windows, local("2026-12-05T03:59:00")));
    QVERIFY(!inMaintenanceWindow(windows, local("2026-12-05T04:00:00")));
    QVERIFY(inMaintenanceWindow(windows, local("2026-12-08T23:00:00")));  // Tuesday
    QVERIFY(inMaintenanceWindow(windows, local("2026-12-11T04:59:00")));  // Thursday's, on Friday
    QVERIFY(!inMaintenanceWindow(windows, local("2026-12-12T00:30:00"))); // none on Friday
    // From Saturday 04:00 the next is Monday 22:00.
    QCOMPARE(seesaw::nextMaintenanceWindow(windows, local("2026-12-05T04:00:00")),
             local("2026-12-07T22:00:00"));
    QVERIFY(inMaintenanceWindow({}, local("2026-12-05T12:00:00")));
}

void TestSystemConfig::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("needles");
    const ErrorRows rows;
    rows.syntax();
    rows.unknownNames();
    rows.missingKeys();
    rows.systemValues();
    rows.healthValues();
    rows.networkValues();
    rows.hawkbitValues();
    rows.artifactValues();
    rows.slotSections();
    rows.bootnames();
    ErrorRows::files();
}

void TestSystemConfig::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, code);
    QFETCH(QStringList, needles);
    const auto config = loadText(m_path, text);
    QVERIFY2(!config.ok(), "accepted");
    QCOMPARE(config.error().code, code);
    QCOMPARE(config.error().kind, Error::Kind::Invalid);
    const QString message = config.error().message;
    QVERIFY2(message.contains(m_path + QStringLiteral("/system.conf")), qPrintable(message));
    for (const QString &needle : needles) {
        QVERIFY2(message.contains(needle),
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(needle, message)));
    }
    // Hostile bytes never reach the message raw.
    QVERIFY(!message.contains(QChar(0x202e)));
    QVERIFY(!message.contains(QChar(1)));
}

void TestSystemConfig::unreadable()
{
    for (const QString &path : QStringList{m_path + QStringLiteral("/absent.conf"), m_path}) {
        const auto config = SystemConfig::load(path);
        QVERIFY(!config.ok());
        QCOMPARE(config.error().code, QStringLiteral("config.unreadable"));
        QCOMPARE(config.error().kind, Error::Kind::Io);
        QVERIFY(config.error().message.contains(path));
    }
    const auto huge = loadText(m_path, base().toUtf8() + QByteArray(qsizetype(300) * 1024, '#'));
    QVERIFY(!huge.ok());
    QCOMPARE(huge.error().code, QStringLiteral("config.unreadable"));
}

void TestSystemConfig::helpers()
{
    // The non-boot class comes first: the boot class is found by its bootnames, not position.
    const QString text = base().replace(
        QStringLiteral("[slot.rootfs.0]"),
        QStringLiteral("[slot.appfs.1]\ndevice=slots/d.img\n[slot.appfs.0]\ndevice=slots/c.img\n"
                       "[slot.rootfs.0]"));
    const auto config = loadText(m_path, text);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().message));
    QCOMPARE(config->slotClasses(),
             QStringList({QStringLiteral("appfs"), QStringLiteral("rootfs")}));
    QCOMPARE(config->bootClass(), QStringLiteral("rootfs"));
    QVERIFY(config->slot(QStringLiteral("appfs"), 0));
    QCOMPARE(config->slot(QStringLiteral("appfs"), 0)->device,
             m_path + QStringLiteral("/slots/c.img"));
    QCOMPARE(config->slot(QStringLiteral("appfs"), 1)->index, 1);
    QCOMPARE(config->slot(QStringLiteral("rootfs"), 1)->bootname, QStringLiteral("B"));
    QVERIFY(!config->slot(QStringLiteral("rootfs"), 2));
    QVERIFY(!config->slot(QStringLiteral("datafs"), 0));
    QVERIFY(config->slotByBootname(QStringLiteral("A")));
    QCOMPARE(config->slotByBootname(QStringLiteral("A"))->name(), QStringLiteral("rootfs.0"));
    QCOMPARE(config->slotByBootname(QStringLiteral("B"))->name(), QStringLiteral("rootfs.1"));
    QVERIFY(!config->slotByBootname(QStringLiteral("a")));
    QVERIFY(!config->slotByBootname(QString()));

    using K = SystemConfig::BootloaderKind;
    QCOMPARE(SystemConfig::bootloaderName(K::UBoot), QStringLiteral("uboot"));
    QCOMPARE(SystemConfig::bootloaderName(K::Grub), QStringLiteral("grub"));
    QCOMPARE(SystemConfig::bootloaderName(K::SystemdBoot), QStringLiteral("systemd-boot"));
    QCOMPARE(SystemConfig::bootloaderName(K::Custom), QStringLiteral("custom"));
    QVERIFY(SystemConfig().bootClass().isEmpty());
}

QTEST_GUILESS_MAIN(TestSystemConfig)
#include "tst_systemconfig.moc"
