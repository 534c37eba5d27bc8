// Risk: after a boot the device tells the operator the wrong story — an update that fell back
// or was cut short by a power loss reported as fine, a slot it gave up on left bootable, a
// health verdict that confirms a system nobody vouched for — or tells it again at every boot.
// reconcileBoot and applyHealthReport are called in-process on simulated devices of every boot
// loader backend (set up with scripts/sim/device and the CLI, power-ons played by the boot
// loader's own logic), asserting LastResult, the slot records, the history events and what the
// boot loader itself holds.
#include "device/bootoutcome.h"
#include "simdevice.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

using seesaw::HistoryEntry;
using seesaw::LastResult;
using seesaw::SlotRecord;
using testutil::s;

class TestBootOutcome : public QObject, private testutil::SimDevice {
    Q_OBJECT

    // The story each story goes on from; the first steps of many rows are played once.
    static QString before(const QString &story)
    {
        static const QMap<QString, QString> previous{
            {s("installed"), s("factory")},
            {s("update booted"), s("installed")},
            {s("health failed"), s("installed")},
            {s("fell back"), s("installed")},
            {s("booted by hand"), s("fell back")},
            {s("booted by hand, A condemned"), s("booted by hand")},
            {s("switch not recorded"), s("factory")},
            {s("updated good"), s("installed")},
            {s("interrupted"), s("updated good")},
            {s("rollback booted"), s("updated good")},
        };
        return previous.value(story);
    }

    // A new device (slot A, 1.0.0, booted) taken to the boot a story is about; "" when it got
    // there, else what went wrong. Setting up goes through the CLI and the simulated boot loader
    // only; nothing looks at the last boot before the test does. A story played before on this
    // boot loader is a copy of the device it left (SimDevice::keep).
    QString playStory(const QString &story)
    {
#ifndef SEESAW_FAULT_INJECTION
        if (story == QLatin1String("interrupted") ||
            story == QLatin1String("switch not recorded")) {
            return s("skip");
        }
#endif
        const auto name = [this](const QString &of) -> QString {
            return m_bootloader + s(": ") + of;
        };
        // The stories still to play, first first: back to one kept before, or a new device.
        QStringList chain;
        for (QString at = story; !at.isEmpty() && !restore(name(at)); at = before(at)) {
            chain.prepend(at);
        }
        for (const QString &step : std::as_const(chain)) {
            if (step == QLatin1String("factory")) {
                if (!newDevice(m_bootloader)) {
                    return s("device create failed");
                }
                continue;
            }
            if (QString played = playSteps(step); !played.isEmpty()) {
                return played;
            }
            keep(name(step));
        }
        return {};
    }

    // What `story` does after the story it goes on from.
    QString playSteps(const QString &story)
    {
        if (story == QLatin1String("installed")) {
            return install(s("2.0.0")) ? QString() : s("install failed");
        }
        if (story == QLatin1String("update booted")) {
            return boot() == s("B") ? QString() : s("B did not boot");
        }
        if (story == QLatin1String("health failed")) {
            addScript(s("20-app"), "echo app does not answer >&2\nexit 3\n");
            const bool restarted = boot() == s("B") && health().exitCode == 1; // reboots into A
            removeScripts();
            return restarted ? QString() : s("the failed health check did not restart");
        }
        if (story == QLatin1String("fell back")) {
            for (int attempt = 0; attempt < triesFor(m_bootloader); ++attempt) {
                if (boot() != s("B")) {
                    return s("B did not boot at attempt %1").arg(attempt + 1);
                }
            }
            return boot() == s("A") ? QString() : s("the boot loader did not fall back to A");
        }
        if (story == QLatin1String("booted by hand")) {
            // A took the fall-back over and passed its check; then a technician picked B in
            // the boot menu.
            if (health().exitCode != 0) {
                return s("A's health check failed");
            }
            return bootByHand(s("B")) ? QString() : s("B could not be booted by hand");
        }
        if (story == QLatin1String("booted by hand, A condemned")) {
            return cli({s("mark-bad"), s("other")}).exitCode == 0 ? QString()
                                                                  : s("mark-bad other failed");
        }
        if (story == QLatin1String("switch not recorded")) {
            return installKilledAt(s("2.0.0"), s("install:after-commit")) && boot() == s("B")
                       ? QString()
                       : s("the killed install did not switch to B");
        }
        if (story == QLatin1String("updated good")) {
            // Slot A then holds a system known to work here.
            return boot() == s("B") && health().exitCode == 0
                       ? QString()
                       : s("the first update did not come up good");
        }
        if (story == QLatin1String("interrupted")) {
            return installKilledAt(s("3.0.0"), s("install:before-mark-bad")) && boot() == s("B")
                       ? QString()
                       : s("the interrupted install did not leave B booted");
        }
        if (story == QLatin1String("rollback booted")) {
            // 3.0.0 into A, and back to 2.0.0 in B (A's factory system has no image record to
            // verify a rollback against).
            if (!install(s("3.0.0")) || boot() != s("A") || health().exitCode != 0) {
                return s("the second update did not come up good");
            }
            return cli({s("rollback")}).exitCode == 0 && boot() == s("B")
                       ? QString()
                       : s("the rollback did not boot B");
        }
        return s("no story \"%1\"").arg(story);
    }

