// The checks of a bundle's artifacts before anything is written (artifactinstall.h).
#include "artifacts/artifactstore.h"
#include "artifacts/extensionrelease.h"
#include "base/hostilestring.h"
#include "install/artifactinstall.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
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

} // namespace

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
    return checks;
}

} // namespace seesaw
