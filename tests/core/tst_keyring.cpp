// Risk: a bundle trusted without a valid signature by a trusted key, or key rotation abused.
#include "base/hostilestring.h"
#include "bundle/manifest.h"
#include "testutil.h"
#include "trust/crypto.h"
#include "trust/keyfile.h"
#include "trust/keyring.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;

namespace {

PrivateKey newKey()
{
    Result<PrivateKey> key = PrivateKey::generate();
    return key ? *key : PrivateKey();
}

QByteArray idOf(const PrivateKey &key)
{
    return key.publicKey().keyId();
}

QString hexOf(const PrivateKey &key)
{
    return toHex(idOf(key));
}

bool writeKey(const QString &directory, const QString &name, const PrivateKey &key)
{
    return QDir().mkpath(directory) &&
           testutil::writeFile(directory + QLatin1Char('/') + name, key.publicKey().toPem());
}

QJsonObject sigEntry(const QByteArray &keyId, const QByteArray &signature)
{
    QJsonObject o;
    o.insert(QStringLiteral("key_id"), toHex(keyId));
    o.insert(QStringLiteral("algorithm"), QStringLiteral("ed25519"));
    o.insert(QStringLiteral("signature"), QString::fromLatin1(signature.toBase64()));
    return o;
}

QByteArray sigJson(const QJsonArray &entries)
{
    QJsonObject root;
    root.insert(QStringLiteral("signatures"), entries);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

class TestKeyring : public QObject {
    Q_OBJECT

    // The main keyring trusts K1; the overlay is read when present.
    Result<Keyring> loadWithK1()
    {
        if (!writeKey(m_keys, QStringLiteral("k1.pem"), m_k1)) {
            return makeError(Error::Kind::Io, "test.setup", QStringLiteral("cannot write k1.pem"));
        }
        return Keyring::load(m_keys, m_overlay);
    }

    QTemporaryDir m_tmp;
    QString m_keys;    // main keyring directory
    QString m_overlay; // rotation overlay (not created up front)
    PrivateKey m_k1;
    PrivateKey m_k2;
    const QByteArray m_manifest = QByteArrayLiteral("{\"format\":1,\"compatible\":\"test-board\"}");

private Q_SLOTS:
    void init();
    void trustedKeyAccepted();
    void wrongKeyRefused();
    void tamperedManifestRefused();
    void emptyKeyringRefuses();
    void missingDirectory();
    void unusableKeyFileIgnoredAndNamed_data();
    void unusableKeyFileIgnoredAndNamed();
    void onlyPemRegularFilesLoaded();
    void revokedInMainDirectory();
    void revokedInOverlay();
    void malformedRevokedLineNamed();
    void malformedSignatureFiles_data();
    void malformedSignatureFiles();
    void signatureFileRoundTrip();
    void twoSignaturesOneUnknownStillTrusted();
    void rotationAddsKey();
    void rotationBySelfSignedKeyRefused();
    void rotationRevokesOldKey();
    void rotationWithInvalidKeyWritesNothing();
    void keyBothAddedAndRevokedIsRevoked();
    void rotationRevokingEveryKeyRefused();
    void namedKeyShowsItsName();
    void unnamedKeyHasNoName();
    void hostileKeyNameIgnored_data();
    void hostileKeyNameIgnored();
    void keyNameNeverAFormatString();
    void rotationCarriesKeyName();
    void rotationWithHostileKeyNameRefused();
};

void TestKeyring::init()
{
    QVERIFY(m_tmp.isValid());
    const QString base = m_tmp.filePath(
        QString::fromLatin1(QTest::currentTestFunction()) + QLatin1Char('-') +
        QString::fromLatin1(QTest::currentDataTag() != nullptr ? QTest::currentDataTag() : "")
            .replace(QLatin1Char(' '), QLatin1Char('_')));
    m_keys = base + QStringLiteral("/keys");
    m_overlay = base + QStringLiteral("/data/keys");
    QVERIFY(QDir().mkpath(m_keys));
    m_k1 = newKey();
    m_k2 = newKey();
    QVERIFY(!m_k1.isNull() && !m_k2.isNull());
}

void TestKeyring::trustedKeyAccepted()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("release.pem"), m_k1));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QCOMPARE(ring->size(), 1);
    QVERIFY(ring->isTrusted(idOf(m_k1)));

    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    QCOMPARE(v.keyId, idOf(m_k1));
    QCOMPARE(v.checks.size(), 1);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::Valid);
    QVERIFY2(v.message.contains(hexOf(m_k1).left(16)), qPrintable(v.message));
}

