#include "state/history.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <utility>

namespace seesaw {

namespace {

constexpr qsizetype MaxEventChars = 64;
constexpr qsizetype MaxLineBytes = qsizetype(64) * 1024;
constexpr qint64 BlockBytes = qint64(16) * 1024;
constexpr double MaxSeq = 9007199254740992.0; // 2^53, the largest exact double integer
constexpr qsizetype HashBytes = 32;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::History", text);
}

Error ioError(const QString &path)
{
    return makeError(Error::Kind::Io, "history.io",
                     tr("Cannot use %1: %2.").arg(displayString(path, 200), errnoText()));
}

Error tampered(const QString &message)
{
    return makeError(Error::Kind::Invalid, "history.tampered", message);
}

// Lowercase words joined by '-', as the event names in statestore.h.
bool isEventName(const QString &event)
{
    if (event.isEmpty() || event.size() > MaxEventChars || event.front() == u'-') {
        return false;
    }
    return std::all_of(event.begin(), event.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-';
    });
}

// Compact JSON of one value (QJsonDocument only serialises objects and arrays).
QByteArray encode(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// Members in the documented order, which QJsonObject would sort away.
QByteArray encodeLine(quint64 seq, const QDateTime &time, const QString &event,
                      const QJsonObject &details, const QByteArray &prev)
{
    return "{\"seq\":" + QByteArray::number(seq) +
           ",\"time\":" + encode(time.toUTC().toString(Qt::ISODateWithMs)) +
           ",\"event\":" + encode(event) +
           ",\"details\":" + QJsonDocument(details).toJson(QJsonDocument::Compact) +
           R"(,"prev":")" + prev.toHex() + "\"}";
}

// Why a line is not a history entry; empty when it is one.
QString parseLine(const QByteArray &line, HistoryEntry &out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return tr("not a JSON object");
    }
    const QJsonObject o = doc.object();
    const QStringList expected = {QStringLiteral("details"), QStringLiteral("event"),
                                  QStringLiteral("prev"), QStringLiteral("seq"),
                                  QStringLiteral("time")};
    if (o.keys() != expected) { // keys() is sorted
        return tr("not the fields seq, time, event, details and prev");
    }

    const QJsonValue seq = o.value(QLatin1String("seq"));
    const double number = seq.toDouble(-1);
    if (!seq.isDouble() || !std::isfinite(number) || std::floor(number) != number || number < 1 ||
        number > MaxSeq) {
        return tr("seq is not a positive whole number");
    }
    out.seq = quint64(number);

    const QString time = o.value(QLatin1String("time")).toString();
    out.time = QDateTime::fromString(time, Qt::ISODateWithMs);
    if (!out.time.isValid() || out.time.timeSpec() != Qt::UTC ||
        out.time.toString(Qt::ISODateWithMs) != time) {
        return tr("time is not a UTC time with milliseconds");
    }

    out.event = o.value(QLatin1String("event")).toString();
    if (!isEventName(out.event)) {
        return tr("event is not an event name");
    }

    const QJsonValue details = o.value(QLatin1String("details"));
    if (!details.isObject()) {
        return tr("details is not an object");
    }
    out.details = details.toObject();

    const QJsonValue prev = o.value(QLatin1String("prev"));
    const QString prevText = prev.toString();
    out.prev = prevText == prevText.toLower() ? fromHexStrict(prevText, HashBytes) : QByteArray();
    if (!prev.isString() || (out.prev.isEmpty() && !prevText.isEmpty())) {
        return tr("prev is not a SHA-256 hash");
    }
    return {};
}

enum class Next { Line, End, TooLong, Error };

// Splits [0, end) of a file at its newlines, last piece first, reading one block at a time: the
// history grows for the life of the device and appends only need its tail. The first piece is
// what follows the last newline (empty unless the last write was torn).
class ReverseLines {
public:
    ReverseLines(int fd, qint64 end) : m_fd(fd), m_pos(end) {}

    Next next(QByteArray &piece)
    {
        if (m_done) {
            return Next::End;
        }
        for (;;) {
            const qsizetype newline = m_buffer.lastIndexOf('\n');
            if (newline >= 0 || m_pos == 0) {
                piece = m_buffer.mid(newline + 1);
                m_buffer.truncate(std::max<qsizetype>(newline, 0));
                m_done = newline < 0;
                return piece.size() > MaxLineBytes ? Next::TooLong : Next::Line;
            }
            if (m_buffer.size() > MaxLineBytes) {
                return Next::TooLong;
            }
            const qint64 size = std::min(BlockBytes, m_pos);
            QByteArray block(qsizetype(size), Qt::Uninitialized);
            ssize_t n;
            do {
                n = ::pread(m_fd, block.data(), size_t(size), m_pos - size);
            } while (n < 0 && errno == EINTR);
            if (n != size) {
                return Next::Error;
            }
            m_buffer.prepend(block);
            m_pos -= size;
        }
    }

private:
    int m_fd;
    qint64 m_pos; // m_buffer holds [m_pos, m_pos + m_buffer.size())
    QByteArray m_buffer;
    bool m_done = false;
};

