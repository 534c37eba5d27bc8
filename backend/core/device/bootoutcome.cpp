#include "device/bootoutcome.h"

#include "base/faultpoint.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "device/slotrules.h"
#include "device/slots.h"
#include "trust/crypto.h"

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
    return LastResult{outcome, transaction, version, code, message, QDateTime::currentDateTimeUtc(),
                      false,   detail};
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
        state.lastResult =
            result(LastResult::Outcome::HealthFailed, pending.id, pending.toVersion,
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
    if ((other == nullptr) || other->bootname.isEmpty() ||
        state.slots.value(other->bootname).status != SlotRecord::Status::Bad) {
        return false;
    }
    const auto boot = device.bootloader().state(other->bootname);
    if (!boot || boot->bad) {
        return false;
    }
    if (Status s = device.bootloader().markBad(other->bootname); !s) {
        return s.error();
    }
    (void)device.record(state, history::MarkedBad,
                        {{QStringLiteral("slot"), other->bootname},
                         {QStringLiteral("by"), QStringLiteral("boot-outcome")}});
    return true;
}

// An install that never reached its "committed" record, seen from a later boot whose slot is
// its target: the switch was made but not recorded. The new system runs; health decides.
void recoverCommit(Device &device, DeviceState &state, const InstallInProgress &was)
{
    const QString booted = device.booted().bootname;
    const SlotConfig *other = otherSlot(device.config(), device.booted());
    SlotRecord &record = state.slots[booted];
    record.status = SlotRecord::Status::Installed;
    record.version = was.version;
    state.pending = PendingTransaction{PendingTransaction::Kind::Install,
                                       was.transactionId,
                                       other != nullptr ? other->bootname : QString(),
                                       booted,
                                       other != nullptr ? state.slots.value(other->bootname).version
                                                        : QString(),
                                       was.version,
                                       record.manifestHash,
                                       was.startedAt,
                                       was.bootId};
    (void)device.record(state, history::Committed,
                        {{QStringLiteral("transaction"), was.transactionId},
                         {QStringLiteral("version"), was.version},
                         {QStringLiteral("recovered"), true}});
}

// An install that never reached its "committed" record, seen from a later boot on another slot
// than its target: interrupted before the switch, its target given up.
Status recordInterrupted(Device &device, DeviceState &state, const InstallInProgress &was)
{
    const QString running = versionText(device.bootedVersion(state));
    if (!was.toBootname.isEmpty()) {
        // The switch may have been made and the boot loader fallen back from it.
        if (Status s = device.bootloader().markBad(was.toBootname); !s) {
            return s;
        }
        state.slots[was.toBootname].status = SlotRecord::Status::Bad;
    }
    state.lastResult =
        result(LastResult::Outcome::Interrupted, was.transactionId, was.version,
               QStringLiteral("install.interrupted"),
               tr("The installation of %1 was interrupted (power lost or restart) before the "
                  "switch; the device still runs %2. Install it again.")
                   .arg(was.version, running));
    (void)device.record(state, history::InstallInterrupted,
                        {{QStringLiteral("transaction"), was.transactionId},
                         {QStringLiteral("version"), was.version},
                         {QStringLiteral("slot"), was.toBootname}});
    return Ok{};
}

// An install in progress at an earlier boot than bootId, resolved. Returns whether there was one.
Result<bool> resolveInterruptedInstall(Device &device, DeviceState &state, const QString &bootId)
{
    if (!state.inProgress || bootId.isEmpty() || state.inProgress->bootId == bootId) {
        return false;
    }
    const InstallInProgress was = *state.inProgress;
    state.inProgress.reset();
    if (!was.toBootname.isEmpty() && device.booted().bootname == was.toBootname) {
        recoverCommit(device, state, was);
    } else if (Status s = recordInterrupted(device, state, was); !s) {
        return s.error();
    }
    return true;
}

