#include "device/bootoutcome.h"

#include "trust/crypto.h"
#include "device/slotrules.h"
#include "base/faultpoint.h"
#include "device/slots.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BootOutcome", text);
}

QString versionText(const QString &version)
{
    return version.isEmpty() ? tr("the previous system") : version;
}

LastResult result(LastResult::Outcome outcome, const QString &transaction, const QString &version,
                  const QString &code, const QString &message, const QString &detail = {})
{
    return LastResult{outcome, transaction, version, code, message,
                      QDateTime::currentDateTimeUtc(), false, detail};
}

// The history entry and LastResult for a pending transaction whose target did not stay up.
void recordFallBack(Device &device, DeviceState &state, const PendingTransaction &pending)
{
    const QString back = versionText(device.bootedVersion(state));
    SlotRecord &target = state.slots[pending.toBootname];
    target.status = SlotRecord::Status::Bad;
    const bool healthFailed = state.lastResult.transactionId == pending.id &&
                              state.lastResult.outcome == LastResult::Outcome::HealthFailed;
    QJsonObject details{{QStringLiteral("transaction"), pending.id},
                        {QStringLiteral("version"), pending.toVersion},
                        {QStringLiteral("from"), pending.toBootname},
                        {QStringLiteral("to"), device.booted().bootname}};
    if (healthFailed) {
        // The health check wrote why before it rebooted; now the fall-back is a fact.
        state.lastResult = result(
            LastResult::Outcome::HealthFailed, pending.id, pending.toVersion,
            QStringLiteral("health.failed"),
            tr("Version %1 failed its health check and the device rolled back to %2.")
                .arg(pending.toVersion, back),
            state.lastResult.detail);
        details.insert(QStringLiteral("reason"), QStringLiteral("health"));
    } else {
        // GRUB's scheme (RAUC's grub.cfg) gives a new slot one try; the others count
        // boot-attempts.
        const int attempts = device.config().bootloader == SystemConfig::BootloaderKind::Grub
                                 ? 1
                                 : device.config().bootAttempts;
        const QString tries = attempts == 1 ? tr("once") : tr("%1 times").arg(attempts);
        state.lastResult = result(
            LastResult::Outcome::BootFailed, pending.id, pending.toVersion,
            QStringLiteral("boot.fallback"),
            pending.kind == PendingTransaction::Kind::Rollback
                ? tr("The rollback to %1 did not start: slot %2 failed to boot %3 and the boot "
                     "loader went back to %4.")
                      .arg(versionText(pending.toVersion), pending.toBootname, tries, back)
                : tr("Version %1 did not start: slot %2 failed to boot %3 and the boot loader "
                     "fell back to %4.")
                      .arg(pending.toVersion, pending.toBootname, tries, back));
        details.insert(QStringLiteral("reason"), QStringLiteral("boot"));
        details.insert(QStringLiteral("attempts"), attempts);
    }
    (void)device.record(state, history::RolledBack, details);
    state.pending.reset();
}

// Marks the slot beside the booted one bad in the boot loader again when the state says it is
// bad and the boot loader disagrees. A boot loader state that cannot be read is left to
// `seesaw status` to report. Returns whether it wrote.
Result<bool> remarkOtherBad(Device &device, DeviceState &state)
{
    const SlotConfig *other = otherSlot(device.config(), device.booted());
    if (!other || other->bootname.isEmpty() ||
        state.slots.value(other->bootname).status != SlotRecord::Status::Bad)
        return false;
    const auto boot = device.bootloader().state(other->bootname);
    if (!boot || boot->bad)
        return false;
    if (Status s = device.bootloader().markBad(other->bootname); !s)
        return s.error();
    (void)device.record(state, history::MarkedBad,
                        {{QStringLiteral("slot"), other->bootname},
                         {QStringLiteral("by"), QStringLiteral("boot-outcome")}});
    return true;
}

} // namespace

