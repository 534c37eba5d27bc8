// Risk: an operator's action does something other than it says — marking a slot changes the
// wrong slot, or only Seesaw's record and not the boot loader; a rollback goes to a system that
// never worked here or is no longer what was installed, or half happens when it is refused; the
// status shows an update as pending that is not; a result is shown again once acknowledged.
// statusSnapshot, markSlot, rollback and acknowledgeResult are called in-process on simulated
// devices of every boot loader backend, asserting the state, the history events and what the
// boot loader itself holds.
#include "device/deviceactions.h"
#include "simdevice.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using seesaw::HistoryEntry;
using seesaw::LastResult;
using seesaw::PendingTransaction;
using seesaw::SlotRecord;
using testutil::errorCode;
using testutil::s;

class TestDeviceActions : public QObject, private testutil::SimDevice {
    Q_OBJECT

    // A device that took 2.0.0 into B and then 3.0.0 into A, each booted and healthy: it runs
    // 3.0.0 in A, and B holds 2.0.0 that worked here and still verifies.
    bool twoUpdates()
    {
        return install(s("2.0.0")) && boot() == s("B") && health().exitCode == 0 &&
               install(s("3.0.0")) && boot() == s("A") && health().exitCode == 0;
    }

    // What must not move when an action is refused: state.json, the history, the boot loader.
    QByteArray snapshot()
    {
        QByteArray all = testutil::readFile(m_dev + s("/data/state.json")) +
                         testutil::readFile(m_dev + s("/data/history.jsonl"));
        for (const char *slot : {"A", "B"}) {
            all += rawBootState(s(slot)).toUtf8() + '\n';
        }
        return all;
    }

    // The history entries appended since the first `before` ones, as "event {details}".
    QStringList addedSince(qsizetype before)
    {
        QStringList out;
        for (const HistoryEntry &e : historyEntries().mid(before)) {
            out << e.event + QLatin1Char(' ') +
                       QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // A new device: A booted with its factory system, B empty and out of the boot loader's
    // choice, nothing pending; the JSON is what `seesaw status --json` prints.
    void statusOfANewDevice_data() { backends(); }
    void statusOfANewDevice()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        auto device = openDevice();
        QVERIFY(device);
        const auto snap = seesaw::statusSnapshot(*device);
        QVERIFY(snap);
        QCOMPARE(snap->compatible, s("seesaw-sim"));
        QCOMPARE(snap->bootloader, device->bootloader().name());
        QCOMPARE(snap->bootedSlot, s("A"));
        QCOMPARE(snap->version, s("1.0.0"));
        QCOMPARE(snap->primary, s("A"));
        QCOMPARE(snap->primaryError, QString());
        QCOMPARE(snap->slots.size(), 2);
        QVERIFY(snap->slots.at(0).booted && !snap->slots.at(1).booted);
        QVERIFY(snap->slots.at(0).boot && !snap->slots.at(0).boot->bad);
        QVERIFY(snap->slots.at(1).boot && snap->slots.at(1).boot->bad);
        QVERIFY(!snap->pending && !snap->unconfirmed);
        QCOMPARE(snap->lastResult.outcome, LastResult::Outcome::None);

        const QJsonObject json = seesaw::statusJson(*snap);
        QCOMPARE(json.value(s("booted")).toString(), s("A"));
        QCOMPARE(json.value(s("primary")).toString(), s("A"));
        QVERIFY(!json.contains(s("pending")) && !json.contains(s("unconfirmed")));
        QCOMPARE(json.value(s("last_result")).toObject().value(s("outcome")).toString(), s("none"));
        const QJsonObject b = testutil::slotOf(json, s("B"));
        QCOMPARE(b.value(s("booted")).toBool(), false);
        QCOMPARE(b.value(s("boot_bad")).toBool(), true);
        QCOMPARE(b.value(s("device")).toString(), m_dev + s("/slots/rootfs.1.img"));
        QCOMPARE(json, status());
    }

    // After an install, before the reboot: B is primary, the update pending.
    void statusWithPendingUpdate_data() { backends(); }
    void statusWithPendingUpdate()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        auto device = openDevice();
        QVERIFY(device);
        const auto snap = seesaw::statusSnapshot(*device);
        QVERIFY(snap);
        QCOMPARE(snap->primary, s("B"));
        QVERIFY(snap->pending);
        QCOMPARE(snap->pending->toBootname, s("B"));
        QCOMPARE(snap->pending->toVersion, s("2.0.0"));
        QCOMPARE(snap->slots.at(1).record.status, SlotRecord::Status::Installed);
        QCOMPARE(snap->slots.at(1).record.version, s("2.0.0"));
        QVERIFY(!snap->slots.at(1).boot->bad);
        QCOMPARE(snap->lastResult.outcome, LastResult::Outcome::Installed);
        const QJsonObject pending = seesaw::statusJson(*snap).value(s("pending")).toObject();
        QCOMPARE(pending.value(s("from")).toString(), s("A"));
        QCOMPARE(pending.value(s("to")).toString(), s("B"));
        QCOMPARE(pending.value(s("version")).toString(), s("2.0.0"));
    }

