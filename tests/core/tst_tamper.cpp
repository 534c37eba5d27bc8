// Risk: a modified bundle (a flipped bit anywhere, truncation, appended data, swapped payloads,
// another bundle's signed manifest, hostile ZIP entries) is accepted by verify or info.
#include "bundle/bundlereader.h"
#include "bundle/bundlewriter.h"
#include "testutil.h"
#include "trust/keyring.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;
using testutil::ZipItem;

class TestTamper : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Keyring m_keyring;
    PrivateKey m_key;
    QString m_bundle;
    QByteArray m_bytes;

    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    // A small bundle with two images, many 64 KiB chunks and release notes.
    QString makeBundle(const QString &name, quint32 seed, qsizetype size = qsizetype(700) * 1024)
    {
        const QString a = path(name + QStringLiteral("-a.img"));
        const QString b = path(name + QStringLiteral("-b.img"));
        const QString notes = path(name + QStringLiteral("-notes.txt"));
        // The text half is the same in every bundle, so equal sizes give equal stored sizes.
        testutil::writeFile(a, testutil::randomBytes(size / 2, seed) +
                                   testutil::textBytes(size / 2, 42));
        testutil::writeFile(b, testutil::randomBytes(qsizetype(100) * 1024, seed + 1));
        testutil::writeFile(notes, "Notes for " + name.toUtf8());
        BundleSpec spec;
        spec.compatible = QStringLiteral("acme-panel");
        spec.version = QStringLiteral("1.4.0");
        spec.images = {{QStringLiteral("rootfs"), a}, {QStringLiteral("appfs"), b}};
        spec.notes.insert(QStringLiteral("en"), notes);
        spec.signingKeys = {m_key};
        spec.chunkSize = 64 * 1024;
        const QString out = path(name + QStringLiteral(".seesaw"));
        auto made = createBundle(spec, out);
        if (!made) {
            qWarning() << made.error().message;
        }
        return made ? out : QString();
    }

    // "info": open only. "verify": open and check every payload.
    [[nodiscard]] Status openOnly(const QString &file) const
    {
        auto reader = BundleReader::open(file, m_keyring);
        return reader ? Status(Ok{}) : Status(reader.error());
    }
    [[nodiscard]] Status fullCheck(const QString &file) const
    {
        auto reader = BundleReader::open(file, m_keyring);
        if (!reader) {
            return reader.error();
        }
        return reader->verifyPayloads();
    }

    [[nodiscard]] QString variant(const QByteArray &bytes) const
    {
        QString file = path(QStringLiteral("variant.seesaw"));
        testutil::writeFile(file, bytes);
        return file;
    }

    // Byte ranges of manifest.json and manifest.sig inside the bundle.
    [[nodiscard]] QList<QPair<qsizetype, qsizetype>> signedRanges() const
    {
        QList<QPair<qsizetype, qsizetype>> ranges;
        for (const auto &item : testutil::readZipItems(m_bundle)) {
            if (item.name == QLatin1String("manifest.json") ||
                item.name == QLatin1String("manifest.sig")) {
                const qsizetype at = m_bytes.indexOf(item.data);
                ranges.append({at, at + item.data.size()});
            }
        }
        return ranges;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto key = PrivateKey::generate();
        QVERIFY(key);
        m_key = *key;
        m_keyring.addTrusted(m_key.publicKey());
        QVERIFY(QDir().mkpath(path(QStringLiteral("keys"))));
        QVERIFY(testutil::writeFile(path(QStringLiteral("keys/k.pem")), m_key.publicKey().toPem()));
        m_bundle = makeBundle(QStringLiteral("base"), 11);
        QVERIFY(!m_bundle.isEmpty());
        m_bytes = testutil::readFile(m_bundle);
        QVERIFY(fullCheck(m_bundle).ok()); // the untouched bundle passes
    }

    void bitFlips()
    {
        const auto ranges = signedRanges();
        QCOMPARE(ranges.size(), 2);
        QRandomGenerator rng(20261122);
        int touchedSigned = 0;
        for (int i = 0; i < 500; ++i) {
            const auto offset = qsizetype(rng.bounded(quint64(m_bytes.size())));
            const int bit = int(rng.bounded(8));
            QByteArray bytes = m_bytes;
            bytes[offset] = char(bytes[offset] ^ (1 << bit));
            const QString file = variant(bytes);
            const Status verified = fullCheck(file);
            QVERIFY2(!verified.ok(),
                     qPrintable(QStringLiteral("flip at %1 bit %2 accepted").arg(offset).arg(bit)));
            const bool inSigned = std::any_of(ranges.cbegin(), ranges.cend(), [&](const auto &r) {
                return offset >= r.first && offset < r.second;
            });
            if (inSigned) {
                ++touchedSigned;
                QVERIFY2(!openOnly(file).ok(),
                         qPrintable(QStringLiteral("info accepted a flip at %1").arg(offset)));
            }
            // The command-line tool agrees, with exit code 1, for a sample of the cases.
            if (i % 50 == 0) {
                auto r =
                    testutil::runCli({QStringLiteral("bundle"), QStringLiteral("verify"), file,
                                      QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
                QCOMPARE(r.exitCode, 1);
            }
        }
        qInfo("%d of 500 flips hit manifest.json or manifest.sig", touchedSigned);
    }

    // Flips inside the signed files: refused already when opening, as `bundle info` does.
    void signedFileFlips()
    {
        const auto ranges = signedRanges();
        QRandomGenerator rng(7);
        for (int i = 0; i < 200; ++i) {
            const auto &range = ranges[i % 2];
            const qsizetype offset =
                range.first + qsizetype(rng.bounded(quint64(range.second - range.first)));
            QByteArray bytes = m_bytes;
            bytes[offset] = char(bytes[offset] ^ (1 << rng.bounded(8)));
            const Status s = openOnly(variant(bytes));
            QVERIFY2(!s.ok(), qPrintable(QStringLiteral("info accepted a flip at %1").arg(offset)));
        }
        auto r = testutil::runCli({QStringLiteral("bundle"), QStringLiteral("info"),
                                   path(QStringLiteral("variant.seesaw")),
                                   QStringLiteral("--keyring"), path(QStringLiteral("keys"))});
        QCOMPARE(r.exitCode, 1);
    }

    // Every header and signed byte, one flip each: no field of the container is unauthenticated.
    void everyHeaderByte()
    {
        const auto items = testutil::readZipItems(m_bundle);
        qsizetype payloadEnd = 0;
        for (const auto &item : items) {
            if (item.name.startsWith(QLatin1String("images/"))) {
                payloadEnd = std::max(payloadEnd, m_bytes.indexOf(item.data) + item.data.size());
            }
        }
        QVERIFY(payloadEnd > 0);
        for (qsizetype offset = payloadEnd; offset < m_bytes.size(); ++offset) {
            QByteArray bytes = m_bytes;
            bytes[offset] = char(bytes[offset] ^ (1 << (offset % 8)));
            QVERIFY2(!fullCheck(variant(bytes)).ok(),
                     qPrintable(QStringLiteral("flip at %1 accepted").arg(offset)));
        }
    }

    void truncation()
    {
        for (int i = 0; i < 50; ++i) {
            // 40 points spread over the file, 10 in its last kilobyte where the index lives.
            const qsizetype length =
                i < 40 ? m_bytes.size() * i / 40 : m_bytes.size() - 1 - qsizetype(i - 40) * 97;
            const QString file = variant(m_bytes.left(length));
            QVERIFY2(!fullCheck(file).ok(),
                     qPrintable(QStringLiteral("truncated to %1 accepted").arg(length)));
            QVERIFY(!openOnly(file).ok()); // the index is at the end: info notices too
        }
    }

    void appendedData_data()
    {
        QTest::addColumn<QByteArray>("garbage");
        QTest::addColumn<QString>("code");
        const QString trailing = QStringLiteral("bundle.trailing-data");
        QTest::newRow("one byte") << QByteArray(1, '\0') << trailing;
        QTest::newRow("random") << testutil::randomBytes(4096, 3) << trailing;
        // A forged end record at the very end is taken for the real one and found inconsistent.
        QTest::newRow("fake end record") << QByteArray("PK\x05\x06", 4) + QByteArray(18, '\0')
                                         << QStringLiteral("bundle.zip-corrupt");
    }

    void appendedData()
    {
        QFETCH(QByteArray, garbage);
        QFETCH(QString, code);
        const Status s = openOnly(variant(m_bytes + garbage));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, code);
        const Status prefixed = openOnly(variant(garbage + m_bytes));
        QVERIFY(!prefixed.ok());
    }

    // A payload from another bundle with the same layout: only the payload check can notice.
    void swappedPayloads()
    {
        const QString other = makeBundle(QStringLiteral("other"), 99);
        QVERIFY(!other.isEmpty());
        auto mine = testutil::readZipItems(m_bundle);
        const auto theirs = testutil::readZipItems(other);
        for (auto &item : mine) {
            if (item.name == QLatin1String("images/appfs.zst")) {
                item.data = std::find_if(theirs.cbegin(), theirs.cend(), [&](const auto &t) {
                                return t.name == item.name;
                            })->data;
            }
        }
        const QString file = path(QStringLiteral("swapped.seesaw"));
        QVERIFY(testutil::writeZipItems(file, mine));
        QVERIFY(openOnly(file).ok()); // same sizes: the signed manifest still describes the layout
        const Status s = fullCheck(file);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("payload.chunk-mismatch"));
    }

    // Another bundle's validly signed manifest put in: refused once payloads are checked, and
    // already by info when the sizes differ.
    void foreignManifest_data()
    {
        QTest::addColumn<qsizetype>("otherSize");
        QTest::addColumn<bool>("infoRefuses");
        QTest::newRow("same layout") << qsizetype(700 * 1024) << false;
        QTest::newRow("different sizes") << qsizetype(900 * 1024) << true;
    }

    void foreignManifest()
    {
        QFETCH(qsizetype, otherSize);
        QFETCH(bool, infoRefuses);
        const QString other = makeBundle(QStringLiteral("foreign%1").arg(otherSize), 5, otherSize);
        QVERIFY(!other.isEmpty());
        auto mine = testutil::readZipItems(m_bundle);
        const auto theirs = testutil::readZipItems(other);
        for (auto &item : mine) {
            if (item.name.startsWith(QLatin1String("manifest.")) ||
                item.name.startsWith(QLatin1String("notes/"))) {
                item.data = std::find_if(theirs.cbegin(), theirs.cend(), [&](const auto &t) {
                                return t.name == item.name;
                            })->data;
            }
        }
        const QString file = path(QStringLiteral("foreign.seesaw"));
        QVERIFY(testutil::writeZipItems(file, mine));
        const Status info = openOnly(file);
        QVERIFY2(info.ok() != infoRefuses,
                 info.ok() ? "accepted" : qPrintable(info.error().message));
        QVERIFY(!fullCheck(file).ok());
    }

    // Hostile containers, each refused with its own error code.
    void hostileEntries_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("code");
        QTest::newRow("unexpected entry")
            << QStringLiteral("add:evil.sh") << QStringLiteral("bundle.unexpected-entry");
        QTest::newRow("unexpected image")
            << QStringLiteral("add:images/extra.zst") << QStringLiteral("bundle.unexpected-entry");
        QTest::newRow("path traversal") << QStringLiteral("add:notes/../../etc/passwd")
                                        << QStringLiteral("bundle.bad-entry-name");
        QTest::newRow("duplicate manifest")
            << QStringLiteral("add:manifest.json") << QStringLiteral("bundle.duplicate-entry");
        QTest::newRow("deflated payload") << QStringLiteral("deflate:images/rootfs.zst")
                                          << QStringLiteral("bundle.compressed-entry");
        QTest::newRow("encrypted payload") << QStringLiteral("encrypt:images/rootfs.zst")
                                           << QStringLiteral("bundle.encrypted-entry");
        QTest::newRow("missing payload")
            << QStringLiteral("drop:images/appfs.zst") << QStringLiteral("bundle.missing-entry");
        QTest::newRow("missing signature")
            << QStringLiteral("drop:manifest.sig") << QStringLiteral("bundle.missing-entry");
        QTest::newRow("shorter payload") << QStringLiteral("shorten:images/rootfs.zst")
                                         << QStringLiteral("bundle.size-mismatch");
        QTest::newRow("notes not in manifest") << QStringLiteral("add:notes/release-notes.de.txt")
                                               << QStringLiteral("bundle.unexpected-entry");
    }

    void hostileEntries()
    {
        QFETCH(QString, change);
        QFETCH(QString, code);
        const QString action = change.section(QLatin1Char(':'), 0, 0);
        const QString name = change.section(QLatin1Char(':'), 1);
        auto items = testutil::readZipItems(m_bundle);
        if (action == QLatin1String("add")) {
            items.append({name, "#!/bin/sh\n", 0, false});
        } else if (action == QLatin1String("drop")) {
            items.removeIf([&](const ZipItem &i) { return i.name == name; });
        } else {
            for (auto &item : items) {
                if (item.name != name) {
                    continue;
                }
                if (action == QLatin1String("deflate")) {
                    item.method = 8;
                } else if (action == QLatin1String("encrypt")) {
                    item.encrypt = true;
                } else if (action == QLatin1String("shorten")) {
                    item.data.chop(1);
                }
            }
        }
        const QString file = path(QStringLiteral("hostile.seesaw"));
        QVERIFY(testutil::writeZipItems(file, items));
        const Status s = openOnly(file);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, code);
        QVERIFY(!s.error().message.isEmpty());
    }

    void notABundle()
    {
        for (const QByteArray &bytes :
             {QByteArray(), QByteArray("PK"), testutil::randomBytes(100000, 7)}) {
            const Status s = openOnly(variant(bytes));
            QVERIFY(!s.ok());
            QVERIFY(s.error().code.startsWith(QLatin1String("bundle.")));
        }
    }
};

QTEST_GUILESS_MAIN(TestTamper)
#include "tst_tamper.moc"