void TestKeyring::wrongKeyRefused()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("release.pem"), m_k1));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k2}));
    QVERIFY(!v.trusted);
    QVERIFY(v.keyId.isEmpty());
    QCOMPARE(v.checks.size(), 1);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::UnknownKey);
    QCOMPARE(v.checks[0].keyId, idOf(m_k2));
    QVERIFY2(v.message.contains(QStringLiteral("unknown key")), qPrintable(v.message));
    QVERIFY2(v.message.contains(hexOf(m_k2).left(16)), qPrintable(v.message));

    // A signature claiming K1's id but made by K2 does not match.
    const QByteArray forged = sigJson({sigEntry(idOf(m_k1), m_k2.sign(m_manifest))});
    const TrustVerdict f = ring->verify(m_manifest, forged);
    QVERIFY(!f.trusted);
    QCOMPARE(f.checks[0].status, SignatureCheck::Status::Invalid);
    QVERIFY2(f.message.contains(QStringLiteral("signature 1 by key ") + hexOf(m_k1).left(16)),
             qPrintable(f.message));
    QVERIFY2(f.message.contains(QStringLiteral("does not match")), qPrintable(f.message));
}

void TestKeyring::tamperedManifestRefused()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("release.pem"), m_k1));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    const QByteArray sig = signManifest(m_manifest, {m_k1});
    QByteArray tampered = m_manifest;
    tampered.replace("test-board", "evil-board");
    const TrustVerdict v = ring->verify(tampered, sig);
    QVERIFY(!v.trusted);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::Invalid);
    QVERIFY(!ring->verify(m_manifest + ' ', sig).trusted);
}

void TestKeyring::emptyKeyringRefuses()
{
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QVERIFY(ring->isEmpty());
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(!v.trusted);
    QVERIFY2(v.message.contains(QStringLiteral("empty")), qPrintable(v.message));
}

void TestKeyring::missingDirectory()
{
    const Result<Keyring> ring = Keyring::load(m_keys + QStringLiteral("/nope"));
    QVERIFY(!ring);
    QCOMPARE(ring.error().code, QStringLiteral("keyring.missing"));
    // A missing overlay is normal (no rotation happened yet).
    QVERIFY(writeKey(m_keys, QStringLiteral("a.pem"), m_k1));
    const Result<Keyring> withOverlay = Keyring::load(m_keys, m_overlay);
    QVERIFY(withOverlay);
    QCOMPARE(withOverlay->size(), 1);
}

void TestKeyring::unusableKeyFileIgnoredAndNamed_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("garbage") << QByteArray("not a key\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("larger than 8 KiB") << QByteArray(9000, '#');
}

// One unusable key file must not stop every update (the system keyring comes with the image, so
// only an update could fix it): that key is ignored, the others keep working, and a refusal
// names the ignored file.
void TestKeyring::unusableKeyFileIgnoredAndNamed()
{
    QFETCH(QByteArray, content);
    QVERIFY(writeKey(m_keys, QStringLiteral("a.pem"), m_k1));
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/broken-key.pem"), content));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY2(ring, ring ? "" : qPrintable(ring.error().message));
    QCOMPARE(ring->size(), 1);
    QCOMPARE(ring->ignoredKeyFiles().size(), 1);
    QVERIFY(ring->verify(m_manifest, signManifest(m_manifest, {m_k1})).trusted);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k2}));
    QVERIFY(!v.trusted);
    QVERIFY2(v.message.contains(QStringLiteral("broken-key.pem")), qPrintable(v.message));
}

