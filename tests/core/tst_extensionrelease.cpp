// Risk: an extension Seesaw passes is refused by systemd-sysext/confext, or the reverse (release
// text, squashfs/ext4 images or the fit rule misread); checked against the real systemd-sysext
// and systemd-confext (Debian 12's backports: tests/tools/systemd-confext).
#include "artifacts/extensionrelease.h"
#include "base/hostilestring.h"
#include "testutil.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

using namespace seesaw;
using testutil::errorCode;
using testutil::s;

namespace {

using Type = ArtifactInfo::Type;

// Bytes of a literal, NULs included.
template <size_t N> QByteArray b(const char (&text)[N])
{
    return {text, qsizetype(N - 1)};
}

QStringList list(const ReleaseFields &f)
{
    return {f.id, f.versionId, f.sysextLevel, f.confextLevel, f.architecture};
}

// "ID|VERSION_ID|SYSEXT_LEVEL|CONFEXT_LEVEL|ARCHITECTURE", trailing empty fields left out.
ReleaseFields fields(const QString &text)
{
    QStringList l = text.split(QLatin1Char('|'));
    while (l.size() < 5) {
        l.append(QString());
    }
    return {l.at(0), l.at(1), l.at(2), l.at(3), l.at(4)};
}

// The fields as os-release text, values in double quotes or bare.
QByteArray releaseText(const ReleaseFields &f, bool quoted)
{
    const char *keys[] = {"ID", "VERSION_ID", "SYSEXT_LEVEL", "CONFEXT_LEVEL", "ARCHITECTURE"};
    QByteArray out = "NAME=\"Some OS\"\n";
    for (int i = 0; i < 5; ++i) {
        const QByteArray v = list(f).at(i).toUtf8();
        out += v.isEmpty() ? QByteArray() : keys[i] + ("=" + (quoted ? '"' + v + '"' : v)) + '\n';
    }
    return out;
}

// A rule of the fit: the extension and the OS as fields() takes them, and the field the refusal
// names (empty: it fits).
struct Rule {
    const char *name;
    QString extension, os, field;
    bool confext = false;
};

QList<Rule> rules()
{
    const QString host = hostArchitecture();
    const QString foreign = host == s("s390x") ? s("riscv64") : s("s390x");
    const QString id = s("ID");
    const QString version = s("VERSION_ID");
    const QString level = s("SYSEXT_LEVEL");
    const QString arch = s("ARCHITECTURE");
    return {
        {"same ID and VERSION_ID", s("debian|12"), s("debian|12"), {}},
        {"VERSION_ID differs", s("debian|12"), s("debian|13"), version},
        {"ID differs", s("fedora|12"), s("debian|12"), id},
        {"ID is case-sensitive", s("Debian|12"), s("debian|12"), id},
        {"_any ID, other versions", s("_any|1|9"), s("debian|12|2"), {}},
        {"_any ID, no versions", s("_any"), s("debian|12"), {}},
        {"no ID in the extension", s("|12"), s("debian|12"), id},
        {"OS without ID takes not even _any", s("_any"), s("|12"), id},
        {"levels equal, VERSION_IDs differ", s("debian|11|2"), s("debian|12|2"), {}},
        {"levels differ, VERSION_IDs equal", s("debian|12|2"), s("debian|12|3"), level},
        {"extension level only, VERSION_IDs equal", s("debian|12|2"), s("debian|12"), {}},
        {"extension level only, VERSION_IDs differ", s("debian|11|2"), s("debian|12"), version},
        {"OS level, extension VERSION_ID only, equal", s("debian|12"), s("debian|12|2"), {}},
        {"OS level, extension VERSION_ID only, differ", s("debian|11"), s("debian|12|2"), version},
        {"OS with only a level, extension without", s("debian"), s("debian||2"), {}},
        {"OS with only a level, extension another", s("debian||3"), s("debian||2"), level},
        {"rolling OS, extension names a version", s("arch|5|1"), s("arch"), {}},
        {"rolling OS, extension names none", s("arch"), s("arch"), {}},
        {"OS VERSION_ID, extension none", s("debian"), s("debian|12"), version},
        {"a sysext ignores CONFEXT_LEVEL", s("debian|12||1"), s("debian|12||2"), {}},
        {"ARCHITECTURE the OS's", s("debian|12|||arm64"), s("debian|12|||arm64"), {}},
        {"ARCHITECTURE not the OS's", s("debian|12|||arm64"), s("debian|12|||x86-64"), arch},
        {"ARCHITECTURE _any", s("debian|12|||_any"), s("debian|12"), {}},
        {"ARCHITECTURE refuses even an _any ID", s("_any||||") + foreign, s("debian|12"), arch},
        {"ARCHITECTURE of this machine", s("debian|12|||") + host, s("debian|12"), {}},
        {"ARCHITECTURE not this machine's", s("debian|12|||") + foreign, s("debian|12"), arch},
        // systemd-confext is systemd 254 and later (Debian 12 has 252 and none): these rows
        // follow its man page, which gives it the sysext rule with CONFEXT_LEVEL.
        {"confext: levels equal, VERSION_IDs differ",
         s("debian|11||4"),
         s("debian|12||4"),
         {},
         true},
        {"confext: levels differ", s("debian|12||4"), s("debian|12||5"), s("CONFEXT_LEVEL"), true},
        {"confext: SYSEXT_LEVEL does not count", s("debian|11|2"), s("debian|12|2"), version, true},
        {"confext: _any", s("_any"), s("debian|12||5"), {}, true},
    };
}

QString findTool(const char *name)
{
    return QStandardPaths::findExecutable(s(name),
                                          qEnvironmentVariable("PATH").split(QLatin1Char(':')) +
                                              QStringList{s("/usr/sbin")});
}

// An image of DIR made as an extension's maker would: "" on success, else why not.
QString makeImage(bool squashfs, const QString &dir, const QString &image)
{
    const testutil::RunResult r =
        squashfs ? testutil::run(findTool("mksquashfs"), {dir, image, s("-quiet"), s("-noappend"),
                                                          s("-processors"), s("1")})
                 : testutil::run(findTool("mkfs.ext4"), {s("-q"), s("-d"), dir, image, s("4M")});
    return r.exitCode == 0 ? QString() : r.text() + QString::fromLocal8Bit(r.err);
}

// `TOOL... merge --root=ROOT` as root in a mount namespace of its own, then unmerge: "MERGED" in
// the output when the extension's marker file (MARKER, under ROOT) showed. After unshare made
// every mount private, --make-rshared lets the overlay that systemd-sysext (or -confext) mounts
// in a namespace of its own reach this one, and nothing reach the machine's. /run must be a
// mount point for the tool to make it a slave, which it is not in some containers.
testutil::RunResult extensionMerge(const QStringList &tool, const QString &root,
                                   const QString &marker, bool force)
{
    const QString script =
        s("exec 2>&1; set -e; root=$1; marker=$2; shift 2; mount --make-rshared /;"
          " mountpoint -q /run || mount -t tmpfs tmpfs /run;"
          " SYSTEMD_LOG_LEVEL=debug \"$@\" merge %1 --root=\"$root\" || true;"
          " if [ -e \"$root/$marker\" ]; then echo MERGED; fi;"
          " \"$@\" unmerge --root=\"$root\"")
            .arg(force ? s("--force") : QString());
    return testutil::run(findTool("unshare"),
                         QStringList{s("--mount"), s("--propagation"), s("private"), s("sh"),
                                     s("-c"), script, s("sh"), root, marker} +
                             tool);
}

// Debian 12's /usr/lib/os-release.
const char DebianOsRelease[] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                               "NAME=\"Debian GNU/Linux\"\n"
                               "VERSION_ID=\"12\"\n"
                               "VERSION=\"12 (bookworm)\"\n"
                               "VERSION_CODENAME=bookworm\n"
                               "ID=debian\n"
                               "HOME_URL=\"https://www.debian.org/\"\n"
                               "SUPPORT_URL=\"https://www.debian.org/support\"\n"
                               "BUG_REPORT_URL=\"https://bugs.debian.org/\"\n";

} // namespace

