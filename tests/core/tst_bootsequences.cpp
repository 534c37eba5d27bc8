// Multi-boot stories on the device simulator (scripts/sim/device): install, simulated power-on
// (the boot loader's own logic played by scripts/sim/boot-emulate with fw_setenv, grub-editenv,
// BLS renames or the custom backend), `seesaw health` with real scripts, and what the operator
// is told afterwards. Every story runs on each boot loader backend and asserts the boot
// loader's state, the booted slot, LastResult and the history chain.
#include "simdevice.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using testutil::RunResult;
using testutil::s;

class TestBootSequences : public QObject, private testutil::SimDevice {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void goodUpdate_data() { backends(); }
    void goodUpdate()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        addScript(s("10-ok"), "echo all fine\nexit 0\n");
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(last().value(s("outcome")).toString(), s("installed"));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(status().value(s("pending")).toObject().value(s("version")).toString(),
                 s("2.0.0"));
        const RunResult h = health();
        QVERIFY2(h.exitCode == 0, QByteArray(h.out + h.err).constData());
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("good"));
        QVERIFY2(result.value(s("message")).toString().contains(s("Updated to 2.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        QVERIFY(!status().contains(s("pending")));
        verifyPrimaryWithFullAttempts(s("B"));
        QCOMPARE(status().value(s("version")).toString(), s("2.0.0"));
        const QStringList ev = events();
        for (const char *e :
             {"install-started", "installed", "committed", "health", "marked-good"}) {
            QVERIFY2(ev.contains(s(e)), qPrintable(ev.join(QLatin1Char(' '))));
        }
        QVERIFY(historyVerifies());
        // The report of the run is kept for support.
        QVERIFY(testutil::readFile(m_dev + s("/data/health/last.txt")).contains("10-ok"));

        // A plain reboot afterwards: health passes and nothing changes but the history.
        const QJsonObject before = last();
        QCOMPARE(boot(), s("B"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(last(), before);
        verifyPrimaryWithFullAttempts(s("B"));
        QVERIFY(historyVerifies());
    }

    void failingScriptRollsBack_data() { backends(); }
    void failingScriptRollsBack()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        addScript(s("10-ok"), "exit 0\n");
        addScript(s("20-app-ping"), "echo app does not answer >&2\nexit 3\n");
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        const RunResult h = health(); // marks B bad and plays the reboot (reboot-command)
        QCOMPARE(h.exitCode, 1);
        QCOMPARE(status().value(s("booted")).toString(), s("A"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("health-failed"));
        QVERIFY2(result.value(s("message")).toString().contains(s("rolled back to 1.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        QVERIFY2(result.value(s("detail")).toString().contains(s("20-app-ping")),
                 qPrintable(result.value(s("detail")).toString()));
        verifyBad(s("B"));
        QVERIFY(events().contains(s("rolled-back")));
        QVERIFY(historyVerifies());
        QVERIFY(
            testutil::readFile(m_dev + s("/data/health/last.txt")).contains("app does not answer"));
        // The old system's own health run settles it; the outcome stays until acknowledged.
        removeScripts();
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(last().value(s("outcome")).toString(), s("health-failed"));
        verifyPrimaryWithFullAttempts(s("A"));
    }

    // Units through systemd's D-Bus API. systemd cannot run as PID 1 on the test machine, so
    // tests/health/fake-systemd stands in for it on a private bus (the only mock here); the
    // command-line tool talks to it exactly as to systemd.
    void unitsDecide()
    {
        QProcess bus;
        QProcess fake;
        const QString units = m_tmp.filePath(s("units"));
        const QString address = testutil::startPermissiveBus(bus, m_tmp.path());
        QVERIFY(!address.isEmpty());
        QVERIFY(testutil::writeFile(units, "app.service active running\n"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(s("DBUS_SYSTEM_BUS_ADDRESS"), address);
        fake.setProcessEnvironment(env);
        fake.start(s(SEESAW_FAKE_SYSTEMD), {units});
        QVERIFY(fake.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(fake.canReadLine(), 10000);
        QCOMPARE(fake.readLine(), QByteArray("ready\n"));
        const QStringList busEnv{s("DBUS_SYSTEM_BUS_ADDRESS=") + address};

        QVERIFY(newDevice(s("uboot")));
        QFile file(conf());
        QVERIFY(file.open(QIODevice::Append));
        file.write("units=app.service\n"); // [health] is the last section
        file.close();

        // app.service is active: the update is good.
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        RunResult h = cli({s("health")}, busEnv);
        QVERIFY2(h.exitCode == 0, QByteArray(h.out + h.err).constData());
        QCOMPARE(last().value(s("outcome")).toString(), s("good"));

        // app.service has failed in the next version: it goes back.
        QVERIFY(testutil::writeFile(units, "app.service failed failed\n"));
        QVERIFY(install(s("3.0.0")));
        QCOMPARE(boot(), s("A"));
        h = cli({s("health")}, busEnv);
        QCOMPARE(h.exitCode, 1);
        QCOMPARE(status().value(s("booted")).toString(), s("B"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("health-failed"));
        QVERIFY2(result.value(s("message")).toString().contains(s("rolled back to 2.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        QVERIFY2(result.value(s("detail")).toString().contains(s("app.service")),
                 qPrintable(result.value(s("detail")).toString()));
        verifyBad(s("A"));
        QVERIFY(historyVerifies());

        fake.terminate();
        fake.waitForFinished();
        bus.terminate();
        bus.waitForFinished();
    }

    void hungScriptTimesOut()
    {
        QVERIFY(newDevice(s("uboot")));
        addScript(s("10-hangs"), "sleep 100\n");
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(health().exitCode, 1);
        QVERIFY2(clock.elapsed() < 30000, "the script's timeout did not stop it");
        QCOMPARE(status().value(s("booted")).toString(), s("A"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("health-failed"));
        QVERIFY2(result.value(s("detail")).toString().contains(s("10-hangs")),
                 qPrintable(result.value(s("detail")).toString()));
        verifyBad(s("B"));
        QVERIFY(historyVerifies());
    }

    // The new system crashes before health can run, at every power-on: the boot loader uses up
    // the attempts and falls back by itself.
    void crashLoopFallsBack_data() { backends(); }
    void crashLoopFallsBack()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        const int tries = triesFor(bootloader);
        for (int attempt = 0; attempt < tries; ++attempt) {
            QCOMPARE(boot(), s("B"));
        }
        QCOMPARE(boot(), s("A"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("boot-failed"));
        const QString times = tries == 1 ? s("once") : s("%1 times").arg(tries);
        QVERIFY2(result.value(s("message")).toString().contains(s("failed to boot ") + times) &&
                     result.value(s("message")).toString().contains(s("1.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        QVERIFY(!status().contains(s("pending")));
        QCOMPARE(slot(status(), s("B")).value(s("status")).toString(), s("bad"));
        QVERIFY(events().contains(s("rolled-back")));
        QVERIFY(historyVerifies());
        QCOMPARE(health().exitCode, 0);
        verifyPrimaryWithFullAttempts(s("A"));
        QCOMPARE(last().value(s("outcome")).toString(), s("boot-failed"));
    }

    // Power cut once during the first boot of the new system, before health ran: the next
    // power-on tries it again and health settles it.
    void powerCutDuringFirstBoot_data() { backends(); }
    void powerCutDuringFirstBoot()
    {
        QFETCH(QString, bootloader);
        if (triesFor(bootloader) == 1) {
            QSKIP("one try per new slot: a power cut during it is the crash loop story");
        }
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(last().value(s("outcome")).toString(), s("installed"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(last().value(s("outcome")).toString(), s("good"));
        verifyPrimaryWithFullAttempts(s("B"));
        QVERIFY(historyVerifies());
    }

    // Issue 12.3: an install while the new system is still on probation would overwrite the
    // last system that passed a health check. It waits (status says so) until the check passed.
    void installWaitsForHealthCheck_data() { backends(); }
    void installWaitsForHealthCheck()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        addScript(s("10-ok"), "exit 0\n");
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B")); // health not run yet: 2.0.0 is unconfirmed, 1.0.0 known good

        const QJsonObject held = status().value(s("unconfirmed")).toObject();
        QCOMPARE(held.value(s("slot")).toString(), s("B"));
        QCOMPARE(held.value(s("version")).toString(), s("2.0.0"));
        QCOMPARE(held.value(s("known_good_slot")).toString(), s("A"));
        QCOMPARE(held.value(s("known_good_version")).toString(), s("1.0.0"));
        const RunResult plain = cli({s("status")});
        QVERIFY2(plain.out.contains("Held:     Version 2.0.0 in slot B has not passed its health "
                                    "check yet"),
                 plain.out.constData());

        const QString slotA = slot(status(), s("A")).value(s("device")).toString();
        const QByteArray imageA = testutil::readFile(slotA);
        const QMap<QString, QString> varsBefore = bootVariables();
        const QJsonValue slotsBefore = status().value(s("slots"));
        const QString file = bundle(s("3.0.0"));
        const RunResult refused = cli({s("install"), s("--yes"), file});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("Finish checking 2.0.0 first") &&
                     refused.err.contains("version 1.0.0 in slot A"),
                 refused.err.constData());
        QVERIFY2(refused.out.contains("[!!] Finish checking 2.0.0 first"), refused.out.constData());
        QVERIFY(testutil::readFile(slotA) == imageA);
        QCOMPARE(bootVariables(), varsBefore);
        QCOMPARE(status().value(s("slots")), slotsBefore);
        QVERIFY(historyVerifies());

        // Once 2.0.0 passed its health check, 3.0.0 may replace 1.0.0.
        QCOMPARE(health().exitCode, 0);
        QVERIFY(!status().contains(s("unconfirmed")));
        const RunResult allowed = cli({s("install"), s("--yes"), file});
        QVERIFY2(allowed.exitCode == 0, allowed.err.constData());
        QCOMPARE(boot(), s("A"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(status().value(s("version")).toString(), s("3.0.0"));
    }

    // The technician's way past the hold: asked for explicitly, the known-good slot is replaced.
    void replaceKnownGoodWhenAsked()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        const RunResult forced =
            cli({s("install"), s("--yes"), s("--replace-known-good"), bundle(s("3.0.0"))});
        QVERIFY2(forced.exitCode == 0, forced.err.constData());
        QVERIFY2(forced.out.contains("Replaces version 1.0.0 in slot A"), forced.out.constData());
        QCOMPARE(boot(), s("A"));
        QCOMPARE(status().value(s("version")).toString(), s("3.0.0"));
        QVERIFY(historyVerifies());
    }

    // Power lost in the middle of writing: the next boot is the old system, which says so.
    void powerLostBeforeSwitch()
    {
#ifndef SEESAW_FAULT_INJECTION
        QSKIP("needs a build with fault injection (dev or asan preset)");
#endif
        QVERIFY(newDevice(s("uboot")));
        const QString file = bundle(s("2.0.0"));
        const RunResult r =
            cli({s("install"), s("--yes"), file}, {s("SEESAW_FAULT=install:write")});
        QVERIFY(r.exitCode != 0);
        QCOMPARE(boot(), s("A"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("interrupted"));
        QVERIFY2(result.value(s("message")).toString().contains(s("still runs 1.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        verifyBad(s("B"));
        QVERIFY(events().contains(s("install-interrupted")));
        QVERIFY(historyVerifies());
        QCOMPARE(health().exitCode, 0);
        verifyPrimaryWithFullAttempts(s("A"));
    }

    void manualRollbackAndRollForward_data()
    {
        backends();
    }
    void manualRollbackAndRollForward()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(health().exitCode, 0);
        // Slot A holds the factory system: booted good, but never installed (so unverifiable).
        RunResult refused = cli({s("rollback")});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("no image installed by Seesaw"), refused.err.constData());
        verifyPrimaryWithFullAttempts(s("B"));

        QVERIFY(install(s("3.0.0")));
        QCOMPARE(boot(), s("A"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(status().value(s("version")).toString(), s("3.0.0"));

        // Back to 2.0.0 in slot B, which booted good and still verifies.
        const RunResult verified = cli({s("verify-slot"), s("other")});
        QVERIFY2(verified.exitCode == 0, verified.err.constData());
        RunResult back = cli({s("rollback")});
        QVERIFY2(back.exitCode == 0, back.err.constData());
        verifyPrimaryWithFullAttempts(s("B"));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(status().value(s("version")).toString(), s("2.0.0"));
        QCOMPARE(last().value(s("outcome")).toString(), s("rolled-back"));
        QVERIFY(last().value(s("message")).toString().contains(s("2.0.0")));

        // And forward again to 3.0.0.
        RunResult forward = cli({s("rollback")});
        QVERIFY2(forward.exitCode == 0, forward.err.constData());
        QCOMPARE(boot(), s("A"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(status().value(s("version")).toString(), s("3.0.0"));
        verifyPrimaryWithFullAttempts(s("A"));

        // A slot whose content changed since it was installed is not a rollback target.
        const QString slotB = slot(status(), s("B")).value(s("device")).toString();
        QFile image(slotB);
        QVERIFY(image.open(QIODevice::ReadWrite));
        image.seek(4096);
        const char flipped = char(image.peek(1).at(0) ^ 0x20);
        image.write(&flipped, 1);
        image.close();
        const RunResult corrupt = cli({s("verify-slot"), s("other")});
        QCOMPARE(corrupt.exitCode, 1);
        refused = cli({s("rollback")});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("has changed"), refused.err.constData());
        verifyPrimaryWithFullAttempts(s("A"));
        QVERIFY(historyVerifies());
    }
};

QTEST_GUILESS_MAIN(TestBootSequences)
#include "tst_bootsequences.moc"
