// The file a download is being written to (STAGED.part): its bytes so far, hashed as they are
// appended, and the server's validator (ETag or Last-Modified) of the copy they came from, kept
// beside it (STAGED.part.validator) so that a resumed request can ask for the rest of the same
// copy only (If-Range).
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "trust/crypto.h"

#include <QByteArray>
#include <QString>
#include <memory>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxValidatorBytes = 512;
} // namespace limits

struct FreeDeleter {
    void operator()(char *p) const;
};

struct PartFile {
    // What arrives is gathered in memory and written in blocks of this size, straight to
    // storage where the file system allows it (base/directio.h): a download does not fill the
    // page cache with the bundle or evict the running system's cached files. A power cut loses
    // at most this much, fetched again after the reboot.
    static constexpr qsizetype BlockBytes = qsizetype(4) * 1024 * 1024;

    QString path;
    QString validatorPath;
    UniqueFd fd;
    quint64 size = 0; // bytes received: on disk, then `filled` more in `block`
    Sha256 hash;      // of the `size` bytes so far
    quint64 unsynced = 0;
    QByteArray validator;
    std::unique_ptr<char, FreeDeleter> block; // BlockBytes, aligned for direct I/O
    qsizetype filled = 0;
    bool direct = false; // blocks go past the page cache

    // Back to empty (the server sends another copy from its start).
    Status truncate();
    // Appends and hashes. Blocks are written as they fill; written through the page cache,
    // they are handed to writeback as they go (every 16 MiB, without waiting for the last
    // 32 MiB), so that what survives a power cut is close to what arrived.
    Status append(const QByteArray &data);
    // What is still held in memory onto the file (at the end of a transfer, whole or not).
    // The final fdatasync before the rename is the caller's.
    Status flush();
    // Keeps the server's validator of the copy being fetched.
    void setValidator(const QByteArray &value);
};

// Opens (or creates) FINAL.part and hashes what it already holds: bytes on disk are not fetched
// again (but for the last DirectAlign - 1 at most, dropped so that blocks stay aligned for
// direct writes), but they are believed only through the final digest. A part longer than
// `announced` is not this file's beginning and starts again empty. Error "download.io".
Result<PartFile> openPartFile(const QString &finalPath, quint64 announced);

// "download.io" for `path` and an errno value.
Error partFileError(const QString &path, int err);

} // namespace seesaw
