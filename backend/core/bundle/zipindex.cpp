#include "bundle/zipindex.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QStringDecoder>
#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr quint32 SigLocal = 0x04034b50;
constexpr quint32 SigCentral = 0x02014b50;
constexpr quint32 SigEnd = 0x06054b50;
constexpr quint32 SigZip64End = 0x06064b50;
constexpr quint32 SigZip64Locator = 0x07064b50;
constexpr qsizetype EndSize = 22;
constexpr qsizetype Zip64LocatorSize = 20;
constexpr qsizetype Zip64EndMinSize = 56;
constexpr qsizetype CentralSize = 46;
constexpr qsizetype LocalSize = 30;
constexpr quint32 Max32 = 0xffffffffu;
constexpr quint16 Max16 = 0xffffu;
constexpr quint16 VersionMadeBy = 0x031e; // Unix, ZIP 3.0: what QuaZip's minizip writes
constexpr quint16 Zip64Version = 45; // minizip writes it as both versions of the ZIP64 end record
constexpr quint32 RegularFileAttr = quint32(0100644) << 16;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ZipIndex", text);
}

Error corrupt(const QString &message)
{
    return makeError(Error::Kind::Invalid, "bundle.zip-corrupt", message);
}

// Little-endian field reader over a byte buffer that refuses to read past its end.
class Fields {
public:
    explicit Fields(const QByteArray &data, qsizetype pos = 0) : m_data(data), m_pos(pos) {}
    bool has(qsizetype n) const { return m_pos >= 0 && n >= 0 && m_pos + n <= m_data.size(); }
    // Reading past the end yields zeros; callers check has() first, this is the safety net.
    quint16 u16()
    {
        quint16 v = 0;
        if (has(2)) {
            const auto lo = quint16(quint8(m_data.at(m_pos)));
            const auto hi = quint16(quint8(m_data.at(m_pos + 1)));
            v = quint16(lo | (hi << 8));
        }
        m_pos += 2;
        return v;
    }
    quint32 u32()
    {
        const quint32 lo = u16();
        const quint32 hi = u16();
        return lo | (hi << 16);
    }
    quint64 u64()
    {
        const quint64 lo = u32();
        const quint64 hi = u32();
        return lo | (hi << 32);
    }
    QByteArray bytes(qsizetype n)
    {
        QByteArray out = m_data.mid(m_pos, n);
        m_pos += n;
        return out;
    }
    void skip(qsizetype n) { m_pos += n; }
    qsizetype pos() const { return m_pos; }

private:
    const QByteArray &m_data;
    qsizetype m_pos;
};

Result<QByteArray> readAt(int fd, quint64 offset, quint64 size)
{
    QByteArray buffer(qsizetype(size), Qt::Uninitialized);
    if (!preadFully(fd, buffer.data(), size, offset))
        return makeError(Error::Kind::Io, "bundle.io",
                         tr("Could not read the bundle at offset %1.").arg(offset));
    return buffer;
}

bool validName(const QByteArray &raw, QString *name)
{
    if (raw.isEmpty() || raw.size() > limits::MaxZipNameBytes)
        return false;
    auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *name = decoder.decode(raw);
    if (decoder.hasError())
        return false;
    if (name->startsWith(u'/') || name->contains(u'\\') || name->contains(QChar(0)))
        return false;
    const auto parts = name->split(u'/');
    return std::none_of(parts.begin(), parts.end(), [](const QString &p) {
        return p.isEmpty() || p == QLatin1String(".") || p == QLatin1String("..");
    });
}

// Applies the ZIP64 extended-information extra field (id 1) of a central directory entry: it
// must be the only extra field and hold exactly the values that overflowed, in spec order.
bool applyZip64Extra(const QByteArray &extra, ZipEntry &e, bool needUncompressed,
                     bool needCompressed, bool needOffset)
{
    const int count = int(needUncompressed) + int(needCompressed) + int(needOffset);
    Fields f(extra);
    if (extra.size() != 4 + 8 * count || f.u16() != 0x0001 || f.u16() != 8 * count)
        return false;
    if (needUncompressed)
        e.uncompressedSize = f.u64();
    if (needCompressed)
        e.compressedSize = f.u64();
    if (needOffset)
        e.localHeaderOffset = f.u64();
    return true;
}

bool isKnownVersionNeeded(quint16 v)
{
    return v == 10 || v == 20 || v == Zip64Version; // stored, deflated, ZIP64
}

