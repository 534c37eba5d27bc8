#include "simdevice.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

namespace testutil {

QString SimDevice::conf() const
{
    return m_dev + s("/system.conf");
}

RunResult SimDevice::cli(const QStringList &args, const QStringList &env)
{
    return direct(conf(), args, env);
}

bool SimDevice::newDevice(const QString &bootloader)
{
    m_bootloader = bootloader;
    const QString fresh = s("new ") + bootloader;
    if (restore(fresh)) {
        return true;
    }
    m_dev = m_tmp.filePath(bootloader + QString::number(++m_serial));
    if (simDevice({s("create"), m_dev, s("--bootloader"), bootloader, s("--slot-size"), s("8"),
                   s("--version"), s("1.0.0")})
            .exitCode != 0) {
        return false;
    }
    QDir().mkpath(m_dev + s("/health.d"));
    QFile file(conf());
    if (!file.open(QIODevice::Append)) {
        return false;
    }
    file.write("[health]\nscripts=health.d\ntimeout=20\nscript-timeout=2\n");
    file.close();
    keep(fresh);
    return true;
}

void SimDevice::keep(const QString &name)
{
    const QString copy = m_tmp.filePath(s("kept-%1").arg(m_kept.size()));
    QVERIFY(run(s("cp"), {s("-a"), m_dev, copy}).exitCode == 0);
    m_kept.insert(name, {copy, m_dev, m_bootloader});
}

bool SimDevice::restore(const QString &name)
{
    const auto kept = m_kept.constFind(name);
    if (kept == m_kept.cend()) {
        return false;
    }
    m_bootloader = kept->bootloader;
    m_dev = m_tmp.filePath(m_bootloader + QString::number(++m_serial));
    if (run(s("cp"), {s("-a"), kept->copy, m_dev}).exitCode != 0) {
        qWarning("cannot copy the device kept as \"%s\"", qPrintable(name));
        return false;
    }
    // Every path in the device is relative to system.conf but the reboot command's, which
    // names the device directory (scripts/sim/device create).
    QByteArray config = readFile(conf());
    const QByteArray from = QByteArray(" " + kept->origin.toUtf8() + "\n");
    if (!config.contains(from)) {
        qWarning("the kept device's reboot-command does not name %s", qPrintable(kept->origin));
        return false;
    }
    return writeFile(conf(), config.replace(from, QByteArray(" " + m_dev.toUtf8() + "\n")));
}

void SimDevice::addScript(const QString &name, const QByteArray &body)
{
    const QString path = m_dev + s("/health.d/") + name;
    QVERIFY(writeFile(path, "#!/bin/sh\n" + body));
    QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFile::ExeOwner));
}

void SimDevice::removeScripts()
{
    QDir dir(m_dev + s("/health.d"));
    for (const QString &name : dir.entryList(QDir::Files)) {
        dir.remove(name);
    }
}

QString SimDevice::bundle(const QString &version)
{
    // Every device of a boot loader is a copy of the first, with its signing key: one bundle of
    // each version serves them all.
    QString out = m_tmp.filePath(s("%1-%2.seesaw").arg(m_bootloader, version));
    if (QFile::exists(out)) {
        return out;
    }
    const RunResult r = simDevice({s("bundle"), m_dev, s("-o"), out, s("--version"), version,
                                   s("--size"), s("4"), s("--seed"), version.left(1)});
    return r.exitCode == 0 ? out : QString();
}

QString SimDevice::deltaBundle(const QString &from, const QString &to)
{
    QString out = m_tmp.filePath(s("%1-%2-%3.delta.seesaw").arg(m_bootloader, from, to));
    if (QFile::exists(out)) {
        return out;
    }
    const QString oldBundle = bundle(from);
    const QString newBundle = bundle(to);
    if (oldBundle.isEmpty() || newBundle.isEmpty()) {
        return {};
    }
    const RunResult r =
        runCli({s("bundle"), s("create-delta"), s("--from"), oldBundle, s("--to"), newBundle,
                s("--key"), m_dev + s("/signing-key.pem"), s("--level"), s("3"), s("-o"), out});
    if (r.exitCode != 0) {
        qWarning("create-delta failed: %s%s", r.out.constData(), r.err.constData());
        return {};
    }
    return out;
}

RunResult SimDevice::installFile(const QString &file)
{
    return cli({s("install"), s("--yes"), file});
}

bool SimDevice::install(const QString &version)
{
    const QString file = bundle(version);
    const RunResult r = cli({s("install"), s("--yes"), file});
    if (r.exitCode != 0) {
        qWarning("install failed: %s%s", r.out.constData(), r.err.constData());
    }
    return r.exitCode == 0;
}

bool SimDevice::installKilledAt(const QString &version, const QString &point)
{
    const QString file = bundle(version);
    const RunResult r = cli({s("install"), s("--yes"), file}, {s("SEESAW_FAULT=") + point});
    if (r.exitCode != -1) {
        qWarning("install was not killed at %s: %s%s", qPrintable(point), r.out.constData(),
                 r.err.constData());
    }
    return r.exitCode == -1;
}

