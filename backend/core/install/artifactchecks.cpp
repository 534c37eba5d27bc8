// The checks of a bundle's artifacts before anything is written (artifactinstall.h).
#include "artifacts/artifactstore.h"
#include "artifacts/extensionrelease.h"
#include "base/hostilestring.h"
#include "install/artifactinstall.h"
#include "install/artifactpending.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <optional>
#include <sys/statvfs.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactInstall", text);
}

// "extensions/monitor 1.2.0": how messages name an artifact.
QString labelOf(const ArtifactInfo &a)
{
    return QStringLiteral("%1/%2 %3").arg(a.repository, a.name, a.version);
}

// Free bytes where `path` is, or would be made: its nearest existing directory's file system.
std::optional<quint64> freeBytesAt(QString path)
{
    while (!path.isEmpty() && !QFileInfo::exists(path)) {
        const QString parent = QFileInfo(path).path();
        if (parent == path) {
            break;
        }
        path = parent;
    }
    struct statvfs fs {};
    if (::statvfs(QFile::encodeName(path).constData(), &fs) != 0) {
        return std::nullopt;
    }
    return quint64(fs.f_bavail) * quint64(fs.f_frsize);
}

// The OS a bundle's extensions must fit: the one it installs, or the running one.
Result<ReleaseFields> targetOs(const SystemConfig &config, const Manifest &m)
{
    if (m.images.isEmpty()) {
        return runningOsRelease(config);
    }
    if (!m.osRelease) {
        return makeError(Error::Kind::Invalid, "artifacts.incompatible",
                         tr("The bundle installs a new system but does not say which release it "
                            "is (os_release), so its extensions cannot be checked."));
    }
    return *m.osRelease;
}

InstallCheck checkOne(const SystemConfig &config, const ArtifactInfo &a,
                      const Result<ReleaseFields> &os)
{
    const QString label = labelOf(a);
    const auto refuse = [](const QString &reason) {
        return InstallCheck{QStringLiteral("artifact"), false, reason};
    };
    const ArtifactRepository *repo = config.artifactRepository(a.repository);
    if (repo == nullptr) {
        return refuse(
            tr("%1: this device has no add-on repository \"%2\".").arg(label, a.repository));
    }
    if (ArtifactRepository::typeName(repo->type) != ArtifactInfo::typeName(a.type)) {
        return refuse(tr("%1 is a %2, but the repository %3 holds %4 artifacts.")
                          .arg(label, ArtifactInfo::typeName(a.type), a.repository,
                               ArtifactRepository::typeName(repo->type)));
    }
    if (a.isExtensionImage()) {
        if (!os) {
            return refuse(tr("%1: %2").arg(label, os.error().message));
        }
        if (Status fits = checkExtensionFits(*a.extensionRelease, *os, a.type, label); !fits) {
            return refuse(fits.error().message);
        }
    }
    const ArtifactStore store(*repo);
    auto state = store.state(a.name);
    if (!state) {
        return refuse(tr("%1: %2").arg(label, state.error().message));
    }
    if (state->current == a.version) {
        return refuse(tr("%1 is already the version in use.").arg(label));
    }
    const quint64 needed = a.installedBytes() + limits::ArtifactSpaceMargin;
    const auto free = freeBytesAt(repo->store);
    if (!free || *free < needed) {
        return refuse(tr("%1 needs %2 MiB in %3, which has %4 MiB free.")
                          .arg(label, QString::number(needed >> 20), repo->store,
                               free ? QString::number(*free >> 20) : tr("an unknown amount")));
    }
    return {QStringLiteral("artifact"), true,
            state->current.isEmpty()
                ? tr("%1 is new on this device.").arg(label)
                : tr("%1 replaces version %2.").arg(label, displayString(state->current))};
}

