#include "media/mediawatcher.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "media/mediamount.h"
#include "udevptr.h"

#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <cerrno>
#include <cstring>

namespace seesaw::media {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::MediaManager", text);
}

using seesaw::libudev::DevicePtr;
using seesaw::libudev::EnumeratePtr;
using seesaw::libudev::MonitorPtr;
using seesaw::libudev::UdevPtr;

QByteArray udevProperty(udev_device *device, const char *name)
{
    return {udev_device_get_property_value(device, name)};
}

QByteArray udevSysattr(udev_device *device, const char *name)
{
    return QByteArray(udev_device_get_sysattr_value(device, name)).trimmed();
}

// The disk a partition belongs to (or the device itself when it is a whole disk).
udev_device *diskOf(udev_device *device)
{
    if (qstrcmp(udev_device_get_devtype(device), "partition") == 0) {
        return udev_device_get_parent_with_subsystem_devtype(device, "block", "disk");
    }
    return device;
}

QString idBaseOf(udev_device *device)
{
    const QByteArray bus = udevProperty(device, "ID_BUS");
    const QByteArray serial = udevProperty(device, "ID_SERIAL");
    const QByteArray path = udevProperty(device, "ID_PATH");
    QByteArray base;
    if (!serial.isEmpty()) {
        base = bus.isEmpty() ? serial : bus + '-' + serial;
    } else if (!path.isEmpty()) {
        base = path;
    } else {
        return safeMediaId(QByteArray(udev_device_get_sysname(device))); // sdb1 is unique
    }
    if (qstrcmp(udev_device_get_devtype(device), "partition") == 0) {
        QByteArray number = udevProperty(device, "ID_PART_ENTRY_NUMBER");
        if (number.isEmpty()) {
            number = udevSysattr(device, "partition");
        }
        base += "-part" + number;
    }
    return safeMediaId(base);
}

BlockDevice readDevice(udev_device *device, const char *action)
{
    BlockDevice out;
    out.action = QByteArray(action != nullptr ? action : "change");
    out.syspath = QByteArray(udev_device_get_syspath(device));
    const QByteArray oldPath = udevProperty(device, "DEVPATH_OLD");
    if (!oldPath.isEmpty()) {
        out.oldSyspath = "/sys" + oldPath;
    }
    out.devnum = udev_device_get_devnum(device);
    out.devnode = QFile::decodeName(udev_device_get_devnode(device));
    const QByteArray fsType = udevProperty(device, "ID_FS_TYPE");
    out.hasFileSystem = udevProperty(device, "ID_FS_USAGE") == "filesystem" && !fsType.isEmpty();
    udev_device *disk = diskOf(device);
    out.usb = udevProperty(device, "ID_BUS") == "usb" ||
              ((disk != nullptr) && udevProperty(disk, "ID_BUS") == "usb");
    out.removable = (disk != nullptr) && udevSysattr(disk, "removable") == "1";
    out.fsType = displayString(QString::fromUtf8(fsType), 16);
    out.label = decodeUdevString(udevProperty(device, "ID_FS_LABEL_ENC"), 64);
    if (disk != nullptr) {
        out.vendor = decodeUdevString(udevProperty(disk, "ID_VENDOR_ENC"), 64);
        out.model = decodeUdevString(udevProperty(disk, "ID_MODEL_ENC"), 64);
    }
    out.size = udevSysattr(device, "size").toULongLong() * 512;
    out.fingerprint =
        fsType + '/' + udevProperty(device, "ID_FS_UUID") + '/' + QByteArray::number(out.size);
    out.idBase = idBaseOf(device);
    return out;
}

} // namespace

QString safeMediaId(const QByteArray &raw)
{
    QString id;
    for (const char c : raw.left(96)) {
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        id += safe ? QLatin1Char(c) : QLatin1Char('_');
    }
    for (qsizetype i = 0; i < id.size() && id[i] == QLatin1Char('.'); ++i) {
        id[i] = QLatin1Char('_');
    }
    return id.isEmpty() ? QStringLiteral("medium") : id;
}

struct MediaWatcher::Private {
    UdevPtr udev;
    MonitorPtr monitor;
    std::unique_ptr<QSocketNotifier> notifier;
    Handler onEvent;
    std::function<void()> onLost;

    void read() const;
};

void MediaWatcher::Private::read() const
{
    while (true) {
        errno = 0;
        const DevicePtr device(udev_monitor_receive_device(monitor.get()));
        if (!device) {
            if (errno == ENOBUFS) {
                qCWarning(lcMedia) << "udev events were lost";
                onLost();
                continue;
            }
            return;
        }
        onEvent(readDevice(device.get(), udev_device_get_action(device.get())));
    }
}

MediaWatcher::MediaWatcher() : d(std::make_unique<Private>()) {}

MediaWatcher::~MediaWatcher()
{
    d->notifier.reset(); // before the monitor closes its socket
}

Status MediaWatcher::start(Handler onEvent, std::function<void()> onLost)
{
    const auto udevError = [](const QString &what) {
        return makeError(Error::Kind::Io, "media.udev",
                         tr("Cannot watch removable media: %1.").arg(what));
    };
    d->udev.reset(udev_new());
    if (!d->udev) {
        return udevError(seesaw::errnoText(errno));
    }
    MonitorPtr monitor(udev_monitor_new_from_netlink(d->udev.get(), "udev"));
    if (!monitor ||
        udev_monitor_filter_add_match_subsystem_devtype(monitor.get(), "block", nullptr) < 0 ||
        udev_monitor_enable_receiving(monitor.get()) < 0) {
        return udevError(tr("no udev monitor"));
    }
    // Plugging in a hub full of sticks is a burst; a larger buffer makes lost events rarer.
    udev_monitor_set_receive_buffer_size(monitor.get(), 4 * 1024 * 1024);
    d->monitor = std::move(monitor);
    d->onEvent = std::move(onEvent);
    d->onLost = std::move(onLost);
    d->notifier = std::make_unique<QSocketNotifier>(udev_monitor_get_fd(d->monitor.get()),
                                                    QSocketNotifier::Read);
    QObject::connect(d->notifier.get(), &QSocketNotifier::activated, d->notifier.get(),
                     [this] { d->read(); });
    return Ok{};
}

Result<QList<BlockDevice>> MediaWatcher::enumerate() const
{
    QList<BlockDevice> out;
    const EnumeratePtr enumerate(udev_enumerate_new(d->udev.get()));
    if (!enumerate || udev_enumerate_add_match_subsystem(enumerate.get(), "block") < 0 ||
        udev_enumerate_scan_devices(enumerate.get()) < 0) {
        return makeError(Error::Kind::Io, "media.udev",
                         tr("Cannot list the block devices: %1.").arg(seesaw::errnoText(errno)));
    }
    udev_list_entry *entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate.get()))
    {
        const DevicePtr device(
            udev_device_new_from_syspath(d->udev.get(), udev_list_entry_get_name(entry)));
        if (device) {
            out.append(readDevice(device.get(), "add"));
        }
    }
    return out;
}

} // namespace seesaw::media