// A local header's extra field: nothing, or one ZIP64 field with both sizes, which the writer
// fills with zeros while the 32-bit sizes suffice and with the sizes when they do not.
bool localExtraMatches(const QByteArray &extra, const ZipEntry &e, quint32 size32, quint32 csize32)
{
    const bool overflow = size32 == Max32 && csize32 == Max32;
    if (!overflow && (size32 != e.uncompressedSize || csize32 != e.compressedSize))
        return false;
    if (extra.isEmpty())
        return !overflow;
    Fields f(extra);
    if (extra.size() != 20 || f.u16() != 0x0001 || f.u16() != 16)
        return false;
    const quint64 size = f.u64();
    const quint64 csize = f.u64();
    if (overflow)
        return size == e.uncompressedSize && csize == e.compressedSize;
    return size == 0 && csize == 0;
}

} // namespace

bool preadFully(int fd, void *buffer, size_t size, quint64 offset)
{
    auto *out = static_cast<char *>(buffer);
    while (size > 0) {
        const ssize_t n = ::pread(fd, out, size, off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        out += n;
        size -= size_t(n);
        offset += quint64(n);
    }
    return true;
}

Result<QList<ZipEntry>> readZipIndex(int fd, quint64 fileSize)
{
    if (fileSize < quint64(EndSize))
        return makeError(Error::Kind::Invalid, "bundle.not-zip",
                         tr("The file is too small to be a bundle (%1 bytes).").arg(fileSize));

    // The end record must be the last 22 bytes: bundles carry no archive comment, so anything
    // after it is appended data. Search a little further back only to say so precisely.
    const quint64 tailSize = std::min<quint64>(fileSize, 64 * 1024 + EndSize);
    auto tail = readAt(fd, fileSize - tailSize, tailSize);
    if (!tail)
        return tail.error();
    qsizetype endPos = -1;
    for (qsizetype i = tail->size() - EndSize; i >= 0; --i) {
        Fields f(*tail, i);
        if (f.u32() == SigEnd) {
            endPos = i;
            break;
        }
    }
    if (endPos < 0)
        return makeError(Error::Kind::Invalid, "bundle.not-zip",
                         tr("The file is not a bundle: no ZIP end record was found."));
    if (endPos != tail->size() - EndSize) {
        return makeError(Error::Kind::Invalid, "bundle.trailing-data",
                         tr("The bundle has %1 unexpected bytes after the end of the archive.")
                             .arg(tail->size() - EndSize - endPos));
    }
    const quint64 endOffset = fileSize - quint64(EndSize);

    Fields end(*tail, endPos + 4);
    const quint16 disk = end.u16();
    const quint16 cdDisk = end.u16();
    quint64 entriesOnDisk = end.u16();
    quint64 entries = end.u16();
    quint64 cdSize = end.u32();
    quint64 cdOffset = end.u32();
    const quint16 commentLength = end.u16();
    if (commentLength != 0)
        return makeError(Error::Kind::Invalid, "bundle.trailing-data",
                         tr("The bundle has an archive comment; bundles carry none."));

    quint64 cdEnd = endOffset; // where the central directory must end
    const bool hasLocator = endOffset >= quint64(Zip64LocatorSize) && [&] {
        auto loc = readAt(fd, endOffset - Zip64LocatorSize, 4);
        return loc && Fields(*loc).u32() == SigZip64Locator;
    }();
    if (hasLocator) {
        auto loc = readAt(fd, endOffset - Zip64LocatorSize, Zip64LocatorSize);
        if (!loc)
            return loc.error();
        Fields l(*loc, 4);
        const quint32 z64Disk = l.u32();
        const quint64 z64EndOffset = l.u64();
        const quint32 totalDisks = l.u32();
        if (z64Disk != 0 || totalDisks != 1)
            return makeError(Error::Kind::Invalid, "bundle.zip-unsupported",
                             tr("Multi-part archives are not bundles."));
        const quint64 locatorOffset = endOffset - Zip64LocatorSize;
        if (z64EndOffset + Zip64EndMinSize > locatorOffset)
            return corrupt(tr("The ZIP64 end record points outside the archive."));
        auto rec = readAt(fd, z64EndOffset, Zip64EndMinSize);
        if (!rec)
            return rec.error();
        Fields r(*rec);
        if (r.u32() != SigZip64End)
            return corrupt(tr("The ZIP64 end record is missing or damaged."));
        const quint64 recordSize = r.u64();
        if (z64EndOffset + 12 + recordSize != locatorOffset)
            return corrupt(tr("The ZIP64 end record does not end where the locator starts."));
        const quint16 madeBy = r.u16();
        const quint16 needed = r.u16();
        if (recordSize != Zip64EndMinSize - 12 || madeBy != Zip64Version || needed != Zip64Version)
            return corrupt(
                tr("The ZIP64 end record has fields seesaw bundle create never writes."));
        const quint32 d = r.u32();
        const quint32 dcd = r.u32();
        if (d != 0 || dcd != 0)
            return makeError(Error::Kind::Invalid, "bundle.zip-unsupported",
                             tr("Multi-part archives are not bundles."));
        const quint64 z64OnDisk = r.u64();
        const quint64 z64Entries = r.u64();
        const quint64 z64CdSize = r.u64();
        const quint64 z64CdOffset = r.u64();
        // The classic end record repeats each value, or marks it as stored only in ZIP64.
        auto agrees = [](quint64 classic, quint64 wide, quint64 marker) {
            return classic == marker || classic == wide;
        };
        if (disk != 0 || cdDisk != 0 || !agrees(entriesOnDisk, z64OnDisk, Max16) ||
            !agrees(entries, z64Entries, Max16) || !agrees(cdSize, z64CdSize, Max32) ||
            !agrees(cdOffset, z64CdOffset, Max32))
            return corrupt(tr("The archive's two end records disagree."));
        entriesOnDisk = z64OnDisk;
        entries = z64Entries;
        cdSize = z64CdSize;
        cdOffset = z64CdOffset;
        cdEnd = z64EndOffset;
    } else if (disk != 0 || cdDisk != 0) {
        return makeError(Error::Kind::Invalid, "bundle.zip-unsupported",
                         tr("Multi-part archives are not bundles."));
    }

    if (entries != entriesOnDisk)
        return corrupt(tr("The archive's entry counts disagree."));
    if (entries == 0)
        return corrupt(tr("The archive is empty."));
    if (entries > quint64(limits::MaxZipEntries))
        return makeError(
            Error::Kind::Invalid, "bundle.too-many-entries",
            tr("The bundle has %1 entries; at most %2 are allowed.")
                .arg(QString::number(entries), QString::number(limits::MaxZipEntries)));
    if (cdSize > limits::MaxCentralDirectoryBytes)
        return corrupt(tr("The archive's central directory is too large (%1 bytes).").arg(cdSize));
    if (cdOffset > cdEnd || cdEnd - cdOffset != cdSize)
        return corrupt(tr("The central directory does not end where the end record starts."));

    auto cd = readAt(fd, cdOffset, cdSize);
    if (!cd)
        return cd.error();

    QList<ZipEntry> result;
    Fields c(*cd);
    for (quint64 i = 0; i < entries; ++i) {
        if (!c.has(CentralSize))
            return corrupt(tr("The central directory is truncated at entry %1.").arg(i + 1));
        if (c.u32() != SigCentral)
            return corrupt(tr("Central directory entry %1 is damaged.").arg(i + 1));
        ZipEntry e;
        const quint16 madeBy = c.u16();
        const quint16 needed = c.u16();
        e.flags = c.u16();
        e.method = c.u16();
        e.dosTime = c.u32();
        e.crc32 = c.u32();
        e.compressedSize = c.u32();
        e.uncompressedSize = c.u32();
        const quint16 nameLength = c.u16();
        const quint16 extraLength = c.u16();
        const quint16 commentLen = c.u16();
        const quint16 startDisk = c.u16();
        const quint16 internalAttr = c.u16();
        const quint32 externalAttr = c.u32();
        e.localHeaderOffset = c.u32();
        if (!c.has(qsizetype(nameLength) + extraLength + commentLen))
            return corrupt(tr("The central directory is truncated at entry %1.").arg(i + 1));
        const QByteArray rawName = c.bytes(nameLength);
        const QByteArray extra = c.bytes(extraLength);
        c.skip(commentLen);
        if (!validName(rawName, &e.name))
            return makeError(Error::Kind::Invalid, "bundle.bad-entry-name",
                             tr("Entry %1 has an invalid name \"%2\".")
                                 .arg(QString::number(i + 1), displayBytes(rawName)));
        // Fields that nothing downstream authenticates must hold exactly what the bundle writer
        // puts there, so that no bit of a bundle can change without it being refused.
        if (e.isEncrypted())
            return makeError(Error::Kind::Invalid, "bundle.encrypted-entry",
                             tr("The entry \"%1\" is encrypted.").arg(displayString(e.name)));
        const bool needsZip64 = e.uncompressedSize == Max32 || e.compressedSize == Max32 ||
                                e.localHeaderOffset == Max32;
        // minizip marks entries with a ZIP64 field as made by and needing version 4.5.
        const bool versionsMatch = needsZip64
                                       ? madeBy == Zip64Version && needed == Zip64Version
                                       : madeBy == VersionMadeBy && (needed == 10 || needed == 20);
        if (!versionsMatch || e.flags != 0 || startDisk != 0 || internalAttr != 0 ||
            externalAttr != RegularFileAttr || commentLen != 0)
            return corrupt(
                tr("Entry \"%1\" has header fields that seesaw bundle create never writes.")
                    .arg(displayString(e.name)));
        if (!needsZip64 ? !extra.isEmpty()
                        : !applyZip64Extra(extra, e, e.uncompressedSize == Max32,
                                           e.compressedSize == Max32, e.localHeaderOffset == Max32))
            return corrupt(
                tr("Entry \"%1\" has a damaged ZIP64 field.").arg(displayString(e.name)));

        result.append(e);
    }
    if (c.pos() != cd->size())
        return corrupt(tr("The central directory has unexpected extra bytes."));

    // Local headers: they must agree with the central directory, and entries must neither
    // overlap each other nor the directory, nor leave a prefix before the first one.
    for (ZipEntry &e : result) {
        if (e.localHeaderOffset > cdOffset || cdOffset - e.localHeaderOffset < quint64(LocalSize))
            return corrupt(
                tr("Entry \"%1\" points outside the archive.").arg(displayString(e.name)));
        auto header = readAt(fd, e.localHeaderOffset, LocalSize);
        if (!header)
            return header.error();
        Fields h(*header);
        if (h.u32() != SigLocal)
            return corrupt(
                tr("The local header of entry \"%1\" is damaged.").arg(displayString(e.name)));
        const quint16 needed = h.u16();
        const quint16 flags = h.u16();
        const quint16 method = h.u16();
        const quint32 dosTime = h.u32();
        const quint32 crc = h.u32();
        const quint32 csize32 = h.u32();
        const quint32 size32 = h.u32();
        const quint16 nameLength = h.u16();
        const quint16 extraLength = h.u16();
        if (cdOffset - e.localHeaderOffset < quint64(LocalSize) + nameLength + extraLength)
            return corrupt(
                tr("Entry \"%1\" points outside the archive.").arg(displayString(e.name)));
        auto rest = readAt(fd, e.localHeaderOffset + LocalSize, quint64(nameLength) + extraLength);
        if (!rest)
            return rest.error();
        QString decoded;
        if (!validName(rest->left(nameLength), &decoded) || decoded != e.name)
            return corrupt(tr("The local header of entry \"%1\" names a different file.")
                               .arg(displayString(e.name)));
        if (!isKnownVersionNeeded(needed) || flags != e.flags || method != e.method ||
            dosTime != e.dosTime || crc != e.crc32 ||
            !localExtraMatches(rest->mid(nameLength), e, size32, csize32))
            return corrupt(tr("The local header of entry \"%1\" disagrees with the directory.")
                               .arg(displayString(e.name)));
        e.dataOffset = e.localHeaderOffset + LocalSize + nameLength + extraLength;
        if (e.dataOffset > cdOffset || cdOffset - e.dataOffset < e.compressedSize)
            return corrupt(tr("The data of entry \"%1\" runs past the end of the archive.")
                               .arg(displayString(e.name)));
    }
    // The entries must tile the archive exactly as the writer lays it out: listed in file
    // order, the first at offset 0, each entry's data followed at once by the next local
    // header, and the last by the central directory. A gap could hide bytes nothing checks.
    for (qsizetype i = 1; i < result.size(); ++i) {
        const ZipEntry &prev = result[i - 1];
        const ZipEntry &next = result[i];
        if (next.localHeaderOffset <= prev.localHeaderOffset)
            return corrupt(tr("The archive's directory lists \"%1\" out of the order of the "
                              "entries in the file.")
                               .arg(displayString(prev.name)));
        const quint64 prevEnd = prev.dataOffset + prev.compressedSize;
        if (prevEnd > next.localHeaderOffset)
            return corrupt(tr("Entries \"%1\" and \"%2\" overlap.")
                               .arg(displayString(prev.name), displayString(next.name)));
        if (prevEnd < next.localHeaderOffset)
            return makeError(Error::Kind::Invalid, "bundle.stray-data",
                             tr("The bundle has %1 unexpected bytes between \"%2\" and \"%3\".")
                                 .arg(QString::number(next.localHeaderOffset - prevEnd),
                                      displayString(prev.name), displayString(next.name)));
    }
    if (result.first().localHeaderOffset != 0)
        return makeError(Error::Kind::Invalid, "bundle.leading-data",
                         tr("The bundle has %1 unexpected bytes before the first entry.")
                             .arg(result.first().localHeaderOffset));
    // Each entry's data ends at or before the directory (checked above), so this is a gap.
    const quint64 lastEnd = result.last().dataOffset + result.last().compressedSize;
    if (lastEnd != cdOffset)
        return makeError(Error::Kind::Invalid, "bundle.stray-data",
                         tr("The bundle has %1 unexpected bytes before the archive's directory.")
                             .arg(cdOffset - lastEnd));
    return result;
}

} // namespace seesaw