void TestKeyring::onlyPemRegularFilesLoaded()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("a.pem"), m_k1));
    QVERIFY(writeKey(m_keys, QStringLiteral("b.pem.disabled"), m_k2));
    QVERIFY(writeKey(m_keys + QStringLiteral("/sub.pem"), QStringLiteral("c.pem"), m_k2));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QCOMPARE(ring->size(), 1);
    QVERIFY(ring->isTrusted(idOf(m_k1)));
    QVERIFY(!ring->isTrusted(idOf(m_k2)));
}

void TestKeyring::revokedInMainDirectory()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("k1.pem"), m_k1));
    QVERIFY(writeKey(m_keys, QStringLiteral("k2.pem"), m_k2));
    const QByteArray revoked =
        "# leaked on 2024-05-01\n\n   " + hexOf(m_k1).toUpper().toLatin1() + "  # laptop of J.\n";
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/revoked"), revoked));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QVERIFY(ring->isRevoked(idOf(m_k1)));
    QVERIFY(!ring->isTrusted(idOf(m_k1)));
    QVERIFY(ring->isTrusted(idOf(m_k2)));

    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(!v.trusted);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::Revoked);
    QVERIFY2(v.message.contains(QStringLiteral("revoked")), qPrintable(v.message));
    QVERIFY2(v.message.contains(hexOf(m_k1).left(16)), qPrintable(v.message));
    QVERIFY(ring->verify(m_manifest, signManifest(m_manifest, {m_k2})).trusted);
}

void TestKeyring::revokedInOverlay()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("k1.pem"), m_k1));
    QVERIFY(writeKey(m_overlay, QStringLiteral("k2.pem"), m_k2));
    QVERIFY(
        testutil::writeFile(m_overlay + QStringLiteral("/revoked"), hexOf(m_k1).toLatin1() + '\n'));
    const Result<Keyring> ring = Keyring::load(m_keys, m_overlay);
    QVERIFY(ring);
    QCOMPARE(ring->size(), 2);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(!v.trusted);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::Revoked);
    QVERIFY(ring->verify(m_manifest, signManifest(m_manifest, {m_k2})).trusted);
    // Without the overlay K1 is trusted again: the revocation lives only there.
    const Result<Keyring> mainOnly = Keyring::load(m_keys);
    QVERIFY(mainOnly);
    QVERIFY(mainOnly->verify(m_manifest, signManifest(m_manifest, {m_k1})).trusted);
}

void TestKeyring::malformedRevokedLineNamed()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("k1.pem"), m_k1));
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/revoked"),
                                "# comment\n" + hexOf(m_k2).toLatin1() + "\nabc123\n"));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(!ring);
    QCOMPARE(ring.error().code, QStringLiteral("keyring.invalid-revoked"));
    QVERIFY2(ring.error().message.contains(QStringLiteral("revoked, line 3")),
             qPrintable(ring.error().message));
}