    // Plays the current row's story on its backend; false when the test was skipped or failed.
    bool playRowStory()
    {
        QFETCH(QString, bootloader);
        QFETCH(QString, story);
        m_bootloader = bootloader;
        const QString played = playStory(story);
        if (played == QLatin1String("skip")) {
            QTest::qSkip("needs a build with fault injection (dev or asan preset)", __FILE__,
                         __LINE__);
        } else if (!played.isEmpty()) {
            QTest::qFail(qPrintable(played), __FILE__, __LINE__);
        }
        return played.isEmpty();
    }

    // A story's rows on every backend ("STORY LABEL, BACKEND"); `row` adds the other columns.
    template <typename Row>
    static void onEveryBackend(const char *story, Row row, const char *label = "")
    {
        for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
            row(QTest::addRow("%s%s, %s", story, label, b) << s(b) << s(story));
        }
    }

    static QStringList eventsOf(const QList<HistoryEntry> &entries)
    {
        QStringList out;
        for (const HistoryEntry &e : entries) {
            out << e.event;
        }
        return out;
    }

    // Every key of `expected` has that value in `details`.
    static bool holds(const QJsonObject &details, const QJsonObject &expected)
    {
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (details.value(it.key()) != it.value()) {
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
    }

    void reconcile_data()
    {
        QTest::addColumn<QString>("bootloader");
        QTest::addColumn<QString>("story");
        QTest::addColumn<bool>("changed");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QJsonObject>("details");
        QTest::addColumn<QString>("givenUp"); // the slot now out of the boot loader's choice
        QTest::addColumn<QString>("pendingTo");
        const QJsonObject none;
        // The new slot came up: the health check decides, nothing is recorded yet.
        onEveryBackend("update booted", [&](QTestData &row) {
            row << false << s("installed") << s("starts after the next reboot") << QString() << none
                << QString() << s("B");
        });
        onEveryBackend("fell back", [&](QTestData &row) {
            row << true << s("boot-failed")
                << s("Version 2.0.0 did not start: slot B failed to boot") << s("rolled-back")
                << QJsonObject{{s("reason"), s("boot")}, {s("from"), s("B")}, {s("to"), s("A")}}
                << s("B") << QString();
        });
        // The health check gave up on B and restarted; now the fall-back is a fact.
        onEveryBackend("health failed", [&](QTestData &row) {
            row << true << s("health-failed")
                << s("Version 2.0.0 failed its health check and the device rolled back to 1.0.0.")
                << s("rolled-back") << QJsonObject{{s("reason"), s("health")}, {s("to"), s("A")}}
                << s("B") << QString();
        });
        // 3.0.0 into A, from B, killed before A was even marked bad: A must not boot again.
        onEveryBackend("interrupted", [&](QTestData &row) {
            row << true << s("interrupted")
                << s("The installation of 3.0.0 was interrupted (power lost or restart) before "
                     "the switch; the device still runs 2.0.0.")
                << s("install-interrupted")
                << QJsonObject{{s("version"), s("3.0.0")}, {s("slot"), s("A")}} << s("A")
                << QString();
        });
        // Killed between the boot loader's switch and its record: the new system runs.
        onEveryBackend("switch not recorded", [&](QTestData &row) {
            row << true << s("none") << QString() << s("committed")
                << QJsonObject{{s("version"), s("2.0.0")}, {s("recovered"), true}} << QString()
                << s("B");
        });
    }

    void reconcile()
    {
        if (!playRowStory()) {
            return;
        }
        QFETCH(bool, changed);
        QFETCH(QString, outcome);
        QFETCH(QString, message);
        QFETCH(QString, event);
        QFETCH(QJsonObject, details);
        QFETCH(QString, givenUp);
        QFETCH(QString, pendingTo);
        const qsizetype before = historyEntries().size();

        auto device = openDevice();
        QVERIFY(device);
        const auto reconciled = seesaw::reconcileBoot(*device);
        QVERIFY2(reconciled, qPrintable(reconciled ? QString() : reconciled.error().message));
        QCOMPARE(*reconciled, changed);

        const seesaw::DeviceState state = storedState();
        QCOMPARE(seesaw::outcomeName(state.lastResult.outcome), outcome);
        QVERIFY2(state.lastResult.message.contains(message), qPrintable(state.lastResult.message));
        QVERIFY(!state.inProgress);
        QCOMPARE(state.pending ? state.pending->toBootname : QString(), pendingTo);
        const QList<HistoryEntry> added = historyEntries().mid(before);
        QCOMPARE(eventsOf(added), event.isEmpty() ? QStringList() : QStringList{event});
        if (!added.isEmpty()) {
            QVERIFY2(holds(added.last().details, details),
                     qPrintable(QString::fromUtf8(
                         QJsonDocument(added.last().details).toJson(QJsonDocument::Compact))));
        }
        if (!givenUp.isEmpty()) {
            QCOMPARE(state.slots.value(givenUp).status, SlotRecord::Status::Bad);
            verifyBootLoaderAvoids(givenUp);
            QVERIFY(device->bootloader().state(givenUp)->bad);
        }
        // The new slot stays bootable (GRUB's scheme already names A primary: B has had its
        // one try, which the health check turns into "good").
        if (!pendingTo.isEmpty()) {
            QVERIFY(!device->bootloader().state(pendingTo)->bad);
        }

        // Told once: the next look at the same boot changes nothing.
        auto again = openDevice();
        QVERIFY(again);
        const auto second = seesaw::reconcileBoot(*again);
        QVERIFY(second);
        QCOMPARE(*second, false);
        QCOMPARE(historyEntries().size(), before + added.size());
        QCOMPARE(storedState().lastResult, state.lastResult);
        QVERIFY(historyVerifies());
    }

    // U-Boot's documented script gives every counter back once all are used up: after power
    // cuts on A, the B it fell back from is armed again, and the next look marks it bad again.
    void fallenBackSlotMarkedBadAgain()
    {
        m_bootloader = s("uboot");
        QCOMPARE(playStory(s("fell back")), QString());
        auto device = openDevice();
        QVERIFY(device && seesaw::reconcileBoot(*device));
        for (int cut = 0; cut <= triesFor(m_bootloader) &&
                          bootVariables().value(s("BOOT_B_LEFT")) == QLatin1String("0");
             ++cut) {
            QCOMPARE(boot(), s("A"));
        }
        QCOMPARE(bootVariables().value(s("BOOT_B_LEFT")), s("3")); // armed by the reset
        const qsizetype before = historyEntries().size();

        device = openDevice();
        const auto reconciled = seesaw::reconcileBoot(*device);
        QVERIFY(reconciled);
        QCOMPARE(*reconciled, true);
        verifyBootLoaderAvoids(s("B"));
        const QList<HistoryEntry> added = historyEntries().mid(before);
        QCOMPARE(eventsOf(added), QStringList{s("marked-bad")});
        QCOMPARE(added.last().details,
                 (QJsonObject{{s("slot"), s("B")}, {s("by"), s("boot-outcome")}}));
        QCOMPARE(storedState().lastResult.outcome, LastResult::Outcome::BootFailed);
    }

    void healthDecision_data()
    {
        QTest::addColumn<QString>("bootloader");
        QTest::addColumn<QString>("story");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<int>("marks"); // 1 marked good, -1 marked bad (and reboot), 0 neither
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QStringList>("events");
        const auto row = [](const char *story, bool passed, int marks, const char *message,
                            const char *outcome) {
            QStringList events{s("health")};
            if (marks != 0) {
                events << s(marks > 0 ? "marked-good" : "marked-bad");
            }
            onEveryBackend(
                story,
                [&](QTestData &r) { r << passed << marks << s(message) << s(outcome) << events; },
                passed ? " (check passes)" : " (check fails)");
        };
        row("update booted", true, 1, "Updated to 2.0.0; the health check passed.", "good");
        row("update booted", false, -1,
            "Version 2.0.0 failed its health check; the device restarts into 1.0.0.",
            "health-failed");
        row("switch not recorded", true, 1, "Updated to 2.0.0; the health check passed.", "good");
        row("rollback booted", true, 1, "Rolled back to 2.0.0 on request; the health check passed.",
            "rolled-back");
        row("factory", true, 1, "The health check passed; slot A stays in use.", "none");
        // Nothing newer to give up: the check is reported, the slot stays good.
        row("factory", false, 1,
            "The health check failed (script 20-app failed: exit code 3), but no update is "
            "waiting for it: slot A stays in use.",
            "none");
        row("booted by hand", true, -1,
            "Slot B (version 2.0.0) has not passed a health check since it was installed and "
            "failed here before, so it is not marked good.",
            "boot-failed");
        row("booted by hand", false, -1,
            "The health check failed (script 20-app failed: exit code 3). Slot B (version 2.0.0) "
            "has not passed a health check since it was installed.",
            "boot-failed");
        row("booted by hand, A condemned", false, 0,
            "no system known to work is left to go back to: slot B stays in use, not marked good.",
            "boot-failed");
    }

    void healthDecision()
    {
        if (!playRowStory()) {
            return;
        }
        QFETCH(bool, passed);
        QFETCH(int, marks);
        QFETCH(QString, message);
        QFETCH(QString, outcome);
        QFETCH(QStringList, events);
        auto device = openDevice();
        QVERIFY(device);
        QVERIFY(seesaw::reconcileBoot(*device)); // as `seesaw health` does first
        const QString booted = device->booted().bootname;
        const qsizetype before = historyEntries().size();

        const auto decided = seesaw::applyHealthReport(*device, healthReport(passed));
        QVERIFY2(decided, qPrintable(decided ? QString() : decided.error().message));
        QCOMPARE(decided->markedGood, marks > 0);
        QCOMPARE(decided->markedBad, marks < 0);
        QCOMPARE(decided->reboot, marks < 0);
        QVERIFY2(decided->message.contains(message), qPrintable(decided->message));

        const seesaw::DeviceState state = storedState();
        QCOMPARE(seesaw::outcomeName(state.lastResult.outcome), outcome);
        const QList<HistoryEntry> added = historyEntries().mid(before);
        QCOMPARE(eventsOf(added), events);
        QCOMPARE(added.first().details.value(s("slot")).toString(), booted);
        QCOMPARE(added.first().details.value(s("passed")).toBool(), passed);
        if (!passed) {
            QCOMPARE(added.first().details.value(s("failure")).toString(),
                     s("script 20-app failed: exit code 3"));
        }
        const SlotRecord record = state.slots.value(booted);
        if (marks > 0) {
            QCOMPARE(record.status, SlotRecord::Status::Good);
            QVERIFY(record.bootedGood);
            QVERIFY(!state.pending);
            verifyPrimaryWithFullAttempts(booted);
        } else if (marks < 0) {
            QCOMPARE(record.status, SlotRecord::Status::Bad);
            verifyBootLoaderAvoids(booted);
        } else {
            QVERIFY(record.status != SlotRecord::Status::Good);
            QVERIFY(!record.bootedGood);
        }
        if (outcome == QLatin1String("health-failed")) {
            QCOMPARE(state.lastResult.detail, s("script 20-app failed: exit code 3"));
        }
        QVERIFY(historyVerifies());
    }
};

QTEST_GUILESS_MAIN(TestBootOutcome)
#include "tst_bootoutcome.moc"
