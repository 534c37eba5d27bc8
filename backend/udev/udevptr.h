// Owning pointers for libudev's objects, so that every early return unrefs what it got. Shared
// by seesawd (removable media) and seesaw-ui (the sticks it shows before seesawd is asked).
#pragma once

#include <libudev.h>
#include <memory>

namespace seesaw::libudev {

struct Unref {
    void operator()(::udev *u) const { udev_unref(u); }
    void operator()(udev_monitor *m) const { udev_monitor_unref(m); }
    void operator()(udev_enumerate *e) const { udev_enumerate_unref(e); }
    void operator()(udev_device *d) const { udev_device_unref(d); }
};
using UdevPtr = std::unique_ptr<::udev, Unref>;
using MonitorPtr = std::unique_ptr<udev_monitor, Unref>;
using EnumeratePtr = std::unique_ptr<udev_enumerate, Unref>;
using DevicePtr = std::unique_ptr<udev_device, Unref>;

} // namespace seesaw::libudev
