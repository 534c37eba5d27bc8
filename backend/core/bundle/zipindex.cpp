#include "bundle/zipindex.h"

#include "base/hostilestring.h"
#include "bundle/zipdirectory.h"
#include "bundle/zipfields.h"

#include <QCoreApplication>
#include <QStringDecoder>
#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr quint32 SigLocal = 0x04034b50;
constexpr quint32 SigCentral = 0x02014b50;
constexpr qsizetype CentralSize = 46;
constexpr qsizetype LocalSize = 30;
constexpr quint16 VersionMadeBy = 0x031e; // Unix, ZIP 3.0: what QuaZip's minizip writes
constexpr quint32 RegularFileAttr = quint32(0100644) << 16;

using zip::corrupt;
using zip::Directory;
using zip::Max32;
using zip::readAt;
using zip::Zip64Version;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ZipIndex", text);
}

// The directory's counts within the limits, and the directory right before the end records.
Status checkDirectoryExtent(const Directory &dir)
{
    if (dir.entries != dir.entriesOnDisk) {
        return corrupt(tr("The archive's entry counts disagree."));
    }
    if (dir.entries == 0) {
        return corrupt(tr("The archive is empty."));
    }
    if (dir.entries > quint64(limits::MaxZipEntries)) {
        return makeError(
            Error::Kind::Invalid, "bundle.too-many-entries",
            tr("The bundle has %1 entries; at most %2 are allowed.")
                .arg(QString::number(dir.entries), QString::number(limits::MaxZipEntries)));
    }
    if (dir.size > limits::MaxCentralDirectoryBytes) {
        return corrupt(
            tr("The archive's central directory is too large (%1 bytes).").arg(dir.size));
    }
    if (dir.offset > dir.end || dir.end - dir.offset != dir.size) {
        return corrupt(tr("The central directory does not end where the end record starts."));
    }
    return Ok{};
}

bool validName(const QByteArray &raw, QString *name)
{
    if (raw.isEmpty() || raw.size() > limits::MaxZipNameBytes) {
        return false;
    }
    auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    *name = decoder.decode(raw);
    if (decoder.hasError()) {
        return false;
    }
    if (name->startsWith(u'/') || name->contains(u'\\') || name->contains(QChar(0))) {
        return false;
    }
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
    ZipFields f(extra);
    if (extra.size() != 4 + 8 * count || f.u16() != 0x0001 || f.u16() != 8 * count) {
        return false;
    }
    if (needUncompressed) {
        e.uncompressedSize = f.u64();
    }
    if (needCompressed) {
        e.compressedSize = f.u64();
    }
    if (needOffset) {
        e.localHeaderOffset = f.u64();
    }
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
    if (!overflow && (size32 != e.uncompressedSize || csize32 != e.compressedSize)) {
        return false;
    }
    if (extra.isEmpty()) {
        return !overflow;
    }
    ZipFields f(extra);
    if (extra.size() != 20 || f.u16() != 0x0001 || f.u16() != 16) {
        return false;
    }
    const quint64 size = f.u64();
    const quint64 csize = f.u64();
    if (overflow) {
        return size == e.uncompressedSize && csize == e.compressedSize;
    }
    return size == 0 && csize == 0;
}

// Entry number (counted from 1) of the central directory, read from c.
Result<ZipEntry> readCentralEntry(ZipFields &c, quint64 number)
{
    if (!c.has(CentralSize)) {
        return corrupt(tr("The central directory is truncated at entry %1.").arg(number));
    }
    if (c.u32() != SigCentral) {
        return corrupt(tr("Central directory entry %1 is damaged.").arg(number));
    }
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
    if (!c.has(qsizetype(nameLength) + extraLength + commentLen)) {
        return corrupt(tr("The central directory is truncated at entry %1.").arg(number));
    }
    const QByteArray rawName = c.bytes(nameLength);
    const QByteArray extra = c.bytes(extraLength);
    c.skip(commentLen);
    if (!validName(rawName, &e.name)) {
        return makeError(Error::Kind::Invalid, "bundle.bad-entry-name",
                         tr("Entry %1 has an invalid name \"%2\".")
                             .arg(QString::number(number), displayBytes(rawName)));
    }
    // ZipFields that nothing downstream authenticates must hold exactly what the bundle writer
    // puts there, so that no bit of a bundle can change without it being refused.
    if (e.isEncrypted()) {
        return makeError(Error::Kind::Invalid, "bundle.encrypted-entry",
                         tr("The entry \"%1\" is encrypted.").arg(displayString(e.name)));
    }
    const bool needsZip64 =
        e.uncompressedSize == Max32 || e.compressedSize == Max32 || e.localHeaderOffset == Max32;
    // minizip marks entries with a ZIP64 field as made by and needing version 4.5.
    const bool versionsMatch = needsZip64
                                   ? madeBy == Zip64Version && needed == Zip64Version
                                   : madeBy == VersionMadeBy && (needed == 10 || needed == 20);
    if (!versionsMatch || e.flags != 0 || startDisk != 0 || internalAttr != 0 ||
        externalAttr != RegularFileAttr || commentLen != 0) {
        return corrupt(tr("Entry \"%1\" has header fields that seesaw bundle create never writes.")
                           .arg(displayString(e.name)));
    }
    if (!needsZip64 ? !extra.isEmpty()
                    : !applyZip64Extra(extra, e, e.uncompressedSize == Max32,
                                       e.compressedSize == Max32, e.localHeaderOffset == Max32)) {
        return corrupt(tr("Entry \"%1\" has a damaged ZIP64 field.").arg(displayString(e.name)));
    }
    return e;
}