Result<bool> reconcileBoot(Device &device)
{
    auto loaded = device.store().load();
    if (!loaded)
        return loaded.error();
    DeviceState state = std::move(*loaded);
    const QString bootId = currentBootId(device.config());
    const QString booted = device.booted().bootname;
    bool changed = false;

    // An install that never reached its "committed" record, seen from a later boot.
    if (state.inProgress && !bootId.isEmpty() && state.inProgress->bootId != bootId) {
        const InstallInProgress was = *state.inProgress;
        state.inProgress.reset();
        const QString running = versionText(device.bootedVersion(state));
        if (!was.toBootname.isEmpty() && booted == was.toBootname) {
            // The switch was made but not recorded: the new system runs; health decides.
            const SlotConfig *other = otherSlot(device.config(), device.booted());
            SlotRecord &record = state.slots[booted];
            record.status = SlotRecord::Status::Installed;
            record.version = was.version;
            state.pending = PendingTransaction{PendingTransaction::Kind::Install,
                                               was.transactionId,
                                               other ? other->bootname : QString(),
                                               booted,
                                               other ? state.slots.value(other->bootname).version
                                                     : QString(),
                                               was.version,
                                               record.manifestHash,
                                               was.startedAt,
                                               was.bootId};
            (void)device.record(state, history::Committed,
                                {{QStringLiteral("transaction"), was.transactionId},
                                 {QStringLiteral("version"), was.version},
                                 {QStringLiteral("recovered"), true}});
        } else {
            if (!was.toBootname.isEmpty()) {
                // The switch may have been made and the boot loader fallen back from it.
                if (Status s = device.bootloader().markBad(was.toBootname); !s)
                    return s.error();
                state.slots[was.toBootname].status = SlotRecord::Status::Bad;
            }
            state.lastResult = result(
                LastResult::Outcome::Interrupted, was.transactionId, was.version,
                QStringLiteral("install.interrupted"),
                tr("The installation of %1 was interrupted (power lost or restart) before the "
                   "switch; the device still runs %2. Install it again.")
                    .arg(was.version, running));
            (void)device.record(state, history::InstallInterrupted,
                                {{QStringLiteral("transaction"), was.transactionId},
                                 {QStringLiteral("version"), was.version},
                                 {QStringLiteral("slot"), was.toBootname}});
        }
        changed = true;
    }

    // A committed transaction, seen from a later boot on the slot it left. The boot loader
    // gives up on the slot before the state records it: a power cut in between repeats both
    // (marking bad twice changes nothing), and none leaves the slot bootable behind a record
    // that calls it bad.
    if (state.pending && !bootId.isEmpty() && !state.pending->bootId.isEmpty() &&
        state.pending->bootId != bootId && booted != state.pending->toBootname) {
        if (Status s = device.bootloader().markBad(state.pending->toBootname); !s)
            return s.error();
        faultPoint("reconcile:after-bootloader-write");
        recordFallBack(device, state, *state.pending);
        changed = true;
    }

    // The other slot is recorded bad, but the boot loader would boot it again: U-Boot's script
    // gives every counter back once all are used up, or an earlier version left it armed.
    const Result<bool> remarked = remarkOtherBad(device, state);
    if (!remarked)
        return remarked.error();
    changed = *remarked || changed;

    if (!changed)
        return false;
    if (Status s = device.store().save(state); !s)
        return s.error();
    return true;
}

