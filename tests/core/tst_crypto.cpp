// Risk: a wrong hash, a signature that verifies when it should not, or a non-Ed25519 key accepted.
#include "ed25519forge.h"
#include "testutil.h"
#include "trust/crypto.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <optional>

using namespace seesaw;

namespace {

QByteArray hexHash(QByteArrayView data)
{
    return Sha256::hash(data).toHex();
}

QString opensslTool()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

// Runs the openssl tool; returns its stdout, or nothing (with a warning) on failure.
std::optional<QByteArray> runOpenssl(const QStringList &args)
{
    QProcess p;
    p.start(opensslTool(), args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning("openssl %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                 p.readAllStandardError().constData());
        return std::nullopt;
    }
    return p.readAllStandardOutput();
}

} // namespace

class TestCrypto : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sha256KnownAnswers_data();
    void sha256KnownAnswers();
    void sha256MillionAInPieces();
    void sha256ResetsAfterFinish();
    void sha256MovedObjectKeepsState();
    void signVerifyRoundTrip();
    void flippedBitFailsVerification_data();
    void flippedBitFailsVerification();
    void wrongKeyOrLengthFailsVerification();
    void pemRoundTrip();
    void keyIdMatchesOpensslTool();
    void foreignKeyTypesRefused_data();
    void foreignKeyTypesRefused();
    void garbageRefused_data();
    void garbageRefused();
    void encryptedPrivateKeyRefusedWithoutPrompt();
    void smallOrderKeysForgeableInOpenssl();
    void weakKeysRefused_data();
    void weakKeysRefused();
    void generatedKeysAccepted();
    void exitWhileAPoolThreadLeaves_data();
    void exitWhileAPoolThreadLeaves();
};

void TestCrypto::sha256KnownAnswers_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    // FIPS 180-2 test vectors.
    QTest::newRow("empty")
        << QByteArray()
        << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc")
                         << QByteArray(
                                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("two blocks")
        << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

void TestCrypto::sha256KnownAnswers()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QCOMPARE(hexHash(input), expected);

    Sha256 h;
    h.update(input);
    const QByteArray raw = h.finish();
    QCOMPARE(raw.size(), Sha256::Size);
    QCOMPARE(raw.toHex(), expected);
}

