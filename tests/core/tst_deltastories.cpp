// Delta bundles in the same multi-boot stories as full ones, on every boot loader backend of
// the device simulator (scripts/sim/device): made with `seesaw bundle create-delta` from the
// full bundles, installed with `seesaw install`, booted by the boot loader's own logic, judged
// by `seesaw health` with real scripts. Risk: a delta that installs where its base is not
// running, or whose outcome differs from the full bundle's.
#include "bundle/bundlereader.h"
#include "simdevice.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

using testutil::RunResult;
using testutil::s;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    QCryptographicHash h(QCryptographicHash::Sha256);
    return f.open(QIODevice::ReadOnly) && h.addData(&f) ? h.result() : QByteArray();
}

// The image digest a bundle's signed manifest states (read without checking the signature:
// the device checked it).
QByteArray imageSha256(const QString &bundle)
{
    auto reader = seesaw::BundleReader::open(bundle, seesaw::Keyring(),
                                             seesaw::BundleReader::Trust::ShowUntrusted);
    return reader ? reader->manifest().images.first().sha256 : QByteArray();
}

} // namespace

class TestDeltaStories : public QObject, private testutil::SimDevice {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // From the factory system (no record of its image: the base is checked byte for byte) to
    // 2.0.0 by delta; then a delta to 3.0.0 from the recorded 2.0.0 that fails its health
    // check and is rolled back.
    void deltaUpdatesAndRollsBack_data() { backends(); }
    void deltaUpdatesAndRollsBack()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        addScript(s("10-ok"), "exit 0\n");
        const QString first = deltaBundle(s("1.0.0"), s("2.0.0"));
        QVERIFY(!first.isEmpty());
        const RunResult r = installFile(first);
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QCOMPARE(boot(), s("B"));
        const RunResult h = health();
        QVERIFY2(h.exitCode == 0, QByteArray(h.out + h.err).constData());
        QCOMPARE(last().value(s("outcome")).toString(), s("good"));
        verifyPrimaryWithFullAttempts(s("B"));
        QCOMPARE(status().value(s("version")).toString(), s("2.0.0"));
        // The slot holds the full version's image: what was recorded is what the full bundle
        // states, computed while writing.
        QCOMPARE(storedState().slots.value(s("B")).imageSha256, imageSha256(bundle(s("2.0.0"))));
        // The history says the install was a delta, and from which version.
        bool deltaRecorded = false;
        for (const seesaw::HistoryEntry &e : historyEntries()) {
            deltaRecorded = deltaRecorded ||
                            (e.event == QLatin1String("installed") &&
                             e.details.value(s("delta_from")).toString() == QLatin1String("1.0.0"));
        }
        QVERIFY(deltaRecorded);

        addScript(s("20-app-ping"), "echo app does not answer >&2\nexit 3\n");
        const RunResult second = installFile(deltaBundle(s("2.0.0"), s("3.0.0")));
        QVERIFY2(second.exitCode == 0, QByteArray(second.out + second.err).constData());
        QCOMPARE(boot(), s("A"));
        QCOMPARE(health().exitCode, 1);
        QCOMPARE(status().value(s("booted")).toString(), s("B"));
        const QJsonObject result = last();
        QCOMPARE(result.value(s("outcome")).toString(), s("health-failed"));
        QVERIFY2(result.value(s("message")).toString().contains(s("rolled back to 2.0.0")),
                 qPrintable(result.value(s("message")).toString()));
        verifyBad(s("A"));
        QVERIFY(historyVerifies());
    }

    // A delta whose base is not the running system is refused before anything is written:
    // the boot loader, the other slot and the records stay as they were.
    void deltaForAnotherBaseIsRefused_data() { backends(); }
    void deltaForAnotherBaseIsRefused()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        QVERIFY(install(s("2.0.0")));
        QCOMPARE(boot(), s("B"));
        QCOMPARE(health().exitCode, 0);
        const QString delta = deltaBundle(s("1.0.0"), s("3.0.0"));
        QVERIFY(!delta.isEmpty());
        const QString slotA = m_dev + s("/slots/rootfs.0.img");
        const QByteArray slotBefore = fileHash(slotA);
        const QString bootBefore = rawBootState(s("A")) + rawBootState(s("B"));
        const QJsonObject statusBefore = status();
        const int eventsBefore = int(events().size());

        const RunResult r = installFile(delta);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.text().contains(s("This update is a delta from 1.0.0; this device runs 2.0.0. "
                                     "Use the full 3.0.0 bundle.")),
                 qPrintable(r.text()));
        QCOMPARE(fileHash(slotA), slotBefore);
        QCOMPARE(rawBootState(s("A")) + rawBootState(s("B")), bootBefore);
        QCOMPARE(status(), statusBefore);
        QCOMPARE(int(events().size()), eventsBefore);
    }
};

QTEST_GUILESS_MAIN(TestDeltaStories)
#include "tst_deltastories.moc"