class TestExtensionRelease : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    int m_case = 0;
    // Sysext, Confext: empty when its tool can merge here, else what it said.
    std::optional<QString> m_mergeFails[2];

    QString fresh()
    {
        QString path = m_dir.filePath(QStringLiteral("case-%1").arg(++m_case));
        QDir().mkpath(path);
        return path;
    }
    // An image holding the sysext release file "x" with `content` (none when null; with `link`,
    // a link to a file with it); the error code of reading it, and the message.
    QString readCode(bool squashfs, const QByteArray &content, bool link, QString *message)
    {
        const QString dir = fresh();
        const QString release = dir + s("/tree/usr/lib/extension-release.d/");
        QDir().mkpath(release);
        if (!content.isNull()) {
            testutil::writeFile(release + (link ? s("real") : s("extension-release.x")), content);
        }
        if (link) {
            QFile::link(s("real"), release + s("extension-release.x"));
        }
        const QString made = makeImage(squashfs, dir + s("/tree"), dir + s("/x.raw"));
        const auto r = readExtensionRelease(dir + s("/x.raw"), Type::Sysext, s("x"));
        *message = !made.isEmpty() ? made : r ? QString() : r.error().message;
        return made.isEmpty() ? errorCode(r) : s("mkfs failed");
    }
    // The row's extension merged by the real tool (TOOL...) or not, and Seesaw's verdict.
    void agreesWithSystemd(Type type, const QStringList &tool);

