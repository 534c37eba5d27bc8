// What Seesaw's records say about a slot's system: known good, confirmed, or the booted one
// still on probation. The install checks, the boot outcome and the device actions all decide
// with these same rules.
#pragma once

#include "device/device.h"
#include "state/statestore.h"

#include <QString>
#include <optional>

namespace seesaw {

// The key of a slot's record in DeviceState::slots: its bootname, else its name.
QString slotRecordKey(const SlotConfig &slot);

// The slot holds a system that passed a health check here and has not been overwritten or
// condemned since (an install into it first records "installing", a failure "bad").
bool knownGood(const SlotRecord &record);

// The system in the slot has passed a health check since it was written, or an operator marked
// it good: a plain boot's health check may keep it good.
bool confirmed(const SlotRecord &record);

// The booted system has not passed a health check since it was written, while the other slot
// holds a system that has: installing now would overwrite the last system known to work here.
struct UnconfirmedBoot {
    QString bootedSlot;
    QString bootedVersion;
    QString knownGoodSlot;
    QString knownGoodVersion;
    // Why installs wait, in words for the operator ("Version 2.0.0 has not passed…").
    [[nodiscard]] QString message() const;
    // The install check's reason: refused, or allowed because it was asked for explicitly.
    [[nodiscard]] QString refusal() const;
    [[nodiscard]] QString replacing() const;
};
std::optional<UnconfirmedBoot> unconfirmedBoot(const Device &device, const DeviceState &state);

} // namespace seesaw
