// Reading a mounted medium without trusting it: finding bundles within limits and opening one
// by a client-supplied relative path. Everything works from the mount's root fd with openat and
// O_NOFOLLOW, so a symbolic link, a FIFO or a device node on the stick is never followed or
// opened, whatever the names say.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "media/mediatypes.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace seesaw::media {

// Longest relative path accepted from a client (and reported by a scan), in UTF-8 bytes.
inline constexpr qsizetype MaxRelativePathBytes = 1024;
// Longest single name accepted from a client.
inline constexpr qsizetype MaxNameBytes = 255;

// Splits a client-supplied path into its components: non-empty, at most 1024 bytes, no
// leading '/', no ".", ".." or empty component, no NUL, no backslash. Error
// "media.invalid-path".
Result<QList<QByteArray>> splitRelativePath(const QString &relativePath);

struct ScanOutcome {
    QList<FoundBundle> bundles; // sorted by path
    QString limitHit;           // "time", "entries", "bundles" (the scan stopped there) or "depth"
                      // (deeper directories were left out); empty when nothing was left out
    int readError = 0; // errno of a failed directory read (EIO: a medium pulled), or 0
    int entriesSeen = 0;
};

// Breadth-first walk from rootFd (shallow bundles first, so a limit costs the deep ones)
// listing regular files named *.seesaw (case-insensitively). Hidden entries (".…", e.g. macOS
// "._x.seesaw" companions) and anything that is not a regular file or a directory are
// skipped; names that are not UTF-8 or could not be opened by openRegularFile are skipped too.
ScanOutcome scanForBundles(int rootFd, const ScanLimits &limits);

// Opens relativePath below rootFd: every directory with O_NOFOLLOW | O_DIRECTORY, the file with
// O_NOFOLLOW and without ever opening a FIFO or device; the result must be a regular file on
// the same file system. Errors "media.invalid-path", "media.not-found", "media.not-regular",
// "media.io" (errno in *errorNumber when given).
Result<UniqueFd> openRegularFile(int rootFd, const QString &relativePath,
                                 int *errorNumber = nullptr);

} // namespace seesaw::media