private Q_SLOTS:
    void parse_data();
    void parse();
    void parseInvalid_data();
    void parseInvalid();
    void hostileNeverHangs();
    void osRelease();
    void imageRelease_data();
    void imageRelease();
    void imageProblems_data();
    void imageProblems();
    void fits_data();
    void fits();
    void fitMessages();
    void hostArchitectureAsSystemdNamesIt();
    void agreesWithSystemdSysext_data();
    void agreesWithSystemdSysext();
    void agreesWithSystemdConfext_data();
    void agreesWithSystemdConfext();
};

void TestExtensionRelease::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // as fields() takes it
    const auto row = [](const char *name, const QByteArray &text, const QString &expected) {
        QTest::newRow(name) << text << expected;
    };
    row("Debian 12", b(DebianOsRelease), s("debian|12"));
    row("bare, single and double quotes",
        "ID=fedora\nVERSION_ID='38'\nSYSEXT_LEVEL=\"1.2\"\nCONFEXT_LEVEL=c-1\nARCHITECTURE=x86-64",
        s("fedora|38|1.2|c-1|x86-64"));
    row("escapes in double quotes", R"(ID="a\"b\\c\$d\`e")", s("a\"b\\c$d`e"));
    row("escape kept before another character", R"(VERSION_ID="1\x")", s("|1\\x"));
    row("backslash in single quotes stays", R"(ID='a\b')", s("a\\b"));
    row("escapes in a bare value", R"(ID=a\ b\$c\")", s("a b$c\""));
    row("comments, blank lines, indentation, CRLF",
        "# c\n\n   ID=x\r\n\t# indented\r\nVERSION_ID=1 \t\r\n", s("x|1"));
    row("unknown keys skipped, even over two lines",
        "PRETTY_NAME=\"two\nlines\"\nANSI_COLOR=\"0;31\"\nLOGO=\nID=x\n", s("x"));
    row("last assignment wins", "ID=a\nID=b\n", s("b"));
    row("empty value is no value", "ID=x\nVERSION_ID=1\nVERSION_ID=''\nSYSEXT_LEVEL=", s("x"));
    row("white space around values", "ID= x \nVERSION_ID=  \"1\"  \n", s("x|1"));
    row("continued lines", "ID=\"de\\\nbian\"\nVERSION_ID=1\\\n2\n", s("debian|12"));
    row("no final line break", "ID=x", s("x"));
    row("empty text", QByteArray(), QString());
    row("UTF-8 value",
        "ID=\"d\xc3\xa9"
        "bian\"",
        s("débian"));
    row("hash inside a value", "VERSION_ID=1#2", s("|1#2"));
    row("comment ending in an escaped backslash", "# c \\\\\nID=x\n", s("x"));
    row("longest value", "ID=" + QByteArray(128, 'a'), QString(128, u'a'));
    const QByteArray head = "ID=x\n#";
    row("exactly the size bound", head + QByteArray(limits::MaxReleaseFileBytes - head.size(), 'c'),
        s("x"));
}

void TestExtensionRelease::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const auto r = parseReleaseText(text);
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(list(*r), list(fields(expected)));
}

