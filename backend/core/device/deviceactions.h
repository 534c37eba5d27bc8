// The device operations shared by the command-line tool (--direct) and seesawd: a status
// snapshot, marking a slot, rolling back and acknowledging the last result. Each one loads the
// state, acts, records the event in the history and saves the state, like the CLI always did.
#pragma once

#include "base/result.h"
#include "boot/bootloader.h"
#include "device/device.h"
#include "device/slotrules.h"
#include "state/statestore.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <atomic>
#include <optional>

namespace seesaw {

struct SlotStatus {
    SlotConfig slot;
    SlotRecord record;
    bool booted = false;
    std::optional<BootSlotState> boot; // when the slot has a bootname and the boot loader answered
};

struct DeviceStatus {
    QString compatible;
    QString bootloader;
    QString bootedSlot; // bootname
    QString version;    // booted version, may be empty
    QString primary;    // empty when the boot loader cannot tell
    QString primaryError;
    QList<SlotStatus> slots;
    std::optional<PendingTransaction> pending;
    std::optional<UnconfirmedBoot> unconfirmed; // installs are held until the health check passes
    LastResult lastResult;
    // The state as it was when the snapshot was taken, for callers that need more.
    DeviceState state;
};

// Reads the state and asks the boot loader; an unreadable state is an error, a boot loader that
// cannot name its primary slot is not (primaryError says why).
Result<DeviceStatus> statusSnapshot(Device &device);
// The shape of `seesaw status --json`.
QJsonObject statusJson(const DeviceStatus &status);

// Marks a slot good or bad in the boot loader and the state; marking the booted slot good while
// its update is pending completes that transaction (LastResult "good"). Returns the operator
// message ("Slot A is marked good.").
Result<QString> markSlot(Device &device, const QString &bootname, bool good);

// Makes the other slot primary (with full boot attempts) when it holds a system that has booted
// good here before and still verifies against the image hash recorded when it was installed
// (verifySlot); error "rollback.no-system" with the reason otherwise. The same call rolls
// forward again afterwards. Returns the operator message.
Result<QString> rollback(Device &device, const std::atomic<bool> *cancel = nullptr);

// Marks the last result as seen by the operator (the UI shows it once).
Status acknowledgeResult(Device &device);

} // namespace seesaw