Result<QList<ZipEntry>> readCentralDirectory(int fd, const Directory &dir)
{
    auto cd = readAt(fd, dir.offset, dir.size);
    if (!cd) {
        return cd.error();
    }
    QList<ZipEntry> result;
    ZipFields c(*cd);
    for (quint64 i = 0; i < dir.entries; ++i) {
        auto e = readCentralEntry(c, i + 1);
        if (!e) {
            return e.error();
        }
        result.append(*e);
    }
    if (c.pos() != cd->size()) {
        return corrupt(tr("The central directory has unexpected extra bytes."));
    }
    return result;
}

// The local header of e must agree with its central directory entry, and e's data must lie
// before the directory (at cdOffset). Sets e.dataOffset.
Status checkLocalHeader(int fd, ZipEntry &e, quint64 cdOffset)
{
    if (e.localHeaderOffset > cdOffset || cdOffset - e.localHeaderOffset < quint64(LocalSize)) {
        return corrupt(tr("Entry \"%1\" points outside the archive.").arg(displayString(e.name)));
    }
    auto header = readAt(fd, e.localHeaderOffset, LocalSize);
    if (!header) {
        return header.error();
    }
    ZipFields h(*header);
    if (h.u32() != SigLocal) {
        return corrupt(
            tr("The local header of entry \"%1\" is damaged.").arg(displayString(e.name)));
    }
    const quint16 needed = h.u16();
    const quint16 flags = h.u16();
    const quint16 method = h.u16();
    const quint32 dosTime = h.u32();
    const quint32 crc = h.u32();
    const quint32 csize32 = h.u32();
    const quint32 size32 = h.u32();
    const quint16 nameLength = h.u16();
    const quint16 extraLength = h.u16();
    if (cdOffset - e.localHeaderOffset < quint64(LocalSize) + nameLength + extraLength) {
        return corrupt(tr("Entry \"%1\" points outside the archive.").arg(displayString(e.name)));
    }
    auto rest = readAt(fd, e.localHeaderOffset + LocalSize, quint64(nameLength) + extraLength);
    if (!rest) {
        return rest.error();
    }
    QString decoded;
    if (!validName(rest->left(nameLength), &decoded) || decoded != e.name) {
        return corrupt(tr("The local header of entry \"%1\" names a different file.")
                           .arg(displayString(e.name)));
    }
    if (!isKnownVersionNeeded(needed) || flags != e.flags || method != e.method ||
        dosTime != e.dosTime || crc != e.crc32 ||
        !localExtraMatches(rest->mid(nameLength), e, size32, csize32)) {
        return corrupt(tr("The local header of entry \"%1\" disagrees with the directory.")
                           .arg(displayString(e.name)));
    }
    e.dataOffset = e.localHeaderOffset + LocalSize + nameLength + extraLength;
    if (e.dataOffset > cdOffset || cdOffset - e.dataOffset < e.compressedSize) {
        return corrupt(tr("The data of entry \"%1\" runs past the end of the archive.")
                           .arg(displayString(e.name)));
    }
    return Ok{};
}

