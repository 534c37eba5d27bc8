// os-release(5) and extension-release files, and systemd's rule for whether an extension fits
// an OS (extensionrelease.h).
#include "artifacts/extensionrelease.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringDecoder>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <linux/openat2.h>
#include <optional>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr int ToolTimeoutMs = 60 * 1000; // unsquashfs or debugfs reading one small file
constexpr qsizetype MaxListingBytes = qsizetype(4) * 1024 * 1024; // one directory's listing

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ExtensionRelease", text);
}

Error invalid(const QString &message)
{
    return makeError(Error::Kind::Invalid, "release.invalid", message);
}

Error ioError(const QString &message)
{
    return makeError(Error::Kind::Io, "release.io", message);
}

QString shown(const QString &untrusted)
{
    return QLatin1Char('"') + displayString(untrusted, 200) + QLatin1Char('"');
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r');
}

bool isKeyChar(QChar c, bool first) // [A-Za-z_][A-Za-z0-9_]*
{
    return c.unicode() < 128 && (c.isLetter() || c == QLatin1Char('_') || (!first && c.isDigit()));
}

// Read as systemd 252 reads it where the format leaves room (white space around a value is
// dropped, a value may span lines inside quotes or after a trailing backslash, the last
// assignment wins), and refused where the format forbids what a reader would have to guess at:
// an unclosed quote, text after a closing quote (joined strings), an unescaped quote, $ or ` in
// a bare value, and a comment ending in a backslash, which systemd 252 continues onto the next
// line (the next assignment is lost; 254 stopped doing so) and a shell does not.
class ReleaseParser {
public:
    explicit ReleaseParser(QString text) : m_text(std::move(text)) {}
    Result<ReleaseFields> run();

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] QChar peek() const { return m_text.at(m_pos); }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek())) {
            ++m_pos;
        }
    }
    Status value(QString &out);
    // `text` has %1 for the number of the line the assignment starts on.
    [[nodiscard]] Error lineError(const QString &text) const { return invalid(text.arg(m_start)); }

    QString m_text;
    qsizetype m_pos = 0;
    int m_line = 1;  // of the character at m_pos
    int m_start = 1; // of the assignment or comment being read
};

Result<ReleaseFields> ReleaseParser::run()
{
    ReleaseFields fields;
    const std::pair<QLatin1String, QString *> kept[] = {
        {QLatin1String("ID"), &fields.id},
        {QLatin1String("VERSION_ID"), &fields.versionId},
        {QLatin1String("SYSEXT_LEVEL"), &fields.sysextLevel},
        {QLatin1String("CONFEXT_LEVEL"), &fields.confextLevel},
        {QLatin1String("ARCHITECTURE"), &fields.architecture},
    };
    for (skipBlanks(); !atEnd(); skipBlanks()) {
        m_start = m_line;
        if (peek() == QLatin1Char('\n') || peek() == QLatin1Char('#')) { // to the line's end
            const qsizetype end = m_text.indexOf(QLatin1Char('\n'), m_pos);
            qsizetype backslashes = 0;
            while (end > m_pos + backslashes && m_text.at(end - 1 - backslashes) == u'\\') {
                ++backslashes;
            }
            if (backslashes % 2 == 1) {
                return lineError(tr("Line %1 is a comment that ends in a backslash, which systemd "
                                    "252 reads as going on onto the next line and a shell does "
                                    "not."));
            }
            m_pos = end < 0 ? m_text.size() : end + 1;
            m_line += end < 0 ? 0 : 1;
            continue;
        }
        const qsizetype keyStart = m_pos;
        while (!atEnd() && isKeyChar(peek(), m_pos == keyStart)) {
            ++m_pos;
        }
        if (m_pos == keyStart || atEnd() || peek() != QLatin1Char('=')) {
            return lineError(tr("Line %1 is not an assignment KEY=VALUE."));
        }
        const QString key = m_text.mid(keyStart, m_pos - keyStart);
        ++m_pos;
        QString v;
        if (Status s = value(v); !s) {
            return s.error();
        }
        for (const auto &[name, slot] : kept) {
            if (key != name) {
                continue;
            }
            if (v.size() > limits::MaxShortString || !isOneLinePrintable(v)) {
                return invalid(tr("Line %1: the value of %2 is not one line of printable text of "
                                  "at most %3 characters.")
                                   .arg(QString::number(m_start), key,
                                        QString::number(limits::MaxShortString)));
            }
            *slot = v;
        }
    }
    return fields;
}