void TestKeyring::malformedSignatureFiles_data()
{
    QTest::addColumn<QByteArray>("sigFile");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions"); // part of the message that points at the culprit

    const PrivateKey k1 = newKey();
    const PrivateKey k2 = newKey();
    const QByteArray sig = k1.sign("m");
    const QJsonObject good = sigEntry(idOf(k1), sig);
    const QString malformed = QStringLiteral("signature.malformed");

    QByteArray large = sigJson({good});
    large.append(QByteArray(limits::MaxSigFileBytes, ' '));
    QJsonArray many;
    for (int i = 0; i <= limits::MaxSignatures; ++i) {
        many.append(sigEntry(Sha256::hash(QByteArray::number(i)), sig));
    }
    QJsonObject badBase64 = sigEntry(idOf(k2), sig);
    badBase64.insert(QStringLiteral("signature"), QStringLiteral("!!!!not*base64"));
    QJsonObject shortSig = sigEntry(idOf(k2), sig.left(63));
    QJsonObject extra = good;
    extra.insert(QStringLiteral("comment"), QStringLiteral("hi"));
    QJsonObject rsa = good;
    rsa.insert(QStringLiteral("algorithm"), QStringLiteral("rsa-sha256"));
    QJsonObject shortId = good;
    shortId.insert(QStringLiteral("key_id"), hexOf(k1).left(62));
    QJsonObject nonHexId = good;
    nonHexId.insert(QStringLiteral("key_id"), QString(64, QLatin1Char('g')));
    QJsonObject numericSig = good;
    numericSig.insert(QStringLiteral("signature"), 42);

    QTest::newRow("not json") << QByteArray("this is not json") << malformed << QString();
    QTest::newRow("json array root") << QByteArray("[]") << malformed << QString();
    QTest::newRow("too large") << large << QStringLiteral("signature.too-large") << QString();
    QTest::newRow("too many signatures")
        << sigJson(many) << QStringLiteral("signature.too-many") << QString();
    QTest::newRow("no signatures") << sigJson({}) << QStringLiteral("signature.empty") << QString();
    QTest::newRow("signatures not a list")
        << QByteArray("{\"signatures\":{}}") << malformed << QString();
    QTest::newRow("entry not an object")
        << sigJson({good, 5}) << malformed << QStringLiteral("Signature 2");
    QTest::newRow("bad base64") << sigJson({good, badBase64}) << malformed
                                << QStringLiteral("Signature 2 (key ") + hexOf(k2);
    QTest::newRow("wrong length") << sigJson({good, shortSig}) << malformed
                                  << QStringLiteral("Signature 2 (key ") + hexOf(k2);
    QTest::newRow("duplicate key ids") << sigJson({good, good}) << malformed
                                       << QStringLiteral("Signature 2 repeats key ") + hexOf(k1);
    QTest::newRow("unknown field") << sigJson({extra}) << malformed << QStringLiteral("comment");
    QTest::newRow("unknown top-level field")
        << QByteArray(R"({"signatures":[],"x":1})") << malformed << QStringLiteral("\"x\"");
    QTest::newRow("wrong algorithm") << sigJson({rsa}) << malformed << QStringLiteral("rsa-sha256");
    QTest::newRow("short key id") << sigJson({shortId}) << malformed
                                  << QStringLiteral("Signature 1");
    QTest::newRow("non-hex key id")
        << sigJson({nonHexId}) << malformed << QStringLiteral("Signature 1");
    QTest::newRow("signature not a string")
        << sigJson({numericSig}) << malformed << QStringLiteral("signature");

    // One key id has one spelling: lower case, as `seesaw bundle` and `keygen` write it.
    QJsonObject upperId = good;
    upperId.insert(QStringLiteral("key_id"), hexOf(k1).toUpper());
    QTest::newRow("upper-case key id")
        << sigJson({upperId}) << malformed << QStringLiteral("Signature 1");
    QTest::newRow("same key id in both cases")
        << sigJson({good, upperId}) << malformed << QStringLiteral("Signature 2");
    // QJsonDocument keeps the last of two equal names: the reader would see another entry than
    // a reviewer of the file.
    const QByteArray entryText = QJsonDocument(good).toJson(QJsonDocument::Compact);
    QByteArray twoIds = entryText;
    twoIds.insert(1, R"("key_id":")" + hexOf(k2).toLatin1() + "\",");
    QTest::newRow("key_id twice in one entry")
        << QByteArray("{\"signatures\":[" + twoIds + "]}") << malformed
        << QStringLiteral("signatures[0].key_id");
    QTest::newRow("signatures twice")
        << QByteArray(R"({"signatures":[],"signatures":[)" + entryText + "]}") << malformed
        << QStringLiteral("signatures");
}

