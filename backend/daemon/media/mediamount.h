// Mounting a medium's file system in a directory of seesawd's own, as an owned object: the
// mount is undone (lazily if something still holds it) and its directory removed when the
// object goes away, so no code path can leave a stick mounted behind.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QLoggingCategory>
#include <QString>
#include <sys/types.h>

namespace seesaw::media {

Q_DECLARE_LOGGING_CATEGORY(lcMedia)

enum class MountMode { ReadOnly, ReadWrite };

// The file systems seesawd mounts: ext4, vfat, exfat. Anything else is refused.
bool isSupportedFileSystem(const QString &fsType);

class Mount {
public:
    // Mounts devnode (whose device number must be devnum) at directory, which is created with
    // mode 0700 (or reused if it is an empty, unmounted directory). Always nosuid, nodev,
    // noexec; read-only unless mode says otherwise. Error "media.mount" (or "media.gone" when
    // the device has disappeared), with errno kept in the message.
    static Result<Mount> create(const QString &devnode, dev_t devnum, const QString &fsType,
                                const QString &directory, MountMode mode);

    Mount() = default;
    Mount(Mount &&other) noexcept;
    Mount &operator=(Mount &&other) noexcept;
    Mount(const Mount &) = delete;
    Mount &operator=(const Mount &) = delete;
    ~Mount();

    [[nodiscard]] bool isActive() const { return m_active; }
    // The mounted file system's root, opened O_DIRECTORY; valid while active.
    [[nodiscard]] int rootFd() const { return m_root.get(); }
    [[nodiscard]] const QString &directory() const { return m_directory; }

    // A plain unmount; when the file system is busy (an fd still open on it), a lazy one if
    // allowLazy, else an error and the mount stays. The directory is removed afterwards.
    Status unmount(bool allowLazy);
    // Detaches at once whatever still holds the mount (for a device that is gone).
    void detach();

private:
    QString m_directory;
    UniqueFd m_root;
    bool m_active = false;
};

// Mount points at or below root, from /proc/self/mountinfo, deepest first.
QStringList mountPointsBelow(const QString &root);
// Whether the block device devnum is mounted anywhere but below root (e.g. the system's own
// file systems, or a stick someone else mounted).
bool isMountedOutside(dev_t devnum, const QString &root);
// Lazily unmounts everything below root and removes the directories (a crashed daemon's
// leftovers); returns how many mounts were undone.
int detachAllBelow(const QString &root);

// Replaces (or creates) the file `name` in the directory dirFd durably: a temporary file is
// written, fsynced and renamed over it, then the directory is fsynced. Error "media.write".
Status writeFileAt(int dirFd, const QByteArray &name, QByteArrayView data);

} // namespace seesaw::media