void TestExtensionRelease::parseInvalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line"); // 0: the message names none
    const auto row = [](const char *name, const QByteArray &text, int line) {
        QTest::newRow(name) << text << line;
    };
    row("not an assignment", "ID=x\nhello world\n", 2);
    row("space before =", "ID =x", 1);
    row("key starting with a digit", "1D=x", 1);
    row("no key", "=x", 1);
    row("export", "export ID=x", 1);
    row("double quote never closed", "ID=x\nNAME=\"abc\nVERSION_ID=1\n", 2);
    row("single quote never closed", "\nVERSION_ID='1", 2);
    row("closing quote escaped", R"(ID="abc\")", 1);
    row("text after the closing quote", R"(ID="a"b)", 1);
    row("comment after the closing quote", R"(ID="a" # c)", 1);
    row("quote in a bare value", R"(ID=a"b")", 1);
    row("$ in a bare value", "ID=$HOME", 1);
    row("` in a bare value", "ID=`id`", 1);
    row("comment ending in a backslash", "ID=x\n# c \\\nVERSION_ID=1\n", 2);
    row("NUL in a value", b("ID=x\nVERSION_ID=1\0\n"), 2);
    row("NUL in a comment", b("# \0\nID=x"), 1);
    row("byte 0xFF", "ID=x\n\n\xff\n", 3);
    row("overlong /", "ID=\xc0\xaf", 1);
    row("surrogate", "ID=\xed\xa0\x80", 1);
    row("cut sequence at the end", "ID=x\nVERSION_ID=\xe2\x82", 2);
    row("byte order mark", "\xef\xbb\xbfID=x", 1);
    row("kept value over two lines", "\nID=\"a\nb\"", 2);
    row("kept value with a tab", "ID=\"a\tb\"", 1);
    row("kept value with an escape sequence", "ID=\"\x1b[31mred\"", 1);
    const QByteArray override = QString(QChar(0x202E)).toUtf8(); // right-to-left override
    row("kept value with a bidi override", "ID=\"a" + override + "b\"", 1);
    row("kept value too long", "ID=" + QByteArray(129, 'a'), 1);
    row("larger than the bound", QByteArray(limits::MaxReleaseFileBytes + 1, '#'), 0);
}

void TestExtensionRelease::parseInvalid()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    const auto r = parseReleaseText(text);
    QCOMPARE(errorCode(r), s("release.invalid"));
    const QString message = r.error().message;
    QCOMPARE(message.startsWith(s("Line ")) ? message.section(u' ', 1, 1).remove(u':').toInt() : 0,
             line);
}

// Random and mutated text: every answer is a refusal or fields that keep their promise.
void TestExtensionRelease::hostileNeverHangs()
{
    QList<QByteArray> inputs = {
        QByteArray(60000, '"'), QByteArray(60000, '\\'), QByteArray(30000, '\n') + "ID=\"",
        QByteArray("ID=") + QByteArray(60000, 'x'), "X=" + QByteArray(20000, '\'') + "\nID=x"};
    const QByteArray specials = b("\"'\\\n\r#= $`\0\xff\xc3\t");
    for (quint32 seed = 1; seed <= 3000; ++seed) {
        QByteArray text =
            seed % 2 != 0 ? testutil::randomBytes(qsizetype(seed % 700), seed) : b(DebianOsRelease);
        const QByteArray noise = testutil::randomBytes(8, seed * 7919);
        for (qsizetype i = 0; seed % 2 == 0 && i < 2; ++i) {
            text[qsizetype(quint8(noise[i * 2])) * 7 % text.size()] =
                specials[quint8(noise[i * 2 + 1]) % specials.size()];
        }
        inputs.append(text);
    }
    QElapsedTimer timer;
    timer.start();
    int accepted = 0;
    for (const QByteArray &text : inputs) {
        const auto r = parseReleaseText(text);
        if (!r) {
            QCOMPARE(r.error().code, s("release.invalid"));
            continue;
        }
        ++accepted;
        for (const QString &value : list(*r)) {
            QVERIFY(value.size() <= limits::MaxShortString && isOneLinePrintable(value));
        }
    }
    QVERIFY2(accepted > 100, qPrintable(QString::number(accepted))); // many stay readable
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
}