void TestKeyring::malformedSignatureFiles()
{
    QFETCH(QByteArray, sigFile);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const Result<QList<SignatureEntry>> parsed = parseSignatureFile(sigFile);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code, code);
    QVERIFY(!parsed.error().message.isEmpty());
    QVERIFY2(parsed.error().message.contains(mentions), qPrintable(parsed.error().message));

    // verify() turns the parse failure into an untrusted verdict that explains it.
    Keyring ring;
    ring.addTrusted(m_k1.publicKey());
    const TrustVerdict v = ring.verify(m_manifest, sigFile);
    QVERIFY(!v.trusted);
    QVERIFY(v.checks.isEmpty());
    QVERIFY2(v.message.contains(parsed.error().message), qPrintable(v.message));
}

void TestKeyring::signatureFileRoundTrip()
{
    const QList<SignatureEntry> entries = {{idOf(m_k1), m_k1.sign(m_manifest)},
                                           {idOf(m_k2), m_k2.sign(m_manifest)}};
    const Result<QList<SignatureEntry>> parsed = parseSignatureFile(makeSignatureFile(entries));
    QVERIFY(parsed);
    QCOMPARE(parsed->size(), 2);
    for (qsizetype i = 0; i < 2; ++i) {
        QCOMPARE(parsed->at(i).keyId, entries[i].keyId);
        QCOMPARE(parsed->at(i).signature, entries[i].signature);
    }
}

void TestKeyring::twoSignaturesOneUnknownStillTrusted()
{
    const Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    // The unknown key signs first: order must not matter.
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k2, m_k1}));
    QVERIFY(v.trusted);
    QCOMPARE(v.keyId, idOf(m_k1));
    QCOMPARE(v.checks.size(), 2);
    QCOMPARE(v.checks[0].status, SignatureCheck::Status::UnknownKey);
    QCOMPARE(v.checks[0].keyId, idOf(m_k2));
    QCOMPARE(v.checks[1].status, SignatureCheck::Status::Valid);
}

void TestKeyring::rotationAddsKey()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    QVERIFY(!ring->verify(m_manifest, signManifest(m_manifest, {m_k2})).trusted);

    const QByteArray transition = QByteArrayLiteral("{\"transition\":true}");
    const TrustVerdict v = ring->verify(transition, signManifest(transition, {m_k1}));
    QVERIFY(v.trusted);
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem()};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY2(st, st ? "" : qPrintable(st.error().message));
    QVERIFY(ring->isTrusted(idOf(m_k2)));

    // Exactly one new file, named by key id, no temp leftovers.
    const QStringList files = QDir(m_overlay).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(files, QStringList{hexOf(m_k2) + QStringLiteral(".pem")});
    const Result<PublicKey> stored =
        PublicKey::fromPem(testutil::readFile(m_overlay + QLatin1Char('/') + files[0]));
    QVERIFY(stored);
    QCOMPARE(stored->keyId(), idOf(m_k2));
    // Readable by the unprivileged UI (key ids are shown), writable only by the daemon.
    const QFile::Permissions world = QFile::ReadOther | QFile::WriteOther | QFile::WriteGroup;
    QCOMPARE(QFileInfo(m_overlay).permissions() & world, QFile::ReadOther);
    QCOMPARE(QFileInfo(m_overlay + QLatin1Char('/') + files[0]).permissions() & world,
             QFile::ReadOther);

    const Result<Keyring> reloaded = Keyring::load(m_keys, m_overlay);
    QVERIFY(reloaded);
    QCOMPARE(reloaded->size(), 2);
    const TrustVerdict byK2 = reloaded->verify(m_manifest, signManifest(m_manifest, {m_k2}));
    QVERIFY(byK2.trusted);
    QCOMPARE(byK2.keyId, idOf(m_k2));
}

