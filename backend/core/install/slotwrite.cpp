#include "install/slotwrite.h"

#include "base/directio.h"
#include "base/errnotext.h"

#include <QCoreApplication>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
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

namespace {

QString slotTarget(const SlotConfig &slot)
{
    return tr("slot %1").arg(slot.name());
}

// target: what the message calls it, "slot rootfs.1"
Error writeError(const QString &target, quint64 offset, int error)
{
    return makeError(Error::Kind::Io, "install.write",
                     tr("Writing %1 failed at byte %2: %3.")
                         .arg(target, QString::number(offset),
                              error == ENOSPC ? tr("the device is full") : errnoText(error)));
}

} // namespace

Status pwriteFully(int fd, QByteArrayView data, quint64 offset, const SlotConfig &slot)
{
    quint64 written = 0;
    if (const int error = pwriteAll(fd, data.data(), size_t(data.size()), offset, &written)) {
        return writeError(slotTarget(slot), offset + written, error);
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

SlotWriter::SlotWriter(int fd, const SlotConfig &slot, SystemConfig::SlotWrites mode)
    : SlotWriter(fd, slotTarget(slot), mode)
{}

SlotWriter::SlotWriter(int fd, QString target, SystemConfig::SlotWrites mode)
    : m_fd(fd), m_target(std::move(target))
{
    // The kernel refuses O_DIRECT (EINVAL) where the file system or device cannot do it.
    m_direct = mode == SystemConfig::SlotWrites::Direct && setDirectIo(m_fd, true);
}

Status SlotWriter::reserve(quint64 size)
{
    struct stat st {};
    if (::fstat(m_fd, &st) != 0 || !S_ISREG(st.st_mode) || size == 0) {
        return Ok{};
    }
    int rc = 0;
    do {
        rc = ::fallocate(m_fd, 0, 0, off_t(size));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0 && (errno == ENOSPC || errno == EFBIG || errno == EDQUOT)) {
        return writeError(m_target, 0, errno == EDQUOT ? ENOSPC : errno);
    }
    return Ok{}; // EOPNOTSUPP and the like: written as it comes
}

Status SlotWriter::write(QByteArrayView data, quint64 offset)
{
    const bool aligned = reinterpret_cast<quintptr>(data.data()) % DirectAlign == 0 &&
                         offset % DirectAlign == 0 && quint64(data.size()) % DirectAlign == 0;
    if (aligned) {
        std::shared_lock lock(m_modeMutex);
        if (m_direct) {
            quint64 written = 0;
            const int error = pwriteAll(m_fd, data.data(), size_t(data.size()), offset, &written);
            if (error == 0) {
                return Ok{};
            }
            if (error != EINVAL) {
                return writeError(m_target, offset + written, error);
            }
            // EINVAL: the device refuses direct writes after all; handled alone below.
        }
    }
    std::unique_lock lock(m_modeMutex);
    if (!m_direct) {
        return writeBuffered(data, offset);
    }
    quint64 written = 0;
    if (const int error = pwriteDirect(m_fd, &m_direct, data, offset, &written)) {
        return writeError(m_target, offset + written, error);
    }
    return Ok{};
}

Status SlotWriter::writeBuffered(QByteArrayView data, quint64 offset)
{
    quint64 written = 0;
    if (const int error = pwriteAll(m_fd, data.data(), size_t(data.size()), offset, &written)) {
        return writeError(m_target, offset + written, error);
    }
    const quint64 end = offset + quint64(data.size());
    if (Status s = writeback(offset, quint64(data.size()), SYNC_FILE_RANGE_WRITE); !s) {
        return s;
    }
    if (end > m_waited + WritebackLag) {
        const quint64 upTo = end - WritebackLag;
        if (Status s = writeback(m_waited, upTo - m_waited,
                                 SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
                                     SYNC_FILE_RANGE_WAIT_AFTER);
            !s) {
            return s;
        }
        m_waited = upTo;
    }
    return Ok{};
}

// Starts (or waits for) the writeback of a range. Where the kernel does not support it for
// this file, the writes stay in the page cache until sync(), as plain writes do.
Status SlotWriter::writeback(quint64 offset, quint64 size, unsigned int flags)
{
    if (!m_rangeSyncWorks || size == 0) {
        return Ok{};
    }
    int rc = 0;
    do {
        rc = ::sync_file_range(m_fd, off_t(offset), off_t(size), flags);
    } while (rc != 0 && errno == EINTR);
    if (rc == 0) {
        return Ok{};
    }
    if (errno == EINVAL || errno == ENOSYS || errno == ESPIPE || errno == EOPNOTSUPP) {
        m_rangeSyncWorks = false;
        return Ok{};
    }
    return makeError(Error::Kind::Io, "install.write",
                     tr("Writing %1 failed at byte %2: %3.")
                         .arg(m_target, QString::number(offset), errnoText()));
}

Status SlotWriter::sync()
{
    if (::fsync(m_fd) != 0) {
        return makeError(Error::Kind::Io, "install.write",
                         tr("Flushing %1 to storage failed: %2.").arg(m_target, errnoText()));
    }
    return Ok{};
}

} // namespace seesaw
