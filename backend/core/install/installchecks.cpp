// The checks made before anything is written, each with a reason an operator can read.
#include "base/hostilestring.h"
#include "base/smallfile.h"
#include "device/slotrules.h"
#include "install/artifactinstall.h"
#include "install/deltabase.h"
#include "install/installer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <sys/statvfs.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::InstallChecks", text);
}

QString readSysfs(const QString &path)
{
    return QString::fromLatin1(readSmallFile(path, 64));
}

InstallCheck versionCheck(const Device &device, const DeviceState &state, const Manifest &m,
                          const InstallOptions &options)
{
    InstallCheck check{QStringLiteral("version"), true, {}};
    const QString running = device.bootedVersion(state);
    const QString offered = m.version.toString();
    auto current = SemVer::parse(running);
    if (!current) {
        check.reason = tr("Installs version %1; the running version is unknown.").arg(offered);
        return check;
    }
    if (m.version > *current) {
        check.reason = tr("Updates from %1 to %2.").arg(running, offered);
    } else if (m.version == *current) {
        check.passed = options.reinstall;
        check.reason = options.reinstall
                           ? tr("Reinstalls version %1, which is running now.").arg(offered)
                           : tr("Version %1 is already running. Reinstalling it must be asked for "
                                "explicitly.")
                                 .arg(offered);
    } else {
        const bool allowed = options.allowDowngrade || device.config().allowDowngrade;
        check.passed = allowed;
        check.reason =
            allowed ? tr("Downgrades from %1 to %2.").arg(running, offered)
                    : tr("Version %1 is older than the running %2. This device does not allow "
                         "downgrades unless asked for explicitly.")
                          .arg(offered, running);
    }
    return check;
}

InstallCheck powerCheck(const SystemConfig &config, const Requirements &needs)
{
    InstallCheck check{QStringLiteral("power"), true, {}};
    const QDir dir(config.powerSupplyDirectory);
    int lowest = -1;
    bool mains = false;
    bool battery = false;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString base = dir.filePath(name) + QLatin1Char('/');
        const QString type = readSysfs(base + QStringLiteral("type"));
        if (type == QLatin1String("Battery")) {
            battery = true;
            bool ok = false;
            const int capacity = readSysfs(base + QStringLiteral("capacity")).toInt(&ok);
            if (ok && (lowest < 0 || capacity < lowest)) {
                lowest = capacity;
            }
        } else if (readSysfs(base + QStringLiteral("online")) == QLatin1String("1")) {
            mains = true; // Mains, USB, USB_PD…: an external supply is connected
        }
    }
    const int required = needs.batteryPercent.value_or(0);
    if (mains) {
        check.reason = tr("Running on external power.");
    } else if (!battery) {
        check.reason = tr("No battery to check.");
    } else if (lowest < 0) {
        check.passed = required == 0;
        check.reason = tr("The battery level cannot be read.");
    } else if (lowest < required) {
        check.passed = false;
        check.reason =
            tr("The battery is at %1%; this update needs at least %2%. Connect the charger.")
                .arg(QString::number(lowest), QString::number(required));
    } else {
        check.reason = tr("The battery is at %1%.").arg(lowest);
    }
    return check;
}

InstallCheck freeSpaceCheck(const SystemConfig &config, const Requirements &needs)
{
    InstallCheck check{QStringLiteral("free-space"), true, {}};
    // The data directory may not exist yet: measure the nearest existing parent.
    QFileInfo where(config.dataDirectory);
    while (!where.exists() && where.absoluteFilePath() != QLatin1String("/")) {
        where = QFileInfo(where.absolutePath());
    }
    struct statvfs vfs {};
    if (::statvfs(QFile::encodeName(where.absoluteFilePath()).constData(), &vfs) != 0) {
        check.passed = false;
        check.reason = tr("The free space in %1 cannot be determined.").arg(config.dataDirectory);
        return check;
    }
    const quint64 available = quint64(vfs.f_bavail) * vfs.f_frsize;
    const quint64 required =
        std::max<quint64>(needs.freeSpaceBytes.value_or(0), quint64(1024) * 1024);
    check.passed = available >= required;
    check.reason = check.passed ? tr("%1 MiB free for Seesaw's records.").arg(available >> 20)
                                : tr("Only %1 MiB are free in %2; %3 MiB are needed.")
                                      .arg(QString::number(available >> 20), config.dataDirectory,
                                           QString::number((required + (1 << 20) - 1) >> 20));
    return check;
}