// A committed transaction, seen from a later boot than bootId on the slot it left. The boot
// loader gives up on the slot before the state records it: a power cut in between repeats both
// (marking bad twice changes nothing), and none leaves the slot bootable behind a record that
// calls it bad. Returns whether there was one.
Result<bool> resolveFallBack(Device &device, DeviceState &state, const QString &bootId)
{
    if (!state.pending || bootId.isEmpty() || state.pending->bootId.isEmpty() ||
        state.pending->bootId == bootId || device.booted().bootname == state.pending->toBootname) {
        return false;
    }
    if (Status s = device.bootloader().markBad(state.pending->toBootname); !s) {
        return s.error();
    }
    faultPoint("reconcile:after-bootloader-write");
    recordFallBack(device, state, *state.pending);
    return true;
}

// One health report applied to the booted slot: what its outcomes share.
class HealthOutcome {
public:
    HealthOutcome(Device &device, DeviceState &state, const HealthReport &report)
        : m_device(device), m_state(state), m_report(report), m_booted(device.booted().bootname),
          m_pending(state.pending && state.pending->toBootname == m_booted ? state.pending
                                                                           : std::nullopt)
    {}

    Status recordReport();
    Status decide();
    HealthDecision decision;

private:
    Status giveUp();
    Status judgeUnproven();
    Status markBootedGood();
    Status failPending();

    Device &m_device;
    DeviceState &m_state;
    const HealthReport &m_report;
    const QString m_booted;
    const std::optional<PendingTransaction> m_pending; // the transaction waiting for this slot
    SlotRecord *m_record = nullptr;                    // the booted slot's, while deciding
};

// The report in the history, whatever it leads to.
Status HealthOutcome::recordReport()
{
    QJsonObject details{{QStringLiteral("slot"), m_booted},
                        {QStringLiteral("passed"), m_report.passed},
                        {QStringLiteral("duration_ms"), double(m_report.durationMs)},
                        {QStringLiteral("checks"), int(m_report.checks.size())}};
    if (m_pending) {
        details.insert(QStringLiteral("transaction"), m_pending->id);
    }
    if (!m_report.passed) {
        details.insert(QStringLiteral("failure"), displayString(m_report.failureSummary(), 300));
    }
    return m_device.record(m_state, history::Health, details);
}

Status HealthOutcome::decide()
{
    m_record = &m_state.slots[m_booted];
    // A system Seesaw wrote that has not passed a health check since, started while no update
    // waits for it (the boot loader's last resort, a boot entry picked by hand), is never
    // confirmed by this check. It is given up when it failed here before or fails now, and the
    // other slot holds a system known to work.
    const bool unproven =
        !m_pending && m_record->status != SlotRecord::Status::Unknown && !confirmed(*m_record);
    if (unproven) {
        return judgeUnproven();
    }
    if (m_report.passed || !m_pending) {
        return markBootedGood();
    }
    return failPending();
}

// Marks the booted slot bad so that the boot loader goes back to the other one at the restart
// the caller makes.
Status HealthOutcome::giveUp()
{
    if (Status s = m_device.bootloader().markBad(m_booted); !s) {
        return s;
    }
    decision.markedBad = true;
    decision.reboot = true;
    m_record->status = SlotRecord::Status::Bad;
    (void)m_device.record(
        m_state, history::MarkedBad,
        {{QStringLiteral("slot"), m_booted}, {QStringLiteral("by"), QStringLiteral("health")}});
    return Ok{};
}

Status HealthOutcome::judgeUnproven()
{
    const std::optional<UnconfirmedBoot> held = unconfirmedBoot(m_device, m_state);
    const QString version = versionText(m_record->version);
    if (held && (!m_report.passed || m_record->status == SlotRecord::Status::Bad)) {
        if (Status s = giveUp(); !s) {
            return s;
        }
        decision.message =
            m_report.passed
                ? tr("Slot %1 (version %2) has not passed a health check since it was "
                     "installed and failed here before, so it is not marked good. The device "
                     "restarts and goes back to version %3 in slot %4, the last system known "
                     "to work here.")
                      .arg(m_booted, version, versionText(held->knownGoodVersion),
                           held->knownGoodSlot)
                : tr("The health check failed (%1). Slot %2 (version %3) has not passed a "
                     "health check since it was installed. The device restarts and goes back "
                     "to version %4 in slot %5, the last system known to work here.")
                      .arg(m_report.failureSummary(), m_booted, version,
                           versionText(held->knownGoodVersion), held->knownGoodSlot);
    } else if (m_report.passed) {
        decision.message = tr("The health check passed, but slot %1 (version %2) is not "
                              "marked good: no update is waiting for it and it has not been "
                              "confirmed since it was installed. Mark it good by hand to keep "
                              "it.")
                               .arg(m_booted, version);
    } else {
        decision.message = tr("The health check failed (%1). Slot %2 has not passed a health "
                              "check since it was installed and no system known to work is "
                              "left to go back to: slot %2 stays in use, not marked good.")
                               .arg(m_report.failureSummary(), m_booted);
    }
    return Ok{};
}

