// Risk: a device trusts a bundle it should not (wrong, unknown or revoked key, empty keyring,
// a key introduced by the very bundle it signs) or refuses one it should (a key rotated in
// through a bundle signed by an already trusted key), or a key trusted that anyone can forge
// signatures for.
#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "bundle/bundlewriter.h"
#include "ed25519forge.h"
#include "testutil.h"
#include "trust/keyring.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;

class TestTrust : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    PrivateKey m_old; // trusted by the device
    PrivateKey m_new; // to be rotated in
    QString m_image;

    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    QString makeBundle(const QString &name, const QList<PrivateKey> &keys,
                       const KeyUpdate &rotation = {})
    {
        BundleSpec spec;
        spec.compatible = QStringLiteral("acme-panel");
        spec.version = QStringLiteral("2.0.0");
        spec.images = {{QStringLiteral("rootfs"), m_image}};
        spec.signingKeys = keys;
        spec.keys = rotation;
        const QString out = path(name + QStringLiteral(".seesaw"));
        auto made = createBundle(spec, out);
        if (!made) {
            qWarning() << made.error().message;
        }
        return made ? out : QString();
    }

    QString keyringWith(const QString &name, const QList<PrivateKey> &keys,
                        const QList<QByteArray> &revoked = {})
    {
        QString dir = path(name);
        QDir().mkpath(dir);
        for (const PrivateKey &k : keys) {
            testutil::writeFile(dir + QLatin1Char('/') + toHex(k.publicKey().keyId()).left(8) +
                                    QStringLiteral(".pem"),
                                k.publicKey().toPem());
        }
        QByteArray lines = "# revoked signing keys\n";
        for (const QByteArray &id : revoked) {
            lines += toHex(id).toLatin1() + '\n';
        }
        if (!revoked.isEmpty()) {
            testutil::writeFile(dir + QStringLiteral("/revoked"), lines);
        }
        return dir;
    }

    // Exit code and stderr of `seesaw bundle info FILE --keyring DIR`.
    static testutil::RunResult info(const QString &bundle, const QString &keyring)
    {
        return testutil::runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                                 QStringLiteral("--keyring"), keyring});
    }

    // A copy of `bundle` whose manifest.json is changed until the identity "signature" of the
    // small-order key `raw` (order dividing `order`) verifies over it: a bundle made with no
    // private key at all. Returns its path and the manifest bytes.
    QString forgeBundle(const QString &bundle, const QByteArray &raw, unsigned order,
                        QByteArray *manifest)
    {
        QList<testutil::ZipItem> items = testutil::readZipItems(bundle);
        for (testutil::ZipItem &item : items) {
            if (item.name != QLatin1String("manifest.json")) {
                continue;
            }
            QJsonObject json = QJsonDocument::fromJson(item.data).object();
            for (int i = 0; i < 1000 && manifest->isEmpty(); ++i) {
                json.insert(QStringLiteral("build"), QStringLiteral("forged-%1").arg(i));
                const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
                if (forge::challengeModulo(raw, text, order) == 0) {
                    *manifest = text;
                }
            }
            item.data = *manifest;
        }
        const QByteArray keyId = Sha256::hash(forge::derFromRaw(raw));
        for (testutil::ZipItem &item : items) {
            if (item.name == QLatin1String("manifest.sig")) {
                item.data = makeSignatureFile({{keyId, forge::identitySignature()}});
            }
        }
        const QString out = path(QStringLiteral("forged.seesaw"));
        return !manifest->isEmpty() && testutil::writeZipItems(out, items) ? out : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto a = PrivateKey::generate();
        auto b = PrivateKey::generate();
        QVERIFY(a && b);
        m_old = *a;
        m_new = *b;
        m_image = path(QStringLiteral("rootfs.img"));
        QVERIFY(testutil::writeFile(m_image, testutil::textBytes(qsizetype(300) * 1024, 1)));
    }

    void verdicts_data()
    {
        QTest::addColumn<QString>("case_");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::newRow("trusted key") << QStringLiteral("trusted") << 0 << QString();
        QTest::newRow("wrong key") << QStringLiteral("wrong") << 1 << QStringLiteral("unknown key");
        QTest::newRow("empty keyring") << QStringLiteral("empty") << 1 << QStringLiteral("empty");
        QTest::newRow("revoked key") << QStringLiteral("revoked") << 1 << QStringLiteral("revoked");
        QTest::newRow("missing keyring")
            << QStringLiteral("missing") << 3 << QStringLiteral("keyring");
    }

    void verdicts()
    {
        QFETCH(QString, case_);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const QString bundle = makeBundle(QStringLiteral("signed-old"), {m_old});
        QVERIFY(!bundle.isEmpty());
        QString keyring;
        if (case_ == QLatin1String("trusted")) {
            keyring = keyringWith(QStringLiteral("kr-trusted"), {m_old});
        } else if (case_ == QLatin1String("wrong")) {
            keyring = keyringWith(QStringLiteral("kr-wrong"), {m_new});
        } else if (case_ == QLatin1String("empty")) {
            keyring = keyringWith(QStringLiteral("kr-empty"), {});
        } else if (case_ == QLatin1String("revoked")) {
            keyring = keyringWith(QStringLiteral("kr-revoked"), {m_old, m_new},
                                  {m_old.publicKey().keyId()});
        } else {
            keyring = path(QStringLiteral("does-not-exist"));
        }
        const auto r = info(bundle, keyring);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(says, Qt::CaseInsensitive), r.err.constData());
        if (exitCode == 1) { // an untrusted bundle shows nothing of its manifest
            QVERIFY(!r.out.contains("acme-panel"));
        }
    }

    // The signature names a key id that no keyring holds, and the message says which.
    void unknownKeyIdIsNamed()
    {
        const QString bundle = makeBundle(QStringLiteral("signed-new"), {m_new});
        const auto r = info(bundle, keyringWith(QStringLiteral("kr-old"), {m_old}));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(toHex(m_new.publicKey().keyId()).left(16).toLatin1()),
                 r.err.constData());
    }

    void rotation()
    {
        const QString keys = keyringWith(QStringLiteral("kr-device"), {m_old});
        const QString overlay = path(QStringLiteral("data/keys"));
        KeyUpdate addNew;
        addNew.addPem = {m_new.publicKey().toPem()};

        // Before rotation a bundle signed by the new key alone is refused.
        const QString byNew = makeBundle(QStringLiteral("by-new"), {m_new});
        auto device = Keyring::load(keys, overlay);
        QVERIFY(device);
        auto refused = BundleReader::open(byNew, *device);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("bundle.untrusted"));

        // A bundle that introduces the new key and is signed only by it cannot vouch for itself.
        const QString selfIntroduced =
            makeBundle(QStringLiteral("self-introduced"), {m_new}, addNew);
        auto self = BundleReader::open(selfIntroduced, *device, BundleReader::Trust::ShowUntrusted);
        QVERIFY(self);
        QVERIFY(!self->verdict().trusted);
        Status s = device->applyRotation(self->manifest().keys, self->verdict(), overlay);
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("keyring.rotation-untrusted"));
        QVERIFY(!QFile::exists(overlay + QStringLiteral("/") + toHex(m_new.publicKey().keyId()) +
                               QStringLiteral(".pem")));

        // The transition bundle, signed by the trusted key, carries the new key.
        const QString transition = makeBundle(QStringLiteral("transition"), {m_old, m_new}, addNew);
        auto t = BundleReader::open(transition, *device);
        QVERIFY2(t, t ? "" : qPrintable(t.error().message));
        QVERIFY(t->verdict().trusted);
        QCOMPARE(t->manifest().keys.addPem.size(), 1);
        s = device->applyRotation(t->manifest().keys, t->verdict(), overlay);
        QVERIFY2(s, s ? "" : qPrintable(s.error().message));

        // After a restart (reload), bundles signed by the new key alone are accepted...
        auto reloaded = Keyring::load(keys, overlay);
        QVERIFY(reloaded);
        auto accepted = BundleReader::open(byNew, *reloaded);
        QVERIFY2(accepted, accepted ? "" : qPrintable(accepted.error().message));
        QCOMPARE(accepted->verdict().keyId, m_new.publicKey().keyId());
        // ...but only through the overlay: the base keyring alone still refuses them.
        auto baseOnly = Keyring::load(keys);
        QVERIFY(baseOnly);
        QVERIFY(!BundleReader::open(byNew, *baseOnly));

        // A later bundle signed by the new key revokes the old one.
        KeyUpdate revokeOld;
        revokeOld.revokeKeyIds = {m_old.publicKey().keyId()};
        const QString revoking = makeBundle(QStringLiteral("revoking"), {m_new}, revokeOld);
        auto r = BundleReader::open(revoking, *reloaded);
        QVERIFY(r);
        QVERIFY(reloaded->applyRotation(r->manifest().keys, r->verdict(), overlay));
        auto afterRevoke = Keyring::load(keys, overlay);
        QVERIFY(afterRevoke);
        auto byOld =
            BundleReader::open(makeBundle(QStringLiteral("by-old"), {m_old}), *afterRevoke);
        QVERIFY(!byOld);
        QVERIFY2(byOld.error().message.contains(QLatin1String("revoked"), Qt::CaseInsensitive),
                 qPrintable(byOld.error().message));
    }

    // Issue 12: a rotation that adds the all-zero public key (order 4), say by an honest signer's
    // mistake, must not let anyone make bundles that verify. The forgery below uses no private
    // key; OpenSSL accepts it, so Seesaw must refuse the key wherever a key enters the keyring.
    void smallOrderKeyNeverTrusted()
    {
        const QByteArray zero(32, '\0');
        const QByteArray zeroPem = forge::pemFromRaw(zero);
        QByteArray forgedManifest;
        const QString forged =
            forgeBundle(makeBundle(QStringLiteral("to-forge"), {m_old}), zero, 4, &forgedManifest);
        QVERIFY(!forged.isEmpty());
        QVERIFY2(forge::opensslVerifies(zero, forgedManifest, forge::identitySignature()),
                 "the forgery does not even fool OpenSSL");

        // Entry 1: a rotation in a bundle signed by the trusted key.
        const QString keys = keyringWith(QStringLiteral("kr-zero-rotation"), {m_old});
        const QString overlay = path(QStringLiteral("zero-data/keys"));
        KeyUpdate addZero;
        addZero.addPem = {zeroPem};
        auto device = Keyring::load(keys, overlay);
        QVERIFY(device);
        auto transition =
            BundleReader::open(makeBundle(QStringLiteral("adds-zero"), {m_old}, addZero), *device);
        QVERIFY2(transition, transition ? "" : qPrintable(transition.error().message));
        const Status rotated =
            device->applyRotation(transition->manifest().keys, transition->verdict(), overlay);
        QVERIFY2(!rotated, "a key of small order was rotated in");
        QCOMPARE(rotated.error().code, QStringLiteral("keyring.rotation-invalid-key"));
        QVERIFY2(rotated.error().message.contains(QLatin1String("small order")),
                 qPrintable(rotated.error().message));
        QVERIFY(!QFileInfo::exists(overlay));
        auto afterRotation = Keyring::load(keys, overlay);
        QVERIFY(afterRotation);
        auto refused = BundleReader::open(forged, *afterRotation);
        QVERIFY2(!refused, "the forged bundle is trusted");

        // Entry 2: a key file in the keyring directory. The other key keeps working.
        const QString withFile = keyringWith(QStringLiteral("kr-zero-file"), {m_old});
        QVERIFY(testutil::writeFile(withFile + QStringLiteral("/zero.pem"), zeroPem));
        auto ring = Keyring::load(withFile);
        QVERIFY2(ring, ring ? "" : qPrintable(ring.error().message));
        QCOMPARE(ring->size(), 1);
        auto byFile = BundleReader::open(forged, *ring);
        QVERIFY2(!byFile, "the forged bundle is trusted");
        QCOMPARE(byFile.error().code, QStringLiteral("bundle.untrusted"));
        QVERIFY2(byFile.error().message.contains(QLatin1String("zero.pem")) &&
                     byFile.error().message.contains(QLatin1String("small order")),
                 qPrintable(byFile.error().message));
        QVERIFY(BundleReader::open(makeBundle(QStringLiteral("honest"), {m_old}), *ring));

        // Entry 3: `seesaw bundle create --add-key` refuses to put such a key into a manifest.
        const QString zeroFile = path(QStringLiteral("zero.pub.pem"));
        const QString signer = path(QStringLiteral("signer.pem"));
        QVERIFY(testutil::writeFile(zeroFile, zeroPem));
        QVERIFY(testutil::writeFile(signer, m_old.toPem()));
        const auto r = testutil::runCli(
            {QStringLiteral("bundle"), QStringLiteral("create"), QStringLiteral("--compatible"),
             QStringLiteral("acme-panel"), QStringLiteral("--version"), QStringLiteral("2.0.2"),
             QStringLiteral("--image"), QStringLiteral("rootfs=") + m_image,
             QStringLiteral("--key"), signer, QStringLiteral("--add-key"), zeroFile,
             QStringLiteral("-o"), path(QStringLiteral("cli-zero.seesaw"))});
        QVERIFY2(r.exitCode != 0, "bundle create put a small-order key into a manifest");
        QVERIFY2(r.err.contains("small order"), r.err.constData());
    }

    // `seesaw bundle create --add-key` puts the rotation into the signed manifest.
    void rotationFromCli()
    {
        const QString priv = path(QStringLiteral("old.pem"));
        const QString pub = path(QStringLiteral("new.pub.pem"));
        QVERIFY(testutil::writeFile(priv, m_old.toPem()));
        QVERIFY(testutil::writeFile(pub, m_new.publicKey().toPem()));
        const QString out = path(QStringLiteral("cli-transition.seesaw"));
        auto r = testutil::runCli({QStringLiteral("bundle"), QStringLiteral("create"),
                                   QStringLiteral("--compatible"), QStringLiteral("acme-panel"),
                                   QStringLiteral("--version"), QStringLiteral("2.0.1"),
                                   QStringLiteral("--image"), QStringLiteral("rootfs=") + m_image,
                                   QStringLiteral("--key"), priv, QStringLiteral("--add-key"), pub,
                                   QStringLiteral("-o"), out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        auto device = Keyring::load(keyringWith(QStringLiteral("kr-cli"), {m_old}));
        QVERIFY(device);
        auto reader = BundleReader::open(out, *device);
        QVERIFY(reader);
        QCOMPARE(reader->manifest().keys.addPem.size(), 1);
        QCOMPARE(PublicKey::fromPem(reader->manifest().keys.addPem.first())->keyId(),
                 m_new.publicKey().keyId());
    }
};

QTEST_GUILESS_MAIN(TestTrust)
#include "tst_trust.moc"
