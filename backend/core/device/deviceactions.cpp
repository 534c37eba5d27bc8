#include "device/deviceactions.h"

#include "device/slotrules.h"
#include "device/slots.h"
#include "device/slotverify.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QUuid>

namespace seesaw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::DeviceActions", text);
}

} // namespace

Result<DeviceStatus> statusSnapshot(Device &device)
{
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    DeviceStatus status;
    status.compatible = device.config().compatible;
    status.bootloader = device.bootloader().name();
    status.bootedSlot = device.booted().bootname;
    status.version = device.bootedVersion(*state);
    auto primary = device.bootloader().primary();
    if (primary) {
        status.primary = *primary;
    } else {
        status.primaryError = primary.error().message;
    }
    for (const SlotConfig &slot : device.config().slots) {
        SlotStatus s;
        s.slot = slot;
        s.record = state->slots.value(slotRecordKey(slot));
        s.booted =
            slot.slotClass == device.booted().slotClass && slot.index == device.booted().index;
        if (!slot.bootname.isEmpty()) {
            auto boot = device.bootloader().state(slot.bootname);
            if (boot) {
                s.boot = *boot;
            }
        }
        status.slots.append(s);
    }
    status.pending = state->pending;
    status.unconfirmed = unconfirmedBoot(device, *state);
    status.lastResult = state->lastResult;
    status.state = std::move(*state);
    return status;
}

QJsonObject statusJson(const DeviceStatus &status)
{
    QJsonArray slots;
    for (const SlotStatus &s : status.slots) {
        QJsonObject o{{QStringLiteral("name"), s.slot.name()},
                      {QStringLiteral("class"), s.slot.slotClass},
                      {QStringLiteral("bootname"), s.slot.bootname},
                      {QStringLiteral("device"), s.slot.device},
                      {QStringLiteral("booted"), s.booted},
                      {QStringLiteral("status"), slotStatusName(s.record.status)}};
        if (!s.record.version.isEmpty()) {
            o.insert(QStringLiteral("version"), s.record.version);
        }
        if (s.record.installedAt.isValid()) {
            o.insert(QStringLiteral("installed_at"), s.record.installedAt.toString(Qt::ISODate));
        }
        if (s.boot) {
            o.insert(QStringLiteral("boot_bad"), s.boot->bad);
            o.insert(QStringLiteral("attempts_left"), s.boot->attemptsLeft);
        }
        slots.append(o);
    }
    QJsonObject json{{QStringLiteral("compatible"), status.compatible},
                     {QStringLiteral("bootloader"), status.bootloader},
                     {QStringLiteral("booted"), status.bootedSlot},
                     {QStringLiteral("version"), status.version},
                     {QStringLiteral("primary"), status.primary},
                     {QStringLiteral("slots"), slots}};
    if (status.pending) {
        json.insert(QStringLiteral("pending"),
                    QJsonObject{{QStringLiteral("transaction"), status.pending->id},
                                {QStringLiteral("from"), status.pending->fromBootname},
                                {QStringLiteral("to"), status.pending->toBootname},
                                {QStringLiteral("version"), status.pending->toVersion}});
    }
    if (status.unconfirmed) {
        json.insert(
            QStringLiteral("unconfirmed"),
            QJsonObject{
                {QStringLiteral("slot"), status.unconfirmed->bootedSlot},
                {QStringLiteral("version"), status.unconfirmed->bootedVersion},
                {QStringLiteral("known_good_slot"), status.unconfirmed->knownGoodSlot},
                {QStringLiteral("known_good_version"), status.unconfirmed->knownGoodVersion},
                {QStringLiteral("message"), status.unconfirmed->message()}});
    }
    const LastResult &last = status.lastResult;
    json.insert(QStringLiteral("last_result"),
                QJsonObject{{QStringLiteral("outcome"), outcomeName(last.outcome)},
                            {QStringLiteral("transaction"), last.transactionId},
                            {QStringLiteral("version"), last.version},
                            {QStringLiteral("code"), last.code},
                            {QStringLiteral("message"), last.message},
                            {QStringLiteral("at"),
                             last.at.isValid() ? last.at.toString(Qt::ISODate) : QString()},
                            {QStringLiteral("acknowledged"), last.acknowledged},
                            {QStringLiteral("detail"), last.detail}});
    return json;
}