// Complete lines from the start; a last line without its newline (torn) is not returned.
class ForwardLines {
public:
    explicit ForwardLines(int fd) : m_fd(fd) {}

    Next next(QByteArray &line)
    {
        for (;;) {
            const qsizetype newline = m_buffer.indexOf('\n', m_start);
            if (newline >= 0) {
                line = m_buffer.mid(m_start, newline - m_start);
                m_start = newline + 1;
                return line.size() > MaxLineBytes ? Next::TooLong : Next::Line;
            }
            if (m_buffer.size() - m_start > MaxLineBytes) {
                return Next::TooLong;
            }
            if (m_eof) {
                return Next::End;
            }
            m_buffer.remove(0, m_start);
            m_start = 0;
            char block[BlockBytes];
            const ssize_t n = ::read(m_fd, block, sizeof block);
            if (n < 0 && errno != EINTR) {
                return Next::Error;
            }
            if (n > 0) {
                m_buffer.append(block, n);
            }
            m_eof = n == 0;
        }
    }

private:
    int m_fd;
    QByteArray m_buffer;
    qsizetype m_start = 0;
    bool m_eof = false;
};

// The size of the history file open (and locked) as fd; it must be a regular file.
Result<qint64> regularFileSize(int fd, const QString &path)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        return ioError(path);
    }
    if (!S_ISREG(st.st_mode)) {
        return makeError(Error::Kind::Io, "history.io",
                         tr("%1 is not a regular file.").arg(displayString(path, 200)));
    }
    return qint64(st.st_size);
}

// The end of the file an append builds on: a torn piece a power cut left, and the last entry.
struct Tail {
    QByteArray torn; // what follows the last newline; cut off before the next line is written
    HistoryEntry previous;
    QByteArray prevHash; // empty for the first entry
};

Result<Tail> readTail(int fd, qint64 size, const QString &path)
{
    ReverseLines lines(fd, size);
    Tail tail;
    QByteArray last;
    Next found = lines.next(tail.torn);
    if (found == Next::Line) {
        found = lines.next(last);
    }
    if (found == Next::Error) {
        return ioError(path);
    }
    // A power cut tears at most one line; anything longer was not written by us. Keep it.
    if (found == Next::TooLong) {
        return tampered(tr("The end of %1 is not a history entry; nothing was appended.")
                            .arg(displayString(path, 200)));
    }
    if (found == Next::Line) {
        if (const QString why = parseLine(last, tail.previous); !why.isEmpty()) {
            return tampered(tr("The last entry of %1 cannot be read (%2); nothing was appended.")
                                .arg(displayString(path, 200), why));
        }
        tail.prevHash = Sha256::hash(last);
    }
    return tail;
}

// Cuts the file of `size` bytes back to `complete` (dropping a torn piece), appends `line` and
// its newline, and makes both last.
Status writeLine(int fd, QByteArray line, qint64 size, qint64 complete, const QString &path)
{
    if (complete != size && ::ftruncate(fd, complete) != 0) {
        return ioError(path);
    }
    line += '\n';
    // One write() for the whole line: with O_APPEND it lands after everything else, and a
    // power cut can only tear this line, which the next append repairs.
    ssize_t written;
    do {
        written = ::write(fd, line.constData(), size_t(line.size()));
    } while (written < 0 && errno == EINTR);
    if (written != line.size()) {
        const Error error = ioError(path);
        if (written > 0 && ::ftruncate(fd, complete) != 0) {
            return ioError(path);
        }
        return error;
    }
    if (::fsync(fd) != 0) {
        return ioError(path);
    }
    // A new file's directory entry must survive a power cut as well.
    if (size == 0) {
        const QString directory = QFileInfo(path).path();
        if (!syncDirectory(directory)) {
            return ioError(directory);
        }
    }
    return Ok{};
}

} // namespace

History::History(QString path) : m_path(std::move(path)) {}

