#include "net/partfile.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"

#include <QCoreApplication>
#include <QFile>
#include <fcntl.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr quint64 SyncEveryBytes = quint64(16) * 1024 * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Download", text);
}

} // namespace

Error partFileError(const QString &path, int err)
{
    return makeError(Error::Kind::Io, "download.io",
                     tr("The staged download %1 cannot be written: %2.").arg(path, errnoText(err)));
}

Status PartFile::truncate()
{
    if (::ftruncate(fd.get(), 0) != 0 || ::lseek(fd.get(), 0, SEEK_SET) != 0) {
        return partFileError(path, errno);
    }
    size = 0;
    unsynced = 0;
    (void)hash.finish(); // resets
    validator.clear();
    QFile::remove(validatorPath);
    return Ok{};
}

Status PartFile::append(const QByteArray &data)
{
    if (Status s = writeAll(fd.get(), data); !s) {
        return partFileError(path, EIO);
    }
    hash.update(data);
    size += quint64(data.size());
    unsynced += quint64(data.size());
    if (unsynced >= SyncEveryBytes) {
        // Writeback of what just filled up starts now, without waiting for it; what is two
        // steps behind is waited for, so that what a power cut loses stays bounded (the
        // unsynced tail is fetched again) while the download never stalls on a full sync.
        const quint64 start = size - unsynced;
        (void)::sync_file_range(fd.get(), off_t(start), off_t(unsynced), SYNC_FILE_RANGE_WRITE);
        if (start >= 2 * SyncEveryBytes) {
            (void)::sync_file_range(
                fd.get(), off_t(start - 2 * SyncEveryBytes), off_t(SyncEveryBytes),
                SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
        }
        unsynced = 0;
    }
    return Ok{};
}

void PartFile::setValidator(const QByteArray &value)
{
    validator = value.left(limits::MaxValidatorBytes);
    if (!validator.isEmpty()) {
        (void)writeFileAtomically(validatorPath, validator, 0600);
    }
}

Result<PartFile> openPartFile(const QString &finalPath, quint64 announced)
{
    PartFile part;
    part.path = finalPath + QStringLiteral(".part");
    part.validatorPath = finalPath + QStringLiteral(".part.validator");
    part.fd.reset(::open(QFile::encodeName(part.path).constData(),
                         O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!part.fd.isValid()) {
        return partFileError(part.path, errno);
    }
    QByteArray buffer(qsizetype(1) << 20, Qt::Uninitialized);
    for (;;) {
        const ssize_t n = ::read(part.fd.get(), buffer.data(), size_t(buffer.size()));
        if (n < 0) {
            return partFileError(part.path, errno);
        }
        if (n == 0) {
            break;
        }
        part.hash.update(buffer.constData(), size_t(n));
        part.size += quint64(n);
    }
    if (part.size > announced) {
        if (Status s = part.truncate(); !s) {
            return s.error();
        }
    }
    QFile validator(part.validatorPath);
    if (part.size > 0 && validator.open(QIODevice::ReadOnly)) {
        part.validator = validator.read(limits::MaxValidatorBytes);
    }
    return part;
}

} // namespace seesaw