// After "KEY=": '…' is taken as it is; in "…" a backslash escapes $ " \ ` and a line break
// (which it removes) and stays before any other character, as in a shell; a bare value runs to
// the end of the line, a backslash escaping any character, white space at its end dropped.
Status ReleaseParser::value(QString &out)
{
    skipBlanks(); // "KEY= value": systemd drops the white space
    const QChar quote =
        !atEnd() && QStringView(u"\"'").contains(peek()) ? m_text.at(m_pos++) : QChar();
    qsizetype kept = 0; // of a bare value, the characters before trailing white space
    while (!atEnd() && (!quote.isNull() || peek() != QLatin1Char('\n'))) {
        const QChar c = m_text.at(m_pos++);
        if (c == quote) {
            skipBlanks();
            return atEnd() || peek() == QLatin1Char('\n')
                       ? Status(Ok{})
                       : lineError(tr("Line %1 goes on after its closing quote; os-release does "
                                      "not join strings."));
        }
        if (c == QLatin1Char('\\') && quote != QLatin1Char('\'')) {
            if (atEnd()) {
                break;
            }
            const QChar next = m_text.at(m_pos++);
            m_line += next == QLatin1Char('\n') ? 1 : 0;
            if (next != QLatin1Char('\n') && !quote.isNull() &&
                !QStringView(u"$\"\\`").contains(next)) {
                out.append(c);
            }
            out.append(next == QLatin1Char('\n') ? QString() : QString(next));
            kept = out.size();
            continue;
        }
        if (quote.isNull() && QStringView(u"\"'`$").contains(c)) {
            return lineError(tr("Line %1 has a quote, $ or ` in a value without quotes; escape it "
                                "with a backslash or quote the value."));
        }
        m_line += c == QLatin1Char('\n') ? 1 : 0;
        out.append(c);
        kept = isBlank(c) ? kept : out.size();
    }
    if (!quote.isNull()) {
        return lineError(tr("Line %1 opens a quote that is never closed."));
    }
    out.truncate(kept);
    return Ok{};
}

// ROOT/PATH with links resolved inside ROOT, as systemd does with --root: an absolute link
// /etc/os-release -> /usr/lib/os-release of another tree must not reach this machine's file.
// Kernels before 5.6 lack openat2(); there links resolve as usual, the same for the root "/".
// O_NONBLOCK: a FIFO in the file's place must not block the open (a read then finds no data).
UniqueFd openInRoot(int rootFd, const char *path)
{
    open_how how{};
    how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    how.resolve = RESOLVE_IN_ROOT;
    int fd = int(::syscall(SYS_openat2, rootFd, path, &how, sizeof how));
    if (fd < 0 && errno == ENOSYS) {
        fd = ::openat(rootFd, path, int(how.flags));
    }
    return UniqueFd(fd);
}

struct ToolRun {
    QByteArray out, err; // err: the first 2 KiB, for the message
};

// TOOL ARGS, bounded in time and output (more than maxOut bytes is an error): a damaged or
// hostile image must neither hang `bundle create` nor fill its memory.
Result<ToolRun> runTool(const QString &tool, const QStringList &args, qsizetype maxOut,
                        const QString &image)
{
    // debugfs is in /usr/sbin, which a user's PATH often lacks.
    const QString program = QStandardPaths::findExecutable(
        tool, qEnvironmentVariable("PATH").split(QLatin1Char(':')) +
                  QStringList{QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    if (program.isEmpty()) {
        return ioError(tr("Reading %1 needs %2, which is not installed.").arg(shown(image), tool));
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C")); // listings are parsed
    process.setProcessEnvironment(env);
    process.start(program, args, QIODevice::ReadOnly);
    ToolRun run;
    const QDeadlineTimer deadline(ToolTimeoutMs);
    const auto collect = [&] {
        run.out += process.readAllStandardOutput();
        run.err += process.readAllStandardError();
        run.err.truncate(2048);
    };
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired() &&
           run.out.size() <= maxOut) {
        process.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 1000)));
        collect();
    }
    const bool running = process.state() != QProcess::NotRunning;
    process.kill(); // if still running
    process.waitForFinished();
    collect();
    if (running || run.out.size() > maxOut || process.error() == QProcess::FailedToStart ||
        process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString why = run.out.size() > maxOut
                                ? tr("it wrote more than %1 bytes").arg(QString::number(maxOut))
                            : running ? tr("it did not finish within a minute")
                                      : QString::fromLocal8Bit(run.err).simplified();
        return ioError(tr("%1 could not read %2: %3")
                           .arg(tool, shown(image),
                                displayString(why.isEmpty() ? process.errorString() : why, 300)));
    }
    return run;
}