QString SimDevice::boot()
{
    const RunResult r = simDevice({s("boot"), m_dev});
    return r.exitCode == 0 ? QString::fromUtf8(r.out).trimmed().section(QLatin1Char(' '), -1)
                           : QString();
}

bool SimDevice::bootByHand(const QString &bootname)
{
    const QByteArray bootId = QByteArray::number(++m_serial) + "-" + bootname.toUtf8();
    return writeFile(m_dev + s("/cmdline"), "seesaw.slot=" + bootname.toUtf8() + "\n") &&
           writeFile(m_dev + s("/boot_id"), bootId + "\n");
}

QJsonObject SimDevice::status()
{
    return directStatus(conf());
}

namespace {

// The value of `result`, else an empty T and a warning naming `what`.
template <typename T> T valueOr(seesaw::Result<T> result, const char *what)
{
    if (!result) {
        qWarning("cannot read %s: %s", what, qPrintable(result.error().message));
        return T{};
    }
    return std::move(*result);
}

} // namespace

std::unique_ptr<seesaw::Device> SimDevice::openDevice()
{
    return valueOr(seesaw::Device::open(conf()), "the device");
}

seesaw::DeviceState SimDevice::storedState()
{
    const auto device = openDevice();
    return device ? valueOr(device->store().load(), "the state") : seesaw::DeviceState{};
}

QList<seesaw::HistoryEntry> SimDevice::historyEntries()
{
    const auto device = openDevice();
    return device ? valueOr(device->history().read(), "the history")
                  : QList<seesaw::HistoryEntry>{};
}

seesaw::HealthReport SimDevice::healthReport(bool passed)
{
    seesaw::HealthReport report;
    report.passed = passed;
    report.startedAt = QDateTime::currentDateTimeUtc();
    report.durationMs = 12;
    report.checks.append({s("script"), s("20-app"), passed, 12,
                          s(passed ? "exit code 0" : "exit code 3"),
                          s(passed ? "all fine\n" : "app does not answer\n")});
    return report;
}

QStringList SimDevice::events()
{
    const RunResult r = cli({s("history"), s("--json")});
    QStringList out;
    for (const QJsonValue v : QJsonDocument::fromJson(r.out).array()) {
        out << v.toObject().value(s("event")).toString();
    }
    return out;
}

bool SimDevice::historyVerifies()
{
    return cli({s("history"), s("--verify")}).exitCode == 0;
}

QMap<QString, QString> SimDevice::bootVariables()
{
    RunResult r;
    if (m_bootloader == QLatin1String("uboot")) {
        r = fwTool(s("fw_printenv"), m_dev + s("/boot/fw_env.config"));
    } else if (m_bootloader == QLatin1String("grub")) {
        r = run(s("grub-editenv"), {m_dev + s("/boot/grubenv"), s("list")});
    } else {
        return {};
    }
    QMap<QString, QString> vars;
    for (const QByteArray &line : r.out.split('\n')) {
        const qsizetype eq = line.indexOf('=');
        if (eq > 0) {
            vars.insert(QString::fromUtf8(line.left(eq)), QString::fromUtf8(line.mid(eq + 1)));
        }
    }
    return vars;
}

QString SimDevice::rawBootState(const QString &bootname)
{
    const auto vars = bootVariables();
    if (m_bootloader == QLatin1String("uboot")) {
        return s("BOOT_ORDER=%1 BOOT_%2_LEFT=%3")
            .arg(vars.value(s("BOOT_ORDER")), bootname,
                 vars.value(s("BOOT_%1_LEFT").arg(bootname)));
    }
    if (m_bootloader == QLatin1String("grub")) {
        return s("ORDER=%1 %2_OK=%3 %2_TRY=%4")
            .arg(vars.value(s("ORDER")), bootname, vars.value(s("%1_OK").arg(bootname)),
                 vars.value(s("%1_TRY").arg(bootname)));
    }
    if (m_bootloader == QLatin1String("systemd-boot")) {
        const QStringList entries =
            QDir(m_dev + s("/boot/efi/loader/entries"))
                .entryList({s("seesaw-%1.conf").arg(bootname), s("seesaw-%1+*.conf").arg(bootname)},
                           QDir::Files, QDir::Name);
        return entries.join(QLatin1Char(' '));
    }
    const auto file = [this](const QString &name) {
        return QString::fromUtf8(readFile(m_dev + s("/boot/custom-") + name).trimmed());
    };
    return s("order=%1 state=%2 left=%3")
        .arg(file(s("order")), file(s("state-") + bootname), file(s("left-") + bootname));
}

