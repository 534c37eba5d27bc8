// Risk: bytes hidden inside a bundle's ZIP container (junk between entries, before the central
// directory, a multi-GiB hole, a reordered directory) are accepted, although nothing would
// authenticate them: the entries must tile the archive exactly as `bundle create` lays it out.
#include "bundle/bundlereader.h"
#include "bundle/bundlewriter.h"
#include "testutil.h"
#include "trust/keyring.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace seesaw;

namespace {

quint64 le(const QByteArray &b, qsizetype at, int bytes)
{
    quint64 v = 0;
    for (int i = bytes - 1; i >= 0; --i) {
        v = (v << 8) | quint8(b.at(at + i));
    }
    return v;
}

void setLe(QByteArray &b, qsizetype at, int bytes, quint64 v)
{
    for (int i = 0; i < bytes; ++i, v >>= 8) {
        b[at + i] = char(v & 0xff);
    }
}

// Where the writer put things: the central directory, its entries (in directory order) and the
// end records. Only what bundle create writes is understood: ZIP64 end records, 32-bit
// local header offsets in the directory.
struct Layout {
    qsizetype cdOffset = 0;
    qsizetype cdEnd = 0;
    qsizetype zip64End = -1;  // ZIP64 end record, when there is one
    qsizetype end = 0;        // classic end record
    QList<qsizetype> entries; // offsets of the directory entries
    QList<QString> names;

    static Layout of(const QByteArray &b)
    {
        Layout l;
        l.end = b.size() - 22;
        l.cdOffset = qsizetype(le(b, l.end + 16, 4));
        const qsizetype locator = l.end - 20;
        if (le(b, locator, 4) == 0x07064b50) {
            l.zip64End = qsizetype(le(b, locator + 8, 8));
            l.cdOffset = qsizetype(le(b, l.zip64End + 48, 8));
        }
        l.cdEnd = l.zip64End >= 0 ? l.zip64End : l.end;
        for (qsizetype at = l.cdOffset; at < l.cdEnd;) {
            l.entries.append(at);
            const auto name = qsizetype(le(b, at + 28, 2));
            l.names.append(QString::fromUtf8(b.mid(at + 46, name)));
            at += 46 + name + qsizetype(le(b, at + 30, 2)) + qsizetype(le(b, at + 32, 2));
        }
        return l;
    }
    [[nodiscard]] qsizetype localHeader(const QByteArray &b, qsizetype entry) const
    {
        return qsizetype(le(b, entries[entry] + 42, 4));
    }
};

// The bundle with `gap` bytes inserted at offset `at` and every offset behind it moved on, as
// if the writer had left them there: head + gap + tail, where tail starts with the byte at `at`.
QByteArray shifted(const QByteArray &bundle, qsizetype at, qint64 gap)
{
    QByteArray b = bundle;
    Layout l = Layout::of(b);
    for (qsizetype e = 0; e < l.entries.size(); ++e) {
        if (l.localHeader(b, e) >= at) {
            setLe(b, l.entries[e] + 42, 4, quint64(l.localHeader(b, e) + gap));
        }
    }
    const auto cdOffset = quint64(l.cdOffset + (l.cdOffset >= at ? gap : 0));
    if (l.zip64End < 0 && cdOffset >= 0xffffffffU) {
        // Past 4 GiB the directory offset lives in a ZIP64 end record and its locator, written
        // with the versions and sizes the bundle writer uses.
        QByteArray record(56, '\0');
        setLe(record, 0, 4, 0x06064b50);
        setLe(record, 4, 8, 44);
        setLe(record, 12, 2, 45);
        setLe(record, 14, 2, 45);
        setLe(record, 24, 8, le(b, l.end + 8, 2));
        setLe(record, 32, 8, le(b, l.end + 10, 2));
        setLe(record, 40, 8, le(b, l.end + 12, 4));
        QByteArray locator(20, '\0');
        setLe(locator, 0, 4, 0x07064b50);
        setLe(locator, 8, 8, quint64(l.end + gap));
        setLe(locator, 16, 4, 1);
        b.insert(l.end, QByteArray(record + locator));
        l.zip64End = l.end;
        l.end = b.size() - 22;
    } else if (l.zip64End >= 0) {
        setLe(b, l.end - 20 + 8, 8, quint64(l.zip64End + gap));
    }
    if (l.zip64End >= 0) {
        setLe(b, l.zip64End + 48, 8, cdOffset);
    }
    setLe(b, l.end + 16, 4, std::min<quint64>(cdOffset, 0xffffffffU));
    return b;
}

} // namespace