InstallCheck compatibleCheck(const SystemConfig &config, const Manifest &m)
{
    const bool compatible = m.compatible == config.compatible;
    return {QStringLiteral("compatible"), compatible,
            compatible ? tr("Made for this kind of device (%1).").arg(config.compatible)
                       : tr(R"(Made for "%1", but this device is "%2".)")
                             .arg(displayString(m.compatible), config.compatible)};
}

InstallCheck hardwareCheck(const SystemConfig &config, const Manifest &m)
{
    if (m.hardware.isEmpty()) {
        return {QStringLiteral("hardware"), true, tr("Fits every hardware revision.")};
    }
    const bool fits = !config.hardware.isEmpty() && m.hardware.contains(config.hardware);
    return {QStringLiteral("hardware"), fits,
            fits ? tr("Supports this hardware revision (%1).").arg(config.hardware)
            : config.hardware.isEmpty()
                ? tr("The update is limited to certain hardware revisions, and this device's is "
                     "not configured.")
                : tr("Does not support hardware revision %1.").arg(config.hardware)};
}

InstallCheck minVersionCheck(const Device &device, const DeviceState &state,
                             const SemVer &minVersion)
{
    auto current = SemVer::parse(device.bootedVersion(state));
    const bool ok = current && !(*current < minVersion);
    return {QStringLiteral("min-version"), ok,
            ok ? tr("Needs at least version %1 installed.").arg(minVersion.toString())
               : tr("Needs version %1 or newer to be running first; install an intermediate "
                    "update.")
                     .arg(minVersion.toString())};
}

// For each target slot: whether the image fits it and whether it is free to be written.
QList<InstallCheck> slotChecks(const Device &device, const BundleReader &bundle)
{
    auto targets = planTargets(device, bundle);
    if (!targets) {
        return {{QStringLiteral("slot-size"), false, targets.error().message}};
    }
    QList<InstallCheck> checks;
    for (const InstallTarget &t : *targets) {
        auto size = deviceSize(t.slot.device);
        const bool fits = size && *size >= t.image->size;
        checks.append(
            {QStringLiteral("slot-size"), fits,
             !size  ? tr("Slot %1 cannot be measured: %2").arg(t.slot.name(), size.error().message)
             : fits ? tr("The %1 image (%2 MiB) fits slot %3 (%4 MiB).")
                          .arg(t.image->slotClass, QString::number(t.image->size >> 20),
                               t.slot.name(), QString::number(*size >> 20))
                    : tr("The %1 image (%2 MiB) is larger than slot %3 (%4 MiB).")
                          .arg(t.image->slotClass, QString::number(t.image->size >> 20),
                               t.slot.name(), QString::number(*size >> 20))});
        const bool busy = isMounted(t.slot.device);
        checks.append({QStringLiteral("slot-free"), !busy,
                       busy ? tr("Slot %1 is mounted; it cannot be written.").arg(t.slot.name())
                            : tr("Slot %1 is not in use.").arg(t.slot.name())});
    }
    return checks;
}

InstallCheck confirmedCheck(const BundleReader &bundle, const InstallOptions &options)
{
    const bool confirmed = !options.confirmedManifestHash.isEmpty() &&
                           options.confirmedManifestHash == bundle.manifestHash();
    return {QStringLiteral("confirmed"), confirmed,
            confirmed ? tr("This is the update that was confirmed.")
            : options.confirmedManifestHash.isEmpty()
                ? tr("The update was not confirmed.")
                : tr("This is not the update that was confirmed: the file changed since it was "
                     "shown.")};
}

QString trBase(const char *text)
{
    return QCoreApplication::translate("seesaw::DeltaBase", text);
}

