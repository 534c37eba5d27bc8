// U-Boot through libubootenv, with the variables of the boot script RAUC documents:
//   BOOT_ORDER="A B"  bootnames in the order the script tries them
//   BOOT_A_LEFT=3     attempts left; the script decrements it before booting A, skips A at 0
// A slot marked bad gets 0 and goes to the end of BOOT_ORDER.
// Every change is a single libuboot_env_store(): with a redundant environment that writes the
// inactive copy with a higher flag, so a power cut leaves either the old or the new state.
#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "boot/bootloader_backends.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstddef> // libuboot.h uses size_t without including it
#include <cstdlib>
#include <cstring>
#include <libuboot.h>
#include <sys/mman.h>
#include <unistd.h>

namespace seesaw::bootloader_detail {

namespace {

QByteArray leftVariable(const QString &bootname)
{
    return QByteArrayLiteral("BOOT_") + bootname.toLatin1() + QByteArrayLiteral("_LEFT");
}

QString libError(int code)
{
    return seesaw::errnoText(code < 0 ? -code : code);
}

// fw_env.config lines are "DEVICE OFFSET SIZE [SECTOR-SIZE [SECTORS]]". libubootenv opens a
// relative DEVICE against the working directory; Seesaw resolves it against the configuration
// file's own directory instead, like every path in system.conf, so that a device directory
// (the simulator's) can be copied or moved without sharing the original's environment.
// Returns the lines with such names made absolute, or nothing when every name is absolute.
std::optional<QByteArray> resolveRelativeDevices(const QByteArray &text, const QString &config)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(config).absolutePath()) + '/';
    QByteArray out;
    bool changed = false;
    for (const QByteArray &line : text.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith('#') && !trimmed.startsWith('/')) {
            out += dir + trimmed + '\n';
            changed = true;
        } else {
            out += line + '\n';
        }
    }
    return changed ? std::optional<QByteArray>(out) : std::nullopt;
}

// One opened environment, holding libubootenv's lock (shared with fw_setenv) until destroyed.
class Environment {
public:
    Environment() = default;
    Environment(const Environment &) = delete;
    Environment &operator=(const Environment &) = delete;
    ~Environment()
    {
        if (m_opened) {
            libuboot_close(m_ctx);
        }
        if (m_ctx != nullptr) {
            libuboot_exit(m_ctx);
        }
    }

    Status open(const QString &config)
    {
        if (!QFile::exists(config)) {
            return ioError(tr("The U-Boot environment configuration %1 does not exist.")
                               .arg(displayString(config, 200)));
        }
        QByteArray configPath = QFile::encodeName(config);
        QFile file(config);
        constexpr qint64 MaxConfigSize = qint64(64) * 1024;
        if (!file.open(QIODevice::ReadOnly) || file.size() > MaxConfigSize) {
            return ioError(tr("Cannot read the U-Boot environment configuration %1: %2.")
                               .arg(displayString(config, 200),
                                    file.isOpen() ? tr("larger than 64 KiB") : file.errorString()));
        }
        if (auto resolved = resolveRelativeDevices(file.read(MaxConfigSize), config)) {
            // libubootenv reads its configuration from a path only: hand it a private copy.
            m_resolvedConfig.reset(::memfd_create("fw_env.config", MFD_CLOEXEC));
            if (!m_resolvedConfig.isValid() ||
                ::write(m_resolvedConfig.get(), resolved->constData(), size_t(resolved->size())) !=
                    ssize_t(resolved->size())) {
                return ioError(tr("Cannot use the U-Boot environment configuration %1: %2.")
                                   .arg(displayString(config, 200), libError(errno)));
            }
            configPath = "/proc/self/fd/" + QByteArray::number(m_resolvedConfig.get());
        }
        if (libuboot_initialize(&m_ctx, nullptr) < 0 || (m_ctx == nullptr)) {
            return ioError(tr("Cannot initialise libubootenv."));
        }
        const int read = libuboot_read_config(m_ctx, configPath.constData());
        if (read < 0) {
            return ioError(tr("Cannot use the U-Boot environment configuration %1: %2.")
                               .arg(displayString(config, 200), libError(read)));
        }
        // Fails when neither copy has a valid CRC. A blank environment is not created here:
        // stored on its own it would replace U-Boot's built-in defaults (bootcmd and the rest),
        // so the device has to be provisioned first (fw_setenv -f DEFAULT_ENV_FILE).
        // libuboot_open takes the global fw_printenv lock even when it fails; only
        // libuboot_close releases it, so it is owed from here on.
        const int opened = libuboot_open(m_ctx);
        m_opened = true;
        if (opened < 0) {
            return corruptError(tr("No valid U-Boot environment in the devices listed by %1 "
                                   "(%2); provision it first, e.g. with fw_setenv -f.")
                                    .arg(displayString(config, 200), libError(opened)));
        }
        return Ok{};
    }

    [[nodiscard]] std::optional<QByteArray> get(const QByteArray &name) const
    {
        char *value = libuboot_get_env(m_ctx, name.constData());
        if (value == nullptr) {
            return std::nullopt;
        }
        QByteArray copy(value);
        std::free(value);
        return copy;
    }

    // Records a change in memory; nothing reaches the storage before store().
    Status set(const QByteArray &name, const QByteArray &value)
    {
        const auto current = get(name);
        if (current && *current == value) {
            return Ok{};
        }
        const int result = libuboot_set_env(m_ctx, name.constData(), value.constData());
        if (result < 0) {
            return ioError(
                tr("Cannot set %1: %2.").arg(QString::fromLatin1(name), libError(result)));
        }
        m_changed = true;
        return Ok{};
    }

