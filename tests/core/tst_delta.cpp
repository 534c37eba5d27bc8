// Risk: a delta image is rebuilt from the wrong base, or from a hostile patch, and bytes that
// were never checked against the signed chunk list reach the slot; or a delta is so large or so
// costly to apply that it is worth nothing. Real bundles made by the bundle writer, real zstd
// frames for the hostile ones, real files as bases.
#define ZSTD_STATIC_LINKING_ONLY
#include "bundle/baseimage.h"
#include "bundle/bundlereader.h"
#include "bundle/bundlewriter.h"
#include "bundle/deltawindow.h"
#include "bundle/payloadstream.h"
#include "testutil.h"
#include "trust/keyring.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <fcntl.h>
#include <zstd.h>

using namespace seesaw;
using testutil::errorCode;
using testutil::s;

namespace {

constexpr qsizetype Chunk = qsizetype(64) * 1024;

// v1: text and random data; v2: v1 with a block rewritten, a block inserted (everything after
// it moves) and new data at the end: what an update does to an image.
QByteArray baseImage()
{
    return testutil::textBytes(qsizetype(12) * Chunk, 7) + testutil::randomBytes(6 * Chunk, 8) +
           testutil::textBytes(6 * Chunk, 9);
}

QByteArray newImage(const QByteArray &base)
{
    QByteArray v2 = base;
    v2.replace(3 * Chunk, 4096, testutil::randomBytes(4096, 11));
    v2.insert(10 * Chunk + 123, testutil::randomBytes(20000, 12));
    v2.append(testutil::randomBytes(Chunk / 2, 13));
    return v2;
}

// One zstd frame of `data` with `prefix` as reference, as the delta writer makes them.
QByteArray frame(QByteArrayView data, QByteArrayView prefix)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog,
                           deltaWindowLog(quint64(prefix.size()), quint64(Chunk)));
    ZSTD_CCtx_setParameter(c, ZSTD_c_enableLongDistanceMatching, 1);
    ZSTD_CCtx_refPrefix(c, prefix.data(), size_t(prefix.size()));
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), '\0');
    const size_t n =
        ZSTD_compress2(c, out.data(), size_t(out.size()), data.data(), size_t(data.size()));
    ZSTD_freeCCtx(c);
    out.resize(ZSTD_isError(n) != 0U ? 0 : qsizetype(n));
    return out;
}

} // namespace

