// A strict reader for the ZIP container of a bundle. It parses only the central directory and
// local headers, never decompresses, and refuses anything a bundle writer does not produce:
// data before the first entry, between entries, before the central directory or after the end
// record, a directory out of file order, overlapping or encrypted entries, multi-disk
// archives, inconsistent ZIP64 records. It exposes where each entry's data
// starts, so payloads can be streamed from their offset.
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxZipEntries = 128;
constexpr qsizetype MaxZipNameBytes = 255;
constexpr quint64 MaxCentralDirectoryBytes = quint64(256) * 1024;
} // namespace limits

struct ZipEntry {
    QString name;
    quint16 flags = 0;
    quint16 method = 0;  // 0 stored, 8 deflated
    quint32 dosTime = 0; // time and date, compared between local and central headers
    quint32 crc32 = 0;
    quint64 compressedSize = 0;
    quint64 uncompressedSize = 0;
    quint64 localHeaderOffset = 0;
    quint64 dataOffset = 0; // first byte of the entry's data in the file

    [[nodiscard]] bool isEncrypted() const
    {
        return ((flags & 0x0001) != 0) || ((flags & 0x0040) != 0);
    }
};

// Reads the index of the archive in fd (read with pread; the file position is not used).
// Error codes: "bundle.not-zip", "bundle.trailing-data", "bundle.leading-data",
// "bundle.stray-data", "bundle.zip-corrupt", "bundle.zip-unsupported",
// "bundle.too-many-entries", "bundle.io", "bundle.bad-entry-name", "bundle.encrypted-entry".
Result<QList<ZipEntry>> readZipIndex(int fd, quint64 fileSize);

// The end records and the central directory only (local headers are not read, dataOffset stays
// 0): where each entry lies, for a reader that fetches the parts of a remote bundle that opening
// it needs (net/remotebundle.h) before readZipIndex() checks them all. Error codes as
// readZipIndex's.
Result<QList<ZipEntry>> readZipCentralDirectory(int fd, quint64 fileSize);

// pread until size bytes are read; false on error or end of file.
bool preadFully(int fd, void *buffer, size_t size, quint64 offset);
// The same from a stream (pipe, socket), at its current position.
bool readFully(int fd, void *buffer, size_t size);

} // namespace seesaw
