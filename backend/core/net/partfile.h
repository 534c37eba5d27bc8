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

namespace seesaw {

namespace limits {
constexpr qsizetype MaxValidatorBytes = 512;
} // namespace limits

struct PartFile {
    QString path;
    QString validatorPath;
    UniqueFd fd;
    quint64 size = 0;
    Sha256 hash; // of the `size` bytes so far
    quint64 unsynced = 0;
    QByteArray validator;

    // Back to empty (the server sends another copy from its start).
    Status truncate();
    // Appends and hashes; written back to disk as it goes (every 16 MiB, without waiting for
    // the last 32 MiB), so that what survives a power cut is close to what arrived. The final
    // fdatasync before the rename is the caller's.
    Status append(const QByteArray &data);
    // Keeps the server's validator of the copy being fetched.
    void setValidator(const QByteArray &value);
};

// Opens (or creates) FINAL.part and hashes what it already holds: bytes on disk are never
// fetched again, but they are believed only through the final digest. A part longer than
// `announced` is not this file's beginning and starts again empty. Error "download.io".
Result<PartFile> openPartFile(const QString &finalPath, quint64 announced);

// "download.io" for `path` and an errno value.
Error partFileError(const QString &path, int err);

} // namespace seesaw
