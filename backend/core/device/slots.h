// Which slot is running, which one an update goes to, and whether a slot may be written.
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"

#include <QString>

namespace seesaw {

// Finds the booted slot from a kernel command line: "seesaw.slot=BOOTNAME" or
// "rauc.slot=BOOTNAME" first; else "root=" naming a slot device directly, as
// "PARTUUID=…" or "PARTLABEL=…" (resolved through /dev/disk/by-partuuid|by-partlabel, or
// the directory given for tests). Returns the slot of the boot class, or an error
// "slots.booted-unknown" that quotes the command line's root= part.
Result<SlotConfig> bootedSlot(const SystemConfig &config, const QString &cmdline,
                              const QString &devDiskDirectory = QStringLiteral("/dev/disk"));
// Reads config.cmdlinePath and calls bootedSlot().
Result<SlotConfig> bootedSlot(const SystemConfig &config);

// The other slot of the same class.
const SlotConfig *otherSlot(const SystemConfig &config, const SlotConfig &slot);

// True when the device (a block device, or an image file backing a loop device) is mounted
// anywhere, per /proc/self/mountinfo (path overridable for tests).
bool isMounted(const QString &device,
               const QString &mountinfoPath = QStringLiteral("/proc/self/mountinfo"));

// Size in bytes of a block device (BLKGETSIZE64) or regular file.
Result<quint64> deviceSize(const QString &device);

} // namespace seesaw