void TestExtensionRelease::osRelease()
{
    const auto tree = [this](const QByteArray &etc, const QByteArray &usr) {
        QString root = fresh();
        QDir().mkpath(root + s("/etc"));
        if (!usr.isNull()) {
            testutil::writeFile(root + s("/usr/lib/os-release"), usr);
        }
        if (!etc.isNull()) {
            testutil::writeFile(root + s("/etc/os-release"), etc);
        }
        return root;
    };
    const auto id = [](const QString &root) {
        const auto r = readOsRelease(root);
        return r ? r->id : r.error().code;
    };
    const QByteArray usr = "ID=seesawtest\nVERSION_ID=7\n";
    QString root = tree({}, usr);
    QCOMPARE(list(*readOsRelease(root)), list(fields(s("seesawtest|7"))));
    QVERIFY(QFile::link(s("../usr/lib/os-release"), root + s("/etc/os-release")));
    QCOMPARE(id(root), s("seesawtest"));
    // An absolute link resolves inside the tree, not to this machine's /usr/lib/os-release.
    root = tree({}, usr);
    QVERIFY(QFile::link(s("/usr/lib/os-release"), root + s("/etc/os-release")));
    QCOMPARE(id(root), s("seesawtest"));
    root = tree({}, usr); // a dangling link counts as no file
    QVERIFY(QFile::link(s("nowhere"), root + s("/etc/os-release")));
    QCOMPARE(id(root), s("seesawtest"));
    QCOMPARE(id(tree("ID=etc\n", usr)), s("etc"));
    QCOMPARE(id(tree("ID=etc\n", "ID=\"broken")), s("etc")); // etc's is the only one read
    QCOMPARE(id(tree({}, {})), s("release.missing"));
    QCOMPARE(id(tree(QByteArray(limits::MaxReleaseFileBytes + 10, '#'), usr)),
             s("release.invalid"));
    const auto r = readOsRelease(tree("ID=x\nVERSION_ID=\"1\n", usr));
    QCOMPARE(errorCode(r), s("release.invalid"));
    QVERIFY2(r.error().message.contains(s("/etc/os-release")) &&
                 r.error().message.contains(s("Line 2")),
             qPrintable(r.error().message));
    // A FIFO in the file's place must not block the reader; it has no ID to give.
    root = tree({}, usr);
    QCOMPARE(::mkfifo(QFile::encodeName(root + s("/etc/os-release")).constData(), 0644), 0);
    QVERIFY(id(root).isEmpty());
    QCOMPARE(id(root + s("/etc/os-release/x")), s("release.io"));
}

void TestExtensionRelease::imageRelease_data()
{
    QTest::addColumn<bool>("squashfs");
    QTest::addColumn<int>("type");
    QTest::newRow("squashfs sysext") << true << int(Type::Sysext);
    QTest::newRow("squashfs confext") << true << int(Type::Confext);
    QTest::newRow("ext4 sysext") << false << int(Type::Sysext);
    QTest::newRow("ext4 confext") << false << int(Type::Confext);
}

void TestExtensionRelease::imageRelease()
{
    QFETCH(bool, squashfs);
    QFETCH(int, type);
    const Type t = Type(type);
    const QString base = fresh();
    const QString tree = base + s("/tree/");
    QVERIFY(
        testutil::writeFile(tree + extensionReleasePath(t, s("monitor")),
                            "ID=debian\nVERSION_ID=\"12\"\nSYSEXT_LEVEL=2\nARCHITECTURE=arm64\n"));
    // The other kind's place holds other fields: they must not be read instead.
    QVERIFY(testutil::writeFile(
        tree + extensionReleasePath(t == Type::Sysext ? Type::Confext : Type::Sysext, s("monitor")),
        "ID=wrong\n"));
    QVERIFY(testutil::writeFile(tree + s("usr/bin/monitor"), "#!/bin/sh\n"));
    const QString image = base + s("/monitor.raw");
    const QString made = makeImage(squashfs, tree, image);
    QVERIFY2(made.isEmpty(), qPrintable(made));

    const auto r = readExtensionRelease(image, t, s("monitor"));
    QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
    QCOMPARE(list(*r), list(fields(s("debian|12|2||arm64"))));
    // An image whose file bears another name: systemd would refuse it, and the message says why.
    const auto missing = readExtensionRelease(image, t, s("other"));
    QCOMPARE(errorCode(missing), s("release.missing"));
    const QString message = missing.error().message;
    QVERIFY2(message.contains(s("/") + extensionReleasePath(t, s("other"))) &&
                 message.contains(t == Type::Sysext ? s("systemd-sysext") : s("systemd-confext")),
             qPrintable(message));
}