Result<HealthDecision> applyHealthReport(Device &device, const HealthReport &report)
{
    auto loaded = device.store().load();
    if (!loaded)
        return loaded.error();
    DeviceState state = std::move(*loaded);
    const QString booted = device.booted().bootname;
    const std::optional<PendingTransaction> pending =
        state.pending && state.pending->toBootname == booted ? state.pending : std::nullopt;

    QJsonObject details{{QStringLiteral("slot"), booted},
                        {QStringLiteral("passed"), report.passed},
                        {QStringLiteral("duration_ms"), double(report.durationMs)},
                        {QStringLiteral("checks"), int(report.checks.size())}};
    if (pending)
        details.insert(QStringLiteral("transaction"), pending->id);
    if (!report.passed)
        details.insert(QStringLiteral("failure"), displayString(report.failureSummary(), 300));
    if (Status s = device.record(state, history::Health, details); !s)
        return s.error();

    HealthDecision decision;
    SlotRecord &record = state.slots[booted];
    // Marks the booted slot bad so that the boot loader goes back to the other one at the
    // restart the caller makes.
    const auto giveUp = [&]() -> Status {
        if (Status s = device.bootloader().markBad(booted); !s)
            return s;
        decision.markedBad = true;
        decision.reboot = true;
        record.status = SlotRecord::Status::Bad;
        (void)device.record(state, history::MarkedBad,
                            {{QStringLiteral("slot"), booted}, {QStringLiteral("by"),
                                                                QStringLiteral("health")}});
        return Ok{};
    };
    // A system Seesaw wrote that has not passed a health check since, started while no update
    // waits for it (the boot loader's last resort, a boot entry picked by hand), is never
    // confirmed by this check. It is given up when it failed here before or fails now, and the
    // other slot holds a system known to work.
    const bool unproven =
        !pending && record.status != SlotRecord::Status::Unknown && !confirmed(record);
    if (unproven) {
        const std::optional<UnconfirmedBoot> held = unconfirmedBoot(device, state);
        const QString version = versionText(record.version);
        if (held && (!report.passed || record.status == SlotRecord::Status::Bad)) {
            if (Status s = giveUp(); !s)
                return s.error();
            decision.message =
                report.passed
                    ? tr("Slot %1 (version %2) has not passed a health check since it was "
                         "installed and failed here before, so it is not marked good. The device "
                         "restarts and goes back to version %3 in slot %4, the last system known "
                         "to work here.")
                          .arg(booted, version, versionText(held->knownGoodVersion),
                               held->knownGoodSlot)
                    : tr("The health check failed (%1). Slot %2 (version %3) has not passed a "
                         "health check since it was installed. The device restarts and goes back "
                         "to version %4 in slot %5, the last system known to work here.")
                          .arg(report.failureSummary(), booted, version,
                               versionText(held->knownGoodVersion), held->knownGoodSlot);
        } else if (report.passed) {
            decision.message = tr("The health check passed, but slot %1 (version %2) is not "
                                  "marked good: no update is waiting for it and it has not been "
                                  "confirmed since it was installed. Mark it good by hand to keep "
                                  "it.")
                                   .arg(booted, version);
        } else {
            decision.message = tr("The health check failed (%1). Slot %2 has not passed a health "
                                  "check since it was installed and no system known to work is "
                                  "left to go back to: slot %2 stays in use, not marked good.")
                                   .arg(report.failureSummary(), booted);
        }
    } else if (report.passed || !pending) {
        if (Status s = device.bootloader().markGood(booted); !s)
            return s.error();
        decision.markedGood = true;
        record.status = SlotRecord::Status::Good;
        record.bootedGood = true;
        if (pending) {
            const bool rollback = pending->kind == PendingTransaction::Kind::Rollback;
            state.lastResult = result(
                rollback ? LastResult::Outcome::RolledBack : LastResult::Outcome::Good,
                pending->id, pending->toVersion, QString(),
                rollback ? tr("Rolled back to %1 on request; the health check passed.")
                               .arg(versionText(pending->toVersion))
                         : tr("Updated to %1; the health check passed.").arg(pending->toVersion));
            state.pending.reset();
            decision.message = state.lastResult.message;
        } else if (report.passed) {
            decision.message = tr("The health check passed; slot %1 stays in use.").arg(booted);
        } else {
            decision.message = tr("The health check failed (%1), but no update is waiting for "
                                  "it: slot %2 stays in use.")
                                   .arg(report.failureSummary(), booted);
        }
        (void)device.record(state, history::MarkedGood,
                            {{QStringLiteral("slot"), booted}, {QStringLiteral("by"),
                                                                QStringLiteral("health")}});
    } else {
        if (Status s = giveUp(); !s)
            return s.error();
        const QString back = versionText(pending->fromVersion);
        // For now; reconcileBoot words it as done once the device is back (keeping the detail).
        state.lastResult = result(
            LastResult::Outcome::HealthFailed, pending->id, pending->toVersion,
            QStringLiteral("health.failed"),
            tr("Version %1 failed its health check; the device restarts into %2.")
                .arg(pending->toVersion, back),
            report.failureSummary());
        decision.message = state.lastResult.message;
    }
    if (Status s = device.store().save(state); !s)
        return s.error();
    return decision;
}

} // namespace seesaw