void SimDevice::verifyPrimaryWithFullAttempts(const QString &bootname)
{
    const QJsonObject st = status();
    QCOMPARE(st.value(s("primary")).toString(), bootname);
    const QJsonObject sl = slot(st, bootname);
    QCOMPARE(sl.value(s("boot_bad")).toBool(), false);
    const auto vars = bootVariables();
    // In the boot order every slot before it is used up (RAUC's scheme leaves a fallen-back
    // slot in the order with no attempts).
    const auto usedUpBefore = [&](const QString &order, auto usedUp) {
        for (const QString &name : order.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (name == bootname) {
                return true;
            }
            if (!usedUp(name)) {
                return false;
            }
        }
        return false;
    };
    const auto is = [&vars](const QString &name, const char *value) {
        return vars.value(name) == QLatin1String(value);
    };
    if (m_bootloader == QLatin1String("uboot")) {
        QVERIFY2(usedUpBefore(vars.value(s("BOOT_ORDER")),
                              [&](const QString &n) { return is(s("BOOT_%1_LEFT").arg(n), "0"); }),
                 qPrintable(vars.value(s("BOOT_ORDER"))));
        QCOMPARE(vars.value(s("BOOT_%1_LEFT").arg(bootname)), s("3"));
        QCOMPARE(sl.value(s("attempts_left")).toInt(), 3);
    } else if (m_bootloader == QLatin1String("grub")) {
        // grub.cfg's scheme: X_OK=1 and X_TRY=0 — one fresh try, counted per boot.
        QVERIFY2(usedUpBefore(vars.value(s("ORDER")),
                              [&](const QString &n) {
                                  return is(s("%1_OK").arg(n), "0") || is(s("%1_TRY").arg(n), "1");
                              }),
                 qPrintable(vars.value(s("ORDER"))));
        QCOMPARE(vars.value(s("%1_OK").arg(bootname)), s("1"));
        QCOMPARE(vars.value(s("%1_TRY").arg(bootname)), s("0"));
    } else {
        const int left = sl.value(s("attempts_left")).toInt();
        QVERIFY2(left == 3 || left == -1, qPrintable(QString::number(left)));
    }
}

void SimDevice::verifyBad(const QString &bootname)
{
    const QJsonObject sl = slot(status(), bootname);
    QVERIFY2(sl.value(s("boot_bad")).toBool() || sl.value(s("attempts_left")).toInt() == 0,
             qPrintable(QString::fromUtf8(QJsonDocument(sl).toJson())));
    const auto vars = bootVariables();
    if (m_bootloader == QLatin1String("uboot")) {
        QCOMPARE(vars.value(s("BOOT_%1_LEFT").arg(bootname)), s("0"));
    } else if (m_bootloader == QLatin1String("grub")) {
        QCOMPARE(vars.value(s("%1_OK").arg(bootname)), s("0"));
    }
}

void SimDevice::verifyBootLoaderAvoids(const QString &bootname)
{
    const QString raw = rawBootState(bootname);
    const QByteArray said = (m_bootloader + s(": ") + raw).toUtf8();
    const auto vars = bootVariables();
    if (m_bootloader == QLatin1String("uboot")) {
        // Also last in BOOT_ORDER: the documented script's reset gives every counter back.
        QCOMPARE(vars.value(s("BOOT_%1_LEFT").arg(bootname)), s("0"));
        QVERIFY2(vars.value(s("BOOT_ORDER")).split(QLatin1Char(' ')).last() == bootname,
                 said.constData());
    } else if (m_bootloader == QLatin1String("grub")) {
        QVERIFY2(vars.value(s("%1_OK").arg(bootname)) == QLatin1String("0"), said.constData());
    } else if (m_bootloader == QLatin1String("systemd-boot")) {
        const QRegularExpression usedUp(
            s("^seesaw-%1\\+0(-[0-9]+)?\\.conf$").arg(QRegularExpression::escape(bootname)));
        QVERIFY2(usedUp.match(raw).hasMatch(), said.constData());
    } else {
        QVERIFY2(raw.contains(s(" state=bad ")), said.constData());
    }
}

void SimDevice::verifyOutOfBootLoader(const QString &bootname)
{
    // Seesaw's first look after a boot (here `status`, on a device seesawd's start-up) comes
    // before the boot loader's state is read.
    const QJsonObject st = status();
    verifyBootLoaderAvoids(bootname);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QByteArray said = (m_bootloader + s(": ") + rawBootState(bootname)).toUtf8();
    const QJsonObject sl = slot(st, bootname);
    const QByteArray seen = QJsonDocument(sl).toJson(QJsonDocument::Compact) + " / " + said;
    QVERIFY2(sl.value(s("status")).toString() == QLatin1String("bad"), seen.constData());
    QVERIFY2(sl.value(s("boot_bad")).toBool(), seen.constData());
    QVERIFY2(st.value(s("primary")).toString() != bootname, seen.constData());
}

int SimDevice::triesFor(const QString &bootloader)
{
    return bootloader == QLatin1String("grub") ? 1 : 3;
}

void SimDevice::backends()
{
    QTest::addColumn<QString>("bootloader");
    for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
        QTest::newRow(b) << s(b);
    }
}

} // namespace testutil