Result<QString> markSlot(Device &device, const QString &bootname, bool good)
{
    if (device.config().slotByBootname(bootname) == nullptr) {
        return makeError(Error::Kind::Usage, "bootloader.unknown-slot",
                         tr("This device has no slot %1.").arg(bootname));
    }
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    Status s =
        good ? device.bootloader().markGood(bootname) : device.bootloader().markBad(bootname);
    if (!s) {
        return s.error();
    }
    SlotRecord &record = state->slots[bootname];
    record.status = good ? SlotRecord::Status::Good : SlotRecord::Status::Bad;
    if (good && bootname == device.booted().bootname) {
        record.bootedGood = true; // running, and an operator vouches for it
    }
    if (good && state->pending && state->pending->toBootname == bootname &&
        bootname == device.booted().bootname) {
        state->lastResult =
            LastResult{LastResult::Outcome::Good,
                       state->pending->id,
                       state->pending->toVersion,
                       QString(),
                       tr("Version %1 is running and marked good.").arg(state->pending->toVersion),
                       QDateTime::currentDateTimeUtc(),
                       false,
                       QString()};
        state->pending.reset();
    }
    if (Status r = device.record(*state, good ? history::MarkedGood : history::MarkedBad,
                                 QJsonObject{{QStringLiteral("slot"), bootname}});
        !r) {
        return r.error();
    }
    if (Status w = device.store().save(*state); !w) {
        return w.error();
    }
    return good ? tr("Slot %1 is marked good.").arg(bootname)
                : tr("Slot %1 is marked bad.").arg(bootname);
}

Result<QString> rollback(Device &device, const std::atomic<bool> *cancel)
{
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    const SlotConfig &booted = device.booted();
    const SlotConfig *other = otherSlot(device.config(), booted);
    if (other == nullptr) {
        return makeError(Error::Kind::Usage, "rollback.no-system",
                         tr("Slot %1 has no partner slot to roll back to.").arg(booted.bootname));
    }
    const SlotRecord record = state->slots.value(other->bootname);
    // Only to a system that is known to have worked here, and is still bit for bit what was
    // installed: anything else could leave the device on a slot that does not come up.
    if (!knownGood(record)) {
        return makeError(
            Error::Kind::Usage, "rollback.no-system",
            tr("Slot %1 does not hold a system that has run well on this device (%2); the device "
               "stays on slot %3.")
                .arg(other->bootname, slotStatusName(record.status), booted.bootname));
    }
    if (auto verified = verifySlot(device, other->bootname, {}, cancel); !verified) {
        return makeError(verified.error().kind == Error::Kind::Cancelled ? Error::Kind::Cancelled
                                                                         : Error::Kind::Usage,
                         verified.error().kind == Error::Kind::Cancelled ? "cancelled"
                                                                         : "rollback.no-system",
                         tr("Cannot roll back to slot %1: %2 The device stays on slot %3.")
                             .arg(other->bootname, verified.error().message, booted.bootname));
    }
    if (Status s = device.bootloader().setPrimary(other->bootname, device.config().bootAttempts);
        !s) {
        return s.error();
    }
    state->pending = PendingTransaction{PendingTransaction::Kind::Rollback,
                                        QUuid::createUuid().toString(QUuid::WithoutBraces),
                                        booted.bootname,
                                        other->bootname,
                                        device.bootedVersion(*state),
                                        record.version,
                                        record.manifestHash,
                                        QDateTime::currentDateTimeUtc(),
                                        currentBootId(device.config())};
    if (Status r = device.record(*state, history::Rollback,
                                 QJsonObject{{QStringLiteral("from"), booted.bootname},
                                             {QStringLiteral("to"), other->bootname}});
        !r) {
        return r.error();
    }
    if (Status w = device.store().save(*state); !w) {
        return w.error();
    }
    return tr("Slot %1 (version %2) starts after the next reboot.")
        .arg(other->bootname, record.version);
}

Status acknowledgeResult(Device &device)
{
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    if (state->lastResult.acknowledged) {
        return Ok{};
    }
    state->lastResult.acknowledged = true;
    return device.store().save(*state);
}

} // namespace seesaw