// What one installed extension will do under the new OS: nothing to say (it fits), or a line
// for the operator.
std::optional<QString> installedExtensionVerdict(const ArtifactStore &store,
                                                 const ArtifactEntryState &entry,
                                                 const std::optional<ReleaseFields> &newOs)
{
    const ArtifactRepository &repo = store.repository();
    const QString label =
        QStringLiteral("%1/%2 %3").arg(repo.name, entry.entry, displayString(entry.current));
    if (!newOs) {
        return tr("%1: the new system does not say which release it is (os_release), so whether "
                  "this extension still fits is unknown.")
            .arg(label);
    }
    auto release = store.release(entry.entry, entry.current);
    if (!release) {
        return tr("%1: %2").arg(label, release.error().message);
    }
    if (!*release) {
        return tr("%1: its release fields were not recorded when it was installed, so whether it "
                  "fits the new system is unknown.")
            .arg(label);
    }
    const auto type = repo.type == ArtifactRepository::Type::Sysext ? ArtifactInfo::Type::Sysext
                                                                    : ArtifactInfo::Type::Confext;
    if (Status fits = checkExtensionFits(**release, *newOs, type, label); !fits) {
        return tr("%1 It will not be merged after the update until a version that fits is "
                  "installed.")
            .arg(fits.error().message);
    }
    return std::nullopt;
}

} // namespace

std::optional<InstallCheck> checkInstalledExtensions(const Device &device, const Manifest &manifest)
{
    if (manifest.images.isEmpty()) {
        return std::nullopt;
    }
    QStringList problems;
    int installed = 0;
    for (const ArtifactRepository &repo : device.config().artifacts) {
        if (repo.type != ArtifactRepository::Type::Sysext &&
            repo.type != ArtifactRepository::Type::Confext) {
            continue;
        }
        const ArtifactStore store(repo);
        auto entries = store.list();
        if (!entries) {
            problems.append(tr("%1: %2").arg(repo.name, entries.error().message));
            continue;
        }
        for (const ArtifactEntryState &entry : std::as_const(*entries)) {
            if (entry.current.isEmpty()) {
                continue;
            }
            ++installed;
            // The bundle's own new version of this entry replaces it: checkArtifacts() judges it.
            const bool replaced = std::any_of(
                manifest.artifacts.begin(), manifest.artifacts.end(), [&](const ArtifactInfo &a) {
                    return a.repository == repo.name && a.name == entry.entry;
                });
            if (replaced) {
                continue;
            }
            if (auto problem = installedExtensionVerdict(store, entry, manifest.osRelease)) {
                problems.append(*problem);
            }
        }
    }
    if (installed == 0) {
        return std::nullopt;
    }
    return InstallCheck{QStringLiteral("extensions"), true,
                        problems.isEmpty() ? tr("The installed extensions fit the new system.")
                                           : problems.join(QLatin1Char('\n')),
                        !problems.isEmpty()};
}

Result<ReleaseFields> runningOsRelease(const SystemConfig &config)
{
    QFile file(config.osReleasePath);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "release.io",
                         tr("Cannot read %1: %2.").arg(config.osReleasePath, file.errorString()));
    }
    return parseReleaseText(file.read(limits::MaxReleaseFileBytes + 1));
}

QList<InstallCheck> checkArtifacts(const Device &device, const Manifest &manifest)
{
    QList<InstallCheck> checks;
    if (manifest.artifacts.isEmpty()) {
        return checks;
    }
    const auto os = targetOs(device.config(), manifest);
    for (const ArtifactInfo &a : manifest.artifacts) {
        checks.append(checkOne(device.config(), a, os));
    }
    // Add-ons staged with a new system wait for its first boot, which switches them: another
    // change to the add-ons before it would be switched away or undone with them.
    const auto pending = loadPendingArtifacts(device.config());
    if (manifest.images.isEmpty() && pending && *pending && !(*pending)->slot.isEmpty()) {
        checks.append({QStringLiteral("artifact"), false,
                       tr("The add-ons installed with the new system in slot %1 wait for its "
                          "first start; install this bundle after the restart.")
                           .arg((*pending)->slot)});
    }
    return checks;
}

} // namespace seesaw