void TestCrypto::sha256MillionAInPieces()
{
    const QByteArray million(1000000, 'a');
    Sha256 h;
    // Odd-sized pieces that straddle the 64-byte block boundary in every possible way.
    static const qsizetype pieces[] = {1, 3, 7, 63, 64, 65, 127, 1000, 4093, 65537};
    qsizetype offset = 0;
    for (size_t i = 0; offset < million.size(); ++i) {
        const qsizetype n = std::min(pieces[i % std::size(pieces)], million.size() - offset);
        h.update(million.constData() + offset, size_t(n));
        offset += n;
    }
    QCOMPARE(h.finish().toHex(),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    QCOMPARE(hexHash(million),
             QByteArray("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestCrypto::sha256ResetsAfterFinish()
{
    Sha256 h;
    h.update(QByteArrayView("garbage before"));
    QVERIFY(!h.finish().isEmpty());
    h.update(QByteArrayView("abc"));
    QCOMPARE(h.finish().toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(h.finish().toHex(),
             QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

void TestCrypto::sha256MovedObjectKeepsState()
{
    Sha256 a;
    a.update(QByteArrayView("ab"));
    Sha256 b(std::move(a));
    b.update(QByteArrayView("c"));
    QCOMPARE(b.finish().toHex(),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void TestCrypto::signVerifyRoundTrip()
{
    const Result<PrivateKey> key = PrivateKey::generate();
    QVERIFY(key);
    const PublicKey pub = key->publicKey();
    QVERIFY(!pub.isNull());
    QCOMPARE(pub.keyId().size(), Sha256::Size);

    const QByteArray message = testutil::randomBytes(10000, 7);
    const QByteArray sig = key->sign(message);
    QCOMPARE(sig.size(), PublicKey::SignatureSize);
    QVERIFY(pub.verify(message, sig));
    // Ed25519 is deterministic: the same key and message give the same signature.
    QCOMPARE(key->sign(message), sig);
    QVERIFY(pub.verify(QByteArray(), key->sign(QByteArray())));
}

void TestCrypto::flippedBitFailsVerification_data()
{
    QTest::addColumn<bool>("inSignature");
    QTest::addColumn<int>("bit");
    for (int bit : {0, 7, 100, 511}) {
        QTest::addRow("signature bit %d", bit) << true << bit;
        QTest::addRow("message bit %d", bit) << false << bit;
    }
    QTest::addRow("message last bit") << false << (1000 * 8 - 1);
}

void TestCrypto::flippedBitFailsVerification()
{
    QFETCH(bool, inSignature);
    QFETCH(int, bit);
    const Result<PrivateKey> key = PrivateKey::generate();
    QVERIFY(key);
    QByteArray message = testutil::randomBytes(1000, 3);
    QByteArray sig = key->sign(message);
    QVERIFY(key->publicKey().verify(message, sig));

    QByteArray &target = inSignature ? sig : message;
    target[bit / 8] = char(target[bit / 8] ^ (1 << (bit % 8)));
    QVERIFY(!key->publicKey().verify(message, sig));
}

void TestCrypto::wrongKeyOrLengthFailsVerification()
{
    const Result<PrivateKey> k1 = PrivateKey::generate();
    const Result<PrivateKey> k2 = PrivateKey::generate();
    QVERIFY(k1 && k2);
    QVERIFY(k1->publicKey().keyId() != k2->publicKey().keyId());
    const QByteArray message("manifest bytes");
    const QByteArray sig = k1->sign(message);
    QVERIFY(!k2->publicKey().verify(message, sig));
    QVERIFY(!k1->publicKey().verify(message, sig.left(63)));
    QVERIFY(!k1->publicKey().verify(message, QByteArray(sig + '\0')));
    QVERIFY(!k1->publicKey().verify(message, QByteArray(64, '\0')));
    QVERIFY(!PublicKey().verify(message, sig));
    QVERIFY(PrivateKey().sign(message).isEmpty());
}

void TestCrypto::pemRoundTrip()
{
    const Result<PrivateKey> key = PrivateKey::generate();
    QVERIFY(key);
    const QByteArray privPem = key->toPem();
    QVERIFY(privPem.startsWith("-----BEGIN PRIVATE KEY-----"));
    const QByteArray pubPem = key->publicKey().toPem();
    QVERIFY(pubPem.startsWith("-----BEGIN PUBLIC KEY-----"));

    const Result<PublicKey> pub = PublicKey::fromPem(pubPem);
    QVERIFY(pub);
    QCOMPARE(pub->keyId(), key->publicKey().keyId());
    QCOMPARE(pub->toPem(), pubPem);

    const Result<PrivateKey> priv = PrivateKey::fromPem(privPem);
    QVERIFY(priv);
    QCOMPARE(priv->toPem(), privPem);
    QCOMPARE(priv->publicKey().keyId(), pub->keyId());
    QVERIFY(pub->verify("x", priv->sign("x")));

    const Result<PrivateKey> pubAsPriv = PrivateKey::fromPem(pubPem);
    QVERIFY(!pubAsPriv);
    QCOMPARE(pubAsPriv.error().code, QStringLiteral("key.invalid"));
}

void TestCrypto::keyIdMatchesOpensslTool()
{
    if (opensslTool().isEmpty() ||
        QStandardPaths::findExecutable(QStringLiteral("sha256sum")).isEmpty()) {
        QSKIP("openssl or sha256sum not installed");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Result<PrivateKey> key = PrivateKey::generate();
    QVERIFY(key);
    const QString pemPath = dir.filePath(QStringLiteral("pub.pem"));
    QVERIFY(testutil::writeFile(pemPath, key->publicKey().toPem()));

    // openssl pkey -pubin -outform DER | sha256sum
    QProcess openssl;
    QProcess sha256sum;
    openssl.setStandardOutputProcess(&sha256sum);
    openssl.start(opensslTool(),
                  {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-in"), pemPath,
                   QStringLiteral("-outform"), QStringLiteral("DER")});
    sha256sum.start(QStringLiteral("sha256sum"), QStringList());
    QVERIFY(openssl.waitForFinished(60000));
    QCOMPARE(openssl.exitCode(), 0);
    QVERIFY(sha256sum.waitForFinished(60000));
    QCOMPARE(sha256sum.exitCode(), 0);
    const QByteArray toolHex = sha256sum.readAllStandardOutput().left(64);
    QCOMPARE(toolHex, key->publicKey().keyId().toHex());
}

void TestCrypto::foreignKeyTypesRefused_data()
{
    QTest::addColumn<QStringList>("genpkeyArgs");
    QTest::newRow("rsa") << QStringList{QStringLiteral("-algorithm"), QStringLiteral("RSA"),
                                        QStringLiteral("-pkeyopt"),
                                        QStringLiteral("rsa_keygen_bits:2048")};
    QTest::newRow("ec p-256") << QStringList{QStringLiteral("-algorithm"), QStringLiteral("EC"),
                                             QStringLiteral("-pkeyopt"),
                                             QStringLiteral("ec_paramgen_curve:P-256")};
    QTest::newRow("ed448") << QStringList{QStringLiteral("-algorithm"), QStringLiteral("ED448")};
    QTest::newRow("x25519") << QStringList{QStringLiteral("-algorithm"), QStringLiteral("X25519")};
}

void TestCrypto::foreignKeyTypesRefused()
{
    QFETCH(QStringList, genpkeyArgs);
    if (opensslTool().isEmpty()) {
        QSKIP("openssl not installed");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString privPath = dir.filePath(QStringLiteral("priv.pem"));
    QVERIFY(runOpenssl(QStringList{QStringLiteral("genpkey")} + genpkeyArgs +
                       QStringList{QStringLiteral("-out"), privPath}));
    const QByteArray privPem = testutil::readFile(privPath);
    QVERIFY(privPem.contains("PRIVATE KEY"));
    const QByteArray pubPem = runOpenssl({QStringLiteral("pkey"), QStringLiteral("-in"), privPath,
                                          QStringLiteral("-pubout")})
                                  .value_or(QByteArray());
    QVERIFY(pubPem.startsWith("-----BEGIN PUBLIC KEY-----"));

    const Result<PublicKey> pub = PublicKey::fromPem(pubPem);
    QVERIFY(!pub);
    QCOMPARE(pub.error().code, QStringLiteral("key.not-ed25519"));
    QVERIFY(!pub.error().message.isEmpty());
    const Result<PrivateKey> priv = PrivateKey::fromPem(privPem);
    QVERIFY(!priv);
    QCOMPARE(priv.error().code, QStringLiteral("key.not-ed25519"));
}

void TestCrypto::garbageRefused_data()
{
    QTest::addColumn<QByteArray>("pem");
    QTest::addColumn<bool>("badPrivateKeyToo");
    const Result<PrivateKey> key = PrivateKey::generate();
    QVERIFY(key);
    const QByteArray good = key->publicKey().toPem();
    QByteArray corrupted = good;
    corrupted[40] = '!';

    QTest::newRow("empty") << QByteArray() << true;
    QTest::newRow("random bytes") << testutil::randomBytes(500, 11) << true;
    QTest::newRow("truncated") << good.left(good.size() / 2) << true;
    QTest::newRow("bad base64") << corrupted << true;
    QTest::newRow("private key given as public key") << key->toPem() << false;
    QTest::newRow("header only") << QByteArray(
                                        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n")
                                 << true;
    // A valid key after 8 KiB of padding: refused by size, before OpenSSL sees it.
    QTest::newRow("larger than 8 KiB")
        << QByteArray(QByteArray(qsizetype(8) * 1024, '#') + good) << true;
}

void TestCrypto::garbageRefused()
{
    QFETCH(QByteArray, pem);
    QFETCH(bool, badPrivateKeyToo);
    const Result<PublicKey> pub = PublicKey::fromPem(pem);
    QVERIFY(!pub);
    QCOMPARE(pub.error().code, QStringLiteral("key.invalid"));
    QVERIFY(!pub.error().message.isEmpty());
    if (!badPrivateKeyToo) {
        return;
    }
    const Result<PrivateKey> priv = PrivateKey::fromPem(pem);
    QVERIFY(!priv);
    QCOMPARE(priv.error().code, QStringLiteral("key.invalid"));
}

void TestCrypto::encryptedPrivateKeyRefusedWithoutPrompt()
{
    if (opensslTool().isEmpty()) {
        QSKIP("openssl not installed");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("enc.pem"));
    QVERIFY(runOpenssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"),
                        QStringLiteral("ED25519"), QStringLiteral("-aes-256-cbc"),
                        QStringLiteral("-pass"), QStringLiteral("pass:secret"),
                        QStringLiteral("-out"), path}));
    const QByteArray pem = testutil::readFile(path);
    QVERIFY(pem.contains("ENCRYPTED PRIVATE KEY"));
    const Result<PrivateKey> priv = PrivateKey::fromPem(pem);
    QVERIFY(!priv);
    QCOMPARE(priv.error().code, QStringLiteral("key.invalid"));
}

// The risk itself: for every key of small order OpenSSL accepts a "signature" made without any
// private key (R = identity, S = 0, the message varied until [k]A is the identity), so the only
// defence is never to trust such a key.
void TestCrypto::smallOrderKeysForgeableInOpenssl()
{
    const QList<QByteArray> ys = forge::smallOrderYs();
    QCOMPARE(QSet<QByteArray>(ys.cbegin(), ys.cend()).size(), 5);
    const QByteArray forged = forge::identitySignature();
    int forgeries = 0;
    for (const QByteArray &y : ys) {
        for (const bool negative : {false, true}) {
            QByteArray raw = y;
            if (negative) {
                raw[31] = char(uchar(raw[31]) | 0x80);
            }
            // x = 0 for y = 1 and y = p - 1: the sign bit set is not a canonical encoding.
            if (negative && (y == ys.at(1) || y == ys.at(2))) {
                continue;
            }
            QByteArray message;
            for (int i = 0; i < 256 && message.isEmpty(); ++i) {
                const QByteArray candidate = "forged manifest " + QByteArray::number(i);
                if (forge::challengeModulo(raw, candidate, 8) == 0) {
                    message = candidate;
                }
            }
            QVERIFY2(!message.isEmpty(), raw.toHex().constData());
            QVERIFY2(forge::opensslVerifies(raw, message, forged), raw.toHex().constData());
            ++forgeries;
        }
    }
    QCOMPARE(forgeries, 8); // one per point of the 8-torsion subgroup
}

void TestCrypto::weakKeysRefused_data()
{
    QTest::addColumn<QByteArray>("raw");
    for (const QByteArray &raw : forge::smallOrderEncodings()) {
        QTest::newRow(QByteArray("small order " + raw.toHex()).constData()) << raw;
    }
    // y >= p never comes out of an honest encoder, whatever point it may stand for.
    for (const int add : {0, 1, 2, 7, 18}) {
        QByteArray raw = forge::pPlus(add);
        const QByteArray name = "y = p + " + QByteArray::number(add);
        QTest::newRow(name.constData()) << raw;
        raw[31] = char(uchar(raw[31]) | 0x80);
        QTest::newRow(QByteArray(name + ", sign bit").constData()) << raw;
    }
}

void TestCrypto::weakKeysRefused()
{
    QFETCH(QByteArray, raw);
    const Result<PublicKey> key = PublicKey::fromPem(forge::pemFromRaw(raw));
    QVERIFY2(!key, "a key anyone can forge signatures for was accepted");
    QCOMPARE(key.error().code, QStringLiteral("key.weak"));
    QVERIFY2(key.error().message.contains(QLatin1String("small order")) ||
                 key.error().message.contains(QLatin1String("canonical")),
             qPrintable(key.error().message));
    // The same function guards key generation (seesaw keygen) and private keys.
    const Status checked = checkEd25519PublicKey(raw);
    QVERIFY(!checked);
    QCOMPARE(checked.error().message, key.error().message);
}

// Real keys pass the same check: a check that refused honest keys would lock devices out.
void TestCrypto::generatedKeysAccepted()
{
    QElapsedTimer clock;
    clock.start();
    constexpr int Count = 2000;
    for (int i = 0; i < Count; ++i) {
        const Result<PrivateKey> key = PrivateKey::generate();
        QVERIFY2(key, key ? "" : qPrintable(key.error().message));
        const QByteArray pem = key->publicKey().toPem();
        const Result<PublicKey> pub = PublicKey::fromPem(pem);
        QVERIFY2(pub, pub ? "" : qPrintable(pub.error().message));
        QByteArray base64;
        for (const QByteArray &line : pem.split('\n')) {
            base64 += line.startsWith("-----") ? QByteArray() : line;
        }
        QVERIFY(checkEd25519PublicKey(QByteArray::fromBase64(base64).right(32)));
    }
    qInfo("%d keys generated and checked in %lld ms", Count, qint64(clock.elapsed()));
}

// seesawd exited after it lost the bus while a reader thread was still leaving, and CI's
// LeakSanitizer found that thread's OpenSSL error state (904 bytes) lost: OpenSSL's exit handler
// had deleted the key whose destructor frees it. tests/core/cryptoexit.cpp makes that timing
// certain; the control proves that LeakSanitizer sees the loss, so that the fix is what passes.
void TestCrypto::exitWhileAPoolThreadLeaves_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("leaks");
    QTest::newRow("OpenSSL as it comes (control)") << QStringLiteral("default") << true;
    QTest::newRow("keepCryptoUntilExit") << QStringLiteral("keep") << false;
}

void TestCrypto::exitWhileAPoolThreadLeaves()
{
#ifndef SEESAW_SANITIZED
    QSKIP("needs LeakSanitizer (the asan preset)");
#endif
    QFETCH(QString, mode);
    QFETCH(bool, leaks);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ASAN_OPTIONS"), QStringLiteral("detect_leaks=1:exitcode=23"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(SEESAW_CRYPTO_EXIT), {mode});
    QVERIFY(p.waitForFinished(30000));
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), leaks ? 23 : 0);
    QCOMPARE(err.contains("LeakSanitizer: detected memory leaks"), leaks);
    if (leaks) {
        QVERIFY2(err.contains("Direct leak of"), err.constData());
    }
}

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"
