// TarExtractor: real archives made by GNU tar in its three formats, extracted from pieces of
// odd sizes and compared with the tree they were made from; and hostile archives, written here
// header by header, each refused with its own error code and nothing written outside the tree.
#include "artifacts/tarextract.h"
#include "artifacts/tarformat.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

using namespace seesaw;

namespace {

struct Entry {
    Entry(QByteArray n, char t = '0', QByteArray d = {}, unsigned m = 0644, QByteArray l = {})
        : name(std::move(n)), type(t), data(std::move(d)), mode(m), link(std::move(l))
    {}
    QByteArray name;
    char type;
    QByteArray data;
    unsigned mode;
    QByteArray link;
};

void octal(char *at, size_t width, quint64 value)
{
    const QByteArray digits =
        QByteArray::number(value, 8).rightJustified(qsizetype(width - 1), '0');
    std::memcpy(at, digits.constData(), width - 1);
}

// One entry as GNU tar writes it in ustar format: header, data, padding.
QByteArray tarEntry(const Entry &e)
{
    QByteArray h(512, '\0');
    std::memcpy(h.data(), e.name.constData(), size_t(std::min<qsizetype>(e.name.size(), 100)));
    octal(h.data() + 100, 8, e.mode);
    octal(h.data() + 108, 8, 0);
    octal(h.data() + 116, 8, 0);
    octal(h.data() + 124, 12, quint64(e.data.size()));
    octal(h.data() + 136, 12, 1700000000);
    h[156] = e.type;
    std::memcpy(h.data() + 157, e.link.constData(),
                size_t(std::min<qsizetype>(e.link.size(), 100)));
    std::memcpy(h.data() + 257,
                "ustar\0"
                "00",
                8);
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (char c : h) {
        sum += static_cast<unsigned char>(c);
    }
    octal(h.data() + 148, 7, sum);
    QByteArray out = h + e.data;
    out.append(QByteArray((512 - e.data.size() % 512) % 512, '\0'));
    return out;
}

QByteArray archive(const QList<Entry> &entries, bool end = true)
{
    QByteArray out;
    for (const Entry &e : entries) {
        out += tarEntry(e);
    }
    if (end) {
        out.append(QByteArray(1024, '\0'));
    }
    return out;
}

// Feeds `data` in pieces of `piece` bytes, then finishes.
Status extract(const QString &root, const QByteArray &data, qsizetype piece = 700,
               TarLimits limits = {})
{
    auto x = TarExtractor::open(root, limits);
    if (!x) {
        return x.error();
    }
    for (qsizetype at = 0; at < data.size(); at += piece) {
        if (Status s = x->feed(QByteArrayView(data).sliced(at, std::min(piece, data.size() - at)));
            !s) {
            return s;
        }
    }
    return x->finish();
}

// "path: mode, content or link target" for every entry below root, sorted.
QStringList describe(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        struct stat st {};
        ::lstat(QFile::encodeName(info.filePath()).constData(), &st);
        QString what;
        if (S_ISLNK(st.st_mode)) {
            what = QStringLiteral("-> ") + QFile::decodeName([&] {
                       char buffer[4096] = {};
                       const ssize_t n = ::readlink(QFile::encodeName(info.filePath()).constData(),
                                                    buffer, sizeof(buffer) - 1);
                       return QByteArray(buffer, n > 0 ? n : 0);
                   }());
        } else if (S_ISDIR(st.st_mode)) {
            what = QStringLiteral("dir %1").arg(st.st_mode & 07777, 0, 8);
        } else {
            QFile f(info.filePath());
            (void)f.open(QIODevice::ReadOnly);
            what = QStringLiteral("file %1 %2 bytes, %3 links, sha %4")
                       .arg(st.st_mode & 07777, 0, 8)
                       .arg(st.st_size)
                       .arg(st.st_nlink)
                       .arg(QString::fromLatin1(
                           QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256)
                               .toHex()
                               .left(16)));
        }
        out.append(info.filePath().mid(root.size()) + QStringLiteral(": ") + what);
    }
    out.sort();
    return out;
}

} // namespace

class TestTarExtract : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_case = 0;

    // A fresh empty tree inside a directory that holds nothing else, to see escapes.
    QString freshRoot()
    {
        const QString base = m_dir.filePath(QStringLiteral("case-%1").arg(++m_case));
        QDir().mkpath(base + QStringLiteral("/tree"));
        return base + QStringLiteral("/tree");
    }

