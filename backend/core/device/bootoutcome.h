// What happened at the last boot, decided on the device itself: whether an update came up and
// is healthy, failed its health check, never came up (the boot loader fell back), or was cut
// short by a power loss before the switch. Shared by `seesaw health`, `seesaw status` and
// seesawd's start-up, so the operator learns the same story whichever asks first.
#pragma once

#include "base/result.h"
#include "device/device.h"
#include "health/health.h"

#include <QString>
#include <atomic>
#include <functional>

namespace seesaw {

// After any boot: compares the booted slot with the pending transaction (or an install that
// never reached its commit) and, once the device has rebooted since, records the outcome in
// LastResult and the history:
//   booted the new slot            -> nothing yet: the health check decides (still pending)
//   back on the old slot after a failed health check -> HealthFailed ("… rolled back to V′")
//   back on the old slot otherwise -> BootFailed ("… failed to boot N times …")
//   an install in progress at an earlier boot, target not booted -> Interrupted
//   … and its target booted (the power went between the switch and its record) -> pending
// Whenever it gives up on a slot (fell back from it, or an interrupted install's target) it
// marks that slot bad in the boot loader first and records it after, so a power cut in between
// repeats the step at the next boot. And when the slot beside the booted one is recorded bad
// but the boot loader would boot it again (U-Boot's script gives every counter back once all
// are used up), it is marked bad there again (history "marked-bad", by "boot-outcome").
// Idempotent; returns whether it changed the state.
Result<bool> reconcileBoot(Device &device);

// What `seesaw health` does with its report (after reconcileBoot):
//   passed                     -> the booted slot is marked good (attempts reset); a pending
//                                 update or rollback to it is complete (LastResult Good or
//                                 RolledBack)
//   failed, update pending     -> the booted slot is marked bad, LastResult HealthFailed;
//                                 the caller reboots (after [health] reboot-delay) so the
//                                 boot loader falls back
//   failed, nothing pending    -> reported only; the slot is still marked good: there is no
//                                 newer system to give up and the other one is older
// … unless, with nothing pending, the booted slot holds a system Seesaw wrote that has not
// passed a health check since (confirmed() is false: it failed, or the boot loader started it
// on its own). That one is never marked good by this check; when it failed here before or fails
// now and the other slot is known good (unconfirmedBoot()), it is marked bad and the caller
// reboots, as above; otherwise the result is only reported.
// The report is recorded in the history ("health") either way.
struct HealthDecision {
    bool markedGood = false;
    bool markedBad = false;
    bool reboot = false;
    QString message; // operator-readable
};
Result<HealthDecision> applyHealthReport(Device &device, const HealthReport &report);

} // namespace seesaw