class TestDelta : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Keyring m_keyring;
    PrivateKey m_key;
    QByteArray m_v1;
    QByteArray m_v2;

    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    Result<Manifest> make(const QString &out, const QString &basePath, int threads = 2,
                          int level = 3)
    {
        BundleSpec spec;
        spec.compatible = s("acme-panel");
        spec.version = s("2.1.0");
        spec.baseVersion = s("2.0.0");
        spec.images = {{s("rootfs"), path(s("v2.img")), basePath}};
        spec.signingKeys = {m_key};
        spec.chunkSize = quint32(Chunk);
        spec.level = level;
        spec.threads = threads;
        return createBundle(spec, out);
    }

    // The payload of a bundle's only image, written to a file of its own, and its description.
    struct Payload {
        ImageInfo image;
        QString file;
    };
    Payload extract(const QString &bundle, const QString &name)
    {
        auto reader = BundleReader::open(bundle, m_keyring);
        if (!reader) {
            return {};
        }
        const ImageInfo image = reader->manifest().images.first();
        const auto where = reader->payload(image);
        QFile in(bundle);
        if (!in.open(QIODevice::ReadOnly) || !in.seek(qint64(where.offset))) {
            return {};
        }
        testutil::writeFile(path(name), in.read(qint64(where.size)));
        return {image, path(name)};
    }

    // Streams `stored` as the payload of `image` against `base`; counts the chunks delivered.
    Result<QByteArray> stream(ImageInfo image, const QByteArray &stored, const QByteArray &base,
                              quint64 *delivered = nullptr)
    {
        const QString storedFile = path(s("stored.bin"));
        const QString baseFile = path(s("base.bin"));
        testutil::writeFile(storedFile, stored);
        testutil::writeFile(baseFile, base);
        image.storedSize = quint64(stored.size());
        QFile payload(storedFile);
        QFile baseIn(baseFile);
        if (!payload.open(QIODevice::ReadOnly) || !baseIn.open(QIODevice::ReadOnly)) {
            return makeError(Error::Kind::Io, "test", s("cannot open"));
        }
        BaseImage baseImage(baseIn.handle(), quint64(base.size()), s("the test base"));
        PayloadSource source{payload.handle(), 0, quint64(stored.size()), 0, &baseImage};
        PayloadCallbacks callbacks;
        quint64 count = 0;
        callbacks.sink = [&](quint64, QByteArrayView) -> Status {
            ++count;
            return Ok{};
        };
        auto result = streamPayload(image, source, callbacks);
        if (delivered != nullptr) {
            *delivered = count;
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto key = PrivateKey::generate();
        QVERIFY(key);
        m_key = *key;
        m_keyring.addTrusted(m_key.publicKey());
        m_v1 = baseImage();
        m_v2 = newImage(m_v1);
        QVERIFY(testutil::writeFile(path(s("v1.img")), m_v1));
        QVERIFY(testutil::writeFile(path(s("v2.img")), m_v2));
    }

    // The delta is a fraction of the full bundle and rebuilds the new image exactly.
    void roundTrip()
    {
        auto delta = make(path(s("delta.seesaw")), path(s("v1.img")));
        QVERIFY2(delta, qPrintable(delta ? QString() : delta.error().message));
        auto full = make(path(s("full.seesaw")), QString());
        QVERIFY(full);
        const ImageInfo &d = delta->images.first();
        const ImageInfo &f = full->images.first();
        QVERIFY(d.delta);
        QCOMPARE(d.delta->method, s("zstd-patch"));
        QCOMPARE(d.delta->baseSize, quint64(m_v1.size()));
        QCOMPARE(d.delta->baseVersion.toString(), s("2.0.0"));
        Sha256 digest;
        digest.update(m_v1.constData(), size_t(m_v1.size()));
        QCOMPARE(d.delta->baseSha256, digest.finish());
        QVERIFY(!f.delta);
        // Same image, same chunks: only the stored form differs.
        QCOMPARE(d.sha256, f.sha256);
        QCOMPARE(d.chunkSha256, f.chunkSha256);
        qInfo("full %llu bytes, delta %llu bytes", f.storedSize, d.storedSize);
        QVERIFY(d.storedSize * 4 < f.storedSize);

        auto reader = BundleReader::open(path(s("delta.seesaw")), m_keyring);
        QVERIFY(reader);
        // Its patch read from storage as on a device (past the page cache, in aligned blocks
        // whose first starts before the payload: payloadstream.cpp), not from memory.
        QVERIFY(testutil::evictFromPageCache(path(s("delta.seesaw"))));
        QFile base(path(s("v1.img")));
        QVERIFY(base.open(QIODevice::ReadOnly));
        BaseImage baseImage(base.handle(), quint64(m_v1.size()), s("v1"));
        int unrebuilt = -1;
        const auto withBase = [&](const ImageInfo &) { return &baseImage; };
        const Status rebuilt = reader->verifyPayloads({}, nullptr, withBase, &unrebuilt);
        QVERIFY2(rebuilt, qPrintable(rebuilt ? QString() : rebuilt.error().message));
        QCOMPARE(unrebuilt, -1);

        // Without a base only the stored bytes can be checked, and the caller learns so.
        unrebuilt = 0;
        QVERIFY(reader->verifyPayloads({}, nullptr, {}, &unrebuilt));
        QCOMPARE(unrebuilt, 1);
    }

    // Frames are independent: any number of workers writes the same bytes.
    void sameBytesWithAnyThreads()
    {
        // At level 19, whose match finder is capped for delta frames (deltacompressor.cpp).
        auto one = make(path(s("t1.seesaw")), path(s("v1.img")), 1, 19);
        auto three = make(path(s("t3.seesaw")), path(s("v1.img")), 3, 19);
        QVERIFY(one && three);
        QCOMPARE(one->images.first().storedSha256, three->images.first().storedSha256);
        auto reader = BundleReader::open(path(s("t3.seesaw")), m_keyring);
        QVERIFY(reader);
        QFile base(path(s("v1.img")));
        QVERIFY(base.open(QIODevice::ReadOnly));
        BaseImage baseImage(base.handle(), quint64(m_v1.size()), s("v1"));
        QVERIFY(reader->verifyPayloads({}, nullptr, [&](const ImageInfo &) { return &baseImage; }));
    }

    void refusesWhatCannotBeRebuilt_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<quint64>("maxDelivered");
        QTest::newRow("base differs in one byte") << 0 << s("payload.chunk-mismatch") << quint64(0);
        QTest::newRow("base of another size") << 1 << s("payload.delta-base-size") << quint64(0);
        QTest::newRow("no base") << 2 << s("payload.delta-no-base") << quint64(0);
        QTest::newRow("truncated frame") << 3 << s("payload.too-short") << quint64(99);
        QTest::newRow("frame rebuilds more than its chunk")
            << 4 << s("payload.delta-frame-size") << quint64(0);
        QTest::newRow("frame refers beyond the base")
            << 5 << s("payload.delta-corrupt") << quint64(0);
        QTest::newRow("data after the last frame")
            << 6 << s("payload.trailing-data") << quint64(99);
        QTest::newRow("a frame's bytes changed") << 7 << s("payload.delta-corrupt") << quint64(99);
    }

    // Each hostile delta is refused with its own code, and no chunk reaches the sink unchecked.
    void refusesWhatCannotBeRebuilt()
    {
        QFETCH(int, kind);
        QFETCH(QString, code);
        QFETCH(quint64, maxDelivered);
        auto made = make(path(s("hostile.seesaw")), path(s("v1.img")));
        QVERIFY(made);
        Payload p = extract(path(s("hostile.seesaw")), s("hostile.zst"));
        QVERIFY(!p.file.isEmpty());
        QByteArray stored = testutil::readFile(p.file);
        QByteArray base = m_v1;
        ImageInfo image = p.image;
        quint64 delivered = 0;
        Result<QByteArray> result = makeError(Error::Kind::Io, "unset", QString());
        switch (kind) {
        case 0:
            base[Chunk / 2] = char(base.at(Chunk / 2) ^ 1);
            break;
        case 1:
            base.chop(1);
            break;
        case 3:
            stored.chop(10);
            break;
        case 4: // the first frame rebuilds its chunk and one byte more
            stored = frame(QByteArrayView(m_v2).first(Chunk + 1), m_v1) +
                     stored.mid(qsizetype(
                         ZSTD_findFrameCompressedSize(stored.data(), size_t(stored.size()))));
            break;
        case 5: { // compressed against a longer base than the device holds
            const QByteArray longer = m_v1 + m_v2.first(Chunk);
            stored = frame(QByteArrayView(m_v2).first(Chunk), longer);
            image.size = quint64(Chunk);
            image.chunkSha256 = {image.chunkSha256.first()};
            break;
        }
        case 6:
            stored += frame(QByteArrayView(m_v2).first(Chunk), m_v1);
            break;
        case 7:
            stored[stored.size() / 2] = char(stored.at(stored.size() / 2) ^ 0x55);
            break;
        default:
            break;
        }
        if (kind == 2) {
            const QString storedFile = path(s("stored.bin"));
            testutil::writeFile(storedFile, stored);
            QFile payload(storedFile);
            QVERIFY(payload.open(QIODevice::ReadOnly));
            result =
                streamPayload(image, {payload.handle(), 0, quint64(stored.size()), 0, nullptr}, {});
        } else {
            result = stream(image, stored, base, &delivered);
        }
        // A changed byte may also be caught as a chunk that does not match.
        if (kind == 7 && errorCode(result) == s("payload.chunk-mismatch")) {
            code = s("payload.chunk-mismatch");
        }
        QCOMPARE(errorCode(result), code);
        QVERIFY2(delivered <= maxDelivered, qPrintable(QString::number(delivered)));
        if (kind == 0) {
            QVERIFY(result.error().message.contains(s("Chunk 0")));
        }
    }

    // delta-stats: the saving, and exactly the MiB that changed.
    void statsNameTheChangedRegions()
    {
        const qsizetype mib = qsizetype(1) << 20;
        QByteArray old = testutil::textBytes(4 * mib, 21);
        QByteArray now = old;
        now.replace(2 * mib + mib / 2, 100, testutil::randomBytes(100, 22));
        now.append(testutil::textBytes(mib / 4, 23)); // a fifth MiB, new
        QVERIFY(testutil::writeFile(path(s("stats-old.img")), old));
        QVERIFY(testutil::writeFile(path(s("stats-new.img")), now));
        BundleSpec spec;
        spec.compatible = s("acme-panel");
        spec.version = s("3.0.0");
        spec.images = {{s("rootfs"), path(s("stats-new.img"))}};
        spec.signingKeys = {m_key};
        QVERIFY(createBundle(spec, path(s("stats-new.seesaw"))));
        const testutil::RunResult r =
            testutil::runCli({s("bundle"), s("delta-stats"), path(s("stats-old.img")),
                              path(s("stats-new.seesaw")), s("--level"), s("3"), s("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.value(s("delta_size")).toDouble() > 0);
        const double delta = o.value(s("delta_size")).toDouble();
        const double full = o.value(s("full_size")).toDouble();
        QVERIFY2(delta * 2 < full, qPrintable(QStringLiteral("%1 %2").arg(QString::number(delta),
                                                                          QString::number(full))));
        QCOMPARE(qRound(o.value(s("reduction_percent")).toDouble()),
                 qRound(100 - 100 * delta / full));
        QVERIFY(o.value(s("creation_seconds")).toDouble() > 0);
        const QJsonObject image = o.value(s("images")).toArray().first().toObject();
        QCOMPARE(image.value(s("slot_class")).toString(), s("rootfs"));
        QCOMPARE(image.value(s("changed_mib")).toInt(), 2);
        QCOMPARE(image.value(s("changed_regions_mib")).toArray(),
                 (QJsonArray{QJsonArray{2, 2}, QJsonArray{4, 4}}));
        // The text form says the same.
        const testutil::RunResult text =
            testutil::runCli({s("bundle"), s("delta-stats"), path(s("stats-old.img")),
                              path(s("stats-new.seesaw")), s("--level"), s("3")});
        QVERIFY2(text.text().contains(s("Image rootfs: 2 of 5 MiB changed, at MiB 2, 4")),
                 qPrintable(text.text()));
    }

    void windows_data()
    {
        QTest::addColumn<quint64>("baseSize");
        QTest::addColumn<quint64>("chunkOffset");
        QTest::addColumn<quint64>("offset");
        QTest::addColumn<quint64>("size");
        const quint64 max = limits::MaxDeltaReference;
        const quint64 gib = quint64(1) << 30;
        QTest::newRow("small base: all of it")
            << quint64(1000) << quint64(0) << quint64(0) << quint64(1000);
        QTest::newRow("largest whole base") << max << 3 * gib << quint64(0) << max;
        QTest::newRow("4 GiB base, first chunk") << 4 * gib << quint64(0) << quint64(0) << max;
        QTest::newRow("4 GiB base, middle")
            << 4 * gib << 2 * gib << 2 * gib - max / 2 - (2 * gib - max / 2) % limits::MaxChunkSize
            << max;
        QTest::newRow("4 GiB base, past its end") << 4 * gib << 5 * gib << 4 * gib - max << max;
    }

    // Writer and installer compute the same window, always inside the base and page aligned.
    void windows()
    {
        QFETCH(quint64, baseSize);
        QFETCH(quint64, chunkOffset);
        QFETCH(quint64, offset);
        QFETCH(quint64, size);
        const DeltaWindow w = deltaWindow(baseSize, chunkOffset);
        QCOMPARE(w.offset, offset);
        QCOMPARE(w.size, size);
        QVERIFY(w.offset + w.size <= baseSize);
        QCOMPARE(w.offset % 4096, quint64(0));
        QVERIFY(deltaWindowLog(w.size, limits::MaxChunkSize) <= limits::DeltaWindowLogMax);
    }
};

QTEST_GUILESS_MAIN(TestDelta)
#include "tst_delta.moc"