private Q_SLOTS:
    void realArchives_data();
    void realArchives();
    void hostile_data();
    void hostile();
    void formatHelpers();
};

void TestTarExtract::realArchives_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("piece");
    QTest::newRow("gnu, 700-byte pieces") << "gnu" << 700;
    QTest::newRow("pax, 1-byte pieces") << "pax" << 1;
    QTest::newRow("ustar, 4 MiB pieces") << "ustar" << (4 << 20);
}

void TestTarExtract::realArchives()
{
    QFETCH(QString, format);
    QFETCH(int, piece);
    const QString source = m_dir.filePath(QStringLiteral("source-") + format);
    const QString deep = source + QStringLiteral("/") + QString(60, QLatin1Char('d')) +
                         QStringLiteral("/") + QString(60, QLatin1Char('e'));
    QVERIFY(QDir().mkpath(deep));
    QVERIFY(QDir().mkpath(source + QStringLiteral("/empty")));
    QFile big(source + QStringLiteral("/model.bin"));
    QVERIFY(big.open(QIODevice::WriteOnly));
    for (int i = 0; i < 300; ++i) {
        big.write(QByteArray(1000, char('a' + i % 26)));
    }
    big.close();
    QFile deepFile(deep + QStringLiteral("/config.json"));
    QVERIFY(deepFile.open(QIODevice::WriteOnly));
    deepFile.write("{\"x\": 1}\n");
    deepFile.close();
    QVERIFY(QFile::setPermissions(deep + QStringLiteral("/config.json"),
                                  QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    QVERIFY(QFile::link(QStringLiteral("../../model.bin"), deep + QStringLiteral("/model-link")));
    QVERIFY(::link(QFile::encodeName(source + QStringLiteral("/model.bin")).constData(),
                   QFile::encodeName(source + QStringLiteral("/model-hard.bin")).constData()) == 0);
    QFile empty(source + QStringLiteral("/empty.txt"));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();

    QProcess tar;
    tar.start(QStringLiteral("tar"),
              {QStringLiteral("--format=") + format, QStringLiteral("-C"), source,
               QStringLiteral("-cf"), QStringLiteral("-"), QStringLiteral(".")});
    QVERIFY(tar.waitForFinished(30000));
    QCOMPARE(tar.exitCode(), 0);
    const QByteArray data = tar.readAllStandardOutput();

    const QString root = freshRoot();
    const Status s = extract(root, data, piece);
    QVERIFY2(s, qPrintable(s ? QString() : s.error().message));
    QCOMPARE(describe(root), describe(source));
}

void TestTarExtract::hostile_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("needle");
    const auto row = [](const char *name, const QList<Entry> &entries, const char *code,
                        const char *needle) {
        QTest::newRow(name) << archive(entries) << QString::fromLatin1(code)
                            << QString::fromLatin1(needle);
    };
    row("absolute path", {{"/etc/cron.d/x", '0', "x"}}, "tar.name", "/etc/cron.d/x");
    row("climbing path", {{"a/../../x", '0', "x"}}, "tar.name", "a/../../x");
    row("character device", {{"tty", '3'}}, "tar.type", "tty");
    row("block device", {{"sda", '4'}}, "tar.type", "sda");
    row("fifo", {{"pipe", '6'}}, "tar.type", "pipe");
    row("setuid file", {{"su", '0', "x", 04755}}, "tar.mode", "su");
    row("setgid dir", {{"d/", '5', {}, 02755}}, "tar.mode", "d/");
    row("link to an absolute path", {{"etc", '2', {}, 0777, "/etc"}}, "tar.link", "/etc");
    row("link climbing out", {{"d/", '5'}, {"d/up", '2', {}, 0777, "../../x"}}, "tar.link",
        "../../x");
    row("link climbing after a name", {{"d/", '5'}, {"d/l", '2', {}, 0777, "e/../../../x"}},
        "tar.link", "e/../../../x");
    row("file through a link", {{"l", '2', {}, 0777, "."}, {"l/x", '0', "x"}}, "tar.link", "l/x");
    row("hard link out", {{"h", '1', {}, 0644, "../outside"}}, "tar.link", "../outside");
    row("hard link to a link", {{"l", '2', {}, 0777, "."}, {"h", '1', {}, 0644, "l"}}, "tar.link",
        "h");
    row("file twice", {{"x", '0', "1"}, {"x", '0', "2"}}, "tar.exists", "x");
    row("file over a link", {{"x", '2', {}, 0777, "y"}, {"x", '0', "2"}}, "tar.exists", "x");
    QByteArray damaged = archive({{"x", '0', "1"}});
    damaged[10] = 'Z';
    QTest::newRow("damaged header") << damaged << "tar.header"
                                    << "damaged";
    QTest::newRow("cut inside data")
        << archive({{"x", '0', QByteArray(900, 'x')}}, false).left(700) << "tar.truncated"
        << "ends inside";
    QTest::newRow("cut inside a header")
        << archive({{"x", '0', "1"}}, false).left(100) << "tar.truncated"
        << "ends inside";
    QTest::newRow("data after the end")
        << archive({{"x", '0', "1"}}) + QByteArray(10, 'j') << "tar.header"
        << "end marker";
    QTest::newRow("pax header too large")
        << archive({{"PaxHeaders/x", 'x', QByteArray(70000, 'p')}}) << "tar.limit"
        << "extended header";
    QTest::newRow("damaged pax record")
        << archive({{"PaxHeaders/x", 'x', "99 path=x\n"}, {"x", '0', "1"}}) << "tar.header"
        << "pax";
    QTest::newRow("pax path climbing")
        << archive({{"PaxHeaders/x", 'x', "19 path=../../evil\n"}, {"x", '0', "1"}}) << "tar.name"
        << "../../evil";
    QList<Entry> many;
    for (int i = 0; i < 5; ++i) {
        many.append({"f" + QByteArray::number(i), '0', "x"});
    }
    QTest::newRow("too many entries") << archive(many) << "tar.limit"
                                      << "4 entries";
    QTest::newRow("more bytes than declared")
        << archive({{"a", '0', QByteArray(600, 'a')}, {"b", '0', QByteArray(600, 'b')}})
        << "tar.limit"
        << "1000 bytes";
}

void TestTarExtract::hostile()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, code);
    QFETCH(QString, needle);
    const QString root = freshRoot();
    TarLimits limits;
    limits.maxEntries = 4;
    limits.maxBytes = 1000;
    const Status s = extract(root, data, 333, limits);
    QVERIFY2(!s, "accepted");
    QCOMPARE(s.error().code, code);
    QVERIFY2(s.error().message.contains(needle), qPrintable(s.error().message));
    // Nothing beside the tree, and nothing special in it.
    const QDir base(QFileInfo(root).absolutePath());
    QCOMPARE(base.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("tree")});
    for (const QString &line : describe(root)) {
        QVERIFY2(!line.contains(QLatin1String("file 4")) && !line.contains(QLatin1String("-> /")),
                 qPrintable(line));
    }
}

