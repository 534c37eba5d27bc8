#include "net/partfile.h"

#include "base/atomicfile.h"
#include "base/directio.h"
#include "base/errnotext.h"
#include "bundle/zipindex.h"

#include <QCoreApplication>
#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
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

void FreeDeleter::operator()(char *p) const
{
    std::free(p);
}

Status PartFile::truncate()
{
    if (::ftruncate(fd.get(), 0) != 0) {
        return partFileError(path, errno);
    }
    size = 0;
    filled = 0;
    unsynced = 0;
    (void)hash.finish(); // resets
    validator.clear();
    QFile::remove(validatorPath);
    return Ok{};
}

Status PartFile::append(const QByteArray &data)
{
    hash.update(data);
    for (qsizetype taken = 0; taken < data.size();) {
        const qsizetype n = std::min(BlockBytes - filled, data.size() - taken);
        std::memcpy(block.get() + filled, data.constData() + taken, size_t(n));
        filled += n;
        taken += n;
        size += quint64(n);
        if (filled == BlockBytes) {
            if (Status s = flush(); !s) {
                return s;
            }
        }
    }
    return Ok{};
}

Status PartFile::flush()
{
    if (filled == 0) {
        return Ok{};
    }
    const quint64 offset = size - quint64(filled);
    quint64 written = 0;
    if (const int error = pwriteDirect(fd.get(), &direct, QByteArrayView(block.get(), filled),
                                       offset, &written)) {
        return partFileError(path, error);
    }
    filled = 0;
    if (direct) {
        return Ok{};
    }
    unsynced += written;
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
    part.block.reset(static_cast<char *>(std::aligned_alloc(DirectAlign, PartFile::BlockBytes)));
    if (!part.block) {
        return partFileError(part.path, ENOMEM);
    }
    part.fd.reset(::open(QFile::encodeName(part.path).constData(),
                         O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!part.fd.isValid()) {
        return partFileError(part.path, errno);
    }
    struct stat st {};
    if (::fstat(part.fd.get(), &st) != 0) {
        return partFileError(part.path, errno);
    }
    // Whole DirectAlign blocks are kept, so that the next block starts aligned. A part longer
    // than the file is not its beginning.
    quint64 kept = quint64(st.st_size) / DirectAlign * DirectAlign;
    if (quint64(st.st_size) > announced) {
        kept = 0;
    }
    if (::ftruncate(part.fd.get(), off_t(kept)) != 0) {
        return partFileError(part.path, errno);
    }
    if (kept == 0) {
        QFile::remove(part.validatorPath);
    }
    for (quint64 n = 0; part.size < kept; part.size += n) {
        n = std::min<quint64>(quint64(PartFile::BlockBytes), kept - part.size);
        if (!preadFully(part.fd.get(), part.block.get(), size_t(n), part.size)) {
            return partFileError(part.path, EIO);
        }
        part.hash.update(part.block.get(), size_t(n));
    }
    QFile validator(part.validatorPath);
    if (part.size > 0 && validator.open(QIODevice::ReadOnly)) {
        part.validator = validator.read(limits::MaxValidatorBytes);
    }
    // Read through the page cache above; written past it from here on where possible.
    part.direct = setDirectIo(part.fd.get(), true);
    return part;
}

} // namespace seesaw
