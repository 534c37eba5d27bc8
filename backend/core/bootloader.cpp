#include "bootloader.h"

#include "bootloader_backends.h"
#include "text.h"
#include "unique_fd.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
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

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Status writeAll(int fd, const QByteArray &data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.constData() + done, size_t(data.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return ioError(errnoText(errno));
        done += qsizetype(n);
    }
    return Ok{};
}

} // namespace

Status syncDirectory(const QString &directory)
{
    const UniqueFd fd(
        ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.isValid() || ::fsync(fd.get()) != 0)
        return ioError(tr("Cannot sync the directory %1: %2.")
                           .arg(displayString(directory, 200), errnoText(errno)));
    return Ok{};
}

Status writeFileAtomically(const QString &path, const QByteArray &data)
{
    const QFileInfo info(path);
    const QString directory = info.absolutePath();
    QByteArray tempName = QFile::encodeName(directory + QStringLiteral("/.") + info.fileName() +
                                            QStringLiteral(".XXXXXX"));
    UniqueFd fd(::mkostemp(tempName.data(), O_CLOEXEC));
    if (!fd.isValid())
        return ioError(tr("Cannot create a temporary file next to %1: %2.")
                           .arg(displayString(path, 200), errnoText(errno)));

    // mkostemp creates 0600; the boot loader's file keeps its own mode (0644 when new).
    struct stat st {};
    const mode_t mode =
        ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : 0644;
    Status written = writeAll(fd.get(), data);
    if (written && (::fchmod(fd.get(), mode) != 0 || ::fsync(fd.get()) != 0))
        written = ioError(errnoText(errno));
    if (written && ::close(fd.release()) != 0)
        written = ioError(errnoText(errno));
    if (written && ::rename(tempName.constData(), QFile::encodeName(path).constData()) != 0)
        written = ioError(errnoText(errno));
    if (!written) {
        ::unlink(tempName.constData());
        return ioError(
            tr("Cannot write %1: %2.").arg(displayString(path, 200), written.error().message));
    }
    return syncDirectory(directory);
}

Status renameDurably(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return ioError(tr("Cannot rename %1 to %2: %3.")
                           .arg(displayString(from, 200), displayString(QFileInfo(to).fileName()),
                                errnoText(errno)));
    return syncDirectory(QFileInfo(to).absolutePath());
}

std::optional<int> parseCounter(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 9)
        return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

QStringList orderWithFirst(const QStringList &previous, const QString &first,
                           const QStringList &configured)
{
    QStringList order{first};
    for (const QString &name : previous) {
        if (configured.contains(name) && !order.contains(name))
            order.append(name);
    }
    for (const QString &name : configured) {
        if (!order.contains(name))
            order.append(name);
    }
    return order;
}

Status BackendBase::checkSlot(const QString &bootname) const
{
    if (!m_bootnames.contains(bootname))
        return unknownSlotError(bootname);
    return Ok{};
}

Status BackendBase::checkAttempts(int attempts) const
{
    if (attempts < 1)
        return makeError(Error::Kind::Usage, "bootloader.invalid-attempts",
                         tr("A slot needs at least one boot attempt, not %1.").arg(attempts));
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
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_]{1,32}$"));
    QStringList bootnames;
    QSet<QString> folded;
    for (const SlotConfig &slot : config.slots) {
        if (slot.bootname.isEmpty())
            continue;
        if (!validName.match(slot.bootname).hasMatch())
            return configError(tr("Slot %1: the bootname \"%2\" may only use letters, digits and "
                                  "'_' (at most 32).")
                                   .arg(displayString(slot.name()), displayString(slot.bootname)));
        // systemd-boot compares entry names case-insensitively.
        if (folded.contains(slot.bootname.toLower()))
            return configError(tr("Slot %1: the bootname \"%2\" is used twice.")
                                   .arg(displayString(slot.name()), slot.bootname));
        folded.insert(slot.bootname.toLower());
        bootnames.append(slot.bootname);
    }
    if (bootnames.size() < 2)
        return configError(tr("The boot loader needs at least two slots with a bootname."));

    // Relative paths in system.conf are relative to its directory (the simulator's layout).
    const auto resolve = [&config](const QString &path) {
        if (config.baseDirectory.isEmpty() || QFileInfo(path).isAbsolute())
            return path;
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
    if (!backend)
        return configError(tr("Unknown boot loader."));
    return backend;
}

} // namespace seesaw