// The file at `path` inside a squashfs (unsquashfs) or ext4 (debugfs) image, or nothing when it
// has none. The file is listed before it is read: debugfs exits with 0 even when it cannot open
// the image or find the file (it says so only on standard error), and unsquashfs -cat fails
// alike for a missing file, a directory and a link. The listing gives the type and the size,
// which the bytes read must then have. unsquashfs takes the path as a pattern; an artifact name
// has no wildcard characters.
Result<std::optional<QByteArray>> readFromImage(const QString &image, bool squashfs,
                                                const QString &path)
{
    const QString tool = squashfs ? QStringLiteral("unsquashfs") : QStringLiteral("debugfs");
    const QString r = QStringLiteral("-R");
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    auto list = runTool(
        tool,
        squashfs ? QStringList{QStringLiteral("-d"), QString(), QStringLiteral("-llc"), image, path}
                 : QStringList{r, QStringLiteral("ls -p /") + path.left(slash), image},
        MaxListingBytes, image);
    if (!list) {
        return list.error();
    }
    // debugfs "ls -p" writes /INODE/MODE/UID/GID/NAME/SIZE/ per entry, "." first when it could
    // list the directory; unsquashfs -llc -d "" writes MODE OWNER SIZE DATE TIME /PATH[ -> LINK].
    if (!squashfs && !list->out.contains("/.//")) {
        if (list->err.contains("File not found by ext2_lookup")) { // no such directory
            return std::optional<QByteArray>();
        }
        return ioError(tr("debugfs could not read %1: %2")
                           .arg(shown(image), displayString(QString::fromLocal8Bit(list->err))));
    }
    const QByteArray leaf = path.mid(slash + 1).toUtf8();
    const QByteArray full = '/' + path.toUtf8();
    std::optional<std::pair<bool, qint64>> entry; // regular file?, size
    for (const QByteArray &line : list->out.split('\n')) {
        const QList<QByteArray> f = squashfs ? line.simplified().split(' ') : line.split('/');
        if (squashfs && f.size() >= 6 && f.at(5) == full) {
            entry = {f.at(0).startsWith('-'), f.at(2).toLongLong()};
        } else if (!squashfs && f.size() == 8 && f.at(5) == leaf) {
            entry = {f.at(2).startsWith("100"), f.at(6).toLongLong()};
        }
    }
    if (!entry) {
        return std::optional<QByteArray>();
    }
    if (!entry->first || entry->second > limits::MaxReleaseFileBytes) {
        return invalid(tr("/%1 in %2 is not a regular file of at most %3 bytes (Seesaw reads no "
                          "link there).")
                           .arg(path, shown(image), QString::number(limits::MaxReleaseFileBytes)));
    }
    auto cat = runTool(tool,
                       squashfs ? QStringList{QStringLiteral("-cat"), image, path}
                                : QStringList{r, QStringLiteral("cat /") + path, image},
                       limits::MaxReleaseFileBytes, image);
    if (!cat) {
        return cat.error();
    }
    if (cat->out.size() != entry->second) {
        return ioError(tr("%1 read %2 bytes of /%3 in %4, which lists %5.")
                           .arg(tool, QString::number(cat->out.size()), path, shown(image),
                                QString::number(entry->second)));
    }
    return std::optional<QByteArray>(cat->out);
}

// "monitor 1.2.0 needs VERSION_ID 12; the system has 13."
Error needs(const QString &who, const QString &field, const QString &wanted, const QString &has)
{
    const QString system = has.isEmpty() ? tr("none") : displayString(has);
    return makeError(Error::Kind::Invalid, "artifacts.incompatible",
                     wanted.isEmpty()
                         ? tr("%1 sets no %2; the system has %3.").arg(who, field, system)
                         : tr("%1 needs %2 %3; the system has %4.")
                               .arg(who, field, displayString(wanted), system));
}

} // namespace

