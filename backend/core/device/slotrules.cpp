#include "device/slotrules.h"

#include "device/slots.h"

#include <QCoreApplication>

namespace seesaw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::DeviceActions", text);
}

QString shownVersion(const QString &version)
{
    return version.isEmpty() ? tr("(unknown version)") : version;
}
} // namespace

QString slotRecordKey(const SlotConfig &slot)
{
    return slot.bootname.isEmpty() ? slot.name() : slot.bootname;
}

bool knownGood(const SlotRecord &record)
{
    return record.bootedGood && (record.status == SlotRecord::Status::Good ||
                                 record.status == SlotRecord::Status::Installed);
}

bool confirmed(const SlotRecord &record)
{
    return record.bootedGood || record.status == SlotRecord::Status::Good;
}

QString UnconfirmedBoot::message() const
{
    return tr("Version %1 in slot %2 has not passed its health check yet. Updates wait until it "
              "has, so that version %3 in slot %4, the last system known to work on this device, "
              "stays there to go back to.")
        .arg(shownVersion(bootedVersion), bootedSlot, shownVersion(knownGoodVersion),
             knownGoodSlot);
}

QString UnconfirmedBoot::refusal() const
{
    return tr("Finish checking %1 first: it has not passed its health check yet, and this update "
              "would overwrite version %2 in slot %3, the last system known to work on this "
              "device. Let the health check run (or mark slot %4 good), then install again.")
        .arg(shownVersion(bootedVersion), shownVersion(knownGoodVersion), knownGoodSlot,
             bootedSlot);
}

QString UnconfirmedBoot::replacing() const
{
    return tr("Replaces version %1 in slot %2, the last system known to work here, as asked; the "
              "running version %3 has not passed its health check yet.")
        .arg(shownVersion(knownGoodVersion), knownGoodSlot, shownVersion(bootedVersion));
}

std::optional<UnconfirmedBoot> unconfirmedBoot(const Device &device, const DeviceState &state)
{
    const SlotConfig &booted = device.booted();
    const SlotConfig *other = otherSlot(device.config(), booted);
    if (other == nullptr) {
        return std::nullopt;
    }
    const SlotRecord running = state.slots.value(slotRecordKey(booted));
    if (confirmed(running)) {
        return std::nullopt;
    }
    const SlotRecord partner = state.slots.value(slotRecordKey(*other));
    if (!knownGood(partner)) {
        return std::nullopt;
    }
    return UnconfirmedBoot{booted.bootname, device.bootedVersion(state), other->bootname,
                           partner.version};
}

} // namespace seesaw
