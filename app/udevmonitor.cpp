#include "udevmonitor.h"

#include "base/hostilestring.h"
#include "udevptr.h"

#include <QFile>
#include <QSocketNotifier>
#include <cerrno>

namespace {

using seesaw::libudev::DevicePtr;
using seesaw::libudev::EnumeratePtr;
using seesaw::libudev::MonitorPtr;
using seesaw::libudev::UdevPtr;

QByteArray property(udev_device *device, const char *name)
{
    return {udev_device_get_property_value(device, name)};
}

udev_device *diskOf(udev_device *device)
{
    if (qstrcmp(udev_device_get_devtype(device), "partition") == 0) {
        return udev_device_get_parent_with_subsystem_devtype(device, "block", "disk");
    }
    return device;
}

// The same test as seesawd's: a file system, on USB or a removable disk, with a device node.
bool readStick(udev_device *device, UdevStick *out)
{
    const QByteArray fsType = property(device, "ID_FS_TYPE");
    if (property(device, "ID_FS_USAGE") != "filesystem" || fsType.isEmpty()) {
        return false;
    }
    udev_device *disk = diskOf(device);
    const bool usb = property(device, "ID_BUS") == "usb" ||
                     ((disk != nullptr) && property(disk, "ID_BUS") == "usb");
    const bool removable =
        (disk != nullptr) &&
        QByteArray(udev_device_get_sysattr_value(disk, "removable")).trimmed() == "1";
    const char *node = udev_device_get_devnode(device);
    if ((!usb && !removable) || (node == nullptr)) {
        return false;
    }
    const quint64 sectors =
        QByteArray(udev_device_get_sysattr_value(device, "size")).trimmed().toULongLong();
    if (sectors == 0) {
        return false; // a reader or loop device without its medium
    }
    out->syspath = QByteArray(udev_device_get_syspath(device));
    out->devnode = QFile::decodeName(node);
    out->fsType = QString::fromLatin1(fsType.left(16));
    out->label = seesaw::decodeUdevString(property(device, "ID_FS_LABEL_ENC"), 64);
    if (disk != nullptr) {
        out->vendor = seesaw::decodeUdevString(property(disk, "ID_VENDOR_ENC"), 64);
        out->model = seesaw::decodeUdevString(property(disk, "ID_MODEL_ENC"), 64);
    }
    out->size = sectors * 512;
    return true;
}

} // namespace

struct UdevMonitor::Private {
    UdevPtr udev;
    MonitorPtr monitor;
    std::unique_ptr<QSocketNotifier> notifier;
};

UdevMonitor::UdevMonitor(QObject *parent) : QObject(parent), d(std::make_unique<Private>()) {}

UdevMonitor::~UdevMonitor()
{
    d->notifier.reset(); // before the monitor closes its socket
}

bool UdevMonitor::start()
{
    d->udev.reset(udev_new());
    if (!d->udev) {
        qWarning("seesaw-ui: no udev; USB sticks appear only through seesawd");
        return false;
    }
    MonitorPtr monitor(udev_monitor_new_from_netlink(d->udev.get(), "udev"));
    if (!monitor ||
        udev_monitor_filter_add_match_subsystem_devtype(monitor.get(), "block", nullptr) < 0 ||
        udev_monitor_enable_receiving(monitor.get()) < 0) {
        qWarning("seesaw-ui: cannot watch udev; USB sticks appear only through seesawd");
        return false;
    }
    udev_monitor_set_receive_buffer_size(monitor.get(), 1024 * 1024);
    d->monitor = std::move(monitor);
    d->notifier = std::make_unique<QSocketNotifier>(udev_monitor_get_fd(d->monitor.get()),
                                                    QSocketNotifier::Read);
    connect(d->notifier.get(), &QSocketNotifier::activated, this, [this] {
        while (true) {
            errno = 0;
            const DevicePtr device(udev_monitor_receive_device(d->monitor.get()));
            if (!device) {
                if (errno == ENOBUFS) {
                    Q_EMIT eventsLost();
                    continue;
                }
                return;
            }
            const QByteArray action(udev_device_get_action(device.get()));
            UdevStick stick;
            if (action != "remove" && readStick(device.get(), &stick)) {
                Q_EMIT stickAdded(stick);
            } else {
                Q_EMIT deviceGone(QByteArray(udev_device_get_syspath(device.get())));
            }
        }
    });
    return true;
}

QList<UdevStick> UdevMonitor::present() const
{
    QList<UdevStick> out;
    if (!d->udev) {
        return out;
    }
    const EnumeratePtr enumerate(udev_enumerate_new(d->udev.get()));
    if (!enumerate || udev_enumerate_add_match_subsystem(enumerate.get(), "block") < 0 ||
        udev_enumerate_scan_devices(enumerate.get()) < 0) {
        return out;
    }
    udev_list_entry *entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate.get()))
    {
        const DevicePtr device(
            udev_device_new_from_syspath(d->udev.get(), udev_list_entry_get_name(entry)));
        UdevStick stick;
        if (device && readStick(device.get(), &stick)) {
            out.append(stick);
        }
    }
    return out;
}
