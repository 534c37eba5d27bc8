// The install pipeline (ARCHITECTURE.md, "Install pipeline"): checks → mark the target bad →
// one verified streaming pass per image into its inactive slot → fsync → record → commit the
// boot loader switch. Until the commit the booted slot stays primary; after a failure or a
// cancel the target stays marked bad, and the message says so in words an operator can act on.
#pragma once

#include "base/result.h"
#include "bundle/bundlereader.h"
#include "device/device.h"
#include "install/installprogress.h"
#include "install/installtypes.h"

#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace seesaw {

struct InstallTarget {
    const ImageInfo *image = nullptr;
    SlotConfig slot;
};

// Progress of hashing a delta's base (deltabase.h): bytes hashed so far, bytes in all.
using BaseHashProgressFn = std::function<void(quint64 done, quint64 total)>;

// All checks for installing the opened bundle on this device, in a fixed order. A delta's
// base is hashed when Seesaw has no record of the booted slot's image (baseProgress reports it).
QList<InstallCheck> checkBundle(Device &device, const DeviceState &state,
                                const BundleReader &bundle, const InstallOptions &options,
                                const BaseHashProgressFn &baseProgress = {},
                                const std::atomic<bool> *cancel = nullptr);
// The inactive slot for each image of the bundle.
Result<QList<InstallTarget>> planTargets(const Device &device, const BundleReader &bundle);

class Installer {
public:
    explicit Installer(Device &device) : m_device(device) {}

    // Installs the bundle read from fd (the daemon passes the client's descriptor; the CLI
    // opens the file). Error codes: those of BundleReader, "install.check-failed",
    // "install.busy-slot", "install.write", "install.commit", "cancelled", payload.*.
    Result<InstallOutcome> install(int bundleFd, const InstallOptions &options,
                                   const InstallProgressFn &progress = {},
                                   const std::atomic<bool> *cancel = nullptr);

private:
    Device &m_device;
};

} // namespace seesaw