Result<ReleaseFields> parseReleaseText(QByteArrayView text)
{
    if (text.size() > limits::MaxReleaseFileBytes) {
        return invalid(tr("The release file is larger than %1 bytes.")
                           .arg(QString::number(limits::MaxReleaseFileBytes)));
    }
    // Strict UTF-8 (no overlong forms, no surrogates) and no NUL byte, which would cut the text
    // short for a C reader such as systemd. ConvertInitialBom: a byte order mark stays, to be
    // refused, as systemd does not skip it; ConvertInvalidToNull: a bad sequence becomes a NUL
    // (one cut at the end is dropped instead).
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                     QStringDecoder::Flag::ConvertInitialBom |
                                                     QStringDecoder::Flag::ConvertInvalidToNull);
    QString decoded = decoder.decode(text);
    if (const qsizetype bad = decoded.indexOf(QChar()); bad >= 0 || decoder.hasError()) {
        const QStringView before = QStringView(decoded).first(bad < 0 ? decoded.size() : bad);
        return invalid(
            tr("Line %1 is not UTF-8 text without NUL bytes.").arg(before.count(u'\n') + 1));
    }
    return ReleaseParser(std::move(decoded)).run();
}

Result<ReleaseFields> readOsRelease(const QString &root)
{
    const UniqueFd rootFd(
        ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd.isValid()) {
        return ioError(tr("Cannot open %1: %2.").arg(shown(root), errnoText()));
    }
    // os-release(5): the first that exists is the only one read.
    for (const char *name : {"etc/os-release", "usr/lib/os-release"}) {
        const QString path = root + QLatin1Char('/') + QLatin1String(name);
        const UniqueFd fd = openInRoot(rootFd.get(), name);
        if (!fd.isValid() && errno == ENOENT) {
            continue;
        }
        QFile file;
        if (!fd.isValid() || !file.open(fd.get(), QIODevice::ReadOnly, QFile::DontCloseHandle)) {
            return ioError(tr("Cannot read %1: %2.").arg(shown(path), errnoText()));
        }
        // One byte more than the parser takes, for it to refuse a larger file.
        auto fields = parseReleaseText(file.read(limits::MaxReleaseFileBytes + 1));
        if (file.error() != QFile::NoError) {
            return ioError(tr("Cannot read %1: %2.").arg(shown(path), file.errorString()));
        }
        if (!fields) {
            return invalid(tr("%1: %2").arg(shown(path), fields.error().message));
        }
        return fields;
    }
    return makeError(Error::Kind::Invalid, "release.missing",
                     tr("%1 has neither etc/os-release nor usr/lib/os-release.").arg(shown(root)));
}

QString extensionReleasePath(ArtifactInfo::Type type, const QString &name)
{
    return (type == ArtifactInfo::Type::Confext ? QStringLiteral("etc")
                                                : QStringLiteral("usr/lib")) +
           QStringLiteral("/extension-release.d/extension-release.") + name;
}

Result<ReleaseFields> readExtensionRelease(const QString &image, ArtifactInfo::Type type,
                                           const QString &name)
{
    // The name goes into a debugfs command and an unsquashfs pattern: only a plain one will do.
    if (!isArtifactName(name)) {
        return invalid(tr("%1 is not a valid extension name.").arg(shown(name)));
    }
    const QString path = extensionReleasePath(type, name);
    QFile file(image);
    if (!file.open(QIODevice::ReadOnly)) {
        return ioError(tr("Cannot read %1: %2.").arg(shown(image), file.errorString()));
    }
    // squashfs: "hsqs" at 0; ext2/3/4: the superblock's magic 0xEF53 (little-endian) at 1080.
    const QByteArray head = file.read(1082);
    const bool squashfs = head.startsWith("hsqs");
    if (!squashfs && (head.size() < 1082 || head.at(1080) != '\x53' || head.at(1081) != '\xef')) {
        return makeError(Error::Kind::Invalid, "release.missing",
                         tr("%1 is neither a squashfs nor an ext4 image.").arg(shown(image)));
    }
    auto text = readFromImage(image, squashfs, path);
    if (!text) {
        return text.error();
    }
    const QString tool = type == ArtifactInfo::Type::Confext ? QStringLiteral("systemd-confext")
                                                             : QStringLiteral("systemd-sysext");
    if (!text->has_value()) {
        return makeError(
            Error::Kind::Invalid, "release.missing",
            tr("%1 has no /%2, so %3 would refuse to merge it.").arg(shown(image), path, tool));
    }
    auto fields = parseReleaseText(**text);
    if (!fields) {
        return invalid(tr("/%1 in %2: %3").arg(path, shown(image), fields.error().message));
    }
    return fields;
}