void TestExtensionRelease::imageProblems_data()
{
    QTest::addColumn<bool>("squashfs");
    QTest::newRow("squashfs") << true;
    QTest::newRow("ext4") << false;
}

void TestExtensionRelease::imageProblems()
{
    QFETCH(bool, squashfs);
    QString message;
    QCOMPARE(readCode(squashfs, {}, false, &message), s("release.missing"));
    QCOMPARE(readCode(squashfs, "ID=debian\n", true, &message), s("release.invalid"));
    QVERIFY2(message.contains(s("regular file")), qPrintable(message));
    QCOMPARE(readCode(squashfs, "ID=debian\nVERSION_ID=\"12\n", false, &message),
             s("release.invalid"));
    QVERIFY2(message.contains(s("Line 2")), qPrintable(message));
    QCOMPARE(readCode(squashfs, QByteArray(70000, '#'), false, &message), s("release.invalid"));

    // A damaged image: the tool's failure is an error, not a missing file (debugfs exits with 0).
    const QString dir = fresh();
    QVERIFY(testutil::writeFile(dir + s("/tree/usr/bin/tool"), testutil::randomBytes(20000, 3)));
    QVERIFY(makeImage(squashfs, dir + s("/tree"), dir + s("/whole.raw")).isEmpty());
    QVERIFY(testutil::writeFile(dir + s("/cut.raw"),
                                testutil::readFile(dir + s("/whole.raw")).left(1536)));
    const auto code = [&](const char *image, const char *name = "x") {
        const auto r = readExtensionRelease(dir + s(image), Type::Sysext, s(name));
        message = r ? QString() : r.error().message;
        return errorCode(r);
    };
    QCOMPARE(code("/whole.raw"), s("release.missing")); // not even the directory
    QCOMPARE(code("/cut.raw"), s("release.io"));
    QVERIFY(testutil::writeFile(dir + s("/random.raw"), testutil::randomBytes(8192, 5)));
    QCOMPARE(code("/random.raw"), s("release.missing"));
    QVERIFY2(message.contains(s("neither")), qPrintable(message));
    QCOMPARE(code("/none.raw"), s("release.io"));
    QCOMPARE(code("/whole.raw", "*"), s("release.invalid"));
}

void TestExtensionRelease::fits_data()
{
    QTest::addColumn<QString>("extension"); // as fields() takes them
    QTest::addColumn<QString>("os");
    QTest::addColumn<bool>("confext");
    QTest::addColumn<QString>("field"); // that the refusal names; empty: it fits
    for (const Rule &rule : rules()) {
        QTest::newRow(rule.name) << rule.extension << rule.os << rule.confext << rule.field;
    }
}

void TestExtensionRelease::fits()
{
    QFETCH(QString, extension);
    QFETCH(QString, os);
    QFETCH(bool, confext);
    QFETCH(QString, field);
    const Status st = checkExtensionFits(fields(extension), fields(os),
                                         confext ? Type::Confext : Type::Sysext, s("monitor"));
    QCOMPARE(errorCode(st), field.isEmpty() ? QString() : s("artifacts.incompatible"));
    QVERIFY2(st || st.error().message.startsWith(s("monitor needs %1 ").arg(field)) ||
                 st.error().message.startsWith(s("monitor sets no %1;").arg(field)),
             qPrintable(st ? QString() : st.error().message));
}

// The words an operator reads, values from a hostile image shown safely.
void TestExtensionRelease::fitMessages()
{
    const auto message = [](const QString &ext, const char *os, const QString &label) {
        const Status st = checkExtensionFits(fields(ext), fields(s(os)), Type::Sysext, label);
        return st ? QString() : st.error().message;
    };
    const QString m = s("monitor 1.2.0");
    QCOMPARE(message(s("debian|12"), "debian|13", m),
             s("monitor 1.2.0 needs VERSION_ID 12; the system has 13."));
    QCOMPARE(message(s("debian"), "debian|13", m),
             s("monitor 1.2.0 sets no VERSION_ID; the system has 13."));
    QCOMPARE(message(s("_any"), "|13", m), s("monitor 1.2.0 needs ID _any; the system has none."));
    QCOMPARE(message(s("debian||3"), "debian||2", m),
             s("monitor 1.2.0 needs SYSEXT_LEVEL 3; the system has 2."));
    QCOMPARE(message(s("fedora") + QChar(0x202E) + s("|12"), "debian|12", s("mon\x1b[2Jitor")),
             s("mon\xef\xbf\xbd[2Jitor needs ID fedora\xef\xbf\xbd; the system has debian."));
}