Result<History::Appended> History::append(const QString &event, const QJsonObject &details)
{
    if (!isEventName(event)) {
        return makeError(Error::Kind::Usage, "history.invalid",
                         tr("\"%1\" is not a history event name (up to %2 of a-z, 0-9 and -).")
                             .arg(displayString(event), QString::number(MaxEventChars)));
    }

    const QByteArray native = QFile::encodeName(m_path);
    const UniqueFd fd(
        ::open(native.constData(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    // The daemon and the command line tool must not interleave a tail repair and a write.
    if (!fd.isValid() || ::flock(fd.get(), LOCK_EX) != 0) {
        return ioError(m_path);
    }
    const Result<qint64> size = regularFileSize(fd.get(), m_path);
    if (!size) {
        return size.error();
    }
    const Result<Tail> tail = readTail(fd.get(), *size, m_path);
    if (!tail) {
        return tail.error();
    }
    if (double(tail->previous.seq) >= MaxSeq) {
        return makeError(Error::Kind::Usage, "history.invalid", tr("The history is full."));
    }

    QJsonObject fields = details;
    if (!tail->torn.isEmpty()) {
        fields.insert(QLatin1String("repaired"), true);
    }
    const quint64 seq = tail->previous.seq + 1;
    const QByteArray line =
        encodeLine(seq, QDateTime::currentDateTimeUtc(), event, fields, tail->prevHash);
    if (line.size() > MaxLineBytes) {
        return makeError(Error::Kind::Usage, "history.invalid",
                         tr("The history entry \"%1\" is larger than 64 KiB.").arg(event));
    }
    const QByteArray hash = Sha256::hash(line);
    if (Status s = writeLine(fd.get(), line, *size, *size - tail->torn.size(), m_path); !s) {
        return s.error();
    }
    return Appended{seq, hash};
}

Result<QList<HistoryEntry>> History::read(qsizetype limit) const
{
    QList<HistoryEntry> entries;
    const UniqueFd fd(::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC));
    if (!fd.isValid()) {
        return errno == ENOENT ? Result<QList<HistoryEntry>>(entries) : ioError(m_path);
    }
    struct stat st {};
    if (::flock(fd.get(), LOCK_SH) != 0 || ::fstat(fd.get(), &st) != 0) {
        return ioError(m_path);
    }

    QByteArray line;
    if (limit > 0) {
        ReverseLines lines(fd.get(), st.st_size);
        Next found = lines.next(line); // the torn piece after the last newline, if any
        for (qsizetype fromEnd = 1; found == Next::Line && entries.size() < limit; ++fromEnd) {
            found = lines.next(line);
            HistoryEntry entry;
            if (found != Next::Line) {
                break;
            }
            if (const QString why = parseLine(line, entry); !why.isEmpty()) {
                return tampered(tr("Entry %1 from the end of the history: %2.")
                                    .arg(QString::number(fromEnd), why));
            }
            entries.append(std::move(entry));
        }
        if (found == Next::Error) {
            return ioError(m_path);
        }
        if (found == Next::TooLong) {
            return tampered(tr("The history contains a line longer than 64 KiB."));
        }
        std::reverse(entries.begin(), entries.end());
        return entries;
    }

    ForwardLines lines(fd.get());
    for (qsizetype number = 1;; ++number) {
        const Next found = lines.next(line);
        if (found == Next::End) {
            return entries;
        }
        if (found == Next::Error) {
            return ioError(m_path);
        }
        if (found == Next::TooLong) {
            return tampered(
                tr("Line %1 of the history is longer than 64 KiB.").arg(QString::number(number)));
        }
        HistoryEntry entry;
        if (const QString why = parseLine(line, entry); !why.isEmpty()) {
            return tampered(tr("Line %1 of the history: %2.").arg(QString::number(number), why));
        }
        entries.append(std::move(entry));
    }
}

Status History::verify(quint64 expectedCount, const QByteArray &expectedHead) const
{
    const UniqueFd fd(::open(QFile::encodeName(m_path).constData(), O_RDONLY | O_CLOEXEC));
    if (!fd.isValid() && errno != ENOENT) {
        return ioError(m_path);
    }
    if (fd.isValid() && ::flock(fd.get(), LOCK_SH) != 0) {
        return ioError(m_path);
    }

    quint64 count = 0;
    QByteArray prevHash;
    ForwardLines lines(fd.get());
    QByteArray line;
    while (fd.isValid()) {
        const Next found = lines.next(line);
        if (found == Next::End) {
            break;
        }
        if (found == Next::Error) {
            return ioError(m_path);
        }
        const QString number = QString::number(++count);
        if (found == Next::TooLong) {
            return tampered(tr("History line %1 is longer than 64 KiB.").arg(number));
        }
        HistoryEntry entry;
        if (const QString why = parseLine(line, entry); !why.isEmpty()) {
            return tampered(tr("History line %1 is not a valid entry: %2.").arg(number, why));
        }
        if (entry.seq != count) {
            return tampered(tr("History line %1 has sequence number %2: an entry before it was "
                               "removed, inserted or moved, or its number was changed.")
                                .arg(number, QString::number(entry.seq)));
        }
        if (entry.prev != prevHash) {
            return tampered(
                count == 1 ? tr("History line 1 refers to an entry before it: entries were removed "
                                "from the start.")
                           : tr("History line %1 does not match the hash of line %2: line %2 was "
                                "changed, or entries before line %1 were removed or moved.")
                                 .arg(number, QString::number(count - 1)));
        }
        prevHash = Sha256::hash(line);
        if (count == expectedCount && !expectedHead.isEmpty() && prevHash != expectedHead) {
            return tampered(tr("History line %1 is not the entry state.json recorded there: "
                               "entries were removed from the end and others written instead.")
                                .arg(number));
        }
    }
    if (count < expectedCount) {
        return tampered(tr("The history ends after line %1, but state.json records %2 entries: "
                           "entries were removed from the end.")
                            .arg(QString::number(count), QString::number(expectedCount)));
    }
    return Ok{};
}

} // namespace seesaw
