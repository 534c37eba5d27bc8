#include "config/systemconfig.h"

namespace seesaw {

QStringList SystemConfig::slotClasses() const
{
    QStringList classes;
    for (const SlotConfig &s : slots) {
        if (!classes.contains(s.slotClass)) {
            classes.append(s.slotClass);
        }
    }
    return classes;
}

const SlotConfig *SystemConfig::slot(const QString &slotClass, int index) const
{
    for (const SlotConfig &s : slots) {
        if (s.slotClass == slotClass && s.index == index) {
            return &s;
        }
    }
    return nullptr;
}

const SlotConfig *SystemConfig::slotByBootname(const QString &bootname) const
{
    if (bootname.isEmpty()) {
        return nullptr;
    }
    for (const SlotConfig &s : slots) {
        if (s.bootname == bootname) {
            return &s;
        }
    }
    return nullptr;
}

QString SystemConfig::bootClass() const
{
    for (const SlotConfig &s : slots) {
        if (!s.bootname.isEmpty()) {
            return s.slotClass;
        }
    }
    return {};
}

QString SystemConfig::bootloaderName(BootloaderKind kind)
{
    switch (kind) {
    case BootloaderKind::UBoot:
        return QStringLiteral("uboot");
    case BootloaderKind::Grub:
        return QStringLiteral("grub");
    case BootloaderKind::SystemdBoot:
        return QStringLiteral("systemd-boot");
    case BootloaderKind::Custom:
        return QStringLiteral("custom");
    }
    return {};
}

} // namespace seesaw