void TestExtensionRelease::hostArchitectureAsSystemdNamesIt()
{
    const QString arch = hostArchitecture();
    QVERIFY(!arch.isEmpty());
    if (findTool("systemd-analyze").isEmpty()) {
        QSKIP("systemd-analyze is not installed");
    }
    const auto holds = [](const QString &value) {
        return testutil::run(findTool("systemd-analyze"),
                             {s("condition"), s("ConditionArchitecture=") + value})
                   .exitCode == 0;
    };
    QVERIFY2(holds(arch), qPrintable(arch));
    QVERIFY(!holds(arch == s("s390x") ? s("riscv64") : s("s390x")));
}

// Rows for agreesWithSystemd*: every rule of `type` (those of the other kind too, for which the
// expected verdict is only systemd's), except where the OS names its ARCHITECTURE: systemd asks
// uname(2). Then values the parser must read as systemd does, written in different ways.
static void agreementRows(Type type)
{
    QTest::addColumn<QByteArray>("osRelease");
    QTest::addColumn<QByteArray>("extensionRelease");
    QTest::addColumn<int>("merges"); // 1 or 0, or -1: as systemd decides
    const bool confext = type == Type::Confext;
    for (const Rule &rule : rules()) {
        if ((confext || !rule.confext) && fields(rule.os).architecture.isEmpty()) {
            const int expected = rule.confext == confext ? int(rule.field.isEmpty()) : -1;
            QTest::newRow(rule.name) << releaseText(fields(rule.os), true)
                                     << releaseText(fields(rule.extension), false) << expected;
        }
    }
    const auto row = [](const char *name, const QByteArray &os, const QByteArray &ext) {
        QTest::newRow(name) << os << ext << 1;
    };
    row("$ quoted two ways", "ID=debian\nVERSION_ID='1$2'\n", R"(ID=debian
VERSION_ID="1\$2")");
    row("backslash kept in double quotes", "ID=debian\nVERSION_ID=\"1\\x\"\n",
        "ID=debian\nVERSION_ID='1\\x'\n");
    row("escaped space in a bare value", "ID=debian\nVERSION_ID=1\\ 2\n",
        "ID=debian\nVERSION_ID=\"1 2\"\n");
    row("CRLF, comments and white space", "# c\r\n  ID=debian \r\nVERSION_ID= 12\r\n",
        "ID=debian\nVERSION_ID=12\n");
    row("continued lines", "ID=deb\\\nian\nVERSION_ID=\"1\\\n2\"\n", "ID=debian\nVERSION_ID=12\n");
    row("last assignment wins", "ID=debian\nVERSION_ID=11\nVERSION_ID=12\n",
        "ID=debian\nVERSION_ID=12\n");
}

void TestExtensionRelease::agreesWithSystemdSysext_data()
{
    agreementRows(Type::Sysext);
}

void TestExtensionRelease::agreesWithSystemdSysext()
{
    if (::geteuid() != 0) {
        QSKIP("needs root: systemd-sysext mounts loop devices and overlayfs");
    }
    const QString tool = findTool("systemd-sysext");
    if (tool.isEmpty()) {
        QSKIP("systemd-sysext is not installed");
    }
    agreesWithSystemd(Type::Sysext, {tool});
}

// Debian 12's systemd (252) has no systemd-confext: ctest fetches systemd 254's from Debian's
// bookworm-backports into the build tree first (tests/tools/systemd-confext, the fixture
// fetch_systemd_confext in tests/CMakeLists.txt); one installed on the machine is used as it is.
void TestExtensionRelease::agreesWithSystemdConfext_data()
{
    agreementRows(Type::Confext);
}

