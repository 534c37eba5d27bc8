// Risk: a bundle made by `seesaw bundle create` does not read back as exactly the images that
// went in (one or two images, larger than 4 GiB), or info/verify disagree with it, or create
// makes a bundle a device must not install (an empty image, chunks too large for its memory).
#include "base/directio.h"
#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "bundle/bundlespec.h"
#include "bundle/bundlewriter.h"
#include "bundle/payloadstream.h"
#include "bundle/zipindex.h"
#include "testutil.h"
#include "trust/crypto.h"
#include "trust/keyring.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <unistd.h>

using namespace seesaw;
using testutil::runCli;

class TestBundle : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    // Reads every verified chunk of an image back through the streaming pipeline.
    static QByteArray streamedImage(const BundleReader &reader, const ImageInfo &image)
    {
        QByteArray out;
        const auto where = reader.payload(image);
        PayloadCallbacks callbacks;
        callbacks.sink = [&](quint64, QByteArrayView chunk) -> Status {
            out.append(chunk.data(), chunk.size());
            return Ok{};
        };
        auto s =
            streamPayload(image, {reader.fd(), where.offset, where.size, where.crc32}, callbacks);
        if (!s) {
            qWarning() << s.error().message;
        }
        return s ? out : QByteArray("failed");
    }

    // Version 1.0.0 of one rootfs image, cut into chunks of chunkSize.
    static BundleSpec rootfsSpec(const QString &image, const PrivateKey &key, quint32 chunkSize)
    {
        BundleSpec spec;
        spec.compatible = QStringLiteral("acme-panel");
        spec.version = QStringLiteral("1.0.0");
        spec.images = {{QStringLiteral("rootfs"), image}};
        spec.signingKeys = {key};
        spec.chunkSize = chunkSize;
        return spec;
    }

    // `seesaw bundle create` at level 1 for one rootfs image.
    [[nodiscard]] testutil::RunResult createFast(const QString &image, const QString &bundle) const
    {
        return runCli(
            {QStringLiteral("bundle"), QStringLiteral("create"), QStringLiteral("--compatible"),
             QStringLiteral("acme-panel"), QStringLiteral("--version"), QStringLiteral("3.0.0"),
             QStringLiteral("--image"), QStringLiteral("rootfs=") + image, QStringLiteral("--key"),
             path(QStringLiteral("k.pem")), QStringLiteral("--level"), QStringLiteral("1"),
             QStringLiteral("-o"), bundle});
    }

    // The "signature" object of `bundle info --json` against a keyring (empty when it fails);
    // what it printed on stderr in *err.
    static QJsonObject infoSignature(const QString &bundle, const QString &keyring,
                                     QByteArray *err = nullptr)
    {
        const auto r = runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                               QStringLiteral("--keyring"), keyring, QStringLiteral("--json")});
        if (err != nullptr) {
            *err = r.err;
        }
        if (r.exitCode != 0) {
            return {};
        }
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        return summary.value(QStringLiteral("signature")).toObject();
    }

    // roundTrip(): bundles the images (their bytes in *contents) with release notes.
    void createRoundTripBundle(const QString &tag, const QStringList &classes,
                               const QList<qsizetype> &sizes, const QString &bundle,
                               QList<QByteArray> *contents)
    {
        QStringList args{QStringLiteral("bundle"),        QStringLiteral("create"),
                         QStringLiteral("--compatible"),  QStringLiteral("acme-panel"),
                         QStringLiteral("--version"),     QStringLiteral("2.1.0-rc.1"),
                         QStringLiteral("--hardware"),    QStringLiteral("rev-b"),
                         QStringLiteral("--min-version"), QStringLiteral("1.0.0"),
                         QStringLiteral("--key"),         path(QStringLiteral("k.pem"))};
        for (qsizetype i = 0; i < classes.size(); ++i) {
            // Half random, half text: both zstd's raw and compressed block paths are used.
            QByteArray data = testutil::randomBytes(sizes[i] / 2, quint32(i + 1)) +
                              testutil::textBytes(sizes[i] - sizes[i] / 2, quint32(i + 7));
            const QString file = path(tag + QLatin1Char('-') + classes[i] + QStringLiteral(".img"));
            QVERIFY(testutil::writeFile(file, data));
            contents->append(data);
            args << QStringLiteral("--image") << classes[i] + QLatin1Char('=') + file;
        }
        const QString notes = path(tag + QStringLiteral("-notes.md"));
        QVERIFY(testutil::writeFile(notes, "# 2.1.0\nFaster boot.\n"));
        args << QStringLiteral("--notes") << QStringLiteral("en=") + notes << QStringLiteral("-o")
             << bundle;
        auto r = runCli(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // roundTrip(): `bundle info` describes exactly what went in, and the signature is trusted.
    void checkRoundTripInfo(const QString &bundle, const QStringList &classes,
                            const QList<qsizetype> &sizes, const QList<QByteArray> &contents)
    {
        const auto r = runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                               QStringLiteral("--keyring"), path(QStringLiteral("keys")),
                               QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject info = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(info.value(QStringLiteral("signature"))
                     .toObject()
                     .value(QStringLiteral("trusted"))
                     .toBool(),
                 true);
        const QJsonObject manifest = info.value(QStringLiteral("manifest")).toObject();
        QCOMPARE(manifest.value(QStringLiteral("version")).toString(),
                 QStringLiteral("2.1.0-rc.1"));
        QCOMPARE(manifest.value(QStringLiteral("compatible")).toString(),
                 QStringLiteral("acme-panel"));
        QCOMPARE(manifest.value(QStringLiteral("release_notes"))
                     .toObject()
                     .value(QStringLiteral("en"))
                     .toString(),
                 QStringLiteral("# 2.1.0\nFaster boot.\n"));
        const QJsonArray images = manifest.value(QStringLiteral("images")).toArray();
        QCOMPARE(images.size(), classes.size());
        for (qsizetype i = 0; i < classes.size(); ++i) {
            const QJsonObject image = images[i].toObject();
            QCOMPARE(image.value(QStringLiteral("slot_class")).toString(), classes[i]);
            QCOMPARE(qsizetype(image.value(QStringLiteral("size")).toDouble()), sizes[i]);
            // An independent SHA-256 (Qt's, not OpenSSL's) of the input.
            QCOMPARE(
                image.value(QStringLiteral("sha256")).toString(),
                QString::fromLatin1(
                    QCryptographicHash::hash(contents[i], QCryptographicHash::Sha256).toHex()));
        }
        // The manifest hash identifies the bundle: it is the SHA-256 of manifest.json.
        const auto items = testutil::readZipItems(bundle);
        const auto manifestItem = std::find_if(items.cbegin(), items.cend(), [](const auto &it) {
            return it.name == QLatin1String("manifest.json");
        });
        QVERIFY(manifestItem != items.cend());
        QCOMPARE(
            info.value(QStringLiteral("manifest_sha256")).toString(),
            QString::fromLatin1(
                QCryptographicHash::hash(manifestItem->data, QCryptographicHash::Sha256).toHex()));
    }

    // roundTrip(): `bundle verify` accepts the bundle, and both the streaming reader and zstd give
    // back the original bytes.
    void checkRoundTripContents(const QString &tag, const QString &bundle,
                                const QStringList &classes, const QList<QByteArray> &contents)
    {
        const auto r = runCli({QStringLiteral("bundle"), QStringLiteral("verify"), bundle,
                               QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("OK"));

        // The streaming pass hands on exactly the original bytes.
        auto keyring = Keyring::load(path(QStringLiteral("keys")));
        QVERIFY(keyring);
        auto reader = BundleReader::open(bundle, *keyring);
        QVERIFY2(reader, reader ? "" : qPrintable(reader.error().message));
        for (qsizetype i = 0; i < classes.size(); ++i) {
            QCOMPARE(streamedImage(*reader, *reader->manifest().image(classes[i])), contents[i]);
        }

        const auto items = testutil::readZipItems(bundle);
        // The payload is a plain zstd frame: a technician's `zstd -d` reads the same bytes.
        const QString payload = path(tag + QStringLiteral("-payload.zst"));
        const auto payloadItem = std::find_if(items.cbegin(), items.cend(), [&](const auto &it) {
            return it.name == QStringLiteral("images/%1.zst").arg(classes[0]);
        });
        QVERIFY(payloadItem != items.cend());
        QVERIFY(testutil::writeFile(payload, payloadItem->data));
        QProcess zstd;
        zstd.start(QStringLiteral("zstd"),
                   {QStringLiteral("-q"), QStringLiteral("-d"), QStringLiteral("-c"), payload});
        QVERIFY(zstd.waitForFinished(60000));
        QCOMPARE(zstd.readAllStandardOutput(), contents[0]);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir().mkpath(path(QStringLiteral("keys"))));
        auto r = runCli({QStringLiteral("keygen"), QStringLiteral("--out"),
                         path(QStringLiteral("k.pem")), QStringLiteral("--public"),
                         path(QStringLiteral("keys/k.pem"))});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("key id: "));
        // Refuses to overwrite an existing key.
        r = runCli(
            {QStringLiteral("keygen"), QStringLiteral("--out"), path(QStringLiteral("k.pem"))});
        QCOMPARE(r.exitCode, 3);
    }

    void roundTrip_data()
    {
        QTest::addColumn<QStringList>("classes");
        QTest::addColumn<QList<qsizetype>>("sizes");
        QTest::newRow("one image") << QStringList{QStringLiteral("rootfs")}
                                   << QList<qsizetype>{qsizetype(9) * 1024 * 1024 + 17};
        QTest::newRow("two images")
            << QStringList{QStringLiteral("rootfs"), QStringLiteral("appfs")}
            << QList<qsizetype>{qsizetype(5) * 1024 * 1024, qsizetype(300) * 1024 + 3};
    }

    void roundTrip()
    {
        QFETCH(QStringList, classes);
        QFETCH(QList<qsizetype>, sizes);
        const QString tag = QString::fromLatin1(QTest::currentDataTag())
                                .replace(QLatin1Char(' '), QLatin1Char('-'));
        const QString bundle = path(tag + QStringLiteral(".seesaw"));
        QList<QByteArray> contents;
        createRoundTripBundle(tag, classes, sizes, bundle, &contents);
        if (QTest::currentTestFailed()) {
            return;
        }
        checkRoundTripInfo(bundle, classes, sizes, contents);
        if (QTest::currentTestFailed()) {
            return;
        }
        checkRoundTripContents(tag, bundle, classes, contents);
    }

    // Sizes and offsets past 4 GiB: a sparse image, so the test stays quick.
    void largerThan4GiB()
    {
        const QString image = path(QStringLiteral("large.img"));
        const qint64 size = (qint64(4) << 30) + qint64(5) * 1024 * 1024 + 123;
        {
            QFile f(image);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(size));
            for (qint64 at : {qint64(0), qint64(2) << 30, (qint64(4) << 30) + 1024, size - 4096}) {
                QVERIFY(f.seek(at));
                QVERIFY(f.write(testutil::randomBytes(4096, quint32(at >> 12))) == 4096);
            }
        }
        const QString bundle = path(QStringLiteral("large.seesaw"));
        auto r = createFast(image, bundle);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                    QStringLiteral("--keyring"), path(QStringLiteral("keys")),
                    QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject img =
            QJsonDocument::fromJson(r.out)
                .object()[QStringLiteral("manifest")][QStringLiteral("images")][0]
                .toObject();
        QCOMPARE(qint64(img.value(QStringLiteral("size")).toDouble()), size);
        QCOMPARE(img.value(QStringLiteral("chunk_sha256")).toArray().size(),
                 qsizetype((size + (4 << 20) - 1) / (4 << 20)));
        // Independent digest of the whole image from the openssl tool.
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"), {QStringLiteral("dgst"), QStringLiteral("-sha256"),
                                                  QStringLiteral("-r"), image});
        QVERIFY(openssl.waitForFinished(300000));
        QCOMPARE(img.value(QStringLiteral("sha256")).toString().toLatin1(),
                 openssl.readAllStandardOutput().left(64));

        r = runCli({QStringLiteral("bundle"), QStringLiteral("verify"), bundle,
                    QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile::remove(image);
    }

    // A payload that does not compress, so the archive itself passes 4 GiB: ZIP64 sizes,
    // offsets and end records, as written by QuaZip and read by our index and by unzip.
    void zip64Archive()
    {
        if (QStorageInfo(m_dir.path()).bytesAvailable() < (qint64(12) << 30)) {
            QSKIP("needs 12 GiB free in the temporary directory");
        }
        const QString image = path(QStringLiteral("incompressible.img"));
        const qint64 size = (qint64(4) << 30) + qint64(3) * 1024 * 1024 + 5;
        {
            QFile f(image);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray block(qsizetype(8) * 1024 * 1024, Qt::Uninitialized);
            quint64 state = 0x9e3779b97f4a7c15ULL;
            for (qint64 written = 0; written < size;) {
                auto *words = reinterpret_cast<quint64 *>(block.data());
                for (qsizetype i = 0; i < block.size() / 8;
                     ++i) { // xorshift64: fast, incompressible
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    words[i] = state;
                }
                const qint64 n = std::min<qint64>(block.size(), size - written);
                QCOMPARE(f.write(block.constData(), n), n);
                written += n;
            }
        }
        const QString bundle = path(QStringLiteral("zip64.seesaw"));
        auto r = createFast(image, bundle);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile::remove(image);
        QVERIFY(QFileInfo(bundle).size() > (qint64(4) << 30));

        const int fd = ::open(QFile::encodeName(bundle).constData(), O_RDONLY | O_CLOEXEC);
        QVERIFY(fd >= 0);
        auto entries = readZipIndex(fd, quint64(QFileInfo(bundle).size()));
        ::close(fd);
        QVERIFY2(entries, entries ? "" : qPrintable(entries.error().message));
        for (const ZipEntry &e : *entries) {
            if (e.name == QLatin1String("images/rootfs.zst")) {
                QVERIFY(e.compressedSize > (quint64(4) << 30));
            }
            if (e.name == QLatin1String("manifest.json")) {
                QVERIFY(e.localHeaderOffset > (quint64(4) << 30));
            }
        }
        // What a technician's laptop sees: unzip lists and checks every entry.
        QProcess unzip;
        unzip.start(QStringLiteral("unzip"), {QStringLiteral("-tq"), bundle});
        QVERIFY(unzip.waitForFinished(600000));
        QVERIFY2(unzip.exitCode() == 0, unzip.readAllStandardOutput().constData());

        r = runCli({QStringLiteral("bundle"), QStringLiteral("verify"), bundle,
                    QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile::remove(bundle);
    }

    // Risk: a "%1" in a signed free field is substituted by a later .arg() or shown as markup,
    // so `bundle create/info/verify` print something other than what the manifest says.
    void hostileTextPrintedLiterally()
    {
        const QString hostile = QStringLiteral("%1 %2 <b>&#x202e;");
        const QString image = path(QStringLiteral("hostile.img"));
        QVERIFY(testutil::writeFile(image, testutil::textBytes(4096, 3)));
        const QString notes = path(QStringLiteral("hostile-notes.md"));
        QVERIFY(testutil::writeFile(notes, hostile.toUtf8()));
        const QString bundle = path(hostile + QStringLiteral(".seesaw"));
        auto r = runCli({QStringLiteral("bundle"), QStringLiteral("create"),
                         QStringLiteral("--compatible"), hostile, QStringLiteral("--version"),
                         QStringLiteral("3.0.0"), QStringLiteral("--build"), hostile,
                         QStringLiteral("--hardware"), hostile, QStringLiteral("--notes"),
                         QStringLiteral("en=") + notes, QStringLiteral("--image"),
                         QStringLiteral("rootfs=") + image, QStringLiteral("--key"),
                         path(QStringLiteral("k.pem")), QStringLiteral("-o"), bundle});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString created = QString::fromUtf8(r.out);
        QVERIFY2(created.contains(QStringLiteral("Created %1: version 3.0.0 for %2, 1 image(s)")
                                      .arg(bundle, hostile)),
                 qPrintable(created));

        r = runCli({QStringLiteral("bundle"), QStringLiteral("verify"), bundle,
                    QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString verified = QString::fromUtf8(r.out);
        QVERIFY2(
            verified.startsWith(QStringLiteral("OK: %1 version 3.0.0, 1 image(s), ").arg(hostile)),
            qPrintable(verified));

        r = runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                    QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
        for (const QString &label : {QStringLiteral("Bundle:"), QStringLiteral("Compatible:"),
                                     QStringLiteral("Build:"), QStringLiteral("Hardware:")}) {
            const auto line = std::find_if(lines.cbegin(), lines.cend(),
                                           [&](const QString &l) { return l.startsWith(label); });
            QVERIFY2(line != lines.cend(), qPrintable(label));
            QVERIFY2(line->endsWith(hostile + (label == QStringLiteral("Bundle:")
                                                   ? QStringLiteral(".seesaw")
                                                   : QString())),
                     qPrintable(*line));
        }
        QFile::remove(bundle);
    }

    // Issue 14.8: `keygen --name` stores the name with the public key, and `bundle info` names
    // the signer by it and by its id; a name that is not one printable line is refused.
    void keygenNameRoundTrip()
    {
        const QString name = QStringLiteral("Acme release key 2026");
        const QString keys = path(QStringLiteral("named-keys"));
        QVERIFY(QDir().mkpath(keys));
        const QString key = path(QStringLiteral("named.pem"));
        auto r = runCli({QStringLiteral("keygen"), QStringLiteral("--out"), key,
                         QStringLiteral("--public"), keys + QStringLiteral("/named.pem"),
                         QStringLiteral("--name"), name});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("key name: Acme release key 2026\n"), r.out.constData());
        const QByteArray publicFile = testutil::readFile(keys + QStringLiteral("/named.pem"));
        QVERIFY2(publicFile.startsWith("-----BEGIN PUBLIC KEY-----\n") &&
                     publicFile.endsWith("-----END PUBLIC KEY-----\n"
                                         "Seesaw-Key-Name: Acme release key 2026\n"),
                 publicFile.constData());
        const qsizetype idAt = r.out.indexOf("key id: ") + 8;
        const QString keyId = QString::fromLatin1(r.out.mid(idAt, 64));
        QCOMPARE(fromHexStrict(keyId, 32).size(), 32);

        const QString image = path(QStringLiteral("named.img"));
        QVERIFY(testutil::writeFile(image, testutil::textBytes(4096, 4)));
        const QString bundle = path(QStringLiteral("named.seesaw"));
        r = runCli({QStringLiteral("bundle"), QStringLiteral("create"),
                    QStringLiteral("--compatible"), QStringLiteral("acme-panel"),
                    QStringLiteral("--version"), QStringLiteral("3.0.0"), QStringLiteral("--image"),
                    QStringLiteral("rootfs=") + image, QStringLiteral("--key"), key,
                    QStringLiteral("-o"), bundle});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject signature = infoSignature(bundle, keys);
        QVERIFY(signature.value(QStringLiteral("trusted")).toBool());
        QCOMPARE(signature.value(QStringLiteral("key_id")).toString(), keyId);
        QCOMPARE(signature.value(QStringLiteral("key_name")).toString(), name);
        r = runCli({QStringLiteral("bundle"), QStringLiteral("info"), bundle,
                    QStringLiteral("--keyring"), keys});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray signedBy =
            "Signed by trusted key \"Acme release key 2026\" (" + keyId.left(16).toLatin1();
        QVERIFY2(r.out.contains(signedBy), r.out.constData());

        // Without --public the public key file is printed, name line included.
        r = runCli({QStringLiteral("keygen"), QStringLiteral("--out"),
                    path(QStringLiteral("named-stdout.pem")), QStringLiteral("--name"), name});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("-----END PUBLIC KEY-----\nSeesaw-Key-Name: Acme release key "
                                "2026\nkey name: "),
                 r.out.constData());
    }

    void keygenRefusesBadNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("reason");
        QTest::newRow("empty") << QString() << QByteArray("empty");
        QTest::newRow("65 characters") << QString(65, QLatin1Char('k')) << QByteArray("longer");
        QTest::newRow("escape sequence")
            << QStringLiteral("Acme\x1b[31m") << QByteArray("control or invisible");
        QTest::newRow("line break")
            << QStringLiteral("Acme\nSeesaw-Key-Name: other") << QByteArray("control or invisible");
        QTest::newRow("blank at the end") << QStringLiteral("Acme ") << QByteArray("blank");
    }

    // Nothing is written for a refused name, not even the private key.
    void keygenRefusesBadNames()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, reason);
        const QString key = path(QStringLiteral("refused.pem"));
        const auto r = runCli({QStringLiteral("keygen"), QStringLiteral("--out"), key,
                               QStringLiteral("--name"), name});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--name") && r.err.contains(reason), r.err.constData());
        QVERIFY(!QFile::exists(key));
    }

    // Bytes that are not UTF-8 on the command line are refused, not shown as U+FFFD.
    void keygenRefusesNameNotUtf8()
    {
        const QString key = path(QStringLiteral("latin1.pem"));
        const auto r = testutil::run(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"),
             QStringLiteral("exec \"$0\" keygen --out \"$1\" --name \"$(printf 'Acme \\374')\""),
             testutil::cliPath(), key});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("UTF-8"), r.err.constData());
        QVERIFY(!QFile::exists(key));
    }

    // A key file whose name line is unusable still counts as a key in `bundle info --keyring`,
    // with a warning; `bundle create --add-key` refuses to carry it to devices.
    void hostileKeyNameInKeyFile()
    {
        const QString keys = path(QStringLiteral("hostile-name-keys"));
        QVERIFY(QDir().mkpath(keys));
        const QByteArray pub = testutil::readFile(path(QStringLiteral("keys/k.pem")));
        QVERIFY(!pub.isEmpty());
        QVERIFY(testutil::writeFile(keys + QStringLiteral("/k.pem"),
                                    pub + "Seesaw-Key-Name: %1\x07%s\n"));
        const QString image = path(QStringLiteral("hostile-name.img"));
        QVERIFY(testutil::writeFile(image, testutil::textBytes(4096, 5)));
        const QString bundle = path(QStringLiteral("hostile-name.seesaw"));
        auto r = createFast(image, bundle);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QByteArray err;
        const QJsonObject signature = infoSignature(bundle, keys, &err);
        QVERIFY(signature.value(QStringLiteral("trusted")).toBool());
        QCOMPARE(signature.value(QStringLiteral("key_name")).toString(), QString());
        QVERIFY2(err.contains("warning: ") && err.contains("k.pem") &&
                     err.contains("control or invisible"),
                 err.constData());

        r = runCli({QStringLiteral("bundle"), QStringLiteral("create"),
                    QStringLiteral("--compatible"), QStringLiteral("acme-panel"),
                    QStringLiteral("--version"), QStringLiteral("3.0.1"), QStringLiteral("--image"),
                    QStringLiteral("rootfs=") + image, QStringLiteral("--key"),
                    path(QStringLiteral("k.pem")), QStringLiteral("--add-key"),
                    keys + QStringLiteral("/k.pem"), QStringLiteral("-o"),
                    path(QStringLiteral("carries-hostile-name.seesaw"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("control or invisible"), r.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("carries-hostile-name.seesaw"))));
    }

    // An empty image would install nothing and still switch the boot loader to that slot.
    void emptyImageRefused()
    {
        const QString image = path(QStringLiteral("empty.img"));
        QVERIFY(testutil::writeFile(image, QByteArray()));
        const QString bundle = path(QStringLiteral("empty.seesaw"));
        const auto r = createFast(image, bundle);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("empty.img") && r.err.contains("is empty"), r.err.constData());
        QVERIFY(!QFile::exists(bundle));
    }

    // Chunk sizes a device would refuse are refused by create before any work is done.
    void chunkSizeBounded_data()
    {
        QTest::addColumn<quint32>("chunkSize");
        QTest::newRow("8 MiB, over the install memory bound") << (quint32(8) << 20);
        QTest::newRow("64 MiB") << (quint32(64) << 20);
        QTest::newRow("not a power of two") << quint32(3) * 1024 * 1024;
        QTest::newRow("below 64 KiB") << quint32(32) * 1024;
    }

    void chunkSizeBounded()
    {
        QFETCH(quint32, chunkSize);
        const QString image = path(QStringLiteral("chunked.img"));
        QVERIFY(testutil::writeFile(image, testutil::randomBytes(qsizetype(100) * 1024, 3)));
        auto key = PrivateKey::generate();
        QVERIFY(key);
        const QString bundle = path(QStringLiteral("chunked.seesaw"));
        const auto made = createBundle(rootfsSpec(image, *key, chunkSize), bundle);
        QVERIFY(!made);
        QCOMPARE(made.error().code, QStringLiteral("create.invalid-spec"));
        QVERIFY2(made.error().message.contains(QStringLiteral("chunk size")),
                 qPrintable(made.error().message));
        QVERIFY(!QFile::exists(bundle));
    }

    // Chunks are hashed on two threads at once where there are two CPUs, and a target may take
    // two writes at once: every chunk still reaches the sink and the writer exactly once, in its
    // place, and a chunk that does not match its signed digest stops the pass before it or any
    // chunk after it is handed on.
    void verifiedChunksOnlyAndInPlace_data()
    {
        QTest::addColumn<bool>("parallelWrites");
        QTest::addColumn<int>("damaged"); // the chunk whose signed digest is wrong, or -1
        for (bool parallel : {false, true}) {
            const char *writes = parallel ? "parallel writes" : "one writer";
            QTest::addRow("%s, intact", writes) << parallel << -1;
            QTest::addRow("%s, first chunk damaged", writes) << parallel << 0;
            QTest::addRow("%s, a late chunk damaged", writes) << parallel << 37;
        }
    }
    void verifiedChunksOnlyAndInPlace()
    {
        QFETCH(bool, parallelWrites);
        QFETCH(int, damaged);
        const quint32 chunk = 64 * 1024;
        const QByteArray content = testutil::randomBytes(qsizetype(48) * chunk + 777, 11);
        const QString bundle = path(QStringLiteral("inplace.seesaw"));
        if (!QFile::exists(bundle)) {
            const QString image = path(QStringLiteral("inplace.img"));
            QVERIFY(testutil::writeFile(image, content));
            auto pem = testutil::readFile(path(QStringLiteral("k.pem")));
            auto key = PrivateKey::fromPem(pem);
            QVERIFY(key);
            const auto made = createBundle(rootfsSpec(image, *key, chunk), bundle);
            QVERIFY2(made, made ? "" : qPrintable(made.error().message));
        }
        auto keyring = Keyring::load(path(QStringLiteral("keys")));
        QVERIFY(keyring);
        auto reader = BundleReader::open(bundle, *keyring);
        QVERIFY(reader);
        ImageInfo image = *reader->manifest().image(QStringLiteral("rootfs"));
        QCOMPARE(image.chunkSha256.size(), 49);
        if (damaged >= 0) {
            image.chunkSha256[damaged] = Sha256::hash("not this chunk");
        }

        std::mutex mutex;
        QByteArray written(content.size(), '\0');
        QList<int> writes(image.chunkSha256.size(), 0);
        QList<quint64> sunk;
        PayloadCallbacks callbacks;
        callbacks.recheckDigests = false;
        callbacks.parallelWrites = parallelWrites;
        callbacks.sink = [&](quint64 index, QByteArrayView) -> Status {
            sunk.append(index);
            return Ok{};
        };
        callbacks.write = [&](quint64 offset, QByteArrayView data) -> Status {
            std::lock_guard lock(mutex);
            std::memcpy(written.data() + offset, data.data(), size_t(data.size()));
            ++writes[qsizetype(offset / chunk)];
            return Ok{};
        };
        const auto where = reader->payload(image);
        const auto streamed =
            streamPayload(image, {reader->fd(), where.offset, where.size, where.crc32}, callbacks);
        if (damaged < 0) {
            QVERIFY2(streamed, streamed ? "" : qPrintable(streamed.error().message));
            QCOMPARE(written, content);
            QCOMPARE(writes, QList<int>(image.chunkSha256.size(), 1));
            QCOMPARE(sunk.size(), image.chunkSha256.size());
            for (qsizetype i = 0; i < sunk.size(); ++i) {
                QCOMPARE(sunk[i], quint64(i));
            }
            return;
        }
        QVERIFY(!streamed);
        QCOMPARE(streamed.error().code, QStringLiteral("payload.chunk-mismatch"));
        QCOMPARE(sunk.size(), damaged); // every chunk before it, in order, and nothing more
        for (qsizetype i = damaged; i < writes.size(); ++i) {
            QCOMPARE(writes[i], 0);
        }
        QVERIFY(written.sliced(qsizetype(damaged) * chunk) ==
                QByteArray(content.size() - qsizetype(damaged) * chunk, '\0'));
    }

    // A payload read from storage for the first time goes past the page cache, straight into
    // the pass's buffers (base/directread.h): from its unaligned place in the bundle to a last
    // block that is not a whole number of sectors, the chunks are the image's, and nothing of it
    // stays in memory to evict the running system's files. A payload in memory already (a
    // bundle just downloaded or checked) is read from there, not from storage a second time.
    void payloadReadPastPageCacheOnlyWhenCold_data()
    {
        QTest::addColumn<bool>("cold");
        QTest::addRow("not in memory") << true;
        QTest::addRow("in memory") << false;
    }
    void payloadReadPastPageCacheOnlyWhenCold()
    {
        QFETCH(bool, cold);
        const QString bundle = path(QStringLiteral("direct.seesaw"));
        const QByteArray content = testutil::randomBytes(qsizetype(24) * 1024 * 1024 + 777, 5);
        if (!QFile::exists(bundle)) {
            const QString image = path(QStringLiteral("direct.img"));
            QVERIFY(testutil::writeFile(image, content));
            auto key = PrivateKey::fromPem(testutil::readFile(path(QStringLiteral("k.pem"))));
            QVERIFY(key);
            const auto made = createBundle(rootfsSpec(image, *key, 1024 * 1024), bundle);
            QVERIFY2(made, made ? "" : qPrintable(made.error().message));
        }
        const int probe = ::open(QFile::encodeName(bundle).constData(), O_RDONLY | O_DIRECT);
        if (probe < 0) {
            QSKIP("The test directory's file system has no direct I/O.");
        }
        ::close(probe);
        if (testutil::storageReadBytes() < 0) {
            QSKIP("This kernel does not count a process's reads from storage (/proc/self/io).");
        }
        auto keyring = Keyring::load(path(QStringLiteral("keys")));
        QVERIFY(keyring);
        auto reader = BundleReader::open(bundle, *keyring);
        QVERIFY(reader);
        const ImageInfo image = *reader->manifest().image(QStringLiteral("rootfs"));
        const auto where = reader->payload(image);
        QVERIFY(where.offset % DirectAlign != 0); // after the ZIP's local header
        const auto fileSize = qsizetype(QFileInfo(bundle).size());
        QVERIFY(testutil::evictFromPageCache(bundle));
        if (!cold) {
            QCOMPARE(testutil::readFile(bundle).size(), fileSize);
            // Nearly all of it: the kernel may reclaim a few pages at once under memory
            // pressure (seen in CI's ASan stage, 6131 of 6146), which changes nothing below.
            const int pages = int((fileSize + 4095) / 4096);
            const int resident = testutil::residentPages(bundle, fileSize);
            QVERIFY2(
                resident >= pages * 95 / 100,
                qPrintable(QStringLiteral("%1 of %2 pages in memory").arg(resident).arg(pages)));
        }

        const qint64 before = testutil::storageReadBytes();
        QCOMPARE(streamedImage(*reader, image), content);
        const qint64 fromStorage = testutil::storageReadBytes() - before;
        const int resident = testutil::residentPages(bundle, fileSize);
        qInfo("payload %llu bytes: %lld read from storage, %d of the bundle's pages in memory",
              where.size, fromStorage, resident);
        if (cold) {
            QVERIFY(fromStorage >= qint64(where.size));
            QVERIFY(qsizetype(resident) * 4096 < qsizetype(where.size) / 10);
        } else {
            QVERIFY(fromStorage < qint64(where.size) / 10);
        }
    }

    void usageErrors()
    {
        auto r = runCli(
            {QStringLiteral("bundle"), QStringLiteral("verify"), path(QStringLiteral("x.seesaw"))});
        QCOMPARE(r.exitCode, 2); // --keyring is required
        r = runCli({QStringLiteral("bundle"), QStringLiteral("create"),
                    QStringLiteral("--compatible"), QStringLiteral("c")});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("bundle"), QStringLiteral("info"),
                    path(QStringLiteral("missing.seesaw"))});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("missing.seesaw"));
        r = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        for (const QStringList &cmd :
             {QStringList{QStringLiteral("keygen")},
              QStringList{QStringLiteral("bundle"), QStringLiteral("create")},
              QStringList{QStringLiteral("bundle"), QStringLiteral("info")},
              QStringList{QStringLiteral("bundle"), QStringLiteral("verify")}}) {
            r = runCli(cmd + QStringList{QStringLiteral("--help")});
            QCOMPARE(r.exitCode, 0);
            const QByteArray synopsis =
                QByteArray("seesaw ") + cmd.join(QLatin1Char(' ')).toLatin1();
            QVERIFY(r.out.contains(synopsis));
        }
    }
};

QTEST_GUILESS_MAIN(TestBundle)
#include "tst_bundle.moc"