// The rule of systemd 252 (extension_release_validate() in src/shared/extension-release.c and
// its caller in src/sysext/sysext.c), checked by tst_extensionrelease against the real
// systemd-sysext. systemd-confext (254 and later; Debian 12 has none) applies the same rule with
// CONFEXT_LEVEL. systemd compares ARCHITECTURE with uname(2); the OS's own is used here when
// known, as a build host checking a bundle for another machine cannot ask it.
Status checkExtensionFits(const ReleaseFields &extension, const ReleaseFields &os,
                          ArtifactInfo::Type type, const QString &label)
{
    const bool confext = type == ArtifactInfo::Type::Confext;
    const QString &extensionLevel = confext ? extension.confextLevel : extension.sysextLevel;
    const QString &osLevel = confext ? os.confextLevel : os.sysextLevel;
    const QString who = displayString(label);
    const QLatin1String any("_any");
    const QString machine = os.architecture.isEmpty() ? hostArchitecture() : os.architecture;
    if (!extension.architecture.isEmpty() && extension.architecture != any &&
        extension.architecture != machine) {
        return needs(who, QStringLiteral("ARCHITECTURE"), extension.architecture, machine);
    }
    // systemd merges nothing into an OS without ID, not even an extension for "_any".
    if (os.id.isEmpty() || extension.id.isEmpty() ||
        (extension.id != any && extension.id != os.id)) {
        return needs(who, QStringLiteral("ID"), extension.id, os.id);
    }
    if (extension.id == any) {
        return Ok{};
    }
    if (!osLevel.isEmpty() && !extensionLevel.isEmpty()) {
        return extensionLevel == osLevel ? Status(Ok{})
                                         : needs(who,
                                                 confext ? QStringLiteral("CONFEXT_LEVEL")
                                                         : QStringLiteral("SYSEXT_LEVEL"),
                                                 extensionLevel, osLevel);
    }
    // An OS without VERSION_ID (a rolling distribution, or one that sets only a level) takes an
    // extension of its ID whatever versions the extension names.
    return os.versionId.isEmpty() || extension.versionId == os.versionId
               ? Status(Ok{})
               : needs(who, QStringLiteral("VERSION_ID"), extension.versionId, os.versionId);
}

QString hostArchitecture()
{
    struct utsname u {};
    if (::uname(&u) != 0) {
        return {};
    }
    const QByteArray machine(u.machine);
    // uname(2)'s machine names and systemd's names for them (ConditionArchitecture=); 32-bit ARM
    // ("armv4l" … "armv8l", also under linux32 on a 64-bit kernel) and its big-endian "…b".
    static const QByteArray names =
        " x86_64=x86-64 i686=x86 i586=x86 i486=x86 i386=x86 aarch64=arm64 aarch64_be=arm64-be "
        "riscv64=riscv64 riscv32=riscv32 ppc64le=ppc64-le ppc64=ppc64 ppcle=ppc-le ppc=ppc "
        "s390x=s390x s390=s390 loongarch64=loongarch64 mips64=mips64 mips=mips sparc64=sparc64 "
        "sparc=sparc alpha=alpha ia64=ia64 parisc64=parisc64 parisc=parisc m68k=m68k arc=arc "
        "arceb=arc-be nios2=nios2 sh4=sh sh4a=sh ";
    const qsizetype at = machine.isEmpty() ? -1 : names.indexOf(QByteArray(' ' + machine + '='));
    if (at >= 0) {
        const qsizetype from = at + machine.size() + 2;
        return QString::fromLatin1(names.mid(from, names.indexOf(' ', from) - from));
    }
    if (machine.startsWith("armv") && (machine.endsWith('l') || machine.endsWith('b'))) {
        return machine.endsWith('l') ? QStringLiteral("arm") : QStringLiteral("arm-be");
    }
    return {};
}

} // namespace seesaw