    // A boot loader that cannot name its primary slot is reported, not an error.
    void statusWithUnreadableBootLoader()
    {
        QVERIFY(newDevice(s("grub")));
        QVERIFY(testutil::writeFile(m_dev + s("/boot/grubenv"), "not a grub environment\n"));
        auto device = openDevice();
        QVERIFY(device);
        const auto snap = seesaw::statusSnapshot(*device);
        QVERIFY(snap);
        QCOMPARE(snap->primary, QString());
        QVERIFY(!snap->primaryError.isEmpty());
        QVERIFY(!snap->slots.at(0).boot && !snap->slots.at(1).boot);
        QCOMPARE(snap->bootedSlot, s("A"));
    }

    void markSlot_data()
    {
        QTest::addColumn<QString>("bootloader");
        QTest::addColumn<bool>("updated"); // after twoUpdates(): both slots good, A booted
        QTest::addColumn<QString>("slot");
        QTest::addColumn<bool>("good");
        for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
            QTest::addRow("new, booted A good, %s", b) << s(b) << false << s("A") << true;
            QTest::addRow("new, booted A bad, %s", b) << s(b) << false << s("A") << false;
            QTest::addRow("new, other B good, %s", b) << s(b) << false << s("B") << true;
            QTest::addRow("updated, other B bad, %s", b) << s(b) << true << s("B") << false;
        }
    }

    // The boot loader and the record change together; the history says which slot.
    void markSlot()
    {
        QFETCH(QString, bootloader);
        QFETCH(bool, updated);
        QFETCH(QString, slot);
        QFETCH(bool, good);
        QVERIFY(newDevice(bootloader));
        if (updated) {
            QVERIFY(twoUpdates());
        }
        const seesaw::DeviceState before = storedState();
        const qsizetype entries = historyEntries().size();
        auto device = openDevice();
        QVERIFY(device);

        const auto marked = seesaw::markSlot(*device, slot, good);
        QVERIFY2(marked, qPrintable(marked ? QString() : marked.error().message));
        QCOMPARE(*marked, s(good ? "Slot %1 is marked good." : "Slot %1 is marked bad.").arg(slot));
        const seesaw::DeviceState state = storedState();
        const SlotRecord record = state.slots.value(slot);
        QCOMPARE(record.status, good ? SlotRecord::Status::Good : SlotRecord::Status::Bad);
        // Only the running system is vouched for as having booted good.
        QCOMPARE(record.bootedGood,
                 before.slots.value(slot).bootedGood || (good && slot == s("A")));
        QCOMPARE(record.version, before.slots.value(slot).version);
        QCOMPARE(addedSince(entries), QStringList{s(good ? "marked-good {\"slot\":\"%1\"}"
                                                         : "marked-bad {\"slot\":\"%1\"}")
                                                      .arg(slot)});
        QCOMPARE(state.lastResult, before.lastResult);
        QCOMPARE(state.pending, before.pending);
        if (good) {
            QVERIFY(!device->bootloader().state(slot)->bad);
        } else {
            verifyBootLoaderAvoids(slot);
        }
        QVERIFY(historyVerifies());
    }

    // A slot the device does not have: refused, nothing written anywhere.
    void markUnknownSlot()
    {
        QVERIFY(newDevice(s("uboot")));
        const QByteArray before = snapshot();
        auto device = openDevice();
        QVERIFY(device);
        for (const bool good : {true, false}) {
            const auto marked = seesaw::markSlot(*device, s("C"), good);
            QCOMPARE(errorCode(marked), s("bootloader.unknown-slot"));
            QCOMPARE(marked.error().kind, seesaw::Error::Kind::Usage);
        }
        QCOMPARE(snapshot(), before);
    }

    void markPendingSlotGood_data()
    {
        QTest::addColumn<QString>("bootloader");
        QTest::addColumn<bool>("booted");
        for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
            QTest::addRow("running it, %s", b) << s(b) << true;
            QTest::addRow("before its reboot, %s", b) << s(b) << false;
        }
    }

    // Marking the pending update good completes it only when it is what runs.
    void markPendingSlotGood()
    {
        QFETCH(QString, bootloader);
        QFETCH(bool, booted);
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        if (booted) {
            QCOMPARE(boot(), s("B"));
        }
        auto device = openDevice();
        QVERIFY(device);
        QVERIFY(seesaw::markSlot(*device, s("B"), true));
        const seesaw::DeviceState state = storedState();
        QCOMPARE(state.slots.value(s("B")).bootedGood, booted);
        if (booted) {
            QVERIFY(!state.pending);
            QCOMPARE(state.lastResult.outcome, LastResult::Outcome::Good);
            QCOMPARE(state.lastResult.message, s("Version 2.0.0 is running and marked good."));
            QCOMPARE(state.lastResult.version, s("2.0.0"));
        } else {
            QVERIFY(state.pending && state.pending->toBootname == s("B"));
            QCOMPARE(state.lastResult.outcome, LastResult::Outcome::Installed);
        }
        QVERIFY(!device->bootloader().state(s("B"))->bad);
    }

    // Back to 2.0.0 in B, and forward again to 3.0.0 in A once B runs.
    void rollbackAndForward_data() { backends(); }
    void rollbackAndForward()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        QVERIFY(twoUpdates());
        const qsizetype entries = historyEntries().size();
        auto device = openDevice();
        QVERIFY(device);

        const auto back = seesaw::rollback(*device);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().message));
        QCOMPARE(*back, s("Slot B (version 2.0.0) starts after the next reboot."));
        const seesaw::DeviceState state = storedState();
        QVERIFY(state.pending);
        QCOMPARE(state.pending->kind, PendingTransaction::Kind::Rollback);
        QCOMPARE(state.pending->fromBootname, s("A"));
        QCOMPARE(state.pending->toBootname, s("B"));
        QCOMPARE(state.pending->fromVersion, s("3.0.0"));
        QCOMPARE(state.pending->toVersion, s("2.0.0"));
        QCOMPARE(state.pending->manifestHash, state.slots.value(s("B")).manifestHash);
        QCOMPARE(addedSince(entries), QStringList{s("rollback {\"from\":\"A\",\"to\":\"B\"}")});
        verifyPrimaryWithFullAttempts(s("B"));

        QCOMPARE(boot(), s("B"));
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(storedState().lastResult.outcome, LastResult::Outcome::RolledBack);
        device = openDevice();
        QVERIFY(device);
        const auto forward = seesaw::rollback(*device);
        QVERIFY2(forward, qPrintable(forward ? QString() : forward.error().message));
        QCOMPARE(*forward, s("Slot A (version 3.0.0) starts after the next reboot."));
        QCOMPARE(storedState().pending->toBootname, s("A"));
        verifyPrimaryWithFullAttempts(s("A"));
        QCOMPARE(boot(), s("A"));
        QVERIFY(historyVerifies());
    }

    void rollbackRefused_data()
    {
        QTest::addColumn<QString>("bootloader");
        QTest::addColumn<QString>("story");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
            QTest::addRow("empty slot, %s", b)
                << s(b) << s("new") << s("rollback.no-system")
                << s("Slot B does not hold a system that has run well on this device (unknown); "
                     "the device stays on slot A.");
            // The factory system booted good, but Seesaw never recorded its image.
            QTest::addRow("factory system, %s", b)
                << s(b) << s("one update") << s("rollback.no-system")
                << s("Cannot roll back to slot A:");
            QTest::addRow("changed since installed, %s", b)
                << s(b) << s("changed") << s("rollback.no-system") << s("has changed");
            QTest::addRow("cancelled, %s", b) << s(b) << s("cancelled") << s("cancelled")
                                              << s("Cannot roll back to slot B: Cancelled.");
        }
    }

    // A refused rollback leaves the state, the history and the boot loader as they were.
    void rollbackRefused()
    {
        QFETCH(QString, bootloader);
        QFETCH(QString, story);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QVERIFY(newDevice(bootloader));
        if (story == QLatin1String("one update")) {
            QVERIFY(install(s("2.0.0")) && boot() == s("B") && health().exitCode == 0);
        } else if (story != QLatin1String("new")) {
            QVERIFY(twoUpdates());
        }
        if (story == QLatin1String("changed")) {
            QFile image(m_dev + s("/slots/rootfs.1.img"));
            QVERIFY(image.open(QIODevice::ReadWrite) && image.seek(4096));
            const char flipped = char(image.peek(1).at(0) ^ 0x20);
            QVERIFY(image.write(&flipped, 1) == 1);
        }
        const QByteArray before = snapshot();
        auto device = openDevice();
        QVERIFY(device);
        const std::atomic<bool> cancel{story == QLatin1String("cancelled")};

        const auto refused = seesaw::rollback(*device, &cancel);
        QCOMPARE(errorCode(refused), code);
        QVERIFY2(refused.error().message.contains(message), qPrintable(refused.error().message));
        QCOMPARE(snapshot(), before);
    }

    // The last result is acknowledged once; acknowledging again writes nothing.
    void acknowledge()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(storedState().lastResult.acknowledged, false);
        const LastResult result = storedState().lastResult;
        auto device = openDevice();
        QVERIFY(device);
        QVERIFY(seesaw::acknowledgeResult(*device));
        LastResult expected = result;
        expected.acknowledged = true;
        QCOMPARE(storedState().lastResult, expected);
        const QByteArray written = snapshot();
        QVERIFY(seesaw::acknowledgeResult(*device));
        QCOMPARE(snapshot(), written);
        QCOMPARE(status().value(s("last_result")).toObject().value(s("acknowledged")).toBool(),
                 true);
    }
};

QTEST_GUILESS_MAIN(TestDeviceActions)
#include "tst_deviceactions.moc"