void TestExtensionRelease::agreesWithSystemdConfext()
{
    if (::geteuid() != 0) {
        QSKIP("needs root: systemd-confext mounts loop devices and overlayfs");
    }
    QStringList tool{findTool("systemd-confext")};
    const QString fetcher = qEnvironmentVariable("SEESAW_CONFEXT_TOOL");
    const QString fetched = qEnvironmentVariable("SEESAW_CONFEXT_DIR");
    if (tool.constFirst().isEmpty() && !fetcher.isEmpty()) {
        if (QFile::exists(fetched + s("/unavailable"))) {
            QSKIP(qPrintable(s("systemd-confext could not be fetched: ") +
                             QString::fromUtf8(testutil::readFile(fetched + s("/unavailable")))));
        }
        tool = QStringList{fetcher, s("run"), fetched};
    }
    if (tool.constFirst().isEmpty()) {
        QSKIP("systemd-confext is not installed (ctest fetches systemd 254's: "
              "tests/tools/systemd-confext)");
    }
    agreesWithSystemd(Type::Confext, tool);
}

// With the extension at ROOT/var/lib/{extensions,confexts}/probe.raw and the OS's os-release in
// ROOT: whether the tool merged it, and whether Seesaw says it fits, against the row's verdict.
void TestExtensionRelease::agreesWithSystemd(Type type, const QStringList &tool)
{
    QFETCH(QByteArray, osRelease);
    QFETCH(QByteArray, extensionRelease);
    QFETCH(int, merges);
    for (const char *needed : {"mksquashfs", "unshare", "mountpoint"}) {
        if (findTool(needed).isEmpty()) {
            QSKIP(qPrintable(s("%1 is not installed").arg(s(needed))));
        }
    }
    const bool confext = type == Type::Confext;
    const QString store = confext ? s("/var/lib/confexts") : s("/var/lib/extensions");
    const QString release = confext ? s("/etc/extension-release.d/extension-release.probe")
                                    : s("/usr/lib/extension-release.d/extension-release.probe");
    const QString marker =
        confext ? s("etc/seesaw-probe/marker") : s("usr/share/seesaw-probe/marker");
    const auto prepare = [&](const QByteArray &os, const QByteArray &ext) {
        const QString dir = fresh();
        testutil::writeFile(dir + s("/root/usr/lib/os-release"), os);
        QDir().mkpath(dir + s("/root") + store);
        testutil::writeFile(dir + s("/ext") + release, ext);
        testutil::writeFile(dir + s("/ext/") + marker, "x");
        const QString made =
            makeImage(true, dir + s("/ext"), dir + s("/root") + store + s("/probe.raw"));
        return made.isEmpty() ? dir + s("/root") : QString();
    };
    std::optional<QString> &fails = m_mergeFails[int(type)];
    if (!fails) { // can the tool merge anything here at all?
        const auto r = extensionMerge(tool, prepare("ID=debian\n", "ID=other\n"), marker, true);
        fails = r.text().contains(s("MERGED")) ? QString() : r.text();
    }
    if (!fails->isEmpty()) {
        QSKIP(qPrintable(tool.constFirst() +
                         s(" merge --force fails here, so there is no verdict to compare: ") +
                         *fails));
    }
    const QString root = prepare(osRelease, extensionRelease);
    QVERIFY(!root.isEmpty());
    const testutil::RunResult r = extensionMerge(tool, root, marker, false);
    QVERIFY2(r.exitCode == 0, qPrintable(r.text()));
    QVERIFY(!testutil::readFile(s("/proc/self/mountinfo")).contains(QFile::encodeName(root)));
    const bool merged = r.text().contains(s("MERGED"));

    const auto os = readOsRelease(root);
    const auto ext = readExtensionRelease(root + store + s("/probe.raw"), type, s("probe"));
    QVERIFY2(os && ext, qPrintable(!os    ? os.error().message
                                   : !ext ? ext.error().message
                                          : QString()));
    const Status ours = checkExtensionFits(*ext, *os, type, s("probe"));
    if (merges >= 0) {
        QVERIFY2(merged == (merges == 1), qPrintable(tool.constFirst() + s(": ") + r.text()));
    }
    QVERIFY2(ours.ok() == merged, qPrintable((ours ? s("fits") : ours.error().message) + s("; ") +
                                             tool.constFirst() + s(": ") + r.text()));
}

QTEST_GUILESS_MAIN(TestExtensionRelease)
#include "tst_extensionrelease.moc"