// Passed, or failed with no newer system to give up: the booted slot is marked good, and a
// transaction waiting for it is complete.
Status HealthOutcome::markBootedGood()
{
    if (Status s = m_device.bootloader().markGood(m_booted); !s) {
        return s;
    }
    decision.markedGood = true;
    m_record->status = SlotRecord::Status::Good;
    m_record->bootedGood = true;
    if (m_pending) {
        const bool rollback = m_pending->kind == PendingTransaction::Kind::Rollback;
        m_state.lastResult = result(
            rollback ? LastResult::Outcome::RolledBack : LastResult::Outcome::Good, m_pending->id,
            m_pending->toVersion, QString(),
            rollback ? tr("Rolled back to %1 on request; the health check passed.")
                           .arg(versionText(m_pending->toVersion))
                     : tr("Updated to %1; the health check passed.").arg(m_pending->toVersion));
        m_state.pending.reset();
        decision.message = m_state.lastResult.message;
    } else if (m_report.passed) {
        decision.message = tr("The health check passed; slot %1 stays in use.").arg(m_booted);
    } else {
        decision.message = tr("The health check failed (%1), but no update is waiting for "
                              "it: slot %2 stays in use.")
                               .arg(m_report.failureSummary(), m_booted);
    }
    (void)m_device.record(
        m_state, history::MarkedGood,
        {{QStringLiteral("slot"), m_booted}, {QStringLiteral("by"), QStringLiteral("health")}});
    return Ok{};
}

// Failed while an update waits for this slot: given up, and the device restarts into the one
// it came from.
Status HealthOutcome::failPending()
{
    if (Status s = giveUp(); !s) {
        return s;
    }
    const QString back = versionText(m_pending->fromVersion);
    // For now; reconcileBoot words it as done once the device is back (keeping the detail).
    m_state.lastResult =
        result(LastResult::Outcome::HealthFailed, m_pending->id, m_pending->toVersion,
               QStringLiteral("health.failed"),
               tr("Version %1 failed its health check; the device restarts into %2.")
                   .arg(m_pending->toVersion, back),
               m_report.failureSummary());
    decision.message = m_state.lastResult.message;
    return Ok{};
}

} // namespace

Result<bool> reconcileBoot(Device &device)
{
    auto loaded = device.store().load();
    if (!loaded) {
        return loaded.error();
    }
    DeviceState state = std::move(*loaded);
    const QString bootId = currentBootId(device.config());

    const Result<bool> interrupted = resolveInterruptedInstall(device, state, bootId);
    if (!interrupted) {
        return interrupted.error();
    }
    const Result<bool> fellBack = resolveFallBack(device, state, bootId);
    if (!fellBack) {
        return fellBack.error();
    }
    // The other slot is recorded bad, but the boot loader would boot it again: U-Boot's script
    // gives every counter back once all are used up, or an earlier version left it armed.
    const Result<bool> remarked = remarkOtherBad(device, state);
    if (!remarked) {
        return remarked.error();
    }

    if (!*interrupted && !*fellBack && !*remarked) {
        return false;
    }
    if (Status s = device.store().save(state); !s) {
        return s.error();
    }
    return true;
}

Result<HealthDecision> applyHealthReport(Device &device, const HealthReport &report)
{
    auto loaded = device.store().load();
    if (!loaded) {
        return loaded.error();
    }
    DeviceState state = std::move(*loaded);
    HealthOutcome outcome(device, state, report);
    if (Status s = outcome.recordReport(); !s) {
        return s.error();
    }
    if (Status s = outcome.decide(); !s) {
        return s.error();
    }
    if (Status s = device.store().save(state); !s) {
        return s.error();
    }
    return outcome.decision;
}

} // namespace seesaw