// The entries must tile the archive exactly as the writer lays it out: listed in file order,
// the first at offset 0, each entry's data followed at once by the next local header, and the
// last by the central directory. A gap could hide bytes nothing checks.
Status checkTiling(const QList<ZipEntry> &entries, quint64 cdOffset)
{
    for (qsizetype i = 1; i < entries.size(); ++i) {
        const ZipEntry &prev = entries[i - 1];
        const ZipEntry &next = entries[i];
        if (next.localHeaderOffset <= prev.localHeaderOffset) {
            return corrupt(tr("The archive's directory lists \"%1\" out of the order of the "
                              "entries in the file.")
                               .arg(displayString(prev.name)));
        }
        const quint64 prevEnd = prev.dataOffset + prev.compressedSize;
        if (prevEnd > next.localHeaderOffset) {
            return corrupt(tr(R"(Entries "%1" and "%2" overlap.)")
                               .arg(displayString(prev.name), displayString(next.name)));
        }
        if (prevEnd < next.localHeaderOffset) {
            return makeError(Error::Kind::Invalid, "bundle.stray-data",
                             tr(R"(The bundle has %1 unexpected bytes between "%2" and "%3".)")
                                 .arg(QString::number(next.localHeaderOffset - prevEnd),
                                      displayString(prev.name), displayString(next.name)));
        }
    }
    if (entries.first().localHeaderOffset != 0) {
        return makeError(Error::Kind::Invalid, "bundle.leading-data",
                         tr("The bundle has %1 unexpected bytes before the first entry.")
                             .arg(entries.first().localHeaderOffset));
    }
    // Each entry's data ends at or before the directory (checked before), so this is a gap.
    const quint64 lastEnd = entries.last().dataOffset + entries.last().compressedSize;
    if (lastEnd != cdOffset) {
        return makeError(Error::Kind::Invalid, "bundle.stray-data",
                         tr("The bundle has %1 unexpected bytes before the archive's directory.")
                             .arg(cdOffset - lastEnd));
    }
    return Ok{};
}

} // namespace

namespace zip {

Error corrupt(const QString &message)
{
    return makeError(Error::Kind::Invalid, "bundle.zip-corrupt", message);
}

Result<QByteArray> readAt(int fd, quint64 offset, quint64 size)
{
    QByteArray buffer(qsizetype(size), Qt::Uninitialized);
    if (!preadFully(fd, buffer.data(), size, offset)) {
        return makeError(Error::Kind::Io, "bundle.io",
                         tr("Could not read the bundle at offset %1.").arg(offset));
    }
    return buffer;
}

} // namespace zip

namespace {

// offset < 0: read() at the current position; else pread() from offset on.
bool readLoop(int fd, void *buffer, size_t size, qint64 offset)
{
    auto *out = static_cast<char *>(buffer);
    while (size > 0) {
        const ssize_t n =
            offset < 0 ? ::read(fd, out, size) : ::pread(fd, out, size, off_t(offset));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        out += n;
        size -= size_t(n);
        offset = offset < 0 ? offset : offset + qint64(n);
    }
    return true;
}

} // namespace

bool preadFully(int fd, void *buffer, size_t size, quint64 offset)
{
    return readLoop(fd, buffer, size, qint64(offset));
}

bool readFully(int fd, void *buffer, size_t size)
{
    return readLoop(fd, buffer, size, -1);
}

Result<QList<ZipEntry>> readZipCentralDirectory(int fd, quint64 fileSize)
{
    auto dir = zip::readDirectory(fd, fileSize);
    if (!dir) {
        return dir.error();
    }
    if (Status s = checkDirectoryExtent(*dir); !s) {
        return s.error();
    }
    return readCentralDirectory(fd, *dir);
}

// The stages in the order the format is read: end records, central directory, local headers.
Result<QList<ZipEntry>> readZipIndex(int fd, quint64 fileSize)
{
    auto dir = zip::readDirectory(fd, fileSize);
    if (!dir) {
        return dir.error();
    }
    if (Status s = checkDirectoryExtent(*dir); !s) {
        return s.error();
    }

    auto entries = readCentralDirectory(fd, *dir);
    if (!entries) {
        return entries.error();
    }
    // Local headers: they must agree with the central directory, and entries must neither
    // overlap each other nor the directory, nor leave a prefix before the first one.
    for (ZipEntry &e : *entries) {
        if (Status s = checkLocalHeader(fd, e, dir->offset); !s) {
            return s.error();
        }
    }
    if (Status s = checkTiling(*entries, dir->offset); !s) {
        return s.error();
    }
    return entries;
}

} // namespace seesaw
