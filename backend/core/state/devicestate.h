// What the device remembers about its slots, the transaction in flight and the last result: the
// content of state.json (state/statejson.h is its format, state/statestore.h the file).
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace seesaw {

struct SlotRecord {
    enum class Status { Unknown, Installing, Installed, Good, Bad };
    Status status = Status::Unknown;
    QString version;         // SemVer of the image in the slot, when known
    QByteArray manifestHash; // raw 32 bytes of the bundle that wrote it
    QByteArray imageSha256;  // raw 32 bytes
    QString bundleCompatible;
    QDateTime installedAt;
    quint64 imageSize = 0;   // bytes of the image written (what verify-slot re-reads); 0 unknown
    bool bootedGood = false; // this image has booted and passed its health check at least once
    bool operator==(const SlotRecord &) const = default;
};

// An installed update waiting for its reboot and health verdict.
struct PendingTransaction {
    enum class Kind { Install, Rollback };
    Kind kind = Kind::Install;
    QString id;           // uuid of the install
    QString fromBootname; // booted when the install ran
    QString toBootname;   // made primary by the install
    QString fromVersion;
    QString toVersion;
    QByteArray manifestHash;
    QDateTime committedAt;
    QString bootId; // the boot during which it was committed: a different one has rebooted since
    bool operator==(const PendingTransaction &) const = default;
};

// An install between its first step and its commit. Found at a later boot, it means the power
// went (or the device restarted) before the switch.
struct InstallInProgress {
    QString transactionId;
    QString toBootname;
    QString version;
    QString bootId;
    QDateTime startedAt;
    bool operator==(const InstallInProgress &) const = default;
};

// The outcome of the last transaction, kept until the operator acknowledges it.
struct LastResult {
    // Installed: waiting for the reboot. Good: the new system booted and is healthy.
    // HealthFailed: it booted, the health check failed, the device went back. BootFailed: it
    // did not come up within its boot attempts and the boot loader fell back. Interrupted:
    // power was lost during the install, before the switch. RolledBack: a manual rollback was
    // made (and, once booted, is healthy).
    enum class Outcome {
        None,
        Installed,
        Failed,
        Good,
        HealthFailed,
        RolledBack,
        BootFailed,
        Interrupted
    };
    Outcome outcome = Outcome::None;
    QString transactionId;
    QString version;
    QString code;    // error code for Failed / HealthFailed
    QString message; // operator-readable
    QDateTime at;
    bool acknowledged = false;
    QString detail; // what failed, when known: "script 20-app failed: exit code 3"
    bool operator==(const LastResult &) const = default;
};

struct DeviceState {
    QMap<QString, SlotRecord> slots; // by bootname (or slot name for classes without one)
    std::optional<PendingTransaction> pending;
    std::optional<InstallInProgress> inProgress;
    LastResult lastResult;
    // Head of the history chain when this state was written: an entry removed from the end
    // of history.jsonl is noticed against it.
    quint64 historyCount = 0;
    QByteArray historyHead; // raw SHA-256 of the last history line
    bool operator==(const DeviceState &) const = default;
};

// The names the state file, the history, `seesaw status` and the D-Bus API use for them.
QString slotStatusName(SlotRecord::Status status); // "unknown", "installing", "installed"…
QString outcomeName(LastResult::Outcome outcome);  // "none", "installed", "health-failed"…

} // namespace seesaw
