#include "base/atomicfile.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::AtomicFile", text);
}

Error ioError(const QString &message)
{
    return makeError(Error::Kind::Io, "io.write", message);
}

} // namespace

Status writeAll(int fd, QByteArrayView data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return ioError(n < 0 ? errnoText(errno) : tr("nothing could be written"));
        }
        done += qsizetype(n);
    }
    return Ok{};
}

Status syncDirectory(const QString &directory)
{
    const UniqueFd fd(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.isValid() || ::fsync(fd.get()) != 0) {
        return ioError(tr("Cannot sync the directory %1: %2.")
                           .arg(displayString(directory, 200), errnoText(errno)));
    }
    return Ok{};
}

Status writeFileAtomically(const QString &path, QByteArrayView data, mode_t mode,
                           const QString &tempPattern)
{
    const QFileInfo info(path);
    const QString directory = info.absolutePath();
    const QString pattern = tempPattern.isEmpty()
                                ? QStringLiteral(".") + info.fileName() + QStringLiteral(".XXXXXX")
                                : tempPattern;
    QByteArray tempName = QFile::encodeName(directory + QLatin1Char('/') + pattern);
    UniqueFd fd(::mkostemp(tempName.data(), O_CLOEXEC));
    if (!fd.isValid()) {
        return ioError(tr("Cannot create a temporary file next to %1: %2.")
                           .arg(displayString(path, 200), errnoText(errno)));
    }
    if (mode == 0) {
        struct stat st {};
        mode = ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : 0644;
    }
    Status written = writeAll(fd.get(), data);
    if (written && (::fchmod(fd.get(), mode) != 0 || ::fsync(fd.get()) != 0)) {
        written = ioError(errnoText(errno));
    }
    if (written && ::rename(tempName.constData(), QFile::encodeName(path).constData()) != 0) {
        written = ioError(errnoText(errno));
    }
    // Again under its new name: see atomicfile.h (FAT).
    if (written && (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0)) {
        written = ioError(errnoText(errno));
    }
    if (!written) {
        fd.reset();
        ::unlink(tempName.constData());
        return ioError(
            tr("Cannot write %1: %2.").arg(displayString(path, 200), written.error().message));
    }
    return syncDirectory(directory);
}

Status renameDurably(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0) {
        return ioError(tr("Cannot rename %1 to %2: %3.")
                           .arg(displayString(from, 200), displayString(QFileInfo(to).fileName()),
                                errnoText(errno)));
    }
    // Again under its new name: see atomicfile.h (FAT).
    const UniqueFd fd(::open(QFile::encodeName(to).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.isValid() || ::fsync(fd.get()) != 0) {
        return ioError(tr("Cannot sync %1: %2.").arg(displayString(to, 200), errnoText(errno)));
    }
    return syncDirectory(QFileInfo(to).absolutePath());
}

} // namespace seesaw
