// Making a delta bundle on a build host (docs/delta-updates.md): the images of a full, signed
// bundle of the new version, re-compressed against the images of the old version (an old
// bundle, or an old raw image), and signed again. Everything else the new bundle says (version,
// compatible, release notes, requirements, key rotation, chunk list, image digests) is carried
// over unchanged, so a device checks a delta's bytes exactly as it checks the full bundle's.
#pragma once

#include "base/result.h"
#include "bundle/bundlewriter.h"
#include "bundle/manifest.h"
#include "trust/keyring.h"

#include <QString>
#include <atomic>
#include <functional>
#include <utility>

namespace seesaw {

struct DeltaSpec {
    QString newBundle; // the full bundle of the new version
    QString from;      // the old version: its bundle, or its raw image
    // For a raw image: its version, and the slot class it is the image of (empty: the new
    // bundle's only image). An old bundle names both itself.
    QString fromVersion;
    QString fromClass;
    Keyring keyring; // whose signatures the new (and the old) bundle must carry
    // Inspecting only (delta-stats): unsigned or untrusted inputs are read anyway.
    bool allowUntrusted = false;
    // Also compare the old and new images region by region (DeltaCreated::changes).
    bool compareRegions = false;
    QList<PrivateKey> signingKeys;
    int level = limits::MaxZstdLevel;
    int threads = 0;
};

// Which MiB regions of a new image differ from the same place in the old one.
struct ImageChanges {
    QString slotClass;
    quint64 size = 0;                           // bytes of the new image
    QList<std::pair<quint64, quint64>> regions; // [first, last] MiB, each a run of changed MiB
    quint64 changedMiB = 0;
};

struct DeltaCreated {
    Manifest manifest;
    quint64 fullSize = 0;        // bytes of the new full bundle
    quint64 deltaSize = 0;       // bytes of the delta bundle
    QList<ImageChanges> changes; // with DeltaSpec::compareRegions
};

// Progress of each step: what it does ("unpack", "compress"), bytes done and in all.
using DeltaProgressFn = std::function<void(const QString &step, quint64 done, quint64 total)>;

// Error codes: those of BundleReader and createBundle, "delta.no-base" (no image of the old
// version matches one of the new), "delta.mismatch" (the old version is not for the same
// devices), "delta.io".
Result<DeltaCreated> createDeltaBundle(const DeltaSpec &spec, const QString &outputPath,
                                       const DeltaProgressFn &progress = {},
                                       const std::atomic<bool> *cancel = nullptr);

} // namespace seesaw