void TestKeyring::rotationBySelfSignedKeyRefused()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    // An attacker's manifest signed only by K2 that introduces K2 itself.
    const QByteArray evil = QByteArrayLiteral("{\"keys\":\"k2\"}");
    const TrustVerdict v = ring->verify(evil, signManifest(evil, {m_k2}));
    QVERIFY(!v.trusted);
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem()};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY(!st);
    QCOMPARE(st.error().code, QStringLiteral("keyring.rotation-untrusted"));

    // A hand-made verdict claiming trust for a key this keyring does not trust is refused too.
    TrustVerdict forged;
    forged.trusted = true;
    forged.keyId = idOf(m_k2);
    const Status st2 = ring->applyRotation(update, forged, m_overlay);
    QVERIFY(!st2);
    QCOMPARE(st2.error().code, QStringLiteral("keyring.rotation-untrusted"));

    QVERIFY(!ring->isTrusted(idOf(m_k2)));
    QVERIFY(!QFileInfo::exists(m_overlay));
    const Result<Keyring> reloaded = Keyring::load(m_keys, m_overlay);
    QVERIFY(reloaded);
    QVERIFY(!reloaded->verify(evil, signManifest(evil, {m_k2})).trusted);
}

void TestKeyring::rotationRevokesOldKey()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const QByteArray transition = QByteArrayLiteral("{\"transition\":2}");
    const TrustVerdict v = ring->verify(transition, signManifest(transition, {m_k1}));
    QVERIFY(v.trusted);
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem()};
    update.revokeKeyIds = {idOf(m_k1)};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY2(st, st ? "" : qPrintable(st.error().message));
    QVERIFY(ring->isRevoked(idOf(m_k1)));

    const Result<Keyring> reloaded = Keyring::load(m_keys, m_overlay);
    QVERIFY(reloaded);
    const TrustVerdict byK1 = reloaded->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(!byK1.trusted);
    QCOMPARE(byK1.checks[0].status, SignatureCheck::Status::Revoked);
    QVERIFY(reloaded->verify(m_manifest, signManifest(m_manifest, {m_k2})).trusted);

    // A second rotation keeps the earlier revocation.
    const PrivateKey k3 = newKey();
    const TrustVerdict v2 = reloaded->verify(transition, signManifest(transition, {m_k2}));
    KeyUpdate second;
    second.addPem = {k3.publicKey().toPem()};
    second.revokeKeyIds = {Sha256::hash("some other key")};
    Keyring again = *reloaded;
    QVERIFY(again.applyRotation(second, v2, m_overlay));
    const Result<Keyring> third = Keyring::load(m_keys, m_overlay);
    QVERIFY(third);
    QVERIFY(third->isRevoked(idOf(m_k1)));
    QVERIFY(third->isRevoked(Sha256::hash("some other key")));
    QVERIFY(third->isTrusted(idOf(k3)));
}

void TestKeyring::rotationWithInvalidKeyWritesNothing()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem(),
                     QByteArray("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")};
    update.revokeKeyIds = {Sha256::hash("x")};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY(!st);
    QCOMPARE(st.error().code, QStringLiteral("keyring.rotation-invalid-key"));
    QVERIFY2(st.error().message.contains(QStringLiteral("2")), qPrintable(st.error().message));
    QVERIFY(!QFileInfo::exists(m_overlay));
    QVERIFY(!ring->isTrusted(idOf(m_k2)));
    QVERIFY(!ring->isRevoked(Sha256::hash("x")));
}

void TestKeyring::keyBothAddedAndRevokedIsRevoked()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem()};
    update.revokeKeyIds = {idOf(m_k2)};
    QVERIFY(ring->applyRotation(update, v, m_overlay));
    QVERIFY(!ring->isTrusted(idOf(m_k2)));
    const Result<Keyring> reloaded = Keyring::load(m_keys, m_overlay);
    QVERIFY(reloaded);
    QVERIFY(reloaded->isRevoked(idOf(m_k2)));
    const TrustVerdict byK2 = reloaded->verify(m_manifest, signManifest(m_manifest, {m_k2}));
    QVERIFY(!byK2.trusted);
    QCOMPARE(byK2.checks[0].status, SignatureCheck::Status::Revoked);
}

void TestKeyring::rotationRevokingEveryKeyRefused()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    KeyUpdate update;
    update.revokeKeyIds = {idOf(m_k1)};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY(!st);
    QCOMPARE(st.error().code, QStringLiteral("keyring.rotation-lockout"));
    QVERIFY(ring->isTrusted(idOf(m_k1)));
    QVERIFY(!QFileInfo::exists(m_overlay));
}