    // One store for all changes, skipped when nothing changed (the environment sits on flash).
    Status store()
    {
        if (!m_changed) {
            return Ok{};
        }
        const int result = libuboot_env_store(m_ctx);
        if (result < 0) {
            return ioError(tr("Cannot store the U-Boot environment: %1.").arg(libError(result)));
        }
        m_changed = false;
        return Ok{};
    }

    // BOOT_x_LEFT as a number; missing or not a plain decimal number is corruption.
    Result<int> left(const QString &bootname) const
    {
        const QByteArray variable = leftVariable(bootname);
        const auto value = get(variable);
        if (!value) {
            return corruptError(
                tr("The U-Boot variable %1 is not set.").arg(QString::fromLatin1(variable)));
        }
        const auto number = parseCounter(*value);
        if (!number) {
            return corruptError(tr("The U-Boot variable %1 is \"%2\", not a decimal number.")
                                    .arg(QString::fromLatin1(variable), displayBytes(*value)));
        }
        return *number;
    }

private:
    uboot_ctx *m_ctx = nullptr;
    UniqueFd m_resolvedConfig; // fw_env.config with relative device names made absolute
    bool m_opened = false;
    bool m_changed = false;
};

} // namespace

UBootBackend::UBootBackend(QStringList bootnames, int bootAttempts, QString fwEnvConfig)
    : BackendBase(std::move(bootnames), bootAttempts), m_config(std::move(fwEnvConfig))
{}

Result<QString> UBootBackend::primary()
{
    Environment env;
    if (auto opened = env.open(m_config); !opened) {
        return opened.error();
    }
    const auto order = env.get(QByteArrayLiteral("BOOT_ORDER"));
    if (!order) {
        return corruptError(tr("The U-Boot variable BOOT_ORDER is not set."));
    }

    // The script ignores names it has no branch for; so do we.
    QStringList listed;
    const auto words = order->split(' ');
    for (const QByteArray &word : words) {
        const QString name = QString::fromLatin1(word);
        if (m_bootnames.contains(name) && !listed.contains(name)) {
            listed.append(name);
        }
    }
    if (listed.isEmpty()) {
        return corruptError(
            tr("The U-Boot variable BOOT_ORDER (\"%1\") names no slot.").arg(displayBytes(*order)));
    }
    QString first;
    for (const QString &name : listed) {
        const auto left = env.left(name);
        if (!left) {
            return left.error();
        }
        if (*left > 0 && first.isEmpty()) {
            first = name;
        }
    }
    // When every counter is 0 the documented script resets them all and reboots, so the first
    // slot of BOOT_ORDER is what boots next.
    return first.isEmpty() ? listed.first() : first;
}

Status UBootBackend::setPrimary(const QString &bootname, int attempts)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    if (auto checked = checkAttempts(attempts); !checked) {
        return checked;
    }
    Environment env;
    if (auto opened = env.open(m_config); !opened) {
        return opened;
    }

    QStringList previous;
    if (const auto order = env.get(QByteArrayLiteral("BOOT_ORDER"))) {
        previous = QString::fromLatin1(*order).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    const QStringList order = orderWithFirst(previous, bootname, m_bootnames);

    // A fresh environment gets every variable; a slot without a counter gets the full budget
    // (the script would default it to attempts left as well). Garbage is not overwritten.
    for (const QString &other : m_bootnames) {
        if (other == bootname) {
            continue;
        }
        if (!env.get(leftVariable(other))) {
            if (auto set = env.set(leftVariable(other), QByteArray::number(m_bootAttempts)); !set) {
                return set;
            }
        } else if (auto left = env.left(other); !left) {
            return left.error();
        }
    }
    if (auto set =
            env.set(QByteArrayLiteral("BOOT_ORDER"), order.join(QLatin1Char(' ')).toLatin1());
        !set) {
        return set;
    }
    if (auto set = env.set(leftVariable(bootname), QByteArray::number(attempts)); !set) {
        return set;
    }
    return env.store();
}

Status UBootBackend::setLeft(const QString &bootname, int left, bool last)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    Environment env;
    if (auto opened = env.open(m_config); !opened) {
        return opened;
    }
    // When every counter is 0 the documented script gives them all back and boots the first of
    // BOOT_ORDER: a bad slot must not be that one. Other words keep their places.
    const auto order = env.get(QByteArrayLiteral("BOOT_ORDER"));
    if (last && order) {
        QList<QByteArray> words = order->split(' ');
        words.removeAll(QByteArray());
        if (words.removeAll(bootname.toLatin1()) > 0) {
            words.append(bootname.toLatin1());
            if (auto set = env.set(QByteArrayLiteral("BOOT_ORDER"), words.join(' ')); !set) {
                return set;
            }
        }
    }
    if (auto set = env.set(leftVariable(bootname), QByteArray::number(left)); !set) {
        return set;
    }
    return env.store();
}

Status UBootBackend::markGood(const QString &bootname)
{
    return setLeft(bootname, m_bootAttempts, false);
}

Status UBootBackend::markBad(const QString &bootname)
{
    return setLeft(bootname, 0, true);
}

Result<BootSlotState> UBootBackend::state(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked.error();
    }
    Environment env;
    if (auto opened = env.open(m_config); !opened) {
        return opened.error();
    }
    const auto left = env.left(bootname);
    if (!left) {
        return left.error();
    }
    return BootSlotState{*left == 0, *left};
}

} // namespace seesaw::bootloader_detail