void TestTarExtract::formatHelpers()
{
    char header[512] = {};
    std::memcpy(header + 124, "00000001750 ", 12);
    QCOMPARE(tar::number(header, 124, 12), std::optional<quint64>(1000));
    // Base-256: GNU tar's form for sizes of 8 GiB and more.
    std::memset(header + 124, 0, 12);
    header[124] = char(0x80);
    header[134] = 0x02;
    header[135] = 0x00;
    QCOMPARE(tar::number(header, 124, 12), std::optional<quint64>(512));
    std::memcpy(header + 124, "12x4        ", 12);
    QCOMPARE(tar::number(header, 124, 12), std::nullopt);
    QCOMPARE(tar::components("./a//b/./c/"), std::optional<QList<QByteArray>>({"a", "b", "c"}));
    QCOMPARE(tar::components(QByteArray(300, 'x')), std::nullopt); // a component over 255
    QVERIFY(tar::linkStaysInside("../lib/x", 1));
    QVERIFY(!tar::linkStaysInside("../../lib/x", 1));
    QVERIFY(!tar::linkStaysInside("a/../b", 3));
    QByteArray path;
    QByteArray link;
    std::optional<quint64> size;
    QVERIFY(tar::readPax("14 path=a/b/c\n19 linkpath=target\n11 size=42\n", &path, &link, &size));
    QCOMPARE(path, QByteArray("a/b/c"));
    QCOMPARE(link, QByteArray("target"));
    QCOMPARE(size, std::optional<quint64>(42));
}

QTEST_GUILESS_MAIN(TestTarExtract)
#include "tst_tarextract.moc"