// Issue 14.8: a key file may name its key; the verdict names the signer by that name and id.
void TestKeyring::namedKeyShowsItsName()
{
    const QString name = QStringLiteral("Acme release key 2026");
    const QByteArray file = makeKeyFile(m_k1.publicKey(), name);
    QVERIFY(file.endsWith("-----END PUBLIC KEY-----\nSeesaw-Key-Name: Acme release key 2026\n"));
    // Readers that only want the key (Seesaw before names, OpenSSL) still read it unchanged.
    const Result<PublicKey> plain = PublicKey::fromPem(file);
    QVERIFY(plain);
    QCOMPARE(plain->keyId(), idOf(m_k1));
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/release.pem"), file));

    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QCOMPARE(ring->keyName(idOf(m_k1)), name);
    QVERIFY(ring->warnings().isEmpty());
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    QCOMPARE(v.keyId, idOf(m_k1));
    QCOMPARE(v.keyName, name);
    QVERIFY2(v.message.contains(name), qPrintable(v.message));
    // The id once, shortened, beside the name.
    QCOMPARE(v.message.count(hexOf(m_k1).left(16)), 1);
}

void TestKeyring::unnamedKeyHasNoName()
{
    QVERIFY(writeKey(m_keys, QStringLiteral("release.pem"), m_k1));
    // Text outside the PEM block that is not a name line is ignored, as it always was.
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/other.pem"),
                                "Key of the night shift\n" + m_k2.publicKey().toPem() +
                                    "Seesaw-Key-Names: not the tag\n"));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    QCOMPARE(ring->size(), 2);
    QVERIFY(ring->keyName(idOf(m_k1)).isEmpty());
    QVERIFY(ring->keyName(idOf(m_k2)).isEmpty());
    QVERIFY(ring->warnings().isEmpty());
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    QVERIFY(v.keyName.isEmpty());
    QVERIFY2(v.message.contains(hexOf(m_k1).left(16)), qPrintable(v.message));
}

void TestKeyring::hostileKeyNameIgnored_data()
{
    QTest::addColumn<QByteArray>("nameLines");
    QTest::addColumn<QString>("reason");
    const QByteArray tag = "Seesaw-Key-Name: ";
    QTest::newRow("65 characters") << tag + QByteArray(65, 'x') + '\n' << QStringLiteral("longer");
    QTest::newRow("65 characters of CJK") << tag + QString(65, QChar(0x9375)).toUtf8() + '\n'
                                          << QStringLiteral("longer");
    QTest::newRow("control character") << tag + "Acme\x1b[2Jkey\n"
                                       << QStringLiteral("control or invisible");
    QTest::newRow("tab inside") << tag + "Acme\tkey\n" << QStringLiteral("control or invisible");
    QTest::newRow("NUL inside") << tag + QByteArray("Acme\0key\n", 9)
                                << QStringLiteral("control or invisible");
    QTest::newRow("bidi override") << tag + QStringLiteral("Acme \u202Eyek").toUtf8() + '\n'
                                   << QStringLiteral("control or invisible");
    QTest::newRow("invalid UTF-8") << tag + "Acme \xff\xfe key\n" << QStringLiteral("UTF-8");
    QTest::newRow("overlong UTF-8") << tag + "Acme \xc0\xaf key\n" << QStringLiteral("UTF-8");
    QTest::newRow("empty") << tag + "  \n" << QStringLiteral("empty");
    QTest::newRow("twice") << tag + "One\n" + tag + "Two\n" << QStringLiteral("more than one");
}

