// Artifact changes switched but not yet judged. An artifact install writes what it is about to
// switch into DATA/artifacts-pending.json before the first link changes and removes the file
// once the health check has passed or the changes were undone. A file left behind means the
// install stopped in between (a power cut, a crash): the system then runs the new versions
// without a verdict, and the next boot's health check gives one (`seesaw health`,
// settleArtifactsAfterRestart): passed, the versions stay; failed, they are switched back and
// the check runs again for the slot's own verdict.
#pragma once

#include "base/result.h"
#include "device/device.h"
#include "install/installtypes.h"
#include "state/devicestate.h"

#include <QList>
#include <QString>
#include <optional>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxPendingArtifactsBytes = qsizetype(64) * 1024;
}

struct PendingArtifacts {
    QString transactionId;
    QString bootId; // the boot during which the links were switched (or, not yet, staged)
    QList<ArtifactChange> changes;
    // The add-ons of a bundle with a new system: the bootname of its slot, whose first boot
    // switches them (switchArtifactsAtBoot); empty for those of the running system.
    QString slot;
    bool switched = true; // false: complete versions in the stores, links not yet switched
    bool operator==(const PendingArtifacts &) const = default;
};

QString pendingArtifactsPath(const SystemConfig &config);

// Written durably (replaced atomically). Error code "artifacts.io".
Status savePendingArtifacts(const SystemConfig &config, const PendingArtifacts &pending);
// nullopt when there is none. A file that is larger than MaxPendingArtifactsBytes, not the
// format savePendingArtifacts() writes, or names what no artifact can be called, is an error
// ("artifacts.pending-invalid"), as is one that cannot be read ("artifacts.io").
Result<std::optional<PendingArtifacts>> loadPendingArtifacts(const SystemConfig &config);
Status clearPendingArtifacts(const SystemConfig &config);

// Switches each change back (to its `from` version, or out of use when it had none), runs each
// repository's activation once, and records artifact-rolled-back with `reason` (and `message`
// when not empty). A change whose entry no longer shows its `to` version is left alone.
void undoArtifactChanges(Device &device, DeviceState &state, const QString &transactionId,
                         const QList<ArtifactChange> &changes, const QString &reason,
                         const QString &message = {});

// What a boot's health check did with changes a restart left without a verdict.
struct ArtifactSettlement {
    bool rolledBack = false; // the changes were undone: run the health check again
    QString message;         // for the operator
};

// At a boot, before its health check: the add-ons a bundle staged for a new system's slot.
// Still the boot that staged them: nothing yet. That slot booted: they are switched now (each
// repository activated once, artifact-installed recorded), for this boot's health check to
// judge. Another slot booted (the new system did not come up, or fell back): those switched go
// back, and the record goes. Returns what the operator is told, or nullopt when nothing
// happened. Error codes those of loadPendingArtifacts and the state store.
Result<std::optional<QString>> switchArtifactsAtBoot(Device &device);

// At a boot's health check, after it ran (`healthPassed`, `failure` its summary): nothing when
// no changes are pending, or they were switched during this boot by an install (which judges
// them itself). The add-ons of a new system's slot are judged with it and not checked again:
// a failed check sends the device back to the other slot. Error codes those of
// loadPendingArtifacts and the state store.
Result<std::optional<ArtifactSettlement>>
settleArtifactsAfterRestart(Device &device, bool healthPassed, const QString &failure);

} // namespace seesaw
