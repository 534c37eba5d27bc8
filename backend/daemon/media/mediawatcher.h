// What udev knows about block devices, as plain values read once per event: the properties
// seesawd decides on (file system, USB or removable), and a netlink monitor on udevd's
// processed events ("udev" source, so blkid's ID_FS_* and the bus are already known).
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <sys/types.h>

namespace seesaw::media {

struct BlockDevice {
    QByteArray action;     // "add", "change", "remove", "move"…; "add" when enumerated
    QByteArray syspath;    // /sys/devices/…
    QByteArray oldSyspath; // the former syspath of a "move"
    dev_t devnum = 0;
    QString devnode;            // empty when the device has none
    bool hasFileSystem = false; // ID_FS_USAGE=filesystem and an ID_FS_TYPE
    bool usb = false;           // ID_BUS=usb on the device or its disk
    bool removable = false;     // the disk's sysfs attribute removable is 1
    QString fsType;             // from blkid, untrusted: displayable and short
    QString label;              // untrusted: displayable, at most 64 characters
    QString vendor;             // untrusted: displayable, at most 64 characters
    QString model;              // untrusted: displayable, at most 64 characters
    quint64 size = 0;           // bytes
    QByteArray fingerprint;     // file system type, UUID and size: which medium this is
    QString idBase;             // a safe name: bus-serial[-partN], else ID_PATH, else sysname
};

// Characters other than [A-Za-z0-9._-] become '_', leading dots too (ids name directories),
// at most 96 characters, never empty.
QString safeMediaId(const QByteArray &raw);

class MediaWatcher {
public:
    using Handler = std::function<void(const BlockDevice &)>;

    MediaWatcher();
    ~MediaWatcher();
    MediaWatcher(const MediaWatcher &) = delete;
    MediaWatcher &operator=(const MediaWatcher &) = delete;

    // Starts listening; onEvent runs from the event loop for every block device event, onLost
    // when the kernel dropped events (socket buffer overrun) and the caller should enumerate.
    // Error "media.udev".
    Status start(Handler onEvent, std::function<void()> onLost);
    // The block devices present now, each as an "add". Error "media.udev".
    Result<QList<BlockDevice>> enumerate() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace seesaw::media
