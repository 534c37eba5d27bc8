// Installing the artifacts a bundle carries (docs/artifacts.md): each written and verified into
// a new version of its repository entry, all of them switched, each repository activated once,
// then the [health] checks, without a reboot. When an activation or the health check fails,
// every switched entry goes back to the version it had and its repository is activated again.
#pragma once

#include "base/result.h"
#include "bundle/bundlereader.h"
#include "device/device.h"
#include "health/health.h"
#include "install/installprogress.h"
#include "install/installtypes.h"

#include <QList>
#include <QString>
#include <atomic>
#include <optional>

namespace seesaw {

struct ArtifactInstallOutcome {
    QString transactionId;
    QList<ArtifactChange> changes;
    HealthReport health;
};

// The release fields of the running OS ([system] os-release=). Error codes those of
// parseReleaseText, "release.io".
Result<ReleaseFields> runningOsRelease(const SystemConfig &config);

// What the operator is shown for the artifacts of a bundle, one check per artifact (id
// "artifact"): its repository exists here with the same type, an extension fits the OS it will
// run on (the bundle's os_release when it carries images, else the running OS), the version is
// not the one in use, and its store has room for it.
QList<InstallCheck> checkArtifacts(const Device &device, const Manifest &manifest);

// For a bundle that installs a new system: whether the extensions in use on this device
// (sysext and confext repositories) fit the OS the bundle declares (its os_release), judged from
// the extension-release each version's bundle declared (ArtifactStore::release). Id
// "extensions", always passed: a misfit is a warning, one line per extension, naming the field
// that differs. nullopt for a bundle without images or a device without installed extensions.
std::optional<InstallCheck> checkInstalledExtensions(const Device &device,
                                                     const Manifest &manifest);

// Installs every artifact of the opened bundle, whose checks passed. Error codes: those of
// ArtifactStore, TarExtractor and streamPayload, "artifacts.activate", "artifacts.health"
// (the changes were undone; the message says why), "cancelled".
Result<ArtifactInstallOutcome> installArtifacts(Device &device, const BundleReader &bundle,
                                                const InstallOptions &options,
                                                const UnitQuery &units,
                                                const InstallProgressFn &progress = {},
                                                const std::atomic<bool> *cancel = nullptr);

// For a bundle that also installs a system into `slot`: each artifact written and verified
// into its store as a complete version, not in use, and recorded so that the first boot of
// `slot` switches to them (artifactpending.h). Error codes those of installArtifacts before its
// switch.
Status stageArtifactsForBoot(Device &device, const BundleReader &bundle,
                             const QString &transactionId, const QString &slot,
                             const InstallProgressFn &progress = {},
                             const std::atomic<bool> *cancel = nullptr);

// `seesaw artifacts rollback`: the entry back to its previous version, its repository activated
// and the health checks run; when they fail, the entry returns to where it was. Error codes:
// "artifacts.unknown-repository", those of ArtifactStore::rollback, "artifacts.activate",
// "artifacts.health".
Result<ArtifactChange> rollbackArtifact(Device &device, const QString &repository,
                                        const QString &entry, const UnitQuery &units);

} // namespace seesaw