// For a bundle with delta images: whether this device runs their base ("delta-base").
std::optional<InstallCheck> deltaBaseCheck(const Device &device, const DeviceState &state,
                                           const Manifest &manifest,
                                           const BaseHashProgressFn &progress,
                                           const std::atomic<bool> *cancel)
{
    quint64 total = 0;
    const ImageInfo *first = nullptr;
    for (const ImageInfo &image : manifest.images) {
        if (image.delta) {
            total += image.delta->baseSize;
            first = first != nullptr ? first : &image;
        }
    }
    if (first == nullptr) {
        return std::nullopt;
    }
    const QString base = first->delta->baseVersion.toString();
    const QString running = device.bootedVersionText(state);
    quint64 before = 0;
    bool rehashed = false;
    for (const ImageInfo &image : manifest.images) {
        if (!image.delta) {
            continue;
        }
        const BaseFinding found = findBase(
            device, state, image,
            [&](quint64 done) {
                if (progress) {
                    progress(before + done, total);
                }
            },
            cancel);
        before += image.delta->baseSize;
        rehashed = rehashed || found.rehashed;
        if (found.verdict == BaseVerdict::Failed) {
            return InstallCheck{QStringLiteral("delta-base"), false,
                                trBase("This update is a delta from %1, and whether this device "
                                       "runs it cannot be checked: %2")
                                    .arg(base, found.failure)};
        }
        if (found.verdict == BaseVerdict::Differs) {
            return InstallCheck{
                QStringLiteral("delta-base"), false,
                trBase("This update is a delta from %1; this device runs %2. Use the full %3 "
                       "bundle.")
                    .arg(base, running, manifest.version.toString())};
        }
    }
    return InstallCheck{
        QStringLiteral("delta-base"), true,
        rehashed ? trBase("This update is a delta from %1; this device runs it "
                          "(checked byte for byte).")
                       .arg(base)
                 : trBase("This update is a delta from %1; this device runs it.").arg(base)};
}

} // namespace

Result<QList<InstallTarget>> planTargets(const Device &device, const BundleReader &bundle)
{
    QList<InstallTarget> targets;
    const int inactive = 1 - device.booted().index;
    for (const ImageInfo &image : bundle.manifest().images) {
        const SlotConfig *slot = device.config().slot(image.slotClass, inactive);
        if (slot == nullptr) {
            return makeError(
                Error::Kind::Invalid, "install.check-failed",
                QCoreApplication::translate("seesaw::InstallChecks",
                                            "The update has an image for \"%1\", which this device "
                                            "does not have.")
                    .arg(displayString(image.slotClass)));
        }
        targets.append({&image, *slot});
    }
    return targets;
}

QList<InstallCheck> checkBundle(Device &device, const DeviceState &state,
                                const BundleReader &bundle, const InstallOptions &options,
                                const BaseHashProgressFn &baseProgress,
                                const std::atomic<bool> *cancel)
{
    const SystemConfig &config = device.config();
    const Manifest &m = bundle.manifest();
    QList<InstallCheck> checks;
    checks.append(compatibleCheck(config, m));
    checks.append(hardwareCheck(config, m));
    // A bundle of artifacts only leaves the slots alone: its version is not the system's.
    const bool system = !m.images.isEmpty();
    if (system) {
        checks.append(versionCheck(device, state, m, options));
    }
    if (m.minVersion) {
        checks.append(minVersionCheck(device, state, *m.minVersion));
    }
    if (auto base = deltaBaseCheck(device, state, m, baseProgress, cancel)) {
        checks.append(*base);
    }

    // Only while the running system is unconfirmed and the other slot is known good: the
    // install would leave no slot that ever passed a health check.
    if (auto held = unconfirmedBoot(device, state); system && held) {
        checks.append({QStringLiteral("known-good"), options.replaceKnownGood,
                       options.replaceKnownGood ? held->replacing() : held->refusal()});
    }

    if (system) {
        checks.append(slotChecks(device, bundle));
    }
    checks.append(checkArtifacts(device, m));
    if (auto extensions = checkInstalledExtensions(device, m)) {
        checks.append(*extensions);
    }
    checks.append(freeSpaceCheck(config, m.requirements));
    checks.append(powerCheck(config, m.requirements));
    checks.append(confirmedCheck(bundle, options));
    return checks;
}

} // namespace seesaw
