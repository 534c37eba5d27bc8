#include "media/mediamount.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace seesaw::media {

Q_LOGGING_CATEGORY(lcMedia, "seesaw.media")

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::MediaManager", text);
}

Error mountError(const QString &message)
{
    return makeError(Error::Kind::Io, "media.mount", message);
}

Error writeError(const QString &message)
{
    return makeError(Error::Kind::Io, "media.write", message);
}

QByteArray parentOf(const QByteArray &path)
{
    const qsizetype slash = path.lastIndexOf('/');
    return slash <= 0 ? QByteArray("/") : path.left(slash);
}

// mountinfo escapes space, tab, newline and backslash as \ooo.
QByteArray unescapeMountField(const QByteArray &field)
{
    QByteArray out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
            field[i + 1] <= '7') {
            bool ok = false;
            const int value = field.mid(i + 1, 3).toInt(&ok, 8);
            if (ok && value < 256) {
                out += char(value);
                i += 3;
                continue;
            }
        }
        out += field[i];
    }
    return out;
}

struct MountEntry {
    dev_t devnum = 0;
    QByteArray mountPoint;
};

QList<MountEntry> readMountInfo()
{
    QList<MountEntry> entries;
    QFile file(QStringLiteral("/proc/self/mountinfo"));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcMedia) << "cannot read /proc/self/mountinfo:" << file.errorString();
        return entries;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() < 5) {
            continue;
        }
        const QList<QByteArray> numbers = fields[2].split(':');
        if (numbers.size() != 2) {
            continue;
        }
        MountEntry entry;
        entry.devnum = makedev(numbers[0].toUInt(), numbers[1].toUInt());
        entry.mountPoint = unescapeMountField(fields[4]);
        entries.append(entry);
    }
    return entries;
}

bool isAtOrBelow(const QByteArray &path, const QByteArray &root)
{
    return path == root || path.startsWith(QByteArray(root + '/'));
}

QByteArray encodedRoot(const QString &root)
{
    QByteArray encoded = QFile::encodeName(root);
    while (encoded.size() > 1 && encoded.endsWith('/')) {
        encoded.chop(1);
    }
    return encoded;
}

const char *mountData(const QString &fsType, MountMode mode)
{
    // FAT and exFAT decode long names with a kernel-configured charset unless told otherwise;
    // the scanner expects UTF-8 names. Neither has a journal: read-only, they write nothing.
    if (fsType == QLatin1String("vfat")) {
        return "utf8";
    }
    if (fsType == QLatin1String("exfat")) {
        return "iocharset=utf8";
    }
    // Even read-only, ext4 replays a dirty journal onto the device (an unplugged stick);
    // noload leaves the stick exactly as it came.
    if (fsType == QLatin1String("ext4") && mode == MountMode::ReadOnly) {
        return "noload";
    }
    return nullptr;
}

} // namespace

bool isSupportedFileSystem(const QString &fsType)
{
    return fsType == QLatin1String("ext4") || fsType == QLatin1String("vfat") ||
           fsType == QLatin1String("exfat");
}

