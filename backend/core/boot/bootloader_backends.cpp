// The helpers every backend shares, and Bootloader::create choosing one from system.conf.
#include "boot/bootloader_backends.h"

#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

using namespace bootloader_detail;

namespace bootloader_detail {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Bootloader", text);
}

Error ioError(const QString &message)
{
    return makeError(Error::Kind::Io, "bootloader.io", message);
}

Error corruptError(const QString &message)
{
    return makeError(Error::Kind::Invalid, "bootloader.corrupt", message);
}

Error unknownSlotError(const QString &bootname)
{
    return makeError(Error::Kind::Usage, "bootloader.unknown-slot",
                     tr("There is no slot with the bootname \"%1\".").arg(displayString(bootname)));
}

Error noBootableSlotError(const QString &message)
{
    return makeError(Error::Kind::Invalid, "bootloader.no-bootable-slot", message);
}

std::optional<int> parseCounter(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 9) {
        return std::nullopt;
    }
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

QStringList orderWithFirst(const QStringList &previous, const QString &first,
                           const QStringList &configured)
{
    QStringList order{first};
    for (const QString &name : previous) {
        if (configured.contains(name) && !order.contains(name)) {
            order.append(name);
        }
    }
    for (const QString &name : configured) {
        if (!order.contains(name)) {
            order.append(name);
        }
    }
    return order;
}

Status BackendBase::checkSlot(const QString &bootname) const
{
    if (!m_bootnames.contains(bootname)) {
        return unknownSlotError(bootname);
    }
    return Ok{};
}

Status BackendBase::checkAttempts(int attempts)
{
    if (attempts < 1) {
        return makeError(Error::Kind::Usage, "bootloader.invalid-attempts",
                         tr("A slot needs at least one boot attempt, not %1.").arg(attempts));
    }
    return Ok{};
}

} // namespace bootloader_detail

Result<std::unique_ptr<Bootloader>> Bootloader::create(const SystemConfig &config)
{
    const auto configError = [](const QString &message) {
        return makeError(Error::Kind::Invalid, "bootloader.config", message);
    };
    // Bootnames end up in variable names (BOOT_A_LEFT, A_OK), in space-separated order lists
    // and in file names, so they are restricted to what all of those accept.
    QStringList bootnames;
    QSet<QString> folded;
    for (const SlotConfig &slot : config.slots) {
        if (slot.bootname.isEmpty()) {
            continue;
        }
        if (!isAsciiName(slot.bootname, 1, 32, QLatin1String("_"))) {
            return configError(tr("Slot %1: the bootname \"%2\" may only use letters, digits and "
                                  "'_' (at most 32).")
                                   .arg(displayString(slot.name()), displayString(slot.bootname)));
        }
        // systemd-boot compares entry names case-insensitively.
        if (folded.contains(slot.bootname.toLower())) {
            return configError(tr("Slot %1: the bootname \"%2\" is used twice.")
                                   .arg(displayString(slot.name()), slot.bootname));
        }
        folded.insert(slot.bootname.toLower());
        bootnames.append(slot.bootname);
    }
    if (bootnames.size() < 2) {
        return configError(tr("The boot loader needs at least two slots with a bootname."));
    }

    // Relative paths in system.conf are relative to its directory (the simulator's layout).
    const auto resolve = [&config](const QString &path) {
        if (config.baseDirectory.isEmpty() || QFileInfo(path).isAbsolute()) {
            return path;
        }
        return QDir(config.baseDirectory).absoluteFilePath(path);
    };

    std::unique_ptr<Bootloader> backend;
    switch (config.bootloader) {
    case SystemConfig::BootloaderKind::UBoot:
        backend = std::make_unique<UBootBackend>(bootnames, config.bootAttempts,
                                                 resolve(config.ubootEnvConfig));
        break;
    case SystemConfig::BootloaderKind::Grub:
        backend =
            std::make_unique<GrubBackend>(bootnames, config.bootAttempts, resolve(config.grubenv));
        break;
    case SystemConfig::BootloaderKind::SystemdBoot:
        backend = std::make_unique<SystemdBootBackend>(bootnames, config.bootAttempts,
                                                       resolve(config.esp));
        break;
    case SystemConfig::BootloaderKind::Custom:
        backend = std::make_unique<CustomBackend>(bootnames, config.bootAttempts,
                                                  resolve(config.customBackend));
        break;
    }
    if (!backend) {
        return configError(tr("Unknown boot loader."));
    }
    return backend;
}

} // namespace seesaw