class TestZipLayout : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    Keyring m_keyring;
    QString m_bundle;
    QByteArray m_bytes;

    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    // The bundle with `gap` bytes inserted at `at`: junk bytes, or a hole when junk is empty.
    [[nodiscard]] QString withGap(qsizetype at, qint64 gap, const QByteArray &junk) const
    {
        const QByteArray b = shifted(m_bytes, at, gap);
        QString file = path(QStringLiteral("gap.seesaw"));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            return {};
        }
        f.write(b.left(at));
        if (junk.isEmpty()) {
            f.resize(at + gap); // sparse: the hole costs no disk
        } else {
            f.write(junk);
        }
        f.seek(at + gap);
        f.write(b.mid(at));
        return file;
    }

    [[nodiscard]] Error refusal(const QString &file) const
    {
        auto reader = BundleReader::open(file, m_keyring);
        if (reader) {
            Status verified = reader->verifyPayloads();
            return verified ? Error() : verified.error();
        }
        return reader.error();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto key = PrivateKey::generate();
        QVERIFY(key);
        m_keyring.addTrusted(key->publicKey());
        const QString a = path(QStringLiteral("a.img"));
        const QString b = path(QStringLiteral("b.img"));
        const QString notes = path(QStringLiteral("notes.txt"));
        QVERIFY(testutil::writeFile(a, testutil::randomBytes(qsizetype(300) * 1024, 1) +
                                           testutil::textBytes(qsizetype(300) * 1024, 2)));
        QVERIFY(testutil::writeFile(b, testutil::randomBytes(qsizetype(70) * 1024, 3)));
        QVERIFY(testutil::writeFile(notes, "Notes."));
        BundleSpec spec;
        spec.compatible = QStringLiteral("acme-panel");
        spec.version = QStringLiteral("1.0.0");
        spec.images = {{QStringLiteral("rootfs"), a}, {QStringLiteral("appfs"), b}};
        spec.notes.insert(QStringLiteral("en"), notes);
        spec.signingKeys = {*key};
        spec.chunkSize = 64 * 1024;
        m_bundle = path(QStringLiteral("base.seesaw"));
        auto made = createBundle(spec, m_bundle);
        QVERIFY2(made, made ? "" : qPrintable(made.error().message));
        m_bytes = testutil::readFile(m_bundle);
        // The untouched bundle and a copy moved by zero bytes are accepted: the test's own
        // rewriting is faithful.
        QCOMPARE(refusal(m_bundle).code, QString());
        QCOMPARE(shifted(m_bytes, 0, 0), m_bytes);
    }

    void junk_data()
    {
        QTest::addColumn<int>("entry"); // entry the junk precedes, -1 for the directory
        QTest::addColumn<QByteArray>("junk");
        QTest::addColumn<QString>("inMessage");
        const QByteArray random = testutil::randomBytes(qsizetype(64) * 1024, 9);
        QTest::newRow("64 KiB between the first two entries")
            << 1 << random << QStringLiteral("65536 unexpected bytes between");
        QTest::newRow("64 KiB between the last two entries")
            << 3 << random << QStringLiteral("65536 unexpected bytes between");
        QTest::newRow("64 KiB before the central directory")
            << -1 << random << QStringLiteral("before the archive's directory");
        QTest::newRow("one zero byte before the central directory")
            << -1 << QByteArray(1, '\0') << QStringLiteral("1 unexpected bytes before");
        // A complete local entry of its own, which no directory entry names.
        QTest::newRow("a hidden entry before the central directory")
            << -1 << QByteArray("PK\x03\x04", 4) + QByteArray(26, '\0')
            << QStringLiteral("30 unexpected bytes before");
    }

    void junk()
    {
        QFETCH(int, entry);
        QFETCH(QByteArray, junk);
        QFETCH(QString, inMessage);
        const Layout l = Layout::of(m_bytes);
        QCOMPARE(l.entries.size(), 5);
        const qsizetype at = entry < 0 ? l.cdOffset : l.localHeader(m_bytes, entry);
        const QString file = withGap(at, junk.size(), junk);
        const Error e = refusal(file);
        QCOMPARE(e.code, QStringLiteral("bundle.stray-data"));
        QVERIFY2(e.message.contains(inMessage), qPrintable(e.message));
        if (entry > 0) {
            QVERIFY2(e.message.contains(l.names[entry - 1]) && e.message.contains(l.names[entry]),
                     qPrintable(e.message));
        }
        // The command-line tool says so too (exit code 1: invalid bundle).
        const auto r = testutil::runCli({QStringLiteral("bundle"), QStringLiteral("info"), file});
        QCOMPARE(r.exitCode, 1);
    }

    // A 4.5 GiB hole before the directory, all offsets consistent: refused from the index alone,
    // without reading the hole.
    void hugeHole()
    {
        const Layout l = Layout::of(m_bytes);
        const qint64 gap = (qint64(9) << 30) / 2;
        const QString file = withGap(l.cdOffset, gap, {});
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
        QVERIFY(st.st_size > gap);
        QVERIFY(qint64(st.st_blocks) * 512 < qint64(64) * 1024 * 1024); // sparse indeed
        QElapsedTimer timer;
        timer.start();
        const Error e = refusal(file);
        QCOMPARE(e.code, QStringLiteral("bundle.stray-data"));
        QVERIFY2(e.message.contains(QString::number(gap)), qPrintable(e.message));
        QVERIFY(timer.elapsed() < 5000);
        QFile::remove(file);
    }

    // The directory lists the entries in the order they lie in the file.
    void reorderedDirectory()
    {
        QByteArray b = m_bytes;
        const Layout l = Layout::of(b);
        const QByteArray first = b.mid(l.entries[0], l.entries[1] - l.entries[0]);
        const QByteArray second = b.mid(l.entries[1], l.entries[2] - l.entries[1]);
        b.replace(l.entries[0], first.size() + second.size(), QByteArray(second + first));
        const QString file = path(QStringLiteral("reordered.seesaw"));
        QVERIFY(testutil::writeFile(file, b));
        const Error e = refusal(file);
        QCOMPARE(e.code, QStringLiteral("bundle.zip-corrupt"));
        QVERIFY2(e.message.contains(l.names[1]), qPrintable(e.message));
    }
};

QTEST_GUILESS_MAIN(TestZipLayout)
#include "tst_ziplayout.moc"