Result<Mount> Mount::create(const QString &devnode, dev_t devnum, const QString &fsType,
                            const QString &directory, MountMode mode)
{
    if (!isSupportedFileSystem(fsType)) {
        return mountError(tr("The file system %1 is not supported; use ext4, FAT or exFAT.")
                              .arg(displayString(fsType, 32)));
    }
    const QByteArray dir = QFile::encodeName(directory);
    const QByteArray node = QFile::encodeName(devnode);
    struct stat device {};
    if (::stat(node.constData(), &device) != 0 || !S_ISBLK(device.st_mode) ||
        device.st_rdev != devnum) {
        return makeError(Error::Kind::Io, "media.gone",
                         tr("The device %1 is no longer present.").arg(displayString(devnode)));
    }

    if (::mkdir(dir.constData(), 0700) != 0 && errno != EEXIST) {
        return mountError(tr("Cannot create the mount directory %1: %2.")
                              .arg(displayString(directory, 200), errnoText(errno)));
    }
    // The directory must be ours, a real directory and not already a mount point.
    struct stat here {};
    struct stat parent {};
    if (::lstat(dir.constData(), &here) != 0 || !S_ISDIR(here.st_mode) ||
        here.st_uid != ::geteuid() || ::stat(parentOf(dir).constData(), &parent) != 0 ||
        here.st_dev != parent.st_dev) {
        return mountError(
            tr("The mount directory %1 is not usable.").arg(displayString(directory, 200)));
    }

    unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
    if (mode == MountMode::ReadOnly) {
        flags |= MS_RDONLY;
    }
    const QByteArray type = fsType.toLatin1();
    if (::mount(node.constData(), dir.constData(), type.constData(), flags,
                mountData(fsType, mode)) != 0) {
        const int error = errno;
        ::rmdir(dir.constData());
        return mountError(
            tr("Cannot mount %1 (%2): %3.").arg(displayString(devnode), fsType, errnoText(error)));
    }

    Mount mount;
    mount.m_directory = directory;
    mount.m_active = true;
    mount.m_root.reset(::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    struct stat root {};
    // The mounted root must belong to this very device (nothing raced the mount point).
    if (!mount.m_root.isValid() || ::fstat(mount.m_root.get(), &root) != 0 ||
        root.st_dev != devnum) {
        mount.detach();
        return mountError(
            tr("Mounting %1 did not give its file system.").arg(displayString(devnode)));
    }
    qCInfo(lcMedia).noquote() << "mounted" << devnode << "at" << directory
                              << (mode == MountMode::ReadOnly ? "read-only" : "read-write");
    return mount;
}

Mount::Mount(Mount &&other) noexcept
    : m_directory(std::move(other.m_directory)), m_root(std::move(other.m_root)),
      m_active(std::exchange(other.m_active, false))
{}

Mount &Mount::operator=(Mount &&other) noexcept
{
    if (this != &other) {
        if (m_active) {
            detach();
        }
        m_directory = std::move(other.m_directory);
        m_root = std::move(other.m_root);
        m_active = std::exchange(other.m_active, false);
    }
    return *this;
}

Mount::~Mount()
{
    if (!m_active) {
        return;
    }
    const Status status = unmount(true);
    if (!status) {
        qCWarning(lcMedia).noquote() << status.error().message;
    }
}

Status Mount::unmount(bool allowLazy)
{
    if (!m_active) {
        return Ok{};
    }
    const QByteArray dir = QFile::encodeName(m_directory);
    m_root.reset();
    if (::umount2(dir.constData(), UMOUNT_NOFOLLOW) != 0 && errno != EINVAL) {
        const int error = errno;
        if (error == EBUSY && allowLazy) {
            qCInfo(lcMedia).noquote() << m_directory << "is busy, detaching it lazily";
            detach();
            return Ok{};
        }
        m_root.reset(::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        return makeError(
            Error::Kind::Io, "media.busy",
            tr("Cannot unmount %1: %2.").arg(displayString(m_directory, 200), errnoText(error)));
    }
    m_active = false;
    ::rmdir(dir.constData());
    qCInfo(lcMedia).noquote() << "unmounted" << m_directory;
    return Ok{};
}

void Mount::detach()
{
    if (!m_active) {
        return;
    }
    const QByteArray dir = QFile::encodeName(m_directory);
    m_root.reset();
    if (::umount2(dir.constData(), MNT_DETACH | UMOUNT_NOFOLLOW) != 0 && errno != EINVAL) {
        qCWarning(lcMedia).noquote() << "cannot detach" << m_directory << errnoText(errno);
    }
    m_active = false;
    ::rmdir(dir.constData());
    qCInfo(lcMedia).noquote() << "detached" << m_directory;
}

QStringList mountPointsBelow(const QString &root)
{
    const QByteArray prefix = encodedRoot(root);
    QList<QByteArray> found;
    for (const MountEntry &entry : readMountInfo()) {
        if (isAtOrBelow(entry.mountPoint, prefix) && !found.contains(entry.mountPoint)) {
            found.append(entry.mountPoint);
        }
    }
    std::sort(found.begin(), found.end(),
              [](const QByteArray &a, const QByteArray &b) { return a.size() > b.size(); });
    QStringList out;
    for (const QByteArray &path : found) {
        out.append(QFile::decodeName(path));
    }
    return out;
}

bool isMountedOutside(dev_t devnum, const QString &root)
{
    const QByteArray prefix = encodedRoot(root);
    const QList<MountEntry> entries = readMountInfo();
    return std::any_of(entries.begin(), entries.end(), [&](const MountEntry &entry) {
        return entry.devnum == devnum && !isAtOrBelow(entry.mountPoint, prefix);
    });
}

int detachAllBelow(const QString &root)
{
    int count = 0;
    const QByteArray prefix = encodedRoot(root);
    for (const QString &path : mountPointsBelow(root)) {
        const QByteArray dir = QFile::encodeName(path);
        if (dir == prefix) {
            continue; // the root itself is not ours to unmount
        }
        if (::umount2(dir.constData(), MNT_DETACH | UMOUNT_NOFOLLOW) == 0) {
            ++count;
            ::rmdir(dir.constData());
        } else {
            qCWarning(lcMedia).noquote()
                << "cannot detach the stale mount" << path << errnoText(errno);
        }
    }
    return count;
}

Status writeFileAt(int dirFd, const QByteArray &name, QByteArrayView data)
{
    QByteArray temp;
    UniqueFd fd;
    for (int attempt = 0; attempt < 16 && !fd.isValid(); ++attempt) {
        temp =
            '.' + name + ".tmp-" + QByteArray::number(QRandomGenerator::system()->generate64(), 16);
        fd.reset(::openat(dirFd, temp.constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (!fd.isValid() && errno != EEXIST) {
            break;
        }
    }
    if (!fd.isValid()) {
        return writeError(tr("Cannot create a file on the medium: %1.").arg(errnoText(errno)));
    }
    Status written = writeAll(fd.get(), data);
    if (written && ::fsync(fd.get()) != 0) {
        written = writeError(errnoText(errno));
    }
    if (written && ::close(fd.release()) != 0) {
        written = writeError(errnoText(errno));
    }
    if (written && ::renameat(dirFd, temp.constData(), dirFd, name.constData()) != 0) {
        written = writeError(errnoText(errno));
    }
    if (!written) {
        fd.reset();
        ::unlinkat(dirFd, temp.constData(), 0);
        return writeError(tr("Cannot write %1 to the medium: %2.")
                              .arg(displayBytes(name), written.error().message));
    }
    if (::fsync(dirFd) != 0) {
        return writeError(
            tr("Cannot write %1 to the medium: %2.").arg(displayBytes(name), errnoText(errno)));
    }
    return Ok{};
}

} // namespace seesaw::media
