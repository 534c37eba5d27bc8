// The install pipeline (ARCHITECTURE.md, "Install pipeline"): checks → mark the target bad →
// one verified streaming pass per image into its inactive slot → fsync → record → commit the
// boot loader switch. Until the commit the booted slot stays primary; after a failure or a
// cancel the target stays marked bad, and the message says so in words an operator can act on.
#pragma once

#include "base/result.h"
#include "bundle/bundlereader.h"
#include "bundle/payloadfeed.h"
#include "device/device.h"
#include "install/installprogress.h"

#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace seesaw {

struct InstallOptions {
    // SHA-256 of the manifest the operator confirmed; the install refuses any other bundle.
    QByteArray confirmedManifestHash;
    bool allowDowngrade = false;
    bool reinstall = false;
    // Install although the running system has not passed its health check and the other slot
    // holds the last system known to work (it is overwritten). For technicians; no UI offers it.
    bool replaceKnownGood = false;
    bool dryRun = false; // every check and a full payload verification, no write
    // The id the transaction is recorded under; a new UUID when empty. The daemon chooses it
    // up front so that it can name the transaction to its client as soon as writing starts.
    QString transactionId;
    // Null: payloads are read from the bundle file.
    std::shared_ptr<PayloadFeed> payloadFeed;
};

// One compatibility or policy check, as shown to the operator before confirming.
struct InstallCheck {
    QString id; // "compatible", "hardware", "version", "min-version", "delta-base",
                // "known-good", "slot-size", "slot-free", "free-space", "power", "confirmed"
    bool passed = false;
    QString reason; // operator-readable, also when it passed
};

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

struct InstallOutcome {
    QString transactionId;
    QString version;
    QString targetBootname;
    bool dryRun = false;
};

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
