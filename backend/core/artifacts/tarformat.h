// The parts of the tar format (POSIX ustar, pax, GNU long names) the extractor reads, and its
// rules for paths and links (tarextract.h), apart so that each can be tested on its own.
#pragma once

#include <QByteArray>
#include <QList>
#include <optional>

namespace seesaw::tar {

constexpr size_t Block = 512;
constexpr qsizetype MaxPathBytes = 4096;
constexpr qsizetype MaxComponentBytes = 255;

// A NUL-terminated field of a header block, or all of it.
QByteArray field(const char *header, size_t offset, size_t length);
// An octal number field (spaces and NULs around it), or base-256 when its first bit is set.
std::optional<quint64> number(const char *header, size_t offset, size_t length);
// The header's checksum field matches its bytes.
bool checksumMatches(const char *header);
// The components of an archive path: no empty ones, no ".", and no "..". Nullopt when it is
// absolute, climbs, or is too long.
std::optional<QList<QByteArray>> components(const QByteArray &path);
// A symbolic link's target stays in the tree, from a directory `depth` levels below its root.
bool linkStaysInside(const QByteArray &target, qsizetype depth);
// One pax record set ("LEN key=value\n"...): path, linkpath and size are taken; false when the
// records are damaged.
bool readPax(const QByteArray &data, QByteArray *path, QByteArray *linkpath,
             std::optional<quint64> *size);

} // namespace seesaw::tar
