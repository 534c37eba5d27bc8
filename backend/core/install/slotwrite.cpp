#include "install/slotwrite.h"

#include "base/errnotext.h"

#include <QCoreApplication>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

// The messages belong to the installer's: same translation context.
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Installer", text);
}

} // namespace

// Opens a slot for writing. A block device is opened O_EXCL: the kernel then refuses while
// anything has it mounted or open exclusively, and nothing can mount it mid-write.
Result<UniqueFd> openSlot(const SlotConfig &slot)
{
    struct stat st {};
    const QByteArray path = QFile::encodeName(slot.device);
    if (::stat(path.constData(), &st) != 0) {
        return makeError(
            Error::Kind::Io, "install.write",
            tr("Slot %1 (%2) does not exist: %3.").arg(slot.name(), slot.device, errnoText()));
    }
    int flags = O_WRONLY | O_CLOEXEC;
    if (S_ISBLK(st.st_mode)) {
        flags |= O_EXCL;
    } else if (!S_ISREG(st.st_mode)) {
        return makeError(Error::Kind::Io, "install.write",
                         tr("Slot %1 (%2) is neither a block device nor an image file.")
                             .arg(slot.name(), slot.device));
    }
    const int fd = ::open(path.constData(), flags);
    if (fd < 0) {
        return makeError(Error::Kind::Io, errno == EBUSY ? "install.busy-slot" : "install.write",
                         tr("Slot %1 (%2) cannot be opened for writing: %3.")
                             .arg(slot.name(), slot.device, errnoText()));
    }
    return UniqueFd(fd);
}

Status pwriteFully(int fd, QByteArrayView data, quint64 offset, const SlotConfig &slot)
{
    const char *p = data.data();
    auto left = size_t(data.size());
    while (left > 0) {
        const ssize_t n = ::pwrite(fd, p, left, off_t(offset));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return makeError(Error::Kind::Io, "install.write",
                             tr("Writing slot %1 failed at byte %2: %3.")
                                 .arg(slot.name(), QString::number(offset),
                                      n < 0 ? errnoText() : tr("the device is full")));
        }
        p += n;
        left -= size_t(n);
        offset += quint64(n);
    }
    return Ok{};
}

Status syncSlot(int fd, const SlotConfig &slot)
{
    if (::fsync(fd) != 0) {
        return makeError(
            Error::Kind::Io, "install.write",
            tr("Flushing slot %1 to storage failed: %2.").arg(slot.name(), errnoText()));
    }
    return Ok{};
}

} // namespace seesaw
