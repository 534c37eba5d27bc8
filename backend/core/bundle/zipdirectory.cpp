// The end records of a bundle's ZIP and the central directory's place (zipdirectory.h).
#include "bundle/zipdirectory.h"

#include "bundle/zipfields.h"

#include <QCoreApplication>
#include <algorithm>

namespace seesaw::zip {

namespace {

constexpr quint32 SigEnd = 0x06054b50;
constexpr quint32 SigZip64End = 0x06064b50;
constexpr quint32 SigZip64Locator = 0x07064b50;
constexpr qsizetype EndSize = 22;
constexpr qsizetype Zip64LocatorSize = 20;
constexpr qsizetype Zip64EndMinSize = 56;
constexpr quint16 Max16 = 0xffffU;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ZipIndex", text);
}

Error multiPart()
{
    return makeError(Error::Kind::Invalid, "bundle.zip-unsupported",
                     tr("Multi-part archives are not bundles."));
}

// The classic end record, which must be the last 22 bytes: bundles carry no archive comment,
// so anything after it is appended data. Searches a little further back only to say so
// precisely.
Result<Directory> readEndRecord(int fd, quint64 fileSize)
{
    if (fileSize < quint64(EndSize)) {
        return makeError(Error::Kind::Invalid, "bundle.not-zip",
                         tr("The file is too small to be a bundle (%1 bytes).").arg(fileSize));
    }
    const quint64 tailSize = std::min<quint64>(fileSize, quint64(64) * 1024 + EndSize);
    auto tail = readAt(fd, fileSize - tailSize, tailSize);
    if (!tail) {
        return tail.error();
    }
    qsizetype endPos = -1;
    for (qsizetype i = tail->size() - EndSize; i >= 0; --i) {
        ZipFields f(*tail, i);
        if (f.u32() == SigEnd) {
            endPos = i;
            break;
        }
    }
    if (endPos < 0) {
        return makeError(Error::Kind::Invalid, "bundle.not-zip",
                         tr("The file is not a bundle: no ZIP end record was found."));
    }
    if (endPos != tail->size() - EndSize) {
        return makeError(Error::Kind::Invalid, "bundle.trailing-data",
                         tr("The bundle has %1 unexpected bytes after the end of the archive.")
                             .arg(tail->size() - EndSize - endPos));
    }

    ZipFields end(*tail, endPos + 4);
    Directory dir;
    dir.disk = end.u16();
    dir.cdDisk = end.u16();
    dir.entriesOnDisk = end.u16();
    dir.entries = end.u16();
    dir.size = end.u32();
    dir.offset = end.u32();
    dir.end = fileSize - quint64(EndSize);
    const quint16 commentLength = end.u16();
    if (commentLength != 0) {
        return makeError(Error::Kind::Invalid, "bundle.trailing-data",
                         tr("The bundle has an archive comment; bundles carry none."));
    }
    return dir;
}

bool hasZip64Locator(int fd, quint64 endOffset)
{
    if (endOffset < quint64(Zip64LocatorSize)) {
        return false;
    }
    auto loc = readAt(fd, endOffset - Zip64LocatorSize, 4);
    return loc && ZipFields(*loc).u32() == SigZip64Locator;
}

// The ZIP64 locator just before the classic end record, and the ZIP64 end record it points
// to: the values the classic record could not hold are taken from there, and the directory
// must then end where the ZIP64 record starts.
Status applyZip64EndRecord(int fd, Directory &dir)
{
    const quint64 locatorOffset = dir.end - Zip64LocatorSize;
    auto loc = readAt(fd, locatorOffset, Zip64LocatorSize);
    if (!loc) {
        return loc.error();
    }
    ZipFields l(*loc, 4);
    const quint32 z64Disk = l.u32();
    const quint64 z64EndOffset = l.u64();
    const quint32 totalDisks = l.u32();
    if (z64Disk != 0 || totalDisks != 1) {
        return multiPart();
    }
    if (z64EndOffset + Zip64EndMinSize > locatorOffset) {
        return corrupt(tr("The ZIP64 end record points outside the archive."));
    }
    auto rec = readAt(fd, z64EndOffset, Zip64EndMinSize);
    if (!rec) {
        return rec.error();
    }
    ZipFields r(*rec);
    if (r.u32() != SigZip64End) {
        return corrupt(tr("The ZIP64 end record is missing or damaged."));
    }
    const quint64 recordSize = r.u64();
    if (z64EndOffset + 12 + recordSize != locatorOffset) {
        return corrupt(tr("The ZIP64 end record does not end where the locator starts."));
    }
    const quint16 madeBy = r.u16();
    const quint16 needed = r.u16();
    if (recordSize != Zip64EndMinSize - 12 || madeBy != Zip64Version || needed != Zip64Version) {
        return corrupt(tr("The ZIP64 end record has fields seesaw bundle create never writes."));
    }
    const quint32 d = r.u32();
    const quint32 dcd = r.u32();
    if (d != 0 || dcd != 0) {
        return multiPart();
    }
    Directory wide = dir;
    wide.entriesOnDisk = r.u64();
    wide.entries = r.u64();
    wide.size = r.u64();
    wide.offset = r.u64();
    wide.end = z64EndOffset;
    // The classic end record repeats each value, or marks it as stored only in ZIP64.
    auto agrees = [](quint64 classic, quint64 value, quint64 marker) {
        return classic == marker || classic == value;
    };
    if (dir.disk != 0 || dir.cdDisk != 0 || !agrees(dir.entriesOnDisk, wide.entriesOnDisk, Max16) ||
        !agrees(dir.entries, wide.entries, Max16) || !agrees(dir.size, wide.size, Max32) ||
        !agrees(dir.offset, wide.offset, Max32)) {
        return corrupt(tr("The archive's two end records disagree."));
    }
    dir = wide;
    return Ok{};
}

} // namespace

// The stages in the order the format is read: the classic end record, then the ZIP64 records
// when a locator says there are some.
Result<Directory> readDirectory(int fd, quint64 fileSize)
{
    auto dir = readEndRecord(fd, fileSize);
    if (!dir) {
        return dir.error();
    }
    if (hasZip64Locator(fd, dir->end)) {
        if (Status s = applyZip64EndRecord(fd, *dir); !s) {
            return s.error();
        }
    } else if (dir->disk != 0 || dir->cdDisk != 0) {
        return multiPart();
    }
    return dir;
}

} // namespace seesaw::zip