// A key file from elsewhere is untrusted: an unusable name line leaves the key trusted but
// unnamed, with a warning naming the file and the reason; nothing of the name is shown.
void TestKeyring::hostileKeyNameIgnored()
{
    QFETCH(QByteArray, nameLines);
    QFETCH(QString, reason);
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/hostile.pem"),
                                m_k1.publicKey().toPem() + nameLines));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY2(ring, ring ? "" : qPrintable(ring.error().message));
    QVERIFY(ring->isTrusted(idOf(m_k1)));
    QVERIFY(ring->keyName(idOf(m_k1)).isEmpty());
    QVERIFY(ring->ignoredKeyFiles().isEmpty());
    QCOMPARE(ring->warnings().size(), 1);
    QVERIFY2(ring->warnings()[0].contains(QStringLiteral("hostile.pem")) &&
                 ring->warnings()[0].contains(reason),
             qPrintable(ring->warnings()[0]));
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    QVERIFY(v.keyName.isEmpty());
    QVERIFY2(!v.message.contains(QStringLiteral("Acme")), qPrintable(v.message));

    const Result<KeyFile> parsed = parseKeyFile(QByteArray(m_k1.publicKey().toPem() + nameLines));
    QVERIFY(parsed);
    QVERIFY(parsed->name.isEmpty());
    QVERIFY(parsed->nameProblem.contains(reason));
}

void TestKeyring::keyNameNeverAFormatString()
{
    // 64 characters, multi-byte, printable: the longest name allowed, kept as written.
    const QString longest = QStringLiteral("%1 %2 %n %s <b>") + QString(49, QChar(0x00e9));
    QCOMPARE(longest.size(), limits::MaxKeyNameChars);
    QVERIFY(checkKeyName(longest));
    QVERIFY(testutil::writeFile(m_keys + QStringLiteral("/k.pem"),
                                makeKeyFile(m_k1.publicKey(), longest)));
    const Result<Keyring> ring = Keyring::load(m_keys);
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QCOMPARE(v.keyName, longest);
    QVERIFY2(v.message.contains(longest), qPrintable(v.message));
    QVERIFY2(v.message.contains(hexOf(m_k1).left(16)), qPrintable(v.message));
}

// Key rotation carries a key's name in the same file format and stores it with the key.
void TestKeyring::rotationCarriesKeyName()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    KeyUpdate update;
    update.addPem = {makeKeyFile(m_k2.publicKey(), QStringLiteral("Acme release key 2027"))};
    // The manifest's shape check (unchanged since before names) accepts such an entry.
    QVERIFY(update.addPem[0].startsWith("-----BEGIN PUBLIC KEY-----"));
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY2(st, st ? "" : qPrintable(st.error().message));
    QCOMPARE(ring->keyName(idOf(m_k2)), QStringLiteral("Acme release key 2027"));

    const QByteArray stored =
        testutil::readFile(m_overlay + QLatin1Char('/') + hexOf(m_k2) + QStringLiteral(".pem"));
    QCOMPARE(stored, update.addPem[0]);
    const Result<Keyring> reloaded = Keyring::load(m_keys, m_overlay);
    QVERIFY(reloaded);
    const TrustVerdict byK2 = reloaded->verify(m_manifest, signManifest(m_manifest, {m_k2}));
    QVERIFY(byK2.trusted);
    QCOMPARE(byK2.keyName, QStringLiteral("Acme release key 2027"));
}

void TestKeyring::rotationWithHostileKeyNameRefused()
{
    Result<Keyring> ring = loadWithK1();
    QVERIFY(ring);
    const TrustVerdict v = ring->verify(m_manifest, signManifest(m_manifest, {m_k1}));
    QVERIFY(v.trusted);
    KeyUpdate update;
    update.addPem = {m_k2.publicKey().toPem() + "Seesaw-Key-Name: Acme\x07key\n"};
    const Status st = ring->applyRotation(update, v, m_overlay);
    QVERIFY(!st);
    QCOMPARE(st.error().code, QStringLiteral("keyring.rotation-invalid-key"));
    QVERIFY2(st.error().message.contains(QStringLiteral("control")),
             qPrintable(st.error().message));
    QVERIFY(!QFileInfo::exists(m_overlay));
    QVERIFY(!ring->isTrusted(idOf(m_k2)));
}

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
