// Risk: an install leaves a device that boots a partial or unverified system, or that does not
// switch to the new one: after success, failure, cancel, a pulled stick, a bundle changing on
// disk, or a power cut (kill -9) at any moment.
#include "base/hostilestring.h"
#include "bundle/bundlewriter.h"
#include "device/device.h"
#include "ed25519forge.h"
#include "install/installer.h"
#include "testutil.h"
#include "trust/crypto.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <csignal>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

using testutil::RunResult;

namespace {

// The first `size` bytes of a slot file.
QByteArray slotBytes(const QString &path, qint64 size)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    return f.read(size);
}

} // namespace

class TestInstall : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    [[nodiscard]] static QString conf(const QString &device)
    {
        return device + QStringLiteral("/system.conf");
    }

    [[nodiscard]] static RunResult seesaw(const QString &device, const QStringList &args,
                                          const QStringList &env = {})
    {
        return testutil::direct(conf(device), args, env);
    }

    [[nodiscard]] static QJsonObject status(const QString &device)
    {
        return testutil::directStatus(conf(device));
    }

    [[nodiscard]] static QJsonObject slotStatus(const QString &device, const QString &bootname)
    {
        return testutil::slotOf(status(device), bootname);
    }

    // A new simulated device (A booted with version 1.0.0) and its image files' paths.
    QString createDevice(const QString &name, const QString &bootloader = QStringLiteral("uboot"),
                         const QStringList &extra = {})
    {
        const QString dir = path(name);
        const RunResult r = testutil::simDevice(
            QStringList{QStringLiteral("create"), dir, QStringLiteral("--bootloader"), bootloader,
                        QStringLiteral("--slot-size"), QStringLiteral("48")} +
            extra);
        if (r.exitCode != 0) {
            qWarning() << r.err;
        }
        return r.exitCode == 0 ? dir : QString();
    }

    // A bundle for the device from an image file the test keeps, to compare slots with.
    QString makeBundle(const QString &device, const QString &version, const QByteArray &image,
                       const QStringList &extra = {})
    {
        const QString imageFile = path(QStringLiteral("image-") + version + QStringLiteral(".img"));
        testutil::writeFile(imageFile, image);
        const QString out = path(QFileInfo(device).fileName() + QStringLiteral("-") + version +
                                 QStringLiteral(".seesaw"));
        QFile::remove(out);
        const RunResult r =
            testutil::simDevice(QStringList{QStringLiteral("bundle"), device, QStringLiteral("-o"),
                                            out, QStringLiteral("--version"), version,
                                            QStringLiteral("--image"), imageFile} +
                                extra);
        if (r.exitCode != 0) {
            qWarning() << r.err;
        }
        return r.exitCode == 0 ? out : QString();
    }

    // A delta of `bundle` (a full bundle for the device) made with `seesaw bundle create-delta`
    // and the device's key, from `from`: the old version's bundle, or its raw image (then of
    // version `fromVersion`).
    QString makeDelta(const QString &device, const QString &from, const QString &bundle,
                      const QString &fromVersion = {})
    {
        const QString out =
            QString(bundle).replace(QStringLiteral(".seesaw"), QStringLiteral(".delta.seesaw"));
        QFile::remove(out);
        QStringList args{QStringLiteral("bundle"),  QStringLiteral("create-delta"),
                         QStringLiteral("--from"),  from,
                         QStringLiteral("--to"),    bundle,
                         QStringLiteral("--key"),   device + QStringLiteral("/signing-key.pem"),
                         QStringLiteral("--level"), QStringLiteral("3"),
                         QStringLiteral("-o"),      out};
        if (!fromVersion.isEmpty()) {
            args << QStringLiteral("--from-version") << fromVersion;
        }
        const RunResult r = testutil::runCli(args);
        if (r.exitCode != 0) {
            qWarning() << r.err;
        }
        return r.exitCode == 0 ? out : QString();
    }

    // The factory system of slot A as an old version's raw image, and a delta of `bundle`
    // against it.
    QString deltaFromFactory(const QString &device, const QString &bundle)
    {
        const QString slotA = device + QStringLiteral("/slots/rootfs.0.img");
        const QString base = path(QFileInfo(device).fileName() + QStringLiteral("-factory.img"));
        if (!QFile::exists(base) && !QFile::copy(slotA, base)) {
            return {};
        }
        return makeDelta(device, base, bundle, QStringLiteral("1.0.0"));
    }

    static QByteArray imageFor(const QString &version, qsizetype size = qsizetype(20) * 1024 * 1024)
    {
        // Half text, half random: a realistic mix, different for every version.
        const auto seed = quint32(qHash(version));
        return testutil::textBytes(size / 2, seed) +
               testutil::randomBytes(size - size / 2, seed + 1);
    }

    [[nodiscard]] static QString fwPrint(const QString &device, const QString &name)
    {
        const RunResult r = testutil::fwTool(QStringLiteral("fw_printenv"),
                                             device + QStringLiteral("/boot/fw_env.config"),
                                             {QStringLiteral("-n"), name});
        return QString::fromUtf8(r.out).trimmed();
    }

    [[nodiscard]] static QString boot(const QString &device)
    {
        const RunResult r = testutil::simDevice({QStringLiteral("boot"), device});
        return r.exitCode == 0 ? QString::fromUtf8(r.out).trimmed().section(QLatin1Char(' '), -1)
                               : QString();
    }

    // Copies a device directory: a copy is a device of its own (every path in it is relative).
    QString copyDevice(const QString &from, const QString &name)
    {
        QString to = path(name);
        if (testutil::run(QStringLiteral("cp"), {QStringLiteral("-a"), from, to}).exitCode != 0) {
            return {};
        }
        return to;
    }

    // Every slot the boot loader would boot holds one complete image it is known by.
    static void checkBootableSlotsComplete(const QString &device,
                                           const QMap<QString, QList<QByteArray>> &allowed)
    {
        for (const QString &bootname : {QStringLiteral("A"), QStringLiteral("B")}) {
            const QJsonObject slot = slotStatus(device, bootname);
            QVERIFY2(!slot.isEmpty(), "status is unreadable");
            const bool bootable = !slot.value(QStringLiteral("boot_bad")).toBool() &&
                                  slot.value(QStringLiteral("attempts_left")).toInt() != 0;
            if (!bootable) {
                continue;
            }
            const QString file =
                device + (bootname == QLatin1String("A") ? QStringLiteral("/slots/rootfs.0.img")
                                                         : QStringLiteral("/slots/rootfs.1.img"));
            bool complete = false;
            for (const QByteArray &image : allowed.value(bootname)) {
                complete = complete || slotBytes(file, image.size()) == image;
            }
            QVERIFY2(complete,
                     qPrintable(QStringLiteral("slot %1 is bootable but holds no complete image")
                                    .arg(bootname)));
        }
    }

    // Each chunk of the slot is either what it held before or the new image's chunk: no
    // unverified byte was ever written.
    static bool onlyVerifiedChunks(const QByteArray &slot, const QByteArray &before,
                                   const QByteArray &image)
    {
        constexpr qsizetype chunk = qsizetype(4) * 1024 * 1024;
        for (qsizetype at = 0; at < image.size(); at += chunk) {
            const QByteArray now = slot.mid(at, chunk);
            const QByteArray wanted = image.mid(at, chunk);
            if (now.left(wanted.size()) != wanted && now != before.mid(at, chunk)) {
                return false;
            }
        }
        return true;
    }

    // Starts an install with writes slowed down, so the test can act while it runs.
    static std::unique_ptr<QProcess> startSlowInstall(const QString &device, const QString &bundle,
                                                      int sleepMs)
    {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SEESAW_FAULT_SLEEP"),
                   QStringLiteral("install:write:%1").arg(sleepMs));
        p->setProcessEnvironment(env);
        p->start(testutil::cliPath(),
                 {QStringLiteral("--direct"), QStringLiteral("--conf"), conf(device),
                  QStringLiteral("install"), bundle, QStringLiteral("--yes")});
        return p->waitForStarted() ? std::move(p) : nullptr;
    }

    // Waits until the install has written at least one chunk (slot B changed).
    static bool waitForFirstWrite(const QString &slotFile, const QByteArray &before)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (slotBytes(slotFile, 4096) != before.left(4096)) {
                return true;
            }
            QThread::msleep(20);
        }
        return false;
    }

    static void expectNothingCommitted(const QString &device)
    {
        const QJsonObject st = status(device);
        QCOMPARE(st.value(QStringLiteral("primary")).toString(), QStringLiteral("A"));
        QVERIFY(!st.contains(QStringLiteral("pending")));
        QCOMPARE(
            slotStatus(device, QStringLiteral("B")).value(QStringLiteral("attempts_left")).toInt(),
            0);
        QCOMPARE(st.value(QStringLiteral("last_result"))
                     .toObject()
                     .value(QStringLiteral("outcome"))
                     .toString(),
                 QStringLiteral("failed"));
        QCOMPARE(boot(device), QStringLiteral("A"));
        QCOMPARE(seesaw(device, {QStringLiteral("history"), QStringLiteral("--verify")}).exitCode,
                 0);
    }

    // keyRotationIsAppliedByAnInstall(): a new key pair NAME.pem and NAME.pub; its key id.
    QString keygen(const QString &name)
    {
        const RunResult r = testutil::runCli(
            {QStringLiteral("keygen"), QStringLiteral("--out"), path(name + QStringLiteral(".pem")),
             QStringLiteral("--public"), path(name + QStringLiteral(".pub"))});
        return QString::fromUtf8(r.out).section(QLatin1String("key id: "), 1).trimmed();
    }

    // keyRotationIsAppliedByAnInstall(): a bundle of `image` signed by `key`; empty on failure.
    QString rotationBundle(const QString &image, const QString &version, const QString &key,
                           const QStringList &extra)
    {
        const QString out = path(QStringLiteral("rotation-") + version + QStringLiteral(".seesaw"));
        const RunResult r = testutil::runCli(
            QStringList{QStringLiteral("bundle"), QStringLiteral("create"),
                        QStringLiteral("--compatible"), QStringLiteral("seesaw-sim"),
                        QStringLiteral("--version"), version, QStringLiteral("--image"),
                        QStringLiteral("rootfs=") + image, QStringLiteral("--key"), key,
                        QStringLiteral("-o"), out} +
            extra);
        return r.exitCode == 0 ? out : QString();
    }

    // The id of the key that signed `bundle`, as `bundle info --json` reports it.
    static QString signingKeyId(const QString &bundle)
    {
        const RunResult info = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("info"), bundle, QStringLiteral("--json")});
        return QJsonDocument::fromJson(info.out)
            .object()
            .value(QStringLiteral("signature"))
            .toObject()
            .value(QStringLiteral("signatures"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("key_id"))
            .toString();
    }

    // killNineAnywhere(): installs `bundle` on `device` and cuts the power (SIGKILL) at a moment
    // `rng` picks; *context names the case.
    static void cutPowerDuringInstall(const QString &device, const QString &bundle, int i,
                                      QRandomGenerator &rng, QString *context)
    {
        const QStringList points{
            QStringLiteral("install:before-mark-bad"), QStringLiteral("install:after-fsync"),
            QStringLiteral("install:before-commit"), QStringLiteral("install:after-commit")};
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const int kind = int(rng.bounded(3));
        int delayMs = -1;
        if (kind == 0) { // inside the write, at chunk N
            env.insert(QStringLiteral("SEESAW_FAULT"),
                       QStringLiteral("install:write:%1").arg(1 + rng.bounded(5)));
        } else if (kind == 1) { // at a step boundary
            env.insert(QStringLiteral("SEESAW_FAULT"), points.at(int(rng.bounded(points.size()))));
        } else { // at a random time, writes slowed to spread the install over about a second
            delayMs = int(rng.bounded(1200));
        }
        env.insert(QStringLiteral("SEESAW_FAULT_SLEEP"),
                   QStringLiteral("install:write:%1").arg(kind == 2 ? 150 : 0));
        p.setProcessEnvironment(env);
        p.start(testutil::cliPath(),
                {QStringLiteral("--direct"), QStringLiteral("--conf"), conf(device),
                 QStringLiteral("install"), bundle, QStringLiteral("--yes")});
        QVERIFY(p.waitForStarted());
        if (delayMs >= 0 && !p.waitForFinished(delayMs)) {
            ::kill(pid_t(p.processId()), SIGKILL);
        }
        if (p.state() != QProcess::NotRunning) {
            QVERIFY(p.waitForFinished(60000));
        }

        *context = QStringLiteral("case %1 (%2)")
                       .arg(i)
                       .arg(env.value(QStringLiteral("SEESAW_FAULT"),
                                      QStringLiteral("after %1 ms").arg(delayMs)));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Issue 12 (tidy): a copied simulated device used to share the original's U-Boot
    // environment (fw_env.config named its files absolutely), so installing on the copy switched
    // the original's boot loader. Each copy is a device of its own.
    void copiedDeviceIsIndependent()
    {
        const QString original = createDevice(QStringLiteral("copy-original"));
        QVERIFY(!original.isEmpty());
        const QString copy = copyDevice(original, QStringLiteral("copy-moved"));
        QVERIFY(!copy.isEmpty());
        const QString bundle =
            makeBundle(copy, QStringLiteral("1.1.0"), imageFor(QStringLiteral("1.1.0")));
        const RunResult r =
            seesaw(copy, {QStringLiteral("install"), bundle, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(fwPrint(copy, QStringLiteral("BOOT_ORDER")), QStringLiteral("B A"));
        QCOMPARE(fwPrint(original, QStringLiteral("BOOT_ORDER")), QStringLiteral("A B"));
        QCOMPARE(fwPrint(original, QStringLiteral("BOOT_B_LEFT")), QStringLiteral("0"));
        QCOMPARE(boot(original), QStringLiteral("A"));
        QCOMPARE(boot(copy), QStringLiteral("B"));
    }

    // Key rotation rides on an update: a bundle signed by the device's key introduces a new
    // key; from then on bundles signed by the new key are trusted, and one signed by the new
    // key can revoke the old one.
    void keyRotationIsAppliedByAnInstall()
    {
        const QString device = createDevice(QStringLiteral("rotation"));
        QVERIFY(!device.isEmpty());
        const QString newKeyId = keygen(QStringLiteral("new-key"));
        QCOMPARE(newKeyId.size(), 64);
        const QString image = path(QStringLiteral("rotation.img"));
        QVERIFY(testutil::writeFile(image,
                                    imageFor(QStringLiteral("rot"), qsizetype(2) * 1024 * 1024)));
        const auto bundle = [&](const QString &version, const QString &key,
                                const QStringList &extra) {
            return rotationBundle(image, version, key, extra);
        };
        const QString oldKey = device + QStringLiteral("/signing-key.pem");
        const QString newKey = path(QStringLiteral("new-key.pem"));
        const auto dryRun = [&](const QString &file) {
            return seesaw(device, {QStringLiteral("install"), QStringLiteral("--yes"),
                                   QStringLiteral("--dry-run"), file});
        };

        // Before: the new key is unknown.
        const QString early = bundle(QStringLiteral("1.5.0"), newKey, {});
        QVERIFY(!early.isEmpty());
        QCOMPARE(dryRun(early).exitCode, 1);

        const QString rotating =
            bundle(QStringLiteral("2.0.0"), oldKey,
                   {QStringLiteral("--add-key"), path(QStringLiteral("new-key.pub"))});
        QVERIFY(!rotating.isEmpty());
        const RunResult installed =
            seesaw(device, {QStringLiteral("install"), QStringLiteral("--yes"), rotating});
        QVERIFY2(installed.exitCode == 0, installed.err.constData());
        QVERIFY(QDir(device + QStringLiteral("/data/keys"))
                    .entryList({QStringLiteral("*.pem")})
                    .size() == 1);
        const RunResult history =
            seesaw(device, {QStringLiteral("history"), QStringLiteral("--json")});
        QVERIFY(history.out.contains("\"keys-rotated\""));

        // After: the new key is trusted; it can revoke the old one.
        QCOMPARE(dryRun(bundle(QStringLiteral("2.1.0"), newKey, {})).exitCode, 0);
        const QString oldId = signingKeyId(rotating);
        QCOMPARE(oldId.size(), 64);
        QCOMPARE(boot(device), QStringLiteral("B"));
        QCOMPARE(seesaw(device, {QStringLiteral("mark-good")}).exitCode, 0);
        const QString revoking =
            bundle(QStringLiteral("3.0.0"), newKey, {QStringLiteral("--revoke-key"), oldId});
        QVERIFY(!revoking.isEmpty());
        const RunResult revoked =
            seesaw(device, {QStringLiteral("install"), QStringLiteral("--yes"), revoking});
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
        QCOMPARE(dryRun(bundle(QStringLiteral("3.1.0"), oldKey, {})).exitCode, 1);
        QCOMPARE(dryRun(bundle(QStringLiteral("3.2.0"), newKey, {})).exitCode, 0);
        QCOMPARE(seesaw(device, {QStringLiteral("history"), QStringLiteral("--verify")}).exitCode,
                 0);
    }

    // Issue 12: key changes the keyring refuses refuse the whole install before anything is
    // written, instead of failing after the slot was overwritten while saying "Nothing changed".
    void refusedKeyChangesWriteNothing_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("says");
        QTest::newRow("unusable key") << QStringLiteral("garbage") << QStringLiteral("New key 1");
        QTest::newRow("key of small order")
            << QStringLiteral("zero") << QStringLiteral("small order");
        QTest::newRow("revokes every key")
            << QStringLiteral("lockout") << QStringLiteral("every trusted key");
    }

    void refusedKeyChangesWriteNothing()
    {
        QFETCH(QString, change);
        QFETCH(QString, says);
        const QString device = createDevice(QStringLiteral("refused-keys-") + change);
        QVERIFY(!device.isEmpty());
        const auto signer = seesaw::PrivateKey::fromPem(
            testutil::readFile(device + QStringLiteral("/signing-key.pem")));
        QVERIFY(signer);
        seesaw::BundleSpec spec;
        spec.compatible = QStringLiteral("seesaw-sim");
        spec.version = QStringLiteral("2.0.0");
        const QString image =
            path(QStringLiteral("refused-keys-") + change + QStringLiteral(".img"));
        QVERIFY(testutil::writeFile(image, imageFor(change, qsizetype(2) * 1024 * 1024)));
        spec.images = {{QStringLiteral("rootfs"), image}};
        spec.signingKeys = {*signer};
        if (change == QLatin1String("garbage")) {
            spec.keys.addPem = {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"};
        } else if (change == QLatin1String("zero")) {
            spec.keys.addPem = {forge::pemFromRaw(QByteArray(32, '\0'))};
        } else {
            spec.keys.revokeKeyIds = {signer->publicKey().keyId()};
        }
        const QString bundle =
            path(QStringLiteral("refused-keys-") + change + QStringLiteral(".seesaw"));
        const auto made = seesaw::createBundle(spec, bundle);
        QVERIFY2(made, made ? "" : qPrintable(made.error().message));

        QCOMPARE(seesaw(device, {QStringLiteral("status")}).exitCode, 0);
        const auto snapshot = [&device] {
            QMap<QString, QByteArray> files; // every file of the device: slots, boot loader, state
            QDirIterator it(device, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString file = it.next();
                files.insert(file, QCryptographicHash::hash(testutil::readFile(file),
                                                            QCryptographicHash::Sha256));
            }
            return files;
        };
        const QMap<QString, QByteArray> before = snapshot();
        const RunResult r =
            seesaw(device, {QStringLiteral("install"), QStringLiteral("--yes"), bundle});
        QVERIFY2(r.exitCode != 0, "the install was not refused");
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        const QMap<QString, QByteArray> after = snapshot();
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            QVERIFY2(after.value(it.key()) == it.value(),
                     qPrintable(it.key() + QStringLiteral(" changed")));
        }
        QCOMPARE(after.keys(), before.keys());
        QCOMPARE(fwPrint(device, QStringLiteral("BOOT_ORDER")), QStringLiteral("A B"));
    }

    // The whole story on every boot loader: install → reboot → mark good.
    void installBootMarkGood_data()
    {
        QTest::addColumn<QString>("bootloader");
        for (const char *b : {"uboot", "grub", "systemd-boot", "custom"}) {
            QTest::newRow(b) << QString::fromLatin1(b);
        }
    }

    void installBootMarkGood()
    {
        QFETCH(QString, bootloader);
        const QString device = createDevice(QStringLiteral("story-") + bootloader, bootloader);
        QVERIFY(!device.isEmpty());
        const QByteArray image = imageFor(QStringLiteral("1.1.0"));
        const QString bundle = makeBundle(device, QStringLiteral("1.1.0"), image);
        QVERIFY(!bundle.isEmpty());
        const QByteArray slotBBefore =
            testutil::readFile(device + QStringLiteral("/slots/rootfs.1.img"));

        // A dry run checks and verifies everything and changes nothing.
        RunResult r =
            seesaw(device, {QStringLiteral("install"), bundle, QStringLiteral("--dry-run")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(testutil::readFile(device + QStringLiteral("/slots/rootfs.1.img")), slotBBefore);
        QCOMPARE(status(device).value(QStringLiteral("primary")).toString(), QStringLiteral("A"));

        r = seesaw(device, {QStringLiteral("install"), bundle, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("Installed version 1.1.0 into slot B"));
        QCOMPARE(slotBytes(device + QStringLiteral("/slots/rootfs.1.img"), image.size()), image);
        QJsonObject st = status(device);
        QCOMPARE(st.value(QStringLiteral("primary")).toString(), QStringLiteral("B"));
        QCOMPARE(st.value(QStringLiteral("booted")).toString(), QStringLiteral("A"));
        QCOMPARE(st.value(QStringLiteral("pending"))
                     .toObject()
                     .value(QStringLiteral("version"))
                     .toString(),
                 QStringLiteral("1.1.0"));
        if (bootloader ==
            QLatin1String("uboot")) { // the variables RAUC documents, read by the real tool
            QCOMPARE(fwPrint(device, QStringLiteral("BOOT_ORDER")), QStringLiteral("B A"));
            QCOMPARE(fwPrint(device, QStringLiteral("BOOT_B_LEFT")), QStringLiteral("3"));
        }

        QCOMPARE(boot(device), QStringLiteral("B"));
        st = status(device);
        QCOMPARE(st.value(QStringLiteral("booted")).toString(), QStringLiteral("B"));
        QCOMPARE(st.value(QStringLiteral("version")).toString(), QStringLiteral("1.1.0"));
        if (bootloader == QLatin1String("uboot")) {
            QCOMPARE(fwPrint(device, QStringLiteral("BOOT_B_LEFT")), QStringLiteral("2"));
        }

        r = seesaw(device, {QStringLiteral("mark-good")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        st = status(device);
        QCOMPARE(st.value(QStringLiteral("last_result"))
                     .toObject()
                     .value(QStringLiteral("outcome"))
                     .toString(),
                 QStringLiteral("good"));
        QVERIFY(!st.contains(QStringLiteral("pending")));
        if (bootloader == QLatin1String("uboot")) {
            QCOMPARE(fwPrint(device, QStringLiteral("BOOT_B_LEFT")), QStringLiteral("3"));
        }
        QCOMPARE(boot(device), QStringLiteral("B")); // stays on the new system

        r = seesaw(device, {QStringLiteral("history"), QStringLiteral("--verify")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = seesaw(device, {QStringLiteral("history"), QStringLiteral("--json")});
        QStringList events;
        for (const auto &e : QJsonDocument::fromJson(r.out).array()) {
            events << e.toObject().value(QStringLiteral("event")).toString();
        }
        QCOMPARE(events,
                 (QStringList{QStringLiteral("install-started"), QStringLiteral("installed"),
                              QStringLiteral("committed"), QStringLiteral("marked-good")}));
    }

    // Refusals before anything is written, each with a reason an operator can act on.
    void checksRefuse_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QStringList>("bundleArgs");
        QTest::addColumn<QStringList>("installArgs");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("incompatible")
            << QStringLiteral("2.0.0")
            << QStringList{QStringLiteral("--compatible"), QStringLiteral("other-panel")}
            << QStringList{} << 1 << QStringLiteral("Made for \"other-panel\"");
        QTest::newRow("downgrade") << QStringLiteral("0.9.0") << QStringList{} << QStringList{} << 1
                                   << QStringLiteral("older than the running 1.0.0");
        QTest::newRow("downgrade allowed")
            << QStringLiteral("0.9.0") << QStringList{}
            << QStringList{QStringLiteral("--allow-downgrade")} << 0 << QString();
        QTest::newRow("same version") << QStringLiteral("1.0.0") << QStringList{} << QStringList{}
                                      << 1 << QStringLiteral("already running");
        QTest::newRow("reinstall") << QStringLiteral("1.0.0") << QStringList{}
                                   << QStringList{QStringLiteral("--reinstall")} << 0 << QString();
        QTest::newRow("too large for the slot")
            << QStringLiteral("2.0.0")
            << QStringList{QStringLiteral("--size"), QStringLiteral("64")} << QStringList{} << 1
            << QStringLiteral("larger than slot");
    }

    void checksRefuse()
    {
        QFETCH(QString, version);
        QFETCH(QStringList, bundleArgs);
        QFETCH(QStringList, installArgs);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const QString device = createDevice(QStringLiteral("checks-") +
                                            QString::fromLatin1(QTest::currentDataTag())
                                                .replace(QLatin1Char(' '), QLatin1Char('-')));
        QVERIFY(!device.isEmpty());
        const QString bundle = path(QStringLiteral("checks-%1.seesaw")
                                        .arg(QString::fromLatin1(QTest::currentDataTag())
                                                 .replace(QLatin1Char(' '), QLatin1Char('-'))));
        RunResult r =
            testutil::simDevice(QStringList{QStringLiteral("bundle"), device, QStringLiteral("-o"),
                                            bundle, QStringLiteral("--version"), version,
                                            QStringLiteral("--size"), QStringLiteral("8")} +
                                bundleArgs);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray slotBefore =
            testutil::readFile(device + QStringLiteral("/slots/rootfs.1.img"));
        r = seesaw(device, QStringList{QStringLiteral("install"), bundle, QStringLiteral("--yes")} +
                               installArgs);
        QCOMPARE(r.exitCode, exitCode);
        if (exitCode != 0) {
            const QByteArray all = r.out + r.err;
            QVERIFY2(QString::fromUtf8(all).contains(says), all.constData());
            QCOMPARE(testutil::readFile(device + QStringLiteral("/slots/rootfs.1.img")),
                     slotBefore);
            QCOMPARE(status(device).value(QStringLiteral("primary")).toString(),
                     QStringLiteral("A"));
        }
    }

    void untrustedAndBatteryRefuse()
    {
        const QString device = createDevice(QStringLiteral("refuse"));
        QVERIFY(!device.isEmpty());
        // Signed with a key this device does not trust.
        const QString stranger = path(QStringLiteral("stranger.pem"));
        QCOMPARE(testutil::runCli({QStringLiteral("keygen"), QStringLiteral("--out"), stranger})
                     .exitCode,
                 0);
        const QString image = path(QStringLiteral("small.img"));
        QVERIFY(testutil::writeFile(image, imageFor(QStringLiteral("3.0.0"), 1 << 20)));
        const QString unsignedBundle = path(QStringLiteral("stranger.seesaw"));
        RunResult r = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("create"), QStringLiteral("--compatible"),
             QStringLiteral("seesaw-sim"), QStringLiteral("--version"), QStringLiteral("3.0.0"),
             QStringLiteral("--image"), QStringLiteral("rootfs=") + image, QStringLiteral("--key"),
             stranger, QStringLiteral("-o"), unsignedBundle});
        QCOMPARE(r.exitCode, 0);
        r = seesaw(device, {QStringLiteral("install"), unsignedBundle, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("unknown key"));

        // On battery at 12 % and the bundle needs 30 %.
        QVERIFY(QDir().mkpath(device + QStringLiteral("/power/BAT0")));
        QVERIFY(testutil::writeFile(device + QStringLiteral("/power/BAT0/type"), "Battery\n"));
        QVERIFY(testutil::writeFile(device + QStringLiteral("/power/BAT0/capacity"), "12\n"));
        const QString needy = path(QStringLiteral("needy.seesaw"));
        r = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("create"), QStringLiteral("--compatible"),
             QStringLiteral("seesaw-sim"), QStringLiteral("--version"), QStringLiteral("3.0.0"),
             QStringLiteral("--image"), QStringLiteral("rootfs=") + image, QStringLiteral("--key"),
             device + QStringLiteral("/signing-key.pem"), QStringLiteral("--requires-battery"),
             QStringLiteral("30"), QStringLiteral("-o"), needy});
        QCOMPARE(r.exitCode, 0);
        r = seesaw(device, {QStringLiteral("install"), needy, QStringLiteral("--yes")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("battery is at 12%"), r.out.constData());
        // Plugged in: the same bundle installs.
        QVERIFY(QDir().mkpath(device + QStringLiteral("/power/AC")));
        QVERIFY(testutil::writeFile(device + QStringLiteral("/power/AC/type"), "Mains\n"));
        QVERIFY(testutil::writeFile(device + QStringLiteral("/power/AC/online"), "1\n"));
        r = seesaw(device, {QStringLiteral("install"), needy, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // Power cut at 30 seeded moments: during the write, between fsync and commit, around the
    // commit, and at random times. Whatever the moment, every slot the boot loader would boot
    // holds a complete image, the device boots, and the records stay readable and consistent.
    void killNineAnywhere_data()
    {
        QTest::addColumn<bool>("delta");
        QTest::addColumn<int>("cuts");
        QTest::newRow("full bundle") << false << 30;
        QTest::newRow("delta bundle") << true << 16;
    }
    void killNineAnywhere()
    {
        QFETCH(bool, delta);
        QFETCH(int, cuts);
        // A device that already went through two updates: A runs 1.2.0, B holds a good 1.1.0
        // (so an interrupted write to B is only harmless if B is marked bad first).
        const QString base =
            createDevice(delta ? QStringLiteral("kill-delta") : QStringLiteral("kill-template"));
        QVERIFY(!base.isEmpty());
        const QByteArray v110 = imageFor(QStringLiteral("1.1.0"));
        const QByteArray v120 = imageFor(QStringLiteral("1.2.0"));
        const QByteArray v130 = imageFor(QStringLiteral("1.3.0"));
        for (const auto &[version, image] :
             {std::pair{QStringLiteral("1.1.0"), v110}, std::pair{QStringLiteral("1.2.0"), v120}}) {
            const QString bundle = makeBundle(base, version, image);
            QCOMPARE(
                seesaw(base, {QStringLiteral("install"), bundle, QStringLiteral("--yes")}).exitCode,
                0);
            QVERIFY(!boot(base).isEmpty());
            QCOMPARE(seesaw(base, {QStringLiteral("mark-good")}).exitCode, 0);
        }
        QCOMPARE(status(base).value(QStringLiteral("booted")).toString(), QStringLiteral("A"));
        // The delta is made from the 1.2.0 that A runs, whose image digest Seesaw recorded.
        const QString full = makeBundle(base, QStringLiteral("1.3.0"), v130);
        const QString bundle =
            delta ? makeDelta(base, path(QStringLiteral("kill-delta-1.2.0.seesaw")), full) : full;
        QVERIFY(!bundle.isEmpty());
        const QMap<QString, QList<QByteArray>> allowed{{QStringLiteral("A"), {v120}},
                                                       {QStringLiteral("B"), {v110, v130}}};

        QRandomGenerator rng(30);
        int committed = 0;
        int notCommitted = 0;
        for (int i = 0; i < cuts; ++i) {
            const QString device = copyDevice(
                base, QStringLiteral("%1-%2").arg(QFileInfo(base).fileName(), QString::number(i)));
            QVERIFY(!device.isEmpty());
            QString context;
            cutPowerDuringInstall(device, bundle, i, rng, &context);
            if (QTest::currentTestFailed()) {
                return;
            }
            // The records survive: state.json loads and the history chain verifies.
            RunResult r = seesaw(device, {QStringLiteral("history"), QStringLiteral("--verify")});
            QVERIFY2(r.exitCode == 0,
                     qPrintable(context + QLatin1Char(' ') + QString::fromUtf8(r.err)));
            checkBootableSlotsComplete(device, allowed);
            if (QTest::currentTestFailed()) {
                QFAIL(qPrintable(context));
            }
            const QString booted = boot(device);
            QVERIFY2(!booted.isEmpty(), qPrintable(context));
            (booted == QLatin1String("B") ? committed : notCommitted)++;
            // Whatever was booted is complete, and seesaw works on it.
            checkBootableSlotsComplete(device, allowed);
            QCOMPARE(status(device).value(QStringLiteral("booted")).toString(), booted);
            testutil::simDevice({QStringLiteral("destroy"), device});
        }
        qInfo("%d power cuts after the commit (booted the new system), %d before it", committed,
              notCommitted);
        QVERIFY(committed > 0 && notCommitted > 0);
    }

    // A stick pulled mid-install: its loop device loses its medium. Caught, nothing switched;
    // for a delta, the booted slot it was rebuilt from is untouched too.
    void stickRemovedMidInstall_data()
    {
        QTest::addColumn<bool>("delta");
        QTest::newRow("full bundle") << false;
        QTest::newRow("delta bundle") << true;
    }
    void stickRemovedMidInstall()
    {
        QFETCH(bool, delta);
        if (geteuid() != 0) {
            QSKIP("needs root for a loop device and mount");
        }
        // Slots larger than the image (the later --slot-size wins).
        const QString device = createDevice(
            delta ? QStringLiteral("pulled-delta") : QStringLiteral("pulled"),
            QStringLiteral("uboot"), {QStringLiteral("--slot-size"), QStringLiteral("80")});
        QVERIFY(!device.isEmpty());
        // Does not compress: a long read, well past what the pipeline holds at the first write
        // (five 4 MiB chunks, the read blocks and the kernel's read-ahead).
        const QByteArray image = testutil::randomBytes(qsizetype(64) * 1024 * 1024, 77);
        QString local = makeBundle(device, QStringLiteral("2.0.0"), image);
        if (delta) {
            local = deltaFromFactory(device, local);
        }
        QVERIFY(!local.isEmpty());
        const QString slotA = device + QStringLiteral("/slots/rootfs.0.img");
        const QByteArray slotABefore = testutil::readFile(slotA);

        const QString stickImage = path(QStringLiteral("stick.img"));
        const QString mountPoint = path(QStringLiteral("stick"));
        QVERIFY(QDir().mkpath(mountPoint));
        QCOMPARE(testutil::run(QStringLiteral("truncate"),
                               {QStringLiteral("-s"), QStringLiteral("128M"), stickImage})
                     .exitCode,
                 0);
        QCOMPARE(testutil::run(QStringLiteral("mkfs.ext4"),
                               {QStringLiteral("-q"), QStringLiteral("-F"), stickImage})
                     .exitCode,
                 0);
        const RunResult loop =
            testutil::run(QStringLiteral("losetup"),
                          {QStringLiteral("-f"), QStringLiteral("--show"), stickImage});
        if (loop.exitCode != 0) {
            QSKIP("loop devices are not available here");
        }
        const QString loopDev = QString::fromUtf8(loop.out).trimmed();
        auto cleanup = qScopeGuard([&] {
            testutil::run(QStringLiteral("umount"), {mountPoint});
            testutil::run(QStringLiteral("losetup"), {QStringLiteral("-d"), loopDev});
        });
        QCOMPARE(testutil::run(QStringLiteral("mount"), {loopDev, mountPoint}).exitCode, 0);
        QVERIFY(QFile::copy(local, mountPoint + QStringLiteral("/update.seesaw")));
        // Remount read-only with a cold cache, as a freshly inserted stick.
        QCOMPARE(testutil::run(QStringLiteral("umount"), {mountPoint}).exitCode, 0);
        QCOMPARE(testutil::run(QStringLiteral("mount"),
                               {QStringLiteral("-o"), QStringLiteral("ro"), loopDev, mountPoint})
                     .exitCode,
                 0);

        const QString slotB = device + QStringLiteral("/slots/rootfs.1.img");
        const QByteArray before = testutil::readFile(slotB);
        auto install = startSlowInstall(device, mountPoint + QStringLiteral("/update.seesaw"), 250);
        QVERIFY(install);
        QVERIFY(waitForFirstWrite(slotB, before));
        // Pull the stick: the medium disappears under the mounted file system.
        QCOMPARE(testutil::run(QStringLiteral("truncate"),
                               {QStringLiteral("-s"), QStringLiteral("0"), stickImage})
                     .exitCode,
                 0);
        QCOMPARE(testutil::run(QStringLiteral("losetup"), {QStringLiteral("-c"), loopDev}).exitCode,
                 0);
        QVERIFY(install->waitForFinished(60000));
        const QByteArray out = install->readAllStandardOutput() + install->readAllStandardError();
        QCOMPARE(install->exitCode(), 3);
        QVERIFY2(out.contains("USB stick") &&
                     out.contains("Nothing changed; the device keeps running 1.0.0"),
                 out.constData());
        QVERIFY(onlyVerifiedChunks(testutil::readFile(slotB), before, image));
        expectNothingCommitted(device);
        QVERIFY(testutil::readFile(slotA) == slotABefore);
    }

    // The bundle's payload changes on disk while it is being installed (TOCTOU).
    void bundleChangesMidInstall()
    {
        const QString device = createDevice(QStringLiteral("changed"));
        QVERIFY(!device.isEmpty());
        const QByteArray image = testutil::randomBytes(qsizetype(40) * 1024 * 1024, 78);
        const QString bundle = makeBundle(device, QStringLiteral("2.0.0"), image);
        QVERIFY(!bundle.isEmpty());
        const QString slotB = device + QStringLiteral("/slots/rootfs.1.img");
        const QByteArray before = testutil::readFile(slotB);
        auto install = startSlowInstall(device, bundle, 250);
        QVERIFY(install);
        QVERIFY(waitForFirstWrite(slotB, before));
        {
            // Rewrite 64 KiB near the end of the payload, far ahead of what has been read.
            QFile f(bundle);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(f.size() * 9 / 10));
            QCOMPARE(f.write(testutil::randomBytes(65536, 9)), qint64(65536));
        }
        QVERIFY(install->waitForFinished(60000));
        const QByteArray out = install->readAllStandardOutput() + install->readAllStandardError();
        QCOMPARE(install->exitCode(), 1);
        QVERIFY2(out.contains("damaged, or changed while it was being read"), out.constData());
        QVERIFY(onlyVerifiedChunks(testutil::readFile(slotB), before, image));
        expectNothingCommitted(device);
    }

    void cancelMidInstall_data()
    {
        QTest::addColumn<bool>("delta");
        QTest::newRow("full bundle") << false;
        QTest::newRow("delta bundle") << true;
    }
    void cancelMidInstall()
    {
        QFETCH(bool, delta);
        const QString device =
            createDevice(delta ? QStringLiteral("cancel-delta") : QStringLiteral("cancel"));
        QVERIFY(!device.isEmpty());
        const QByteArray image = imageFor(QStringLiteral("2.0.0"), qsizetype(32) * 1024 * 1024);
        QString bundle = makeBundle(device, QStringLiteral("2.0.0"), image);
        if (delta) {
            bundle = deltaFromFactory(device, bundle);
        }
        QVERIFY(!bundle.isEmpty());
        const QString slotB = device + QStringLiteral("/slots/rootfs.1.img");
        const QByteArray before = testutil::readFile(slotB);
        auto install = startSlowInstall(device, bundle, 250);
        QVERIFY(install);
        QVERIFY(waitForFirstWrite(slotB, before));
        install->terminate(); // SIGTERM: the CLI cancels
        QVERIFY(install->waitForFinished(60000));
        QCOMPARE(install->exitCode(), 4);
        QVERIFY(install->readAllStandardError().contains("cancelled"));
        QVERIFY(onlyVerifiedChunks(testutil::readFile(slotB), before, image));
        expectNothingCommitted(device);
    }

    // Progress comes at a steady rate through the whole write, and only goes up.
    void progressIsSteadyAndMonotonic()
    {
        const QString device = createDevice(QStringLiteral("progress"));
        QVERIFY(!device.isEmpty());
        const QString bundle =
            makeBundle(device, QStringLiteral("2.0.0"),
                       imageFor(QStringLiteral("2.0.0"), qsizetype(24) * 1024 * 1024));
        qputenv("SEESAW_FAULT_SLEEP", "install:write:200"); // a slow medium: 4 MiB per 200 ms
        auto opened = seesaw::Device::open(conf(device));
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        const int fd = ::open(QFile::encodeName(bundle).constData(), O_RDONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        auto keyring = (*opened)->loadKeyring();
        QVERIFY(keyring);
        auto reader = seesaw::BundleReader::openFd(fd, *keyring);
        QVERIFY(reader);
        seesaw::InstallOptions options;
        options.confirmedManifestHash = reader->manifestHash();
        QList<QPair<qint64, seesaw::InstallProgress>> seen;
        QElapsedTimer clock;
        clock.start();
        std::mutex lock;
        seesaw::Installer installer(**opened);
        auto result = installer.install(fd, options, [&](const seesaw::InstallProgress &p) {
            std::lock_guard guard(lock);
            seen.append({clock.elapsed(), p});
        });
        ::close(fd);
        qunsetenv("SEESAW_FAULT_SLEEP");
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        quint64 last = 0;
        qint64 lastWriteAt = -1;
        qint64 longestGap = 0;
        int writing = 0;
        for (const auto &[at, p] : seen) {
            QVERIFY(p.done >= last);
            last = p.done;
            if (p.phase == seesaw::InstallProgress::Phase::Writing) {
                ++writing;
                if (lastWriteAt >= 0) {
                    longestGap = std::max(longestGap, at - lastWriteAt);
                }
                lastWriteAt = at;
            }
        }
        QCOMPARE(seen.last().second.phase, seesaw::InstallProgress::Phase::Done);
        QCOMPARE(last, quint64(24 * 1024 * 1024));
        // 6 chunks at 200 ms: about 12 reports at 10 Hz; a loose bound keeps a loaded CI quiet.
        QVERIFY2(writing >= 6, qPrintable(QString::number(writing)));
        QVERIFY2(longestGap < 1000, qPrintable(QString::number(longestGap)));
    }

    // A signed manifest whose whole-image or stored-payload digest disagrees with its chunk list
    // (a signer's mistake: `bundle create` never writes one). Every chunk matches. `bundle
    // verify` and an install's dry run recompute both digests and refuse it. The install itself
    // checks what it writes, each chunk against the signed list, their count and their size,
    // and not the same bytes three more times (PayloadCallbacks::recheckDigests): it writes
    // exactly the signed chunks, and records the signed image digest, which verify-slot then
    // finds contradicted by the slot.
    void selfContradictingManifestCaughtByVerify_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QByteArray>("inMessage");
        QTest::newRow("image sha256")
            << QStringLiteral("sha256") << QByteArray("decompressed image \"images/rootfs.zst\"");
        QTest::newRow("stored sha256") << QStringLiteral("stored_sha256")
                                       << QByteArray("stored payload \"images/rootfs.zst\"");
    }

    void selfContradictingManifestCaughtByVerify()
    {
        QFETCH(QString, field);
        QFETCH(QByteArray, inMessage);
        const QString device = createDevice(QStringLiteral("digest-") + field);
        QVERIFY(!device.isEmpty());
        const QByteArray image = imageFor(QStringLiteral("digest"), qsizetype(6) * 1024 * 1024);
        const QString bundle = makeBundle(device, QStringLiteral("2.0.0"), image);
        QVERIFY(!bundle.isEmpty());

        // Re-signed with the device's own key: only the one digest is wrong.
        auto key = seesaw::PrivateKey::fromPem(
            testutil::readFile(device + QStringLiteral("/signing-key.pem")));
        QVERIFY(key);
        auto items = testutil::readZipItems(bundle);
        QByteArray json;
        for (auto &item : items) {
            if (item.name != QLatin1String("manifest.json")) {
                continue;
            }
            auto m = seesaw::Manifest::fromJson(item.data);
            QVERIFY(m);
            seesaw::ImageInfo &img = m->images[0];
            (field == QLatin1String("sha256") ? img.sha256 : img.storedSha256) =
                seesaw::Sha256::hash("not this image");
            item.data = json = m->toJson();
        }
        for (auto &item : items) {
            if (item.name == QLatin1String("manifest.sig")) {
                item.data = seesaw::signManifest(json, {*key});
            }
        }
        QVERIFY(testutil::writeZipItems(bundle, items));

        RunResult r = testutil::run(
            testutil::cliPath(), {QStringLiteral("bundle"), QStringLiteral("verify"), bundle,
                                  QStringLiteral("--keyring"), device + QStringLiteral("/keys")});
        QByteArray out = r.out + r.err;
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(out.contains(inMessage), out.constData());
        r = seesaw(device, {QStringLiteral("install"), bundle, QStringLiteral("--dry-run")});
        out = r.out + r.err;
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(out.contains(inMessage), out.constData());
        QCOMPARE(status(device).value(QStringLiteral("primary")).toString(), QStringLiteral("A"));

        r = seesaw(device, {QStringLiteral("install"), bundle, QStringLiteral("--yes")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(slotBytes(device + QStringLiteral("/slots/rootfs.1.img"), image.size()), image);
        // What verify-slot re-reads is the signed chunks; what it compares them with is the
        // signed image digest, which here contradicts them.
        r = seesaw(device, {QStringLiteral("verify-slot"), QStringLiteral("other")});
        QCOMPARE(r.exitCode, field == QLatin1String("sha256") ? 1 : 0);
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
